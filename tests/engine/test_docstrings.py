"""Every Examples section in the package's docstrings runs."""

import doctest
import importlib
import pkgutil

import pytest

import graphgrad

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(graphgrad.__path__, "graphgrad.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_name_has_a_docstring_with_examples():
    missing = [n for n in graphgrad.__all__ if "Examples" not in (getattr(graphgrad, n).__doc__ or "")]
    # classes document examples on the class; functions on themselves
    assert missing == [], f"public names without an Examples section: {missing}"
