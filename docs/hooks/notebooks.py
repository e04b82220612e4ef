"""MkDocs hook: every teaching page as a Jupyter notebook, linked from the page.

For each page with Python code (not the home page, not the API reference) the build writes
``page.ipynb`` (``page.zh.ipynb`` for the Chinese page) next to the page's ``index.html`` and
puts a "Download this page as a notebook" link under the page's title.  The conversion lives in
:mod:`site_tools.notebooks`; this hook reads the page's Markdown before the other hooks change
it (it must run before docs/hooks/diagram_blocks.py and docs/hooks/facts.py), and writes the
notebook once the page itself is written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError

from site_tools.notebooks import (
    LINK_TEXT,
    NotebookSite,
    is_teaching_page,
    notebook_name,
    page_language,
    page_notebook,
)

_H1 = re.compile(r"^# .+$", re.MULTILINE)
_pending: dict[str, str] = {}


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    if not is_teaching_page(src):  # a lesson without Python still gets its prose and questions
        return markdown
    lang = page_language(src)
    try:
        # site_url, repo_url and docs_dir: all the notebook knows about the site (a fork's too).
        _pending[src] = page_notebook(markdown, src, NotebookSite.from_config(config))
    except ValueError as exc:  # a token naming nothing, an image not drawn, no repo_url
        raise PluginError(f"{src}: notebook: {exc}") from None
    name = notebook_name(src)
    link = (
        f'<p class="gg-notebook"><a href="{html.escape(name)}" download>'
        f"{html.escape(LINK_TEXT[lang])}</a></p>"
    )
    match = _H1.search(markdown)
    if match is None:
        return link + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + link + "\n" + markdown[match.end() :]


def on_post_page(output, page, config, **kwargs):
    text = _pending.pop(page.file.src_uri, None)
    if text is not None:
        folder = Path(config.site_dir) / PurePosixPath(page.file.dest_uri).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / notebook_name(page.file.src_uri)).write_text(text, encoding="utf-8")
    return output
