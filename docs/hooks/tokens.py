"""MkDocs hook: a malformed or unknown ``[[…]]`` token fails the build with its page and line.

Runs first, on the page as written (:mod:`site_tools.tokens`).
"""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from site_tools.tokens import TokenError, check_page


@event_priority(100)
def on_page_markdown(markdown, page, config, files, **kwargs):
    try:
        check_page(markdown, page.file.src_path)
    except TokenError as exc:
        raise PluginError(str(exc)) from None
    return markdown
