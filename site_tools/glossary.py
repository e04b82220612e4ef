"""The Glossary page: the table of ``src/graphgrad/glossary.csv`` in the page's language.

A line ``[[glossary]]`` on a page becomes the whole table (:mod:`site_tools.tokens`): on the English page the
columns are English, 简体中文 and the note; on the Chinese page 简体中文, English and
the Chinese note.  The rows are the same ones the diagrams' label catalogue reads
(:func:`graphgrad.labels.glossary`), so the page cannot disagree with the diagrams.

Examples
--------
>>> from site_tools.glossary import table
>>> print(table("zh").splitlines()[0])
| 简体中文 | English | 说明 |
>>> [line for line in table("en").splitlines() if "| chain rule |" in line]
['| chain rule | 链式法则 |  |']
"""

from __future__ import annotations

from graphgrad.labels import glossary

_HEADERS = {"en": ("English", "简体中文", "Note"), "zh": ("简体中文", "English", "说明")}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def table(lang: str) -> str:
    """The glossary as a Markdown table for a page in ``lang`` (``en`` or ``zh``)."""
    if lang not in _HEADERS:
        raise ValueError(f"unknown language {lang!r}; choose 'en' or 'zh'")
    lines = ["| " + " | ".join(_HEADERS[lang]) + " |", "|---|---|---|"]
    for row in glossary():
        if lang == "en":
            cells = (row["en"], row["zh"], row["note"])
        else:
            cells = (row["zh"], row["en"], row["note_zh"])
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)
