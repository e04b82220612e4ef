"""Shared fixtures. ``built_site``: the site, built once per test session with the strict build."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SiteBuild:
    """The result of ``mkdocs build --strict``: where the site is, exit code and full log."""

    site_dir: Path
    returncode: int
    log: str


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """Run ``python -m mkdocs build --strict`` into a temporary directory, once per session.

    The build runs in the repository root (mkdocs.yml names some paths relative to it) and, as
    on the real site, draws the diagrams through docs/hooks/diagrams.py.
    """
    site_dir = tmp_path_factory.mktemp("site") / "site"
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
