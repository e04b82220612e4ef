"""MkDocs hook: replace ``[[value …]]`` and ``[[bench …]]`` tokens with computed numbers.

The logic lives in :mod:`graphgrad.facts`; this hook only names the page when a token is wrong,
so a typo fails the (strict) build with a message that says where to look.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from graphgrad.facts import FactError, substitute


def on_page_markdown(markdown, page, config, files, **kwargs):
    try:
        return substitute(markdown)
    except FactError as exc:
        raise PluginError(f"{page.file.src_path}: {exc}") from None
