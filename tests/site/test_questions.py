"""Every teaching page ends with predict-then-reveal questions, each with a worked answer.

The questions are Material's collapsible ``??? question "…"`` boxes at the end of each teaching
page (not the home page, not the API reference), in both languages. An answer's numbers come
from the engine or the benchmark results through ``[[value …]]`` / ``[[bench …]]`` tokens; an
answer without a token may only repeat numbers its question states. The backward-propagation
page also carries the gradient-flow patterns box, with the engine's diagrams, in both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_support import REPO, teaching_sources

DOCS = REPO / "docs"
QUESTION = re.compile(r'^\?\?\?\+? question "(?P<title>[^"]+)"\n(?P<body>(?:(?: {4}.*)?\n)*)', re.MULTILINE)
TOKEN = re.compile(r"\[\[(?:value|bench)\s[^\]]*\]\]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


PAGES = [name for name, _ in teaching_sources()]


def questions(src: str) -> list[tuple[str, str]]:
    text = (DOCS / src).read_text(encoding="utf-8")
    return [(m["title"], m["body"]) for m in QUESTION.finditer(text)]


def test_every_teaching_page_is_covered():
    assert len(PAGES) >= 12 and sum(p.endswith(".zh.md") for p in PAGES) == len(PAGES) // 2


@pytest.mark.parametrize("src", PAGES)
def test_page_has_questions_with_answers(src: str):
    found = questions(src)
    assert len(found) >= 2, f"{src}: {len(found)} question(s); every teaching page needs at least two"
    for title, body in found:
        answer = " ".join(body.split())
        assert len(answer) > 40, f"{src}: the question {title!r} has no worked answer"
        if not TOKEN.search(answer):
            stray = set(NUMBER.findall(answer)) - set(NUMBER.findall(title))
            assert not stray, f"{src}: {title!r}: numbers {sorted(stray)} typed by hand, not from tokens"
    text = (DOCS / src).read_text(encoding="utf-8")
    last_question = list(QUESTION.finditer(text))[-1].end()
    later = [h for h in re.findall(r"^## .+$", text[last_question:], re.MULTILINE)]
    assert later in ([], ["## Sources"], ["## 参考"]), f"{src}: questions must close the page, found {later}"


@pytest.mark.parametrize("src", [p for p in PAGES if not p.endswith(".zh.md")])
def test_both_languages_ask_the_same_number_of_questions(src: str):
    assert len(questions(src)) == len(questions(src.removesuffix(".md") + ".zh.md"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_built_questions_are_collapsed_with_their_answers(built_site: Path, lang: str):
    for src in PAGES:
        if src.endswith(".zh.md") != (lang == "zh"):
            continue
        folder = built_site / ("zh" if lang == "zh" else "") / src.removesuffix(".md").removesuffix(".zh")
        html = (folder / "index.html").read_text(encoding="utf-8")
        box = r'<details class="question">\s*<summary>(.*?)</summary>(.*?)</details>'
        boxes = re.findall(box, html, re.S)
        assert len(boxes) == len(questions(src)), f"{src}: {len(boxes)} collapsible questions in the HTML"
        for summary, answer in boxes:
            words = re.sub(r"<[^>]+>", " ", answer)
            assert "[[" not in summary + answer and len("".join(words.split())) > 30, (src, summary)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gradient_flow_patterns_box(built_site: Path, lang: str):
    html = (built_site / ("zh" if lang == "zh" else "") / "backward-propagation" / "index.html").read_text(
        encoding="utf-8"
    )
    box = re.search(r'<div class="admonition abstract">(.*?)\n</div>', html, re.S)
    assert box, "no gradient-flow patterns box"
    shown = re.findall(r'src="[^"]*/assets/diagrams/(\w+)-backward\.' + lang + r'\.light\.svg', box.group(1))
    assert shown == ["add_node", "mul_node", "max_node", "relu_node", "fork_node"]
    assert "<figure" not in box.group(1), "a figure inside a paragraph is invalid HTML"
