"""Shared fixtures. ``built_site``: the site, built once per test session with the strict build."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_tools.paths import REPO  # noqa: E402


@dataclass(frozen=True)
class SiteBuild:
    """The result of ``mkdocs build --strict``: where the site is, exit code and full log."""

    site_dir: Path
    returncode: int
    log: str


def _build_site(site_dir: Path) -> SiteBuild:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
    )
    return SiteBuild(site_dir=site_dir, returncode=proc.returncode, log=proc.stdout)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """Run ``python -m mkdocs build --strict`` into a temporary directory, once per test run.

    The build runs in the repository root (mkdocs.yml names some paths relative to it) and, as
    on the real site, draws the diagrams through docs/hooks/site_hooks.py.

    Under pytest-xdist (``./run test`` runs two workers) every worker needs the site, but it is
    built once: the first worker to take the lock builds it into the folder the workers share,
    and the others wait for it and read the result.  Two builds at once would also write the
    same diagram files under docs/assets.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return _build_site(tmp_path_factory.mktemp("site") / "site")
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    record = shared / "site-build.json"
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not record.exists():
            build = _build_site(shared / "site")
            fields = {"site_dir": str(build.site_dir), "returncode": build.returncode, "log": build.log}
            record.write_text(json.dumps(fields), encoding="utf-8")
        done = json.loads(record.read_text(encoding="utf-8"))
    return SiteBuild(site_dir=Path(done["site_dir"]), returncode=done["returncode"], log=done["log"])


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The directory of the built site (English at the root, Chinese under ``zh/``).

    Fails, with the build log, when the strict build did not succeed.
    """
    if site_build.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict exited {site_build.returncode}:\n{site_build.log}",
            pytrace=False,
        )
    return site_build.site_dir


# --------------------------------------------------------------------------------------------
# Serving the built site, and the browser (tests marked `browser`)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The built site on ``http://127.0.0.1:PORT/graphgrad/`` (site_url's path), once per session."""
    from site_support import SiteServer, site_path

    with SiteServer(built_site, site_path()) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright, once per session (no browser download).

    Without Playwright or Chromium the browser tests are skipped, saying why; in CI (``CI=true``)
    that is a failure instead.
    """
    from site_support import CHROMIUM_ARGS, find_chromium, in_ci

    def unavailable(reason: str):
        reason += " (install it with ./run test: apt-get install chromium; or set GRAPHGRAD_CHROMIUM)"
        if in_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
    executable = find_chromium()
    if executable is None:
        chosen = os.environ.get("GRAPHGRAD_CHROMIUM")
        unavailable(f"GRAPHGRAD_CHROMIUM={chosen} is not a file" if chosen else "no chromium on PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, timeout=120_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (``CI=true``) a skipped browser test fails: the browser tests must run there.

    Elsewhere a test that cannot run is skipped and says why (``-ra`` lists the reasons).
    """
    from site_support import in_ci

    report = yield
    if in_ci() and report.skipped and item.get_closest_marker("browser") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a browser test was skipped, but CI=true and CI must run them: {reason}"
    return report
