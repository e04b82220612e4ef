"""MkDocs hook: a ``[[glossary]]`` line becomes the glossary's table (:mod:`site_tools.glossary`)."""

from __future__ import annotations

from pathlib import PurePosixPath

import _repo  # noqa: F401  (the repository root on sys.path)

from site_tools.glossary import expand


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "[[glossary]]" not in markdown:
        return markdown
    suffixes = PurePosixPath(page.file.src_uri).suffixes
    lang = "zh" if len(suffixes) >= 2 and suffixes[-2] == ".zh" else "en"
    return expand(markdown, lang)
