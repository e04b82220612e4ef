"""The efficiency page in both languages: short enough, in the issue's order, the same content."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
TOKEN = re.compile(r"\[\[(?:value|bench|diagram|steps)[^\]]*\]\]")


def prose(markdown: str) -> str:
    """The page's prose: no code fences, collapsible boxes, display math, figures, directives or Sources."""
    markdown = markdown.split("\n## Sources")[0].split("\n## 参考")[0]
    out, fence, box, math = [], None, False, False
    for line in markdown.split("\n"):
        s = line.strip()
        m = re.match(r"\s*(`{3,}|~{3,})", line)
        if m:
            fence = None if fence else m.group(1)
            continue
        if fence:
            continue
        if s.startswith("???"):
            box = True
            continue
        if box and (not s or line.startswith("    ")):
            continue
        box = False
        if s == "$$":
            math = not math
            continue
        if math or s.startswith(("[[diagram", "[[steps", "[[sweeps", "![", "<div data-gg-")):
            continue
        out.append(line)
    return "\n".join(out)


def test_english_page_is_at_most_1800_words_of_prose():
    words = re.findall(r"[A-Za-z0-9][\w'’.,\-]*", prose((DOCS / "efficiency.md").read_text(encoding="utf-8")))
    assert 1000 < len(words) <= 1800, len(words)


def test_both_languages_follow_the_same_order_with_the_same_pictures_and_numbers():
    en = (DOCS / "efficiency.md").read_text(encoding="utf-8")
    zh = (DOCS / "efficiency.zh.md").read_text(encoding="utf-8")
    heads = [re.findall(r"^(#{1,3}) ", page, re.M) for page in (en, zh)]
    assert heads[0] == heads[1]
    assert TOKEN.findall(en) == TOKEN.findall(zh)
    order = ["## The answer", "## Three ways", "## The common explanation", "## Paths add",
             "## Many inputs", "## The bound", "## The price: memory", "## Summary"]  # fmt: skip
    positions = [en.index(h) for h in order]
    assert positions == sorted(positions)
    modes = ["[[steps buy_apple_orange tangent]]", "[[steps buy_apple_orange]]"]
    modes += [f"[[steps diamonds_d{d} paths]]" for d in (1, 2, 3)]
    for mode in modes:
        assert mode in en and mode in zh
    for name in ("Baur", "Strassen", "Griewank", "Walther"):
        assert name in en and name in zh
