"""Math typeset at build time: KaTeX runs once, in the build, not in every reader's browser.

``pymdownx.arithmatex`` (generic mode) leaves each formula of a page as TeX in an element of
class ``arithmatex``: ``<span class="arithmatex">\\(x\\)</span>`` inline and
``<div class="arithmatex">\\[x\\]</div>`` on a line of its own. :func:`typeset_math` replaces
that TeX with the HTML that KaTeX's ``renderToString`` makes of it, so the page needs KaTeX's
stylesheet and fonts only, and no script. KaTeX is the vendored ``katex.min.js``
(``docs/assets/vendor/katex/``), run by V8 through the ``mini-racer`` package: the markup is
the one the browser used to make, and the same TeX gives the same bytes on every build.

KaTeX's markup holds the formula twice: as MathML, which screen readers read, and as HTML,
which is what is seen.

:func:`typeset_page` does that for a whole page and also drops the link to KaTeX's stylesheet
from a page without math, so that such a page waits for one stylesheet less before it shows.

TeX that KaTeX cannot read stops the build with :class:`MathError`, naming the page, the TeX
and KaTeX's reason (in the browser it was a red formula, easy to miss).

Examples
--------
>>> html = '<p>Area <span class="arithmatex">\\\\(a \\\\times b\\\\)</span>.</p>'
>>> out = typeset_math(html, "area.md")
>>> out.startswith('<p>Area <span class="arithmatex"><span><span class="katex">')
True
>>> "\\\\(" in out, "<math" in out
(False, True)
>>> typeset_math('<span class="arithmatex">\\\\(\\\\frac{1}\\\\)</span>', "bad.md")
Traceback (most recent call last):
...
site_tools.math_render.MathError: bad.md: KaTeX cannot typeset '\\\\frac{1}': KaTeX parse error: ...
"""

from __future__ import annotations

import atexit
import functools
import html
import re

from site_tools.paths import DOCS

#: KaTeX, vendored: the build runs this file (the site itself serves only its CSS and fonts).
KATEX_JS = DOCS / "assets" / "vendor" / "katex" / "katex.min.js"

#: One formula as arithmatex writes it: the element, then its (HTML-escaped) TeX.
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)

#: The link to KaTeX's stylesheet that ``extra_css`` puts in every page's head.
KATEX_STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*assets/vendor/katex/katex\.min\.css">\n?')

#: arithmatex's delimiters: opening, closing, and whether the formula is displayed on its own line.
DELIMITERS = {"\\(": ("\\)", False), "\\[": ("\\]", True)}

# KaTeX's error is returned as a value, not thrown: a JavaScript exception would carry the whole
# minified line of katex.min.js in its message.
_TYPESET_JS = """
function typeset(tex, display) {
  try {
    return katex.renderToString(tex, {displayMode: display, throwOnError: true});
  } catch (error) {
    return {error: String(error.message)};
  }
}
"""


class MathError(ValueError):
    """TeX that KaTeX cannot typeset, or a formula element without its delimiters."""


@functools.cache
def _katex():
    """V8 with KaTeX loaded: made once per process, closed when the process ends."""
    from py_mini_racer import MiniRacer

    racer = MiniRacer()
    # Closed before the interpreter shuts down: mini-racer's own clean-up at shutdown waits
    # forever for its event-loop thread.
    atexit.register(racer.close)
    racer.eval(KATEX_JS.read_text(encoding="utf-8"))
    racer.eval(_TYPESET_JS)
    return racer


@functools.lru_cache(maxsize=4096)
def render_tex(tex: str, display: bool) -> str:
    """KaTeX's HTML for ``tex``, displayed on its own line or inline.

    Parameters
    ----------
    tex : str
        The formula, without delimiters.
    display : bool
        True for a displayed formula (``\\[…\\]``), False for one inside a line (``\\(…\\)``).

    Returns
    -------
    str
        ``<span class="katex">…</span>``, wrapped in ``<span class="katex-display">`` when
        displayed.

    Raises
    ------
    MathError
        When KaTeX cannot read ``tex``; the message is KaTeX's.

    Examples
    --------
    >>> render_tex("x^2", display=False).startswith('<span class="katex"><span class="katex-mathml">')
    True
    >>> render_tex("x^2", display=True).startswith('<span class="katex-display">')
    True
    """
    result = _katex().call("typeset", tex, display)
    if not isinstance(result, str):
        raise MathError(result["error"])
    return result


def typeset_math(page_html: str, where: str) -> str:
    """``page_html`` with the TeX of every ``arithmatex`` element typeset by KaTeX.

    Parameters
    ----------
    page_html : str
        A page's HTML, or a part of it, as ``pymdownx.arithmatex`` (generic mode) left it.
    where : str
        The page, for the error message (``docs/layers.zh.md``).

    Returns
    -------
    str
        The same HTML; each formula element keeps its tag and class and holds KaTeX's markup
        instead of TeX. HTML without formulas comes back unchanged.

    Raises
    ------
    MathError
        Naming ``where`` and the TeX, when KaTeX cannot typeset a formula or a formula element
        lacks its ``\\(…\\)`` or ``\\[…\\]`` delimiters.

    Examples
    --------
    >>> out = typeset_math('<div class="arithmatex">\\\\[\\nx &lt; 1\\n\\\\]</div>', "p.md")
    >>> out.startswith('<div class="arithmatex"><span><span class="katex-display">')
    True
    >>> typeset_math("<p>No math.</p>", "p.md")
    '<p>No math.</p>'
    """

    def one(match: re.Match[str]) -> str:
        tag, text = match.group(1), html.unescape(match.group(2)).strip()
        opening, closing = text[:2], text[-2:]
        if opening not in DELIMITERS or DELIMITERS[opening][0] != closing or len(text) < 4:
            raise MathError(f"{where}: a formula must be written as \\(…\\) or \\[…\\], found {text[:60]!r}")
        tex = text[2:-2]
        try:
            rendered = render_tex(tex, DELIMITERS[opening][1])
        except MathError as exc:
            reason = " ".join(str(exc).split())  # KaTeX quotes a formula of several lines as it is
            raise MathError(f"{where}: KaTeX cannot typeset {tex.strip()!r}: {reason}") from None
        # In a span of its own, as KaTeX's auto-render put it in the browser: the same page as before.
        return f'<{tag} class="arithmatex"><span>{rendered}</span></{tag}>'

    return ARITHMATEX.sub(one, page_html)


def typeset_page(page_html: str, where: str) -> str:
    """A whole page with its math typeset (:func:`typeset_math`); without math, without KaTeX's CSS.

    Examples
    --------
    >>> head = '<head><link rel="stylesheet" href="../assets/vendor/katex/katex.min.css">\\n</head>'
    >>> typeset_page(head + "<p>No math.</p>", "glossary.md")
    '<head></head><p>No math.</p>'
    >>> out = typeset_page(head + '<p><span class="arithmatex">\\\\(x\\\\)</span></p>', "layers.md")
    >>> "katex.min.css" in out, '<span class="katex">' in out
    (True, True)
    """
    typeset = typeset_math(page_html, where)
    if ARITHMATEX.search(page_html):
        return typeset
    return KATEX_STYLESHEET.sub("", typeset)
