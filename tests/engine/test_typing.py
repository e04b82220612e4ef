"""The engine type-checks: mypy, configured in pyproject.toml, runs as part of the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    if mypy is None:
        pytest.fail("mypy is not installed (it is in the test extra: pip install -e '.[test]')")
    return subprocess.run(
        [mypy, "--no-incremental", "--no-error-summary", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_engine_type_checks():
    proc = _mypy()  # the files and the settings are [tool.mypy] in pyproject.toml
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_sees_a_type_error_in_code_that_uses_the_engine(tmp_path):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("from graphgrad.core import Variable\nVariable(1.0).cleargrad(3)\n", encoding="utf-8")
    proc = _mypy(str(wrong))
    assert proc.returncode == 1 and "cleargrad" in proc.stdout, proc.stdout + proc.stderr
