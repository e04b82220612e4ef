"""MkDocs hook: ``[[diagram …]]`` and ``[[steps …]]`` lines become the engine's diagrams.

The logic (and the syntax) is in :mod:`site_tools.diagram_blocks`.
"""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)

from site_tools.diagram_blocks import expand_page


def on_page_markdown(markdown, page, config, files, **kwargs):
    return expand_page(markdown, page, config, files)
