"""Two clean builds of the site give byte-identical diagrams and pages.

The repository is copied twice as a fresh clone holds it (no generated diagrams, plots or site;
see :func:`site_support.clean_copy`), and each copy is built with ``mkdocs build --strict``, both
at once, under environments that differ in everything that should not matter: the folder, the
date (``SOURCE_DATE_EPOCH`` unset, i.e. today, versus 2001-09-09), ``PYTHONHASHSEED`` and the time
zone. Every diagram is rendered by each build (no cache), and every file of the two sites must
be equal byte for byte.

Ignored, because it must differ: the build date, which appears only in ``sitemap.xml`` (each
page's ``<lastmod>``) and ``sitemap.xml.gz`` (the same dates, and the gzip header's timestamp).
Those two files are compared with the dates masked.
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
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    one = clean_copy(root / "one")
    two = clean_copy(root / "elsewhere" / "two")
    assert not (one / "docs" / "assets" / "diagrams").exists(), "the copy is not clean"
    procs = [
        start_build(one, PYTHONHASHSEED="1", TZ="UTC"),
        start_build(two, PYTHONHASHSEED="2", TZ="Asia/Shanghai", SOURCE_DATE_EPOCH=FIXED_DATE),
    ]
    logs = [proc.communicate(timeout=900)[0] for proc in procs]
    for proc, log in zip(procs, logs, strict=True):
        assert proc.returncode == 0, log
        # Each build drew every diagram itself: nothing came from a cache.
        assert re.search(r"diagrams: [1-9]\d* rendered, 0 unchanged", log), log
    return one, two


@pytest.mark.slow
def test_generated_diagrams_are_byte_identical(two_builds):
    one, two = (repo / "docs" / "assets" for repo in two_builds)
    a = {k: v for k, v in files(one).items() if k.startswith(("diagrams/", "plots/"))}
    b = {k: v for k, v in files(two).items() if k.startswith(("diagrams/", "plots/"))}
    assert any(k.endswith(".svg") for k in a), "no diagrams were generated"
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name].read_bytes() != b[name].read_bytes()]
    assert differ == [], f"{len(differ)} generated files differ between two clean builds: {differ[:20]}"


@pytest.mark.slow
def test_two_clean_builds_give_identical_sites(two_builds):
    one, two = (files(repo / "site") for repo in two_builds)
    assert sorted(one) == sorted(two), (
        f"only in one build: {sorted(set(one) - set(two))}; only in the other: {sorted(set(two) - set(one))}"
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
