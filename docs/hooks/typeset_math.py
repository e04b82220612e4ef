"""MkDocs hook: the math of each page typeset at build time (:mod:`site_tools.math_render`);
a page without math does not link KaTeX's stylesheet.

Runs on the finished page, after the search plugin has indexed its text, so the index keeps the
short TeX and not KaTeX's markup. (Not named ``math.py``: MkDocs puts this folder first on
``sys.path`` while it loads the hooks, where ``import math`` would find it.)
"""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError

from site_tools.math_render import MathError, typeset_page


def on_post_page(output, page, config, **kwargs):
    try:
        return typeset_page(output, page.file.src_path)
    except MathError as exc:
        raise PluginError(str(exc)) from None
