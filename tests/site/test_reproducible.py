"""Two builds of the same sources give byte-identical diagrams and pages.

The session's build (``built_site``: the checkout, with this process's environment) is compared
with a build of a clean copy of the repository (:func:`site_support.clean_copy`: no generated
diagrams, plots or site, as a fresh clone holds them) made elsewhere, under an environment that
differs in everything that should not matter: the folder, the date (``SOURCE_DATE_EPOCH`` set to
2001-09-09 against today), ``PYTHONHASHSEED`` and the time zone. The copy renders every diagram
itself (no cache); on a fresh clone, as in CI, so does the session's build. Every file of the two
sites must be equal byte for byte. (Comparing with the session's build, rather than building
twice more, saves a whole build of the test command's time.)

Ignored, because it must differ: the build date, which appears only in ``sitemap.xml`` (each
page's ``<lastmod>``) and ``sitemap.xml.gz`` (the same dates, and the gzip header's timestamp).
Those two files are compared with the dates masked. In a working checkout, a file an older build
left in ``docs/assets`` shows up as "only in the session's build": ``git clean -fdX docs/assets``.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import clean_copy

#: Files whose only allowed difference is the build date, and how to mask it.
DATED = {
    "sitemap.xml": lambda data: re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod>DATE</lastmod>", data),
    "sitemap.xml.gz": lambda data: DATED["sitemap.xml"](gzip.decompress(data)),
}
FIXED_DATE = "1000000000"  # 2001-09-09


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def start_build(repo: Path, **env: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(repo / "src"), **env)
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(repo / "site")],
        cwd=repo,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, built_site: Path) -> tuple[Path, Path]:
    """(the session's site, the site of a clean copy built elsewhere under another environment)."""
    two = clean_copy(tmp_path_factory.mktemp("reproducible") / "elsewhere" / "two")
    assert not (two / "docs" / "assets" / "diagrams").exists(), "the copy is not clean"
    proc = start_build(two, PYTHONHASHSEED="2", TZ="Asia/Shanghai", SOURCE_DATE_EPOCH=FIXED_DATE)
    log = proc.communicate(timeout=900)[0]
    assert proc.returncode == 0, log
    # The copy drew every diagram itself: nothing came from a cache.
    assert re.search(r"diagrams: [1-9]\d* rendered, 0 unchanged", log), log
    return built_site, two / "site"


@pytest.mark.slow
def test_generated_diagrams_are_byte_identical(two_builds):
    one, two = (site / "assets" for site in two_builds)
    a = {k: v for k, v in files(one).items() if k.startswith(("diagrams/", "plots/"))}
    b = {k: v for k, v in files(two).items() if k.startswith(("diagrams/", "plots/"))}
    assert any(k.endswith(".svg") for k in a), "no diagrams were generated"
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name].read_bytes() != b[name].read_bytes()]
    assert differ == [], f"{len(differ)} generated files differ between the two builds: {differ[:20]}"


@pytest.mark.slow
def test_two_builds_give_identical_sites(two_builds):
    one, two = (files(site) for site in two_builds)
    assert sorted(one) == sorted(two), (
        f"only in the session's build: {sorted(set(one) - set(two))}; "
        f"only in the clean copy's: {sorted(set(two) - set(one))}"
    )
    differ, dated_differ = [], []
    for name, path in one.items():
        a, b = path.read_bytes(), two[name].read_bytes()
        if a == b:
            continue
        if name in DATED:
            dated_differ.append(name)
            if DATED[name](a) == DATED[name](b):
                continue
        differ.append(name)
    assert differ == [], f"{len(differ)} files differ between the builds (not just dates): {differ[:20]}"
    # The dates really differed, so nothing else in the site depends on the build date.
    assert sorted(dated_differ) == sorted(DATED), dated_differ
