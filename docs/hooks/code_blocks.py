"""MkDocs hook: interactive examples are highlighted as console sessions, so the copy button
copies their code without prompts or output (:mod:`site_tools.code_blocks`)."""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)

from site_tools.code_blocks import console_fences


def on_page_markdown(markdown, page, config, files, **kwargs):
    return console_fences(markdown) if ">>>" in markdown else markdown
