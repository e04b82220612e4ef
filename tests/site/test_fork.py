"""A fork publishes itself: the site built with another site_url and repo_url follows them.

The Pages workflow sets SITE_URL, REPO_URL and REPO_NAME from the repository it runs in, and
mkdocs.yml reads them with ``!ENV``. This test builds the site as a fork's workflow would and
checks that its addresses, its repository link, its edit links and its notebooks name the fork,
and nothing names the upstream repository or its Pages address.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_tools.paths import REPO
from site_tools.site_config import site_config

FORK = {
    "SITE_URL": "https://ada-lovelace.github.io/graph-notes/",
    "REPO_URL": "https://github.com/ada-lovelace/graph-notes",
    "REPO_NAME": "ada-lovelace/graph-notes",
}
UPSTREAM = site_config(environ={})  # mkdocs.yml's defaults

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Path:
    # After the session's build (built_site): both draw into docs/assets, and the fork finds all drawn.
    site = tmp_path_factory.mktemp("fork") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **FORK)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.fail(f"the fork's strict build failed:\n{proc.stdout}", pytrace=False)
    return site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_site_config_reads_the_fork_from_the_environment():
    fork = site_config(environ=FORK)
    assert (fork.site_url, fork.repo_url, fork.repo_name) == tuple(FORK.values())
    assert fork.site_path == "/graph-notes/"
    assert UPSTREAM.site_url != fork.site_url and UPSTREAM.repo_url != fork.repo_url


def test_page_addresses_follow_site_url(fork_site: Path):
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', read(fork_site, "chain-rule/index.html"))
    assert canonical and canonical.group(1) == FORK["SITE_URL"] + "chain-rule/"
    locs = re.findall(r"<loc>([^<]+)</loc>", read(fork_site, "sitemap.xml"))
    assert locs and all(loc.startswith(FORK["SITE_URL"]) for loc in locs), locs[:3]
    assert FORK["SITE_URL"] + "zh/draw-your-own-graph/" in locs
    # 404.html is served at any path: its language links are absolute, under the fork's path.
    page404 = read(fork_site, "404.html")
    assert 'href="/graph-notes/zh/"' in page404 and "/graphgrad/" not in page404


PAGES = [("chain-rule", "chain-rule.md"), ("zh/chain-rule", "chain-rule.zh.md")]


@pytest.mark.parametrize(("page", "src"), PAGES)
def test_repository_and_edit_links_follow_repo_url(fork_site: Path, page: str, src: str):
    html = read(fork_site, f"{page}/index.html")
    edit = FORK["REPO_URL"] + "/edit/main/docs/" + src
    assert f'href="{edit}"' in html
    assert f'href="{FORK["REPO_URL"]}"' in html and FORK["REPO_NAME"] in html


def test_no_page_names_the_upstream_repository_or_address(fork_site: Path):
    found = [
        path.relative_to(fork_site).as_posix()
        for path in sorted(fork_site.rglob("*.html"))
        if UPSTREAM.repo_url in (text := path.read_text(encoding="utf-8")) or UPSTREAM.site_url in text
    ]
    assert not found, found


def test_notebooks_link_the_fork_pages(fork_site: Path):
    notebook = read(fork_site, "zh/chain-rule/chain-rule.zh.ipynb")
    assert FORK["SITE_URL"] + "zh/" in notebook and UPSTREAM.site_url not in notebook


def test_notebooks_name_the_fork_repository(fork_site: Path):
    for path in sorted(fork_site.rglob("*.ipynb")):
        assert UPSTREAM.repo_url not in path.read_text(encoding="utf-8"), path.name


def test_readme_and_contributing_clone_the_repository_of_mkdocs_yml():
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (REPO / doc).read_text(encoding="utf-8")
        assert UPSTREAM.clone_command in text, doc
        clones = re.findall(r"^git clone (\S+)$", text, re.MULTILINE)
        allowed = {UPSTREAM.clone_command.split()[-1], "https://github.com/YOUR-NAME/graphgrad.git"}
        assert set(clones) <= allowed, doc
        assert "Settings → Pages → Source: GitHub Actions" in text, doc


def test_package_urls_are_those_of_mkdocs_yml():
    """pyproject.toml's [project.urls] are package metadata, the one other place: they agree."""
    import tomllib

    urls = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Homepage"] == UPSTREAM.site_url
    assert urls["Documentation"] == UPSTREAM.site_url + "reference/"
    assert urls["Source"] == UPSTREAM.repo_url
    assert urls["Issues"] == UPSTREAM.repo_url + "/issues"
    assert urls["Changelog"] == UPSTREAM.repo_url + "/blob/main/CHANGELOG.md"
