"""Bad input stops a build with a clear error and a non-zero exit: no traceback, no half-written site.

The scripts' own cases are tested next to them: scripts/build_diagrams.py in
test_build_diagrams.py (unknown diagram name, unwritable output folder, missing ``dot``) and
scripts/bench_*.py in test_bench.py (corrupt and missing results JSON). Here: what those leave
out (a ``dot`` that fails), and the site build, whose hooks meet the same bad input — through
``./run build`` (which replaces site/ only after a successful build) or ``mkdocs build``.

Every site case runs in a clean copy of the repository (:func:`site_support.clean_copy`) with
the bad input put there, never in the checkout.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from site_support import REPO, clean_copy

SCRIPT = REPO / "scripts" / "build_diagrams.py"
FAILING_DOT = """#!/bin/sh
echo "Error: <stdin>: syntax error in line 1 near 'graph'" >&2
echo "in label of node f0" >&2
exit 1
"""


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def error_lines(output: str) -> list[str]:
    """The lines of a build log that report an error (MkDocs writes ``ERROR -  …``)."""
    return [line for line in output.splitlines() if re.match(r"\s*(ERROR\b|error:)", line)]


def assert_clean_failure(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "Traceback" not in output, output
    errors = error_lines(output)
    assert errors, output
    for needle in needles:
        assert any(needle in line for line in errors), f"no error line says {needle!r}:\n" + "\n".join(errors)
    return "\n".join(errors)


# --------------------------------------------------------------------------------------------
# scripts/build_diagrams.py: what test_build_diagrams.py leaves out
# --------------------------------------------------------------------------------------------


def test_failing_dot_is_one_line_and_writes_no_diagram(tmp_path):
    fake = executable(tmp_path / "bin" / "dot", FAILING_DOT)
    env = dict(os.environ, PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "mul_node", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "`dot` failed" in lines[0] and "syntax error" in lines[0] and "in label of node" in lines[0]
    assert not list(out.glob("*.svg")) and not (out / "manifest.json").exists()


def test_missing_dot_writes_no_diagram(tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PATH=str(tmp_path / "empty"))
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "mul_node", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not out.exists() or not any(p.is_file() and not p.name.startswith(".") for p in out.iterdir())
    assert not (out / "manifest.json").exists()


def test_corrupt_hash_cache_is_rebuilt_not_fatal(tmp_path):
    first = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "mul_node", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    (tmp_path / ".diagram-hashes.json").write_text("{not json", encoding="utf-8")
    again = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "mul_node", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert re.search(r"[1-9]\d* rendered", again.stdout), again.stdout


# --------------------------------------------------------------------------------------------
# The site build
# --------------------------------------------------------------------------------------------

PREVIOUS = "<!doctype html><title>the last good build</title>\n"


def _stamp_name() -> str:
    match = re.search(r'^STAMP="\$VENV/([^"]+)"', (REPO / "run").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, 'run no longer names its pyproject stamp as STAMP="$VENV/…"'
    return match.group(1)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A clean copy of the repository that ``./run`` accepts as set up, with a previous site/.

    Its .venv is a stand-in whose ``python`` runs the interpreter running these tests (and
    refuses pip, so nothing is ever installed from the copy); the pyproject stamp matches.
    """
    repo = clean_copy(tmp_path / "repo")
    venv = repo / ".venv"
    executable(
        venv / "bin" / "python",
        '#!/bin/sh\ncase " $* " in *" -m pip "*) echo "test copy: no pip here" >&2; exit 97;; esac\n'
        f'exec {shlex.quote(sys.executable)} "$@"\n',
    )
    digest = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()
    (venv / _stamp_name()).write_text(digest + "\n", encoding="utf-8")
    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text(PREVIOUS, encoding="utf-8")
    return repo


def site_env(repo: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV",)}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(repo / "src"), **extra)
    return env


def run_build(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["./run", "build"], cwd=repo, env=site_env(repo), capture_output=True, text=True, timeout=900
    )


def mkdocs_build(repo: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(repo / "new-site")],
        cwd=repo, env=site_env(repo, **env), capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def assert_previous_site_kept(repo: Path) -> None:
    site = repo / "site"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"], sorted(p.name for p in site.iterdir())
    assert (site / "index.html").read_text(encoding="utf-8") == PREVIOUS
    assert not list(repo.glob(".site-build.*")), "the build's staging folder was left behind"


@pytest.mark.slow
def test_unknown_diagram_in_a_chinese_page_keeps_the_last_good_site(copy: Path, built_site: Path):
    # The English pages are all written before the Chinese build meets the bad page: without
    # the staging in ./run build, site/ would be left half-written.
    # Start from the diagrams and plots the session's build drew (a maintainer's cache), so that
    # the two builds spend their time on what is tested here rather than on drawing them again.
    for drawn in ("diagrams", "plots"):
        assets = Path("docs") / "assets" / drawn
        shutil.copytree(REPO / assets, copy / assets, dirs_exist_ok=True)
    page = copy / "docs" / "chain-rule.zh.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n[[diagram buy_banana]]\n", encoding="utf-8")
    proc = run_build(copy)
    assert_clean_failure(proc, "chain-rule.zh.md", "unknown diagram 'buy_banana'")
    log = proc.stdout + proc.stderr
    assert "Building 'zh' documentation" in log, "the English build did not finish first"
    assert_previous_site_kept(copy)

    page.write_text(good, encoding="utf-8")  # fixed: the next build replaces site/
    fixed = run_build(copy)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (copy / "site" / "zh" / "chain-rule" / "index.html").is_file()
    assert (copy / "site" / "index.html").read_text(encoding="utf-8") != PREVIOUS
    assert not list(copy.glob(".site-build.*"))


@pytest.mark.slow
def test_corrupt_benchmark_json_stops_the_site_build(copy: Path):
    uses = [p.name for p in (copy / "docs").glob("*.md") if "[[bench " in p.read_text(encoding="utf-8")]
    assert uses, "no page quotes a benchmark number; this test would check nothing"
    results = sorted((copy / "benchmarks" / "results").glob("*.json"))
    assert results, "no committed benchmark results"
    results[0].write_text('{"study": "gradients", "results": [1, 2', encoding="utf-8")
    proc = run_build(copy)
    assert_clean_failure(proc, results[0].name, "not valid JSON")
    assert_previous_site_kept(copy)


def test_missing_dot_stops_the_site_build_before_it_writes(copy: Path, tmp_path):
    proc = mkdocs_build(copy, PATH=str(tmp_path / "empty"))
    errors = assert_clean_failure(proc, "`dot` program was not found")
    assert len(error_lines(proc.stdout + proc.stderr)) == 1, errors
    assert not (copy / "new-site").exists()


def test_failing_dot_stops_the_site_build_with_one_line(copy: Path, tmp_path):
    fake = executable(tmp_path / "bin" / "dot", FAILING_DOT)
    proc = mkdocs_build(copy, PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    errors = assert_clean_failure(proc, "`dot` failed", "in label of node")
    assert len(error_lines(proc.stdout + proc.stderr)) == 1, errors
    assert not (copy / "new-site").exists()


def test_unwritable_diagram_folder_stops_the_site_build(copy: Path):
    (copy / "docs" / "assets" / "diagrams").write_text("a file, not a folder", encoding="utf-8")
    proc = mkdocs_build(copy)
    errors = assert_clean_failure(proc, "cannot create the diagram directory")
    assert len(error_lines(proc.stdout + proc.stderr)) == 1, errors
    assert not (copy / "new-site").exists()
