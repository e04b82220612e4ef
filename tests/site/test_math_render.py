"""Math typeset at build time (site_tools/math_render.py): KaTeX's markup, made by the build.

The built pages are checked in test_site_build.py (no math script, nothing left untypeset) and in
the browser by test_browser.py (every formula drawn, with KaTeX's fonts, no math script loaded).
"""

from __future__ import annotations

import re

import pytest

from site_tools.math_render import KATEX_JS, MathError, render_tex, typeset_math, typeset_page

FORMULAS = [
    (r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial z}\frac{\partial z}{\partial x}", False),
    (r"x < 1 \quad \text{and} \quad y > 2", False),
    (r"\begin{aligned} z &= x \times y \\ \frac{\partial z}{\partial x} &= y \end{aligned}", True),
    (r"\text{梯度} = \nabla f", True),
]


def test_inline_and_displayed_formulas_keep_their_element_and_get_katex_markup():
    html = (
        '<p>Mul: <span class="arithmatex">\\(z = x \\times y\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\nx &lt; 1 \\text{ \\&amp; ok}\n\\]</div>'
    )
    out = typeset_math(html, "docs/p.md")
    inline, display = re.findall(r'<(span|div) class="arithmatex">', out)
    assert (inline, display) == ("span", "div")
    # Each formula in a span of its own, as KaTeX's auto-render left it in the browser.
    assert out.startswith(
        '<p>Mul: <span class="arithmatex"><span><span class="katex"><span class="katex-mathml">'
    )
    assert '<div class="arithmatex"><span><span class="katex-display"><span class="katex">' in out
    # KaTeX was given the TeX, not its HTML escapes: the annotation (the TeX, re-escaped once) says so.
    annotations = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', out, re.DOTALL)
    assert annotations == ["z = x \\times y", "\nx &lt; 1 \\text{ \\&amp; ok}\n"]
    assert "\\(" not in out and "\\[" not in out
    assert out.endswith("</div>") and out.count("</p>") == 1


def test_same_tex_gives_the_same_bytes():
    html = "".join(
        f'<div class="arithmatex">\\[{tex}\\]</div>'
        if display
        else f'<span class="arithmatex">\\({tex}\\)</span>'
        for tex, display in FORMULAS
    )
    assert typeset_math(html, "a.md") == typeset_math(html, "b.md")
    render_tex.cache_clear()
    assert typeset_math(html, "a.md") == typeset_math(html, "a.md")


def test_html_without_math_is_unchanged():
    html = '<pre><code>&lt;span class="arithmatex"&gt;\\(x\\)&lt;/span&gt;</code></pre><p>\\(not math\\)</p>'
    assert typeset_math(html, "p.md") == html


def test_a_page_without_math_drops_katex_stylesheet_and_one_with_math_keeps_it():
    head = (
        '<head>\n    <link rel="stylesheet" href="../../assets/vendor/katex/katex.min.css">\n'
        '    <link rel="stylesheet" href="../../assets/stylesheets/extra.css">\n</head>'
    )
    plain = typeset_page(head + "<p>\\(not math\\)</p>", "zh/glossary.zh.md")
    assert "katex" not in plain and "extra.css" in plain and plain.endswith("<p>\\(not math\\)</p>")
    with_math = typeset_page(head + '<span class="arithmatex">\\(x\\)</span>', "zh/layers.zh.md")
    assert with_math.count("katex.min.css") == 1 and '<span class="katex">' in with_math


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<span class="arithmatex">\\(\\frac{1}\\)</span>',
            r"layers\.zh\.md: KaTeX cannot typeset '\\\\frac\{1\}': KaTeX parse error: .*",
        ),
        (
            '<span class="arithmatex">\\(\\undefinedmacro x\\)</span>',
            r"layers\.zh\.md: KaTeX cannot typeset '\\\\undefinedmacro x': "
            r"KaTeX parse error: Undefined control sequence",
        ),
        (
            '<span class="arithmatex">x + 1</span>',
            r"layers\.zh\.md: a formula must be written as .* found 'x \+ 1'",
        ),
        ('<div class="arithmatex">\\[x\\)</div>', r"layers\.zh\.md: a formula must be written as"),
        (
            '<div class="arithmatex">\\[\nx &amp; y\n\\]</div>',
            r"layers\.zh\.md: KaTeX cannot typeset 'x & y': KaTeX parse error: Expected 'EOF', got '&'",
        ),
    ],
)
def test_bad_tex_names_the_page_the_tex_and_katex_reason(html, expected):
    with pytest.raises(MathError, match=expected) as info:
        typeset_math('<p>ok <span class="arithmatex">\\(x\\)</span></p>' + html, "layers.zh.md")
    assert "\n" not in str(info.value) and "katex.min.js" not in str(info.value)


@pytest.mark.browser
def test_markup_is_what_katex_makes_in_the_browser(chromium):
    """The build's markup is byte for byte what the same katex.min.js made in the reader's browser."""
    page = chromium.new_page()
    try:
        page.add_script_tag(content=KATEX_JS.read_text(encoding="utf-8"))
        for tex, display in FORMULAS:
            in_browser = page.evaluate(
                "([tex, display]) => katex.renderToString(tex, {displayMode: display, throwOnError: true})",
                [tex, display],
            )
            assert render_tex(tex, display) == in_browser, tex
    finally:
        page.close()
