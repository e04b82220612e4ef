"""Chinese typesetting of the site: what the build does (site_tools/typesetting.py) and what the
built Chinese pages must never show.

- no space between two Chinese characters or next to full-width punctuation (a line break in the
  Markdown source must render as nothing there);
- no italic Chinese text (Chinese fonts have no italic; browsers slant the glyphs);
- no page title that repeats the site name ("X - X");
- theme strings (heading-link tooltip, footer, copy button) and mkdocstrings labels ("Bases:")
  in Chinese on Chinese pages;
- spacing between Chinese and Latin text as AutoCorrect (autocorrect-py, configured by
  .autocorrectrc) wants it, in every Chinese Markdown source.

The built-site tests reuse the session's one strict build (``built_site`` in conftest.py).
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import autocorrect_py as autocorrect
import pytest

from site_tools import typesetting
from site_tools.paths import REPO
from site_tools.site_config import site_config
from site_tools.typesetting import (
    dedupe_title,
    italic_chinese,
    join_soft_breaks,
    soft_break_spaces,
    upright_emphasis,
)

ZH_SOURCES = sorted((REPO / "docs").rglob("*.zh.md"))


def zh_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "zh").rglob("index.html") if "assets" not in p.parts)


def all_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


def rel(site: Path, page: Path) -> str:
    return page.relative_to(site).as_posix()


# --------------------------------------------------------------------------------------------
# The build's typesetting, unit by unit
# --------------------------------------------------------------------------------------------


def test_typesetting_examples_run():
    result = doctest.testmod(typesetting, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # between Chinese characters, and next to full-width punctuation: nothing
        ("<p>全部求出来。\n本站讲解</p>", "<p>全部求出来。本站讲解</p>"),
        ("<li>平方节点乘以 2t：\n   <span class=\"arithmatex\">\\(x\\)</span></li>",
         "<li>平方节点乘以 2t：<span class=\"arithmatex\">\\(x\\)</span></li>"),
        ("<p>（见第 5 章）\nPython 引擎</p>", "<p>（见第 5 章）Python 引擎</p>"),
        ("<p>反向<a href='#x'>传播</a>\n<em>的</em>值</p>", "<p>反向<a href='#x'>传播</a><em>的</em>值</p>"),
        ("<p>他说“好”\n就走了</p>", "<p>他说“好”就走了</p>"),
        # between Chinese and Latin (or math, or code): a space, as Chinese technical style wants
        ("<p>用\nPython 写</p>", "<p>用\nPython 写</p>"),
        ("<p>乘以\n<span class='arithmatex'>\\(x\\)</span></p>",
         "<p>乘以\n<span class='arithmatex'>\\(x\\)</span></p>"),
        ("<p>调用\n<code>backward</code></p>", "<p>调用\n<code>backward</code></p>"),
        # English text with curly quotes or dashes is English
        ("<p>the “apple”\nnode — and\n—more</p>", "<p>the “apple”\nnode — and\n—more</p>"),
        # code, math and block boundaries untouched
        ("<pre><code>甲\n乙</code></pre>", "<pre><code>甲\n乙</code></pre>"),
        ("<div class=\"arithmatex\">\\[\\text{甲}\n\\text{乙}\\]</div>",
         "<div class=\"arithmatex\">\\[\\text{甲}\n\\text{乙}\\]</div>"),
        ("<p>甲。</p>\n<p>乙</p>", "<p>甲。</p>\n<p>乙</p>"),
        ("<script>var a = '甲'\n'乙'</script>", "<script>var a = '甲'\n'乙'</script>"),
    ],
)  # fmt: skip
def test_join_soft_breaks(html, expected):
    assert join_soft_breaks(html) == expected


def test_join_soft_breaks_leaves_no_measured_space():
    html = "<article><p>就需要梯度，\n也就是导数。<strong>局部计算</strong>\n让节点\n简单。</p></article>"
    assert len(soft_break_spaces(html)) == 3
    assert soft_break_spaces(join_soft_breaks(html)) == []


def test_upright_emphasis_only_for_chinese():
    html = '<p><em>通过</em> <em>h</em> <em class="x">反向 <code>x</code></em></p>'
    assert upright_emphasis(html) == (
        '<p><strong>通过</strong> <em>h</em> <strong class="x">反向 <code>x</code></strong></p>'
    )
    assert italic_chinese("<article>" + upright_emphasis(html) + "</article>") == []


def test_dedupe_title_only_when_equal():
    assert dedupe_title("<title>Why - Why</title>") == "<title>Why</title>"
    assert dedupe_title("<title>Layers - Why</title>") == "<title>Layers - Why</title>"


# --------------------------------------------------------------------------------------------
# The built Chinese pages
# --------------------------------------------------------------------------------------------


def test_chinese_pages_have_no_soft_break_spaces(built_site: Path):
    found = {
        rel(built_site, page): spaces
        for page in zh_pages(built_site)
        if (spaces := soft_break_spaces(page.read_text(encoding="utf-8")))
    }
    assert found == {}, f"spaces between Chinese characters or next to full-width punctuation: {found}"


def test_chinese_pages_have_no_italic_chinese_text(built_site: Path):
    found = {
        rel(built_site, page): runs
        for page in zh_pages(built_site)
        if (runs := italic_chinese(page.read_text(encoding="utf-8")))
    }
    assert found == {}, f"italic Chinese text (use **bold**): {found}"


def test_no_page_title_repeats_the_site_name(built_site: Path):
    titles = {rel(built_site, p): re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1)
              for p in all_pages(built_site)}  # fmt: skip
    repeated = {page: t for page, t in titles.items() if len(set(t.split(" - "))) < len(t.split(" - "))}
    assert repeated == {}
    assert titles["zh/efficiency/index.html"] == "为什么反向传播更高效"
    assert titles["zh/chain-rule/index.html"] == "链式法则 - 为什么反向传播更高效"


def test_heading_links_have_a_tooltip_in_the_page_language(built_site: Path):
    wrong = {}
    for page in all_pages(built_site):
        want = "永久链接" if rel(built_site, page).startswith("zh/") else "Permanent link"
        tooltips = re.findall(
            r'<a class="headerlink" href="[^"]*" title="([^"]*)"', page.read_text(encoding="utf-8")
        )
        assert tooltips, f"{rel(built_site, page)} has no heading links"
        if set(tooltips) != {want}:
            wrong[rel(built_site, page)] = sorted(set(tooltips))
    assert wrong == {}


# Latin words the Chinese pages' frame may show: names, not English text.
# The repository's name (repo_name of mkdocs.yml) is one of them.
FRAME_NAMES = {"English", "graphgrad", "Material for MkDocs", "MIT", "API", site_config().repo_name, "GitHub"}


def _frame_strings(html: str) -> set[str]:
    """Latin-only text and tooltips of the page outside its article (header, navigation, footer).

    Names the article itself shows (API objects in the table of contents) are left out.
    """
    article = re.search(r"<article\b.*?</article>", html, flags=re.DOTALL)
    article_text = re.sub(r"<[^>]+>", " ", article.group(0)) if article else ""
    frame = re.sub(r"<article\b.*?</article>", "", html, flags=re.DOTALL)
    frame = re.sub(r"<(script|style|svg)\b[^>]*>.*?</\1>", "", frame, flags=re.DOTALL)
    strings = set(re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', frame))
    strings |= {line.strip() for line in re.sub(r"<[^>]+>", "\n", frame).splitlines()}
    return {
        s
        for s in strings
        if re.search(r"[A-Za-z]{2,}", s)
        and not typesetting.HAS_CJK.search(s)
        and s not in FRAME_NAMES
        and not re.fullmatch(r"graphgrad(\.\w+)*", s)
        and s.replace("&nbsp;", "").strip() not in article_text
    }


def test_chinese_pages_frame_is_in_chinese(built_site: Path):
    english = {}
    for page in zh_pages(built_site):
        html = page.read_text(encoding="utf-8")
        if left := _frame_strings(html):
            english[rel(built_site, page)] = sorted(left)
        # The theme's JavaScript strings: the copy button's tooltip and the search messages.
        assert '"clipboard.copy": "\\u590d\\u5236"' in html, (
            f"{rel(built_site, page)}: copy button not in Chinese"
        )
    assert english == {}


def test_chinese_api_pages_label_in_chinese(built_site: Path):
    labels = {}
    for page in sorted((built_site / "zh" / "reference").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        found = re.findall(r"<th\b[^>]*>([^<]*)</th>", html)
        found += re.findall(r'class="doc-section-title">\s*([^<]*?)\s*<', html)
        found += re.findall(r'class="doc doc-class-bases">\s*([^<]*?)\s*<', html)
        english = sorted({label for label in found if re.search(r"[A-Za-z]", label)})
        if english:
            labels[rel(built_site, page)] = english
    assert labels == {}
    bases = (built_site / "zh" / "reference" / "layers" / "index.html").read_text(encoding="utf-8")
    assert "基类：" in bases and "Bases:" not in bases


# --------------------------------------------------------------------------------------------
# The Chinese sources: spacing between Chinese and Latin text
# --------------------------------------------------------------------------------------------


def test_chinese_sources_follow_autocorrect():
    autocorrect.load_config((REPO / ".autocorrectrc").read_text(encoding="utf-8"))
    problems = []
    for path in ZH_SOURCES:
        result = autocorrect.lint_for(path.read_text(encoding="utf-8"), path.name)
        for line in result.lines:
            problems.append(f"{path.relative_to(REPO)}:{line.line}: {line.old!r} -> {line.new!r}")
    assert ZH_SOURCES and problems == [], "\n".join(problems)


# --------------------------------------------------------------------------------------------
# The Chinese pages' examples: comments and printed text in Chinese
# --------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^```(?:python|py|pycon)\b[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_WORD = re.compile(r"[A-Za-z]{3,}")


def _example_code(block: str) -> str:
    """The Python code of a fence: a doctest's statements (not its expected output), or all of it."""
    lines = block.splitlines()
    if not any(line.startswith(">>>") for line in lines):
        return block
    return "\n".join(line[4:] for line in lines if line.startswith((">>> ", "... ", ">>>", "...")))


def english_in_examples(markdown: str) -> list[str]:
    """Comments and printed string literals with English words (and no Chinese) in a page's examples.

    In a comment, a word that is a name in the code (``# d(output)/d(output) = 1``) is not English.
    """
    import ast
    import io
    import tokenize

    found = []
    for fence in _FENCE.finditer(markdown):
        code = _example_code(fence.group(1))
        tokens = list(tokenize.generate_tokens(io.StringIO(code + "\n").readline))
        names = {t.string for t in tokens if t.type == tokenize.NAME} | {"noqa", "doctest"}
        texts = [(t.string, names) for t in tokens if t.type == tokenize.COMMENT]
        for node in ast.walk(ast.parse(code)):  # print("...") and print(f"...{x}...")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                for arg in node.args:
                    parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
                    text = "".join(p.value for p in parts if isinstance(getattr(p, "value", None), str))
                    if text:
                        texts.append((repr(text), set()))
        for text, known in texts:
            if set(_WORD.findall(text)) - known and not typesetting.HAS_CJK.search(text):
                found.append(text.strip())
    return found


def test_english_in_examples_finds_comments_and_printed_text():
    page = (
        '```python\n>>> y = f(x)   # value, dz/dx\n>>> print("depth  paths")\n'
        ">>> z = g(y)   # 导数 dz/dx\n>>> output = 1  # d(output)/d(output)\n```\n"
    )
    assert english_in_examples(page) == ["# value, dz/dx", "'depth  paths'"]


def test_chinese_examples_comment_and_print_in_chinese():
    found = {
        str(path.relative_to(REPO)): english
        for path in ZH_SOURCES
        if (english := english_in_examples(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"English comments or printed text in Chinese pages' examples: {found}"


# --------------------------------------------------------------------------------------------
# Words of the diagrams and plots
# --------------------------------------------------------------------------------------------

_HALF_WIDTH_NEXT_TO_CHINESE = re.compile(
    f"[{typesetting.CJK_LETTERS}] ?[,:;()!?]|[,:;()!?] ?[{typesetting.CJK_LETTERS}]"
    f"|[{typesetting.CJK_LETTERS}] [{typesetting.CJK_LETTERS}]"
)


def test_diagram_and_plot_words_follow_chinese_typesetting():
    from graphgrad import labels
    from site_tools.figure_examples import FIGURE_TITLES
    from site_tools.figure_words import FIGURE_TEXTS
    from site_tools.plot_words import PLOT_TEXTS

    catalogues = {
        "labels.TERMS": labels.TERMS,
        "labels.TEXTS": labels.TEXTS,
        "labels.NODE_NAMES": labels.NODE_NAMES,
        "labels.EXAMPLE_TITLES": labels.EXAMPLE_TITLES,
        "figure_words.FIGURE_TEXTS": FIGURE_TEXTS,
        "figure_examples.FIGURE_TITLES": FIGURE_TITLES,
        "plot_words.PLOT_TEXTS": PLOT_TEXTS,
    }
    autocorrect.load_config((REPO / ".autocorrectrc").read_text(encoding="utf-8"))
    wrong = []
    for name, catalogue in catalogues.items():
        for key, (_, zh) in catalogue.items():
            if _HALF_WIDTH_NEXT_TO_CHINESE.search(zh) or autocorrect.format(zh) != zh:
                wrong.append(f"{name}[{key!r}]: {zh!r} (AutoCorrect: {autocorrect.format(zh)!r})")
            if re.search(r"\d[eE][-+]?\d", zh):
                wrong.append(f"{name}[{key!r}]: {zh!r} (write 10⁻⁴, not 1e-4)")
    assert wrong == [], "\n".join(wrong)


# --------------------------------------------------------------------------------------------
# The book's terms (src/graphgrad/glossary.csv): words the Chinese pages must not use for them
# --------------------------------------------------------------------------------------------

#: A word that drifts from the book's Chinese edition -> the glossary's word.
NOT_THE_BOOKS_WORD = {
    "前向传播": "正向传播 (forward pass), or 前向模式 (forward mode of differentiation)",
    "恒等输出": "恒等函数",
    "平方误差": "平方和误差, or 均方误差 where it is a mean",
    "Hessian": "黑塞矩阵",
    "海森": "黑塞矩阵",
    "原语": "基本运算",
    "价格": "单价 (100 per apple) or 金额 (200 for the apples)",
    "种子": "初始值 (the backward pass starts from 1)",
    "小批量": "mini-batch",
    "随机梯度下降(?!法)": "随机梯度下降法（SGD）",
    r"\d\s*元(?!素)": "日元",
}
_QUOTED = re.compile(r"“[^”]*”|`[^`\n]*`|\$[^$\n]*\$|《[^》]*》")


def test_chinese_pages_and_labels_use_the_books_terms():
    from graphgrad import labels
    from site_tools.figure_examples import FIGURE_TITLES
    from site_tools.figure_words import FIGURE_TEXTS
    from site_tools.plot_words import PLOT_TEXTS

    texts = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in ZH_SOURCES}
    for name, catalogue in {
        "labels.TERMS": labels.TERMS,
        "labels.TEXTS": labels.TEXTS,
        "labels.EXAMPLE_TITLES": labels.EXAMPLE_TITLES,
        "figure_words.FIGURE_TEXTS": FIGURE_TEXTS,
        "figure_examples.FIGURE_TITLES": FIGURE_TITLES,
        "plot_words.PLOT_TEXTS": PLOT_TEXTS,
    }.items():
        texts[name] = "\n".join(zh for _, zh in catalogue.values())
    drift = []
    for where, text in texts.items():
        for number, line in enumerate(_QUOTED.sub("", text).splitlines(), 1):
            for word, books in NOT_THE_BOOKS_WORD.items():
                if re.search(word, line):
                    drift.append(f"{where}:{number}: {word!r} -> {books}: {line.strip()[:80]}")
    assert drift == [], "\n".join(drift)


def test_chinese_plot_texts_follow_chinese_typesetting():
    """Every text a Chinese plot shows (title, axes, legend, notes), drawn from the committed results."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from site_tools.bench import plots
    from site_tools.bench import results as R
    from site_tools.paths import RESULTS

    wrong = []
    for name, (study, draw, size) in plots.PLOTS.items():
        data = R.load(RESULTS, study)
        with matplotlib.rc_context(plots._style("zh", "light")):
            fig = Figure(figsize=size, layout="constrained")
            draw(fig, data, "zh", "light")
            texts = {t.get_text() for t in fig.findobj(Text) if t.get_text().strip()}
        for text in sorted(texts):
            chinese = typesetting.HAS_CJK.search(text)
            if chinese and _HALF_WIDTH_NEXT_TO_CHINESE.search(text):
                wrong.append(f"{name}: {text!r} (half-width punctuation or a space next to Chinese)")
            if re.search(r"\d[eE][-+]?\d", text):
                wrong.append(f"{name}: {text!r} (write 10⁻⁴, not 1e-4)")
            if chinese and re.search(r"[^\x00-\x7f], [^\x00-\x7f]|\S, \S*[\u4e00-\u9fff]", text):
                wrong.append(f"{name}: {text!r} (a Latin comma between Chinese parts)")
    assert wrong == [], "\n".join(wrong)
