"""The Glossary page shows every row of src/graphgrad/glossary.csv, in both languages, in the nav."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from graphgrad.labels import glossary
from site_tools.glossary import table
from site_tools.tokens import Page, expand


def _text(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


@pytest.mark.parametrize("lang, prefix", [("en", ""), ("zh", "zh/")])
def test_glossary_page_lists_every_term(built_site: Path, lang: str, prefix: str):
    page = built_site / prefix / "glossary" / "index.html"
    text = " ".join(_text(page).split())
    missing = [row["en"] for row in glossary() if row["en"] not in text or row["zh"] not in text]
    assert missing == []
    notes = [row["note" if lang == "en" else "note_zh"] for row in glossary() if row["note"]]
    assert all(" ".join(n.split()) in text for n in notes)
    assert "[[glossary]]" not in text
    home = (built_site / prefix / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*glossary/"', home), "the Glossary page is not in the navigation"


def test_a_row_with_a_pipe_stays_one_cell():
    assert all(line.count(" | ") == 2 for line in table("en").splitlines()[2:])
    lines = expand("a\n[[glossary]]\nb", Page("glossary.zh.md", "zh")).splitlines()
    assert lines[:3] == ["a", "", "| 简体中文 | English | 说明 |"] and lines[-2:] == ["", "b"]
