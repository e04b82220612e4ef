"""Every teaching page ends with predict-then-reveal questions, each with a worked answer.

The questions are Material's collapsible ``??? question "…"`` boxes at the end of each teaching
page (not the home page, not the API reference), in both languages. An answer's numbers come
from the engine or the benchmark results through ``[[value …]]`` / ``[[bench …]]`` tokens; an
answer without a token may only repeat numbers its question states.

Questions that make the student work out something the page did not print carry the
``compute`` class (``??? question compute "…"``): every teaching page has at least two, in
both languages alike, and their worked answers quote the engine's numbers through tokens
(``[[value exercises.…]]`` for the quantities of :mod:`graphgrad.exercises`). The efficiency
page asks the five the issue lists (diamonds by hand, checkpointed bytes, Jacobian sweeps, the
two reasons apart, the blog's third claim rewritten). The backward-propagation page also carries
the gradient-flow patterns box, with the engine's diagrams, in both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_support import REPO, teaching_sources

from site_tools.facts import substitute

DOCS = REPO / "docs"
QUESTION = re.compile(
    r'^\?\?\?\+? question(?P<compute> compute)? "(?P<title>[^"]+)"\n(?P<body>(?:(?: {4}.*)?\n)*)',
    re.MULTILINE,
)
TOKEN = re.compile(r"\[\[(?:value|bench)\s[^\]]*\]\]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


PAGES = [name for name, _ in teaching_sources()]


def questions(src: str, compute: bool = False) -> list[tuple[str, str]]:
    """(title, answer) of the page's questions; only the ``compute`` ones if asked."""
    text = (DOCS / src).read_text(encoding="utf-8")
    return [(m["title"], m["body"]) for m in QUESTION.finditer(text) if m["compute"] or not compute]


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
    zh = src.removesuffix(".md") + ".zh.md"
    assert len(questions(src)) == len(questions(zh))
    assert len(questions(src, compute=True)) == len(questions(zh, compute=True)), "compute questions differ"


@pytest.mark.parametrize("src", PAGES)
def test_page_has_compute_questions_answered_by_the_engine(src: str):
    found = questions(src, compute=True)
    assert len(found) >= 2, f"{src}: {len(found)} compute question(s); every teaching page needs two"
    for title, body in found:
        tokens = TOKEN.findall(body)
        assert tokens, f"{src}: the compute question {title!r} quotes no number of the engine"
        for token in tokens:  # the token names something that exists and gives a number
            assert re.search(r"\d", substitute(token)), (src, token)


def test_efficiency_page_asks_the_five_computations():
    for src in ("efficiency.md", "efficiency.zh.md"):
        answers = " ".join(body for _, body in questions(src, compute=True))
        for needed in (
            "exercises.diamond_paths depth=3",  # d = 3 diamonds: paths and multiplications both ways
            "exercises.diamond_path_multiplications depth=3",
            "exercises.diamond_backward_multiplications depth=3",
            "exercises.chain_saved_bytes layers=50 width=64 batch=256]]",  # plain and 7 segments
            "exercises.chain_saved_bytes layers=50 width=64 batch=256 segments=7]]",
            "exercises.jacobian_sweeps_forward n=10 m=1000",  # R^10 -> R^1000, both modes
            "exercises.jacobian_sweeps_reverse n=10 m=1000",
            "exercises.diamond_forward_nodes depth=3",  # the two reasons apart
            "exercises.jacobian_sweeps_forward n=5 m=1",  # the third claim, rewritten
        ):
            assert needed in answers, f"{src}: no compute question quotes {needed!r}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_built_questions_are_collapsed_with_their_answers(built_site: Path, lang: str):
    for src in PAGES:
        if src.endswith(".zh.md") != (lang == "zh"):
            continue
        folder = built_site / ("zh" if lang == "zh" else "") / src.removesuffix(".md").removesuffix(".zh")
        html = (folder / "index.html").read_text(encoding="utf-8")
        box = r'<details class="question(?: compute)?">\s*<summary>(.*?)</summary>(.*?)</details>'
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
