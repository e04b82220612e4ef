"""MkDocs hook: replace ``[[value …]]`` and ``[[bench …]]`` tokens with computed numbers.

The logic lives in :mod:`site_tools.facts`; this hook only names the page when a token is wrong,
so a typo fails the (strict) build with a message that says where to look.
"""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError

from site_tools.facts import FactError, substitute


def on_page_markdown(markdown, page, config, files, **kwargs):
    try:
        return substitute(markdown)
    except FactError as exc:
        raise PluginError(f"{page.file.src_path}: {exc}") from None
