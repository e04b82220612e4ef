"""Each English page and its Chinese twin have the same structure.

Same headings (count and levels), and in each section the same ``[[…]]`` tokens, diagram
blocks, code fences, admonitions (questions among them), math blocks, images and number of
paragraphs. A paragraph added in one language only is reported with its section.
"""

from __future__ import annotations

import pytest

from site_tools.page_pairs import differences, outline
from site_tools.paths import DOCS

NOT_PAGES = ("hooks", "overrides", "assets", "templates")
ENGLISH = sorted(
    p.relative_to(DOCS).as_posix()
    for p in DOCS.rglob("*.md")
    if not p.name.endswith(".zh.md") and not set(p.relative_to(DOCS).parts) & set(NOT_PAGES)
)


def twin(page: str) -> str:
    return page.removesuffix(".md") + ".zh.md"


def test_there_are_pages():
    assert len(ENGLISH) >= 10 and "draw-your-own-graph.md" in ENGLISH


@pytest.mark.parametrize("page", ENGLISH)
def test_chinese_page_has_the_english_structure(page: str):
    assert (DOCS / twin(page)).is_file(), f"docs/{page} has no Chinese twin docs/{twin(page)}"
    found = differences(
        outline((DOCS / page).read_text(encoding="utf-8")),
        outline((DOCS / twin(page)).read_text(encoding="utf-8")),
    )
    assert not found, f"docs/{page} and docs/{twin(page)} differ:\n" + "\n".join(found)


def test_a_paragraph_in_one_language_only_is_reported():
    en = "# Page\n\n## Why\n\nFirst.\n\nSecond.\n\n??? question \"Q?\"\n    A.\n"
    zh = "# 页面\n\n## 为什么\n\n第一段。\n\n??? question \"问？\"\n    答。\n"
    assert differences(outline(en), outline(zh)) == [
        "section 2 ('Why' / '为什么'): 2 paragraphs in English, 1 in Chinese"
    ]
    assert differences(outline(en), outline(zh.replace("# 页面", "# 页面\n\n## 多出来的"))) != []
    fewer = zh.replace('??? question "问？"\n    答。\n', "")
    missing = "admonitions {'question': 1} in English, {} in Chinese"
    assert missing in differences(outline(en), outline(fewer))[-1]


def test_outline_ignores_code_and_indented_answers():
    page = "# T\n\n```python\n# not a heading\n```\n\n!!! note\n    Inside.\n\n    Still inside.\n"
    (section,) = outline(page)
    assert (section.paragraphs, section.fences, dict(section.admonitions)) == (0, ["python"], {"note": 1})
