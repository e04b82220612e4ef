"""The printable edition (``print.html`` per language): every lesson on one page, for a handout.

Lessons in the navigation's order, diagrams in the light palette, each step-through as its last
frame, questions in place and their answers at the end; Chromium prints it to a PDF whose pages
and diagrams are checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_tools.notebooks import is_teaching_page
from site_tools.print_edition import PRINT_FILE, Lesson, print_page
from site_tools.site_config import MKDOCS_YML

LANGS = ("en", "zh")


def lessons_in_nav_order() -> list[str]:
    """The teaching pages of mkdocs.yml's nav, in order (``chain-rule``)."""
    text = MKDOCS_YML.read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    sources = re.findall(r":\s*([\w/-]+)\.md\s*$", text, re.MULTILINE)
    return [src for src in sources if is_teaching_page(src + ".md")]


def root(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def h1(html: str) -> str:
    """The text of the first h1, without its ¶ permalink."""
    inner = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1)
    return re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", inner)).strip()


SHELL = (
    '<html><head><title>Site</title><link rel="canonical" href="https://x.test/s/"></head><body>'
    '<a href="#home" class="md-skip">Skip</a>'
    '<nav class="md-nav md-nav--secondary" aria-label="Table of contents"><ul><li><a href="#part">Part</a>'
    '<nav class="md-nav"><a href="#sub">Sub</a></nav></li></ul></nav>'
    '<article class="md-content__inner md-typeset"><h1 id="home">Home</h1></article></body></html>'
)


def lesson(slug: str, body: str) -> Lesson:
    return Lesson(
        slug, f'<article class="md-content__inner md-typeset"><h1 id="{slug}-t">{slug}</h1>{body}</article>'
    )


def test_print_page_from_two_lessons():
    steps = (
        '<div class="gg-steps" data-gg-steps role="group"><div class="gg-steps-frames">'
        + "".join(
            f'<figure class="gg-steps-frame" data-step="{k}"><img src="../a/{k}.svg"></figure>'
            for k in range(3)
        )
        + '</div><div class="gg-steps-controls" hidden><button>Next</button></div></div>'
    )
    one = lesson(
        "one",
        '<img src="../d/x.light.svg#only-light" loading="lazy"><img src="../d/x.dark.svg#only-dark">'
        + steps
        + '<details class="question"><summary>Why?</summary>'
        + '<p>Because, see <a href="#one-t">top</a>.</p></details>',
    )
    two = lesson(
        "two",
        '<p><a href="../one/#one-t">back</a></p>'
        '<details class="question"><summary>How?</summary><p>So.</p></details>',
    )
    page = print_page(SHELL, [one, two], "en")
    assert "<title>Printable edition - Site</title>" in page and 'href="https://x.test/s/print.html"' in page
    assert '<img src="d/x.light.svg">' in page and "dark" not in page and "lazy" not in page
    assert re.findall(r'data-step="(\d)"', page) == ["2"] and "gg-steps-controls" not in page
    assert "data-gg-steps" not in page and "<details" not in page
    boxed = print_page(SHELL, [lesson("one", '<details class="note"><summary>N</summary>x</details>')], "en")
    assert '<details class="note" open>' in boxed
    assert "Question 1: Why?" in page and "Question 2: How?" in page
    # The home page's anchors are gone: the skip link and the sidebar point into the edition.
    assert '<a href="#print-edition" class="md-skip">' in page and "#part" not in page and "#sub" not in page
    assert 'aria-label="Contents"><ul class="md-nav__list"><li class="md-nav__item"><a href="#one"' in page
    assert page.index('id="one"') < page.index('id="two"') < page.index('id="answers"')
    answers = page[page.index('id="answers"') :]
    assert '<h3 id="answer-1">Answer 1: Why?</h3>' in answers and '<a href="#one--one-t">top</a>' in answers
    assert 'href="#one--one-t">back' in page and 'id="one--one-t"' in page


def test_zh_words_use_full_width_punctuation():
    page = print_page(
        SHELL,
        [lesson("one", '<details class="question"><summary>为什么？</summary><p>因为。</p></details>')],
        "zh",
    )
    assert "思考题 1：为什么？" in page and "答案 1：为什么？" in page and "打印版" in page


@pytest.mark.parametrize("lang", LANGS)
def test_built_edition_holds_every_lesson_in_nav_order(built_site: Path, lang: str):
    base = root(built_site, lang)
    page = (base / PRINT_FILE).read_text(encoding="utf-8")
    slugs = lessons_in_nav_order()
    assert len(slugs) >= 8 and "draw-your-own-graph" in slugs
    positions = [page.index(f'<section class="gg-print-lesson" id="{slug}">') for slug in slugs]
    assert positions == sorted(positions)
    questions = 0
    for slug in slugs:
        built = (base / slug / "index.html").read_text(encoding="utf-8")
        section = page[page.index(f'id="{slug}"') :]
        assert h1(section) == h1(built), slug  # the lesson's own title, first in its section
        questions += len(re.findall(r'<details class="question(?: compute)?">', built))
    # Questions in place, every answer at the end, in the same order.
    assert questions >= 2 * len(slugs)
    assert re.findall(r'<h3 id="answer-(\d+)">', page) == [str(k) for k in range(1, questions + 1)]
    assert '<details class="question' not in page
    assert all(" open" in tag for tag in re.findall(r"<details[^>]*>", page))  # boxes print open
    # Light diagrams only; one frame per step-through, the last one.
    assert "#only-dark" not in page and ".dark.svg" not in page and "#only-light" not in page
    assert "gg-steps-controls" not in page
    # The reason-two figure cannot be played on paper: its first picture and both counts.
    assert "gg-sweeps-data" not in page and page.count('<figure class="gg-sweeps-print">') == 1
    for frames in re.findall(r'<div class="gg-steps-frames">(.*?)</div>', page, re.DOTALL):
        assert frames.count("<figure") == 1


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_printed_pdf_has_a_page_per_lesson_and_every_diagram(site_server, chromium, lang: str):
    slugs = lessons_in_nav_order()
    page = chromium.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(site_server.base + ("zh/" if lang == "zh" else "") + PRINT_FILE)
        page.wait_for_load_state("networkidle")
        images = page.eval_on_selector_all(
            "article img",
            "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0,"
            " e.getBoundingClientRect().width > 0])",
        )
        diagrams = [src for src, _, _ in images if "assets/diagrams/" in src]
        assert len(diagrams) >= len(slugs), diagrams
        assert all(src.endswith(f".{lang}.light.svg") for src in diagrams), diagrams
        assert [src for src, loaded, shown in images if not (loaded and shown)] == []
        pdf = page.pdf(format="A4", print_background=True)
        # Without the diagrams the same edition prints shorter: they are on the printed pages.
        page.evaluate("document.querySelectorAll('article img').forEach(e => e.remove())")
        bare = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    # The title and contents, then each lesson from a new page, then the answers.
    assert len(slugs) + 2 <= pages <= 200, pages
    assert pages > len(re.findall(rb"/Type\s*/Page\b", bare)) and len(pdf) > len(bare) + 100_000
