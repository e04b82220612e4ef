"""Sentences that once said something wrong stay right, in both languages (issue 19, section 4).

Each test reads the page sources and looks for the claim that was wrong, or for the words that
make it right: a test that can tell, where a test can tell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))
#: Times at the largest n that the gradient study extrapolates from a sample of the coordinates.
EXTRAPOLATED = re.compile(r"\[\[bench grad_(?:speedup|seconds)_max_(?:numerical|forward)\]\]")


def text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def sentences(markdown: str) -> list[str]:
    """Sentences of a page (line breaks joined; a sentence ends at . ! ? 。！？ or a blank line)."""
    joined = re.sub(r"(?<!\n)\n(?!\n)\s*", " ", markdown)
    return [s.strip() for s in re.split(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n\n+", joined) if s.strip()]


def bullet(markdown: str, start: str) -> str:
    m = re.search(rf"^- {re.escape(start)}.*?(?=^- |^\s*$)", markdown, re.M | re.S)
    assert m, f"no bullet starting with {start!r}"
    return m.group(0)


@pytest.mark.parametrize(("page", "start", "forward_pass"), [
    ("efficiency.md", "**Reuse.**", "forward pass"),
    ("efficiency.zh.md", "**复用。**", "正向传播"),
])  # fmt: skip
def test_the_reuse_bullet_does_not_claim_to_avoid_forward_pass_reruns(page, start, forward_pass):
    """Avoiding one forward pass per input is reason two; forward mode reuses too and still re-runs."""
    assert forward_pass not in bullet(text(page), start)


@pytest.mark.parametrize(("page", "start"), [
    ("efficiency.md", "**One output"),
    ("efficiency.zh.md", "**一个输出"),
])  # fmt: skip
def test_m_and_n_are_defined_where_they_first_appear(page, start):
    answer = bullet(text(page), start)
    assert "$n$" in answer and "$m = 1$" in answer
    assert "前向求导" not in text(page) and "反向求导" not in text(page)


@pytest.mark.parametrize("page", PAGES)
def test_extrapolated_times_are_never_said_to_have_been_taken(page):
    for s in sentences(text(page)):
        if EXTRAPOLATED.search(s):
            assert not re.search(r"\btook\b|所用的时间|用了", s), s
            assert re.search(r"would take|extrapolat|外推|估计", s), s


@pytest.mark.parametrize("page", PAGES)
def test_reverse_to_forward_is_called_a_gradient_not_a_training_step(page):
    """``engine_reverse_to_forward`` is one gradient (forward + backward) over one forward pass."""
    for s in sentences(text(page)):
        if "[[bench engine_reverse_to_forward]]" in s:
            assert "training step" not in s and "训练一步" not in s, s
            assert re.search(r"gradient|梯度", s), s


@pytest.mark.parametrize("page", PAGES)
def test_the_edges_at_the_output_carry_local_derivatives_not_the_initial_value(page):
    for s in sentences(text(page)):
        if re.search(r"edges at the output|输出端的两条边", s):
            assert not re.search(r"initial value|seed 1|初始值", s), s


@pytest.mark.parametrize(("page", "edition", "section"), [
    ("efficiency.md", "2nd edition", "section 4.6"),
    ("efficiency.zh.md", "第 2 版", "第 4.6 节"),
])  # fmt: skip
def test_griewank_and_walther_are_cited_as_the_book_with_the_section_of_the_bound(page, edition, section):
    quote = "\n".join(line for line in text(page).split("\n") if line.startswith(">"))
    assert "Griewank" in quote and edition in quote and section in quote and "omega_{grad}" in quote
    assert "generalised" not in text(page)


@pytest.mark.parametrize(("page", "words"), [("index.md", "not the\nengine"), ("index.zh.md", "并不是引擎")])
def test_the_home_page_says_the_browser_graph_is_not_the_engine(page, words):
    assert words in text(page)


def test_the_core_api_page_names_reuse_as_one_of_two_reasons():
    source = (REPO / "src" / "graphgrad" / "core.py").read_text(encoding="utf-8")
    assert "whole reason" not in source and "one of the two reasons" in source


@pytest.mark.parametrize("page", ["training.md", "training.zh.md"])
def test_the_training_question_points_at_the_step_size_study_on_its_own_page(page):
    for s in sentences(text(page)):
        if "step_err_best_central_float64" in s and "??? question" not in s:
            assert "efficiency.md" not in s, s
