"""Every Examples section in the site wing's docstrings runs (the engine's: tests/engine)."""

import doctest
import importlib
import pkgutil

import pytest

import site_tools

MODULES = sorted(m.name for m in pkgutil.walk_packages(site_tools.__path__, "site_tools."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
