"""The printable edition: every lesson of one language on one page, for a handout.

After the build, :func:`write_print_editions` writes ``print.html`` next to each language's
home page (``site/print.html``, ``site/zh/print.html``). It holds the article of every teaching
page, in the order of the navigation, each starting on a new printed page, and:

- diagrams in the light palette only (the dark copies are left out);
- each step-through as its final frame (no buttons);
- questions in place, numbered, and their answers together at the end; other collapsible
  boxes open;
- links between lessons turned into links inside the page, ids made unique per lesson.

The browser's "Save as PDF" (or Chromium's ``page.pdf``) gives the handout. The page is made
from the built HTML, so it shows exactly what the site shows: same numbers, same diagrams.

Examples
--------
>>> html = '<p><a href="../chain-rule/#rule">rule</a> <a href="#x">x</a></p><h2 id="x">X</h2>'
>>> print(relocate(html, "layers", {"chain-rule"}))
<p><a href="#chain-rule--rule">rule</a> <a href="#layers--x">x</a></p><h2 id="layers--x">X</h2>
>>> relocate('<img src="../assets/a.svg"> <a href="layers.ipynb">nb</a>', "layers", set())
'<img src="assets/a.svg"> <a href="layers/layers.ipynb">nb</a>'
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: The file each language's printable edition is written to, beside its home page.
PRINT_FILE = "print.html"

WORDS = {
    "en": {
        "title": "Printable edition",
        "intro": "Every lesson of the site on one page, in order, for printing (the browser's "
        "Print, or Save as PDF). Step-throughs show their last step; the answers to the questions "
        "are at the end.",
        "contents": "Contents",
        "answers": "Answers to the questions",
        "answer": "Answer {k}: ",
        "question": "Question {k}: ",
        "see": "Answer on page: see “{answers}”, number {k}.",
    },
    "zh": {
        "title": "打印版",
        "intro": "本站所有课程按顺序放在这一页里，供打印（浏览器的“打印”或“另存为 PDF”）。"
        "分步演示只显示最后一步；思考题的答案放在最后。",
        "contents": "目录",
        "answers": "思考题答案",
        "answer": "答案 {k}：",
        "question": "思考题 {k}：",
        "see": "答案见“{answers}”第 {k} 题。",
    },
}

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_DARK_IMG = re.compile(r'<img\b[^>]*\bsrc="[^"]*#only-dark"[^>]*>\s*')
_STEPS_FRAMES = re.compile(r'(?:<figure class="gg-steps-frame"[^>]*>.*?</figure>\s*)+', re.DOTALL)
_FRAME = re.compile(r'<figure class="gg-steps-frame"[^>]*>.*?</figure>', re.DOTALL)
_STEPS_CONTROLS = re.compile(r'<div class="gg-steps-controls"[^>]*>.*?</div>\s*', re.DOTALL)
_QUESTION = re.compile(
    r'<details class="question(?: compute)?">\s*<summary>(?P<summary>.*?)</summary>(?P<answer>.*?)</details>',
    re.DOTALL,
)
_SWEEPS = re.compile(
    r'<div class="gg-sweeps"[^>]*>.*?<script type="application/json" class="gg-sweeps-data">(?P<data>.*?)'
    r"</script>\s*</div>",
    re.DOTALL,
)
_DROP = (
    re.compile(r'<a\b[^>]*class="md-content__button[^"]*"[^>]*>.*?</a>\s*', re.DOTALL),  # edit/view
    re.compile(r'<p class="gg-notebook">.*?</p>\s*', re.DOTALL),  # the notebook link
    re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL),  # ¶ permalinks
)
_ID_ATTR = re.compile(r'\b(id|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')


@dataclass(frozen=True)
class Lesson:
    """One teaching page as built: its folder under the language root (``chain-rule``) and HTML."""

    slug: str
    html: str


def article(page_html: str) -> str:
    """The content of a built page's article."""
    match = _ARTICLE.search(page_html)
    if match is None:
        raise ValueError('print edition: a built page has no <article class="md-content__inner md-typeset">')
    return match.group(1)


def text_of(fragment: str) -> str:
    """Plain text of an HTML fragment."""
    return " ".join(html_lib.unescape(_TAG.sub("", fragment)).split())


def relocate(fragment: str, slug: str, slugs: set[str]) -> str:
    """Rewrite a lesson's HTML (built at ``slug/index.html``) to sit in ``print.html`` beside it.

    Ids get the lesson's prefix (``layers--x``); a link to another lesson of the edition
    becomes a link inside the page; other relative URLs go one folder less up.
    """

    def ids(match: re.Match) -> str:
        value = " ".join(f"{slug}--{v}" for v in match.group(2).split())
        return f'{match.group(1)}="{value}"'

    def url(match: re.Match) -> str:
        attr, value = match.group(1), match.group(2)
        if value.startswith("#"):
            return f'{attr}="#{slug}--{value[1:]}"'
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", value):  # absolute: another site, or this one's root
            return match.group(0)
        if value.startswith("../"):
            rest = value[3:]
            page, _, anchor = rest.partition("#")
            target = page.rstrip("/")
            if attr == "href" and target in slugs and (page == "" or page.endswith("/")):
                return f'{attr}="#{target}--{anchor}"' if anchor else f'{attr}="#{target}"'
            return f'{attr}="{rest}"'
        return f'{attr}="{slug}/{value}"'

    return _URL_ATTR.sub(url, _ID_ATTR.sub(ids, fragment))


def _sweeps_for_print(match: re.Match) -> str:
    """The reason-two figure cannot be played on paper: its first picture and the two counts."""
    data = json.loads(match.group("data"))
    n, words = str(data["start"]), data["words"]
    row = data["shapes"]["row"][n]
    src, alt = data["files"]["row"][n]["light"], data["alt"]["row"][n]
    img = f'<img src="{html_lib.escape(src)}" alt="{html_lib.escape(alt)}">'
    counts = "; ".join(
        f"{words[mode]}: {len(row[mode])} {words['sweeps'] if len(row[mode]) > 1 else words['one_sweep']}"
        for mode in ("forward", "reverse")
    )
    caption = f"{html_lib.escape(words['row'])} (n = {n}). {html_lib.escape(counts)}."
    return f'<figure class="gg-sweeps-print">{img}<figcaption>{caption}</figcaption></figure>'


def for_print(lesson: Lesson, slugs: set[str], first_question: int, lang: str) -> tuple[str, str, list]:
    """(title, body, questions) of a lesson for the edition, questions numbered from ``first_question``."""
    body = _SWEEPS.sub(_sweeps_for_print, article(lesson.html))
    for pattern in _DROP:
        body = pattern.sub("", body)
    # Light diagrams only, shown whatever the reader's palette, and loaded before printing.
    body = _DARK_IMG.sub("", body).replace('#only-light"', '"').replace(' loading="lazy"', "")
    body = _STEPS_FRAMES.sub(lambda m: _FRAME.findall(m.group(0))[-1] + "\n", body)
    body = _STEPS_CONTROLS.sub("", body).replace(" data-gg-steps ", " ")
    words = WORDS[lang]
    questions = []

    def question(match: re.Match) -> str:
        k = first_question + len(questions)
        questions.append((k, match.group("summary"), match.group("answer")))
        see = words["see"].format(answers=words["answers"], k=k)
        return (
            f'<div class="admonition question"><p class="admonition-title">'
            f"{words['question'].format(k=k)}{match.group('summary')}</p>"
            f'<p><a href="#answer-{k}">{html_lib.escape(see)}</a></p></div>'
        )

    # Relocated first, so that the answers keep the lesson's ids and links like the rest of it.
    body = _QUESTION.sub(question, relocate(body, lesson.slug, slugs))
    # Paper cannot be clicked: the other collapsible boxes print open.
    body = re.sub(r"<details(?![^>]*\bopen\b)([^>]*)>", r"<details\1 open>", body)
    title_match = _H1.search(body)
    title = text_of(title_match.group(1)) if title_match else lesson.slug
    return title, body, questions


def _replace_navs(page: str, cls: str, replacement: str) -> str:
    """Replace every ``<nav class="{cls}" …>…</nav>`` (navs nest) with ``replacement``."""
    opening = f'<nav class="{cls}"'
    start = page.find(opening)
    while start != -1:
        depth, pos = 0, start
        for tag in re.finditer(r"<nav\b|</nav>", page[start:]):
            depth += 1 if tag.group(0) == "<nav" else -1
            if depth == 0:
                pos = start + tag.end()
                break
        page = page[:start] + replacement + page[pos:]
        start = page.find(opening, start + len(replacement))
    return page


def _contents_nav(entries: list[tuple[str, str]], label: str) -> str:
    """The table of contents of the sidebar: one link per lesson (the home page's would point nowhere)."""
    items = "".join(
        f'<li class="md-nav__item"><a href="#{slug}" class="md-nav__link">'
        f'<span class="md-ellipsis">{html_lib.escape(title)}</span></a></li>'
        for slug, title in entries
    )
    nav = f'<nav class="md-nav md-nav--secondary" aria-label="{label}">'
    return f'{nav}<ul class="md-nav__list">{items}</ul></nav>'


def print_page(shell_html: str, lessons: list[Lesson], lang: str) -> str:
    """The printable edition: ``shell_html`` (the built home page) with every lesson as its article."""
    words = WORDS[lang]
    slugs = {lesson.slug for lesson in lessons}
    parts, contents, answers, entries = [], [], [], []
    for lesson in lessons:
        title, body, questions = for_print(lesson, slugs, len(answers) + 1, lang)
        entries.append((lesson.slug, title))
        contents.append(f'<li><a href="#{lesson.slug}">{html_lib.escape(title)}</a></li>')
        parts.append(f'<section class="gg-print-lesson" id="{lesson.slug}">\n{body}\n</section>')
        answers += questions
    answer_html = "\n".join(
        f'<h3 id="answer-{k}">{words["answer"].format(k=k)}{summary}</h3>\n{answer}'
        for k, summary, answer in answers
    )
    site_title = text_of(re.search(r"<title>(.*?)</title>", shell_html, re.DOTALL).group(1))
    content = "\n".join(
        [
            f'<h1 id="print-edition">{html_lib.escape(site_title)}: {words["title"]}</h1>',
            f'<p class="gg-print-intro">{words["intro"]}</p>',
            f'<h2 id="contents">{words["contents"]}</h2>',
            '<ol class="gg-print-contents">',
            *contents,
            "</ol>",
            *parts,
            f'<section class="gg-print-lesson gg-print-answers" id="answers">\n'
            f'<h2 id="answers-title">{words["answers"]}</h2>\n{answer_html}\n</section>',
        ]
    )
    page = _ARTICLE.sub(
        lambda _: f'<article class="md-content__inner md-typeset">\n{content}\n</article>',
        shell_html,
        count=1,
    )
    page = re.sub(
        r"<title>.*?</title>",
        f"<title>{html_lib.escape(words['title'])} - {html_lib.escape(site_title)}</title>",
        page,
        count=1,
        flags=re.DOTALL,
    )
    page = re.sub(r'(<link rel="canonical" href="[^"]*?)"', rf'\1{PRINT_FILE}"', page, count=1)
    # The home page's own anchors point nowhere here: the skip link and its table of contents.
    page = re.sub(r'<a href="#[^"]*" class="md-skip">', '<a href="#print-edition" class="md-skip">', page)
    page = _replace_navs(page, "md-nav md-nav--secondary", _contents_nav(entries, words["contents"]))
    style = (
        "<style>.gg-print-lesson{break-before:page}"
        ".gg-print-lesson h1{margin-top:0}"
        "@media print{.gg-print-contents a{color:inherit}}</style>"
    )
    return page.replace("</head>", style + "\n</head>", 1)


def write_print_editions(
    site_dir: Path, sources: list[str], languages: tuple[str, ...] = ("en", "zh")
) -> list[Path]:
    """Write ``print.html`` for each language from the built site; ``sources`` are the lessons'
    English source paths (``chain-rule.md``) in navigation order. Returns the files written."""
    written = []
    for lang in languages:
        root = site_dir if lang == "en" else site_dir / lang
        lessons = []
        for src in sources:
            slug = PurePosixPath(src).with_suffix("").as_posix()
            built = root / slug / "index.html"
            if not built.is_file():
                raise ValueError(f"print edition: {built.relative_to(site_dir)} was not built")
            lessons.append(Lesson(slug, built.read_text(encoding="utf-8")))
        shell = (root / "index.html").read_text(encoding="utf-8")
        out = root / PRINT_FILE
        out.write_text(print_page(shell, lessons, lang), encoding="utf-8")
        written.append(out)
    return written
