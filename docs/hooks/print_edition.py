"""MkDocs hook: the printable edition, ``print.html`` beside each language's home page.

:func:`site_tools.print_edition.write_print_editions` assembles it from the built pages, so it
runs once, after every language has been built (after the i18n plugin's own ``on_post_build``,
which builds the other languages: hence the lower priority).
"""

from __future__ import annotations

import logging
from pathlib import Path

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from site_tools.notebooks import is_teaching_page
from site_tools.print_edition import write_print_editions

log = logging.getLogger("mkdocs.hooks.print_edition")
_lessons: list[str] = []


def on_nav(nav, config, files, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return nav  # the other language's build: the same lessons
    _lessons[:] = [
        page.file.src_uri
        for page in nav.pages
        if isinstance(page, Page) and is_teaching_page(page.file.src_uri)
    ]
    return nav


@event_priority(-200)
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    try:
        written = write_print_editions(Path(config.site_dir), list(_lessons))
    except (OSError, ValueError) as exc:
        raise PluginError(f"print edition: {exc}") from None
    log.info("print edition: %s", ", ".join(p.relative_to(config.site_dir).as_posix() for p in written))
