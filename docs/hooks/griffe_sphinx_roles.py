"""Griffe extension for mkdocstrings (mkdocs.yml): the engine's docstring roles as links.

The logic is in :mod:`site_tools.griffe_roles`; Griffe loads this file by its path.
"""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])  # the repository root, where site_tools/ sits
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from site_tools.griffe_roles import SphinxRoles  # noqa: E402

__all__ = ["SphinxRoles"]
