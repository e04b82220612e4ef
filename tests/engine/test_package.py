"""graphgrad as a package: its command line, its version, its metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import graphgrad

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_python_m_graphgrad_version():
    proc = subprocess.run(
        [sys.executable, "-m", "graphgrad", "--version"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stdout.strip() == f"graphgrad {graphgrad.__version__}"


def test_metadata_names_the_site_the_source_and_the_python_versions():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert project["version"] == graphgrad.__version__
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(project["urls"])
    python = "Programming Language :: Python :: 3."
    versions = {c.rsplit(" :: ", 1)[1] for c in project["classifiers"] if c.startswith(python)}
    assert "3.11" in versions and project["requires-python"] == ">=3.11"
    assert "Typing :: Typed" in project["classifiers"]
    assert (Path(graphgrad.__file__).parent / "py.typed").exists()
    assert project["dependencies"] == ["numpy>=1.26,<3"]  # the engine's only runtime dependency
