"""Honest install hints: graphgrad is on no package index, so no message names it to pip.

A hint says ``pip install scikit-learn`` (the missing package itself), or points at the
checkout (``pip install '.[bench]'``, ``pip install -e .``); ``pip install graphgrad`` would
fetch someone else's package, or nothing.
"""

from __future__ import annotations

import re
import sys

import pytest

from site_tools.paths import REPO

#: ``pip install graphgrad``, ``pip install 'graphgrad[bench]'``, ``pip install "graphgrad @ …"``.
BY_NAME = re.compile(r"""pip3?\s+install\s+(?:-[-\w]+\s+)*["']?graphgrad\b""")
WHERE = ("src", "site_tools", "scripts", "docs", "README.md", "CONTRIBUTING.md", "run")


def sources():
    for where in WHERE:
        path = REPO / where
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if file.suffix in (".py", ".md", "") and file.is_file() and "assets" not in file.parts:
                yield file


def test_no_message_tells_pip_to_install_graphgrad_by_name():
    found = [
        f"{file.relative_to(REPO)}:{number}: {line.strip()}"
        for file in sources()
        for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if BY_NAME.search(line)
    ]
    hint = "graphgrad is not on a package index; name the missing package or the checkout instead:"
    assert not found, "\n".join([hint, *found])


def test_pattern_catches_the_hints_it_is_for():
    for bad in ("pip install graphgrad", "pip install 'graphgrad[bench]'", 'pip install -q "graphgrad @ x"'):
        assert BY_NAME.search(bad), bad
    for good in ("pip install scikit-learn", "pip install '.[bench]'", "pip install -e '.[viz]'",
                 "pip install '/home/me/graphgrad[bench]'"):
        assert not BY_NAME.search(good), good


def test_missing_scikit_learn_names_the_package(monkeypatch: pytest.MonkeyPatch):
    # The loader lives in graphgrad.nn, or in the site wing once the datasets move there.
    try:
        from site_tools.datasets import load_digits
    except ImportError:
        from graphgrad.nn import load_digits

    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)  # import fails as if not installed
    with pytest.raises(ModuleNotFoundError, match=r"pip install scikit-learn$") as info:
        load_digits()
    assert info.value.name == "sklearn"


def test_missing_graphviz_package_names_the_package(monkeypatch: pytest.MonkeyPatch):
    from graphgrad.viz import dot

    monkeypatch.setitem(sys.modules, "graphviz", None)
    with pytest.raises(ImportError, match=r"pip install graphviz "):
        dot.graphviz_module()
