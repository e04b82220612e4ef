"""Work a phone would do when a page loads, done once when the site is built.

On a phone, the costly part of loading a page is not the download but styling and laying out
its elements, and Material's script adds to it: each change it makes to a page that is already
there can make the browser restyle the whole page. This module writes three of those changes
into the HTML at build time (the hook's ``on_page_content`` calls :func:`prepare`):

- :func:`plain_tokens`: fewer elements in highlighted code;
- :func:`copy_buttons`: each code block's copy button, in the page from the start;
- :func:`table_wrappers`: each table in Material's scrolling wrapper, so that the script does
  not move it.

The two other load-time restyles are avoided in the theme overrides: the root's classes are set
in the head (``docs/overrides/main.html``) and the palette toggle is the site's own
(``docs/overrides/partials/palette.html``). CONTRIBUTING ("Page speed on a phone") has the
measurements.

Examples
--------
>>> html = '<p>See</p><table><tr><td>1</td></tr></table><pre><span></span><code>x</code></pre>'
>>> out = prepare(html, "en")
>>> '<div class="md-typeset__table"><table class="gg-table"><tr>' in out
True
"""

from __future__ import annotations

import itertools
import re


def prepare(html: str, lang: str) -> str:
    """``html`` (a page's content, in language ``lang``) with all of this module's changes."""
    return table_wrappers(copy_buttons(plain_tokens(html), lang))


#: A Pygments token that looks exactly like the code around it: a plain name (``.n``: Material
#: colours it with the code's own colour) or whitespace (``.w``: no style at all).
_PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*|<(autoref|a|span)\b[^>]*>[^<]*</\2>)</span>')


def plain_tokens(html: str) -> str:
    """``html`` without the elements of Pygments tokens that look like the text around them.

    Every name in highlighted code is an element of its own; an API page has a thousand of them,
    and a phone styles and lays out each one when the page loads. The text stays as it was; a
    name in a signature that mkdocstrings gave a tooltip (``<span title="typing.Any">``) keeps
    that element (mkdocs-autorefs writes it, from an ``<autoref>``, after this has run), or its
    link, without the name's element around it.

    Examples
    --------
    >>> plain_tokens('<code><span class="n">x</span><span class="w"> </span><span class="o">=</span></code>')
    '<code>x <span class="o">=</span></code>'
    >>> plain_tokens('<span class="n"><autoref identifier="typing.Any" optional hover>Any</autoref></span>')
    '<autoref identifier="typing.Any" optional hover>Any</autoref>'
    """
    return _PLAIN_TOKEN.sub(r"\1", html)


#: Material's words for its copy button (its partials/languages/{en,zh}.html, "clipboard.copy").
COPY_TITLE = {"en": "Copy to clipboard", "zh": "复制"}

#: A highlighted block as pymdownx.highlight writes it: the wrapper's classes, then the <pre>.
_CODE_BLOCK = re.compile(
    r'<div class="(?P<classes>[^"]*\bhighlight\b[^"]*)">'
    r'(?P<title><span class="filename">[^<]*</span>)?<pre><span></span><code>'
)


def copy_buttons(html: str, lang: str) -> str:
    """``html`` with Material's copy button written into every highlighted code block.

    Material's script would add the same button to each block when the page loads, measuring
    the block after each insertion: on an API page with sixty blocks, sixty style and layout
    passes over the whole page, a third of a phone's blocking time there. Written here, the
    button is in the page from the start, and the block is marked ``no-copy`` so that the
    script adds no second one; Material's clipboard handler (on every ``data-clipboard-target``)
    copies as before. Each block's ``<code>`` gets an id of its own for the button to name.
    The button sits in a ``div`` (Material's own is a ``nav``: a landmark per code block, which
    a screen reader lists among the page's regions, and axe reports as landmarks without names).

    Examples
    --------
    >>> block = '<div class="language-python highlight"><pre><span></span><code>x</code></pre></div>'
    >>> out = copy_buttons(block, "en")
    >>> 'class="language-python highlight no-copy"' in out, 'data-clipboard-target="#gg-code-0"' in out
    (True, True)
    >>> '<code id="gg-code-0">x</code>' in out, 'title="Copy to clipboard"' in out
    (True, True)
    """
    title = COPY_TITLE[lang]
    count = itertools.count()

    def button(m: re.Match) -> str:
        k = next(count)
        return (
            f'<div class="{m["classes"]} no-copy">{m["title"] or ""}<pre><span></span>'
            f'<div class="md-code__nav"><button class="md-code__button" title="{title}" '
            f'data-clipboard-target="#gg-code-{k}" data-md-type="copy"></button></div>'
            f'<code id="gg-code-{k}">'
        )

    return _CODE_BLOCK.sub(button, html)


#: A table as Material's script finds it (``table:not([class])``), with its content.
_TABLE = re.compile(r"<table(?P<attrs>(?![^>]*\bclass=)[^>]*)>(?P<body>.*?)</table>", re.DOTALL)

#: The class of a table the build has wrapped; docs/assets/stylesheets/extra.css gives it the
#: look Material gives a table without a class.
TABLE_CLASS = "gg-table"


def table_wrappers(html: str) -> str:
    """``html`` with each table in the scrolling wrapper Material's script would put it in.

    When a page loads, Material moves every table without a class into a scrolling wrapper of
    its own (``div.md-typeset__scrollwrap > div.md-typeset__table``). Moving an element takes
    it off the page and puts it back: the browser builds the table's boxes again (measuring its
    text again), and restyles the article around it. On the glossary page, one long table of
    Chinese terms, that was most of a phone's blocking time. Written here, the wrapper is in
    the page from the start; the table gets a class (:data:`TABLE_CLASS`), so that Material's
    script leaves it where it is, and the site's stylesheet gives that class Material's look.

    Examples
    --------
    >>> out = table_wrappers('<table><tr><td>1</td></tr></table>')
    >>> out.startswith('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">')
    True
    >>> out.endswith('<table class="gg-table"><tr><td>1</td></tr></table></div></div>')
    True
    >>> table_wrappers('<table class="highlighttable"><tr><td>1</td></tr></table>')
    '<table class="highlighttable"><tr><td>1</td></tr></table>'
    """
    return _TABLE.sub(
        lambda m: (
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table class="{TABLE_CLASS}"{m["attrs"]}>{m["body"]}</table></div></div>'
        ),
        html,
    )
