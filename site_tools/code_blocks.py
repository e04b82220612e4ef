r"""Examples that are copied from a page run when pasted.

A page writes an interactive example as a ```` ```python ```` fence whose lines start with
``>>>`` (the tests run it as a doctest).  Highlighted as Python, its prompts and its output
would be copied along with the code, and the pasted example would fail at line 1.  This
module highlights such a fence as a Python console session (``pycon``) instead: Pygments
then marks the prompts (``.gp``) and the output (``.go``), and the site's stylesheet hides
both while Material's copy button reads the block, so the button copies only the code.

Examples
--------
>>> from site_tools.code_blocks import console_fences
>>> out = console_fences("```python\n>>> 1 + 1\n2\n```\n```python\nx = 1\n```")
>>> [line for line in out.splitlines() if line.startswith("```")]
['```pycon', '```', '```python', '```']
"""

from __future__ import annotations

import itertools
import re

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>[^\n]*)$")


def console_fences(markdown: str) -> str:
    """``markdown`` with every ``python`` fence that starts with ``>>>`` marked ``pycon``."""
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        mark, info = m["mark"], m["info"].strip()
        end = i + 1
        while end < len(lines):
            close = _FENCE.match(lines[end])
            closes = close and close["mark"][0] == mark[0] and len(close["mark"]) >= len(mark)
            if closes and not close["info"].strip():
                break
            end += 1
        body = [line.strip() for line in lines[i + 1 : end] if line.strip()]
        words = info.split(maxsplit=1)
        if words and words[0] == "python" and body and body[0].startswith(">>>"):
            lines[i] = f"{m['indent']}{mark}pycon{(' ' + words[1]) if len(words) > 1 else ''}"
        i = end + 1
    return "\n".join(lines)


#: A Pygments token that looks exactly like the code around it: a plain name (``.n``: Material
#: colours it with the code's own colour) or whitespace (``.w``: no style at all).
_PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*)</span>')


def plain_tokens(html: str) -> str:
    """``html`` without the elements of Pygments tokens that look like the text around them.

    Every name in highlighted code is an element of its own; an API page has a thousand of them,
    and a phone styles and lays out each one when the page loads. The text stays as it was.

    Examples
    --------
    >>> plain_tokens('<code><span class="n">x</span><span class="w"> </span><span class="o">=</span></code>')
    '<code>x <span class="o">=</span></code>'
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
