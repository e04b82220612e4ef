"""``pip install .`` gives the engine wing only: the wheel holds graphgrad, its type hints and its
glossary, and none of the site's tooling (studies, facts, diagram build, paths into the checkout)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from site_tools.paths import REPO


def test_the_wheel_is_the_engine_only(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (tmp_path / "out").glob("graphgrad-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {n.split("/")[0] for n in names}
    assert packages == {"graphgrad", wheel.name.removesuffix("-py3-none-any.whl") + ".dist-info"}
    assert {"graphgrad/py.typed", "graphgrad/glossary.csv", "graphgrad/core.py"} <= set(names)
    assert not [n for n in names if any(w in n for w in ("bench", "facts", "site_tools", "diagram_html"))]
    code = "".join(
        zipfile.ZipFile(wheel).read(n).decode("utf-8") for n in names if n.endswith(".py")
    )
    # the site's figures, their sentences, figure-only examples and data loaders live in site_tools/
    assert not {"graphgrad/viz/figures.py", "graphgrad/viz/walkthrough.py"} & set(names)
    for site_only in ("def load_digits", "def load_mnist", "FIGURES", "sweep_title", "def fork_node"):
        assert site_only not in code, site_only
    assert "parents[" not in code and "benchmarks/results" not in code and "site_tools" not in code
