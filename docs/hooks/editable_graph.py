"""MkDocs hook: ``[[editable NAME]]`` on a line of its own becomes the editable graph of an example.

The HTML (inputs, the inlined light and dark diagrams, the table, the exported graph as JSON)
comes from :func:`site_tools.editable_graph.render_editable`; docs/assets/javascripts/graph.js
makes it live.  The diagrams are the ones docs/hooks/diagrams.py has just drawn.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError

from site_tools.editable_graph import ExportError, render_editable

LINE = re.compile(r"^\[\[editable\s+(?P<name>\w+)\s*\]\]\s*$", re.MULTILINE)


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "[[editable" not in markdown:
        return markdown
    suffixes = PurePosixPath(page.file.src_uri).suffixes
    lang = "zh" if len(suffixes) >= 2 and suffixes[-2] == ".zh" else "en"
    diagrams = Path(config.docs_dir) / "assets" / "diagrams"

    def replace(match: re.Match[str]) -> str:
        try:
            return "\n" + render_editable(match["name"], lang, diagrams) + "\n"
        except (ExportError, FileNotFoundError) as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    out = LINE.sub(replace, markdown)
    if "[[editable" in out:
        raise PluginError(f"{page.file.src_uri}: write [[editable NAME]] on a line of its own")
    return out
