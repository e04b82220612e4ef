"""Shared fixtures. ``built_site``: the site, built once per test session with the strict build."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import shared_build


@dataclass(frozen=True)
class SiteBuild:
    """The result of ``mkdocs build --strict``: where the site is, exit code and full log."""

    site_dir: Path
    returncode: int
    log: str


def _shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's folder that every pytest-xdist worker sees (the run's own folder without them)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


_BACKGROUND: list[subprocess.Popen] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the site build in the background if a collected test needs the site (shared_build.py)."""
    if any("site_build" in getattr(item, "fixturenames", ()) for item in session.items):
        child = shared_build.start(_shared(session.config._tmp_path_factory))
        if child is not None:
            _BACKGROUND.append(child)


def pytest_sessionfinish(session: pytest.Session) -> None:
    for child in _BACKGROUND:  # a run stopped early (-x, Ctrl+C) leaves no build behind
        if child.poll() is None:
            child.terminate()
        child.wait()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The site built with ``python -m mkdocs build --strict`` into a temporary folder, once per run.

    The build runs in the repository root (mkdocs.yml names some paths relative to it) and, as
    on the real site, draws the diagrams through docs/hooks/site_hooks.py. It was started in the
    background when the tests were collected (:mod:`shared_build`); this waits for it. Under
    pytest-xdist every worker reads the one build.
    """
    done = shared_build.result(_shared(tmp_path_factory))
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
