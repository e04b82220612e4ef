"""Chinese typesetting of the built pages: what Markdown and the browser get wrong for Chinese.

Used by the MkDocs hook ``docs/hooks/site_hooks.py`` (which changes the pages) and by the tests
of the built site (which measure what is left):

- A line break inside a paragraph becomes a space in HTML. Between two Chinese characters, or
  next to full-width punctuation, that space is wrong ("梯度， 也就是"): :func:`join_soft_breaks`
  removes such line breaks, outside code, math, scripts and styles. A break between Chinese and
  Latin text stays, since Chinese technical style puts a space there ("Python 引擎").
- Chinese fonts have no italic; the browser slants the glyphs instead. :func:`upright_emphasis`
  turns ``<em>`` whose text contains Chinese into ``<strong>`` (bold is how Chinese text
  emphasises); Latin-only emphasis such as a variable *h* stays italic.
- Material titles a page "Page - Site"; when the two are equal, :func:`dedupe_title` keeps one.

:func:`soft_break_spaces` and :func:`italic_chinese` find what the first two would fix; the
tests run them on every Chinese page of the built site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Chinese (and Japanese, Korean) letters: CJK ideographs with their extensions, kana, hangul.
CJK_LETTERS = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff"
)
#: Full-width punctuation: CJK symbols (、。「」《》) and full-width forms (，：；！？（）).
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uff60\uffe0-\uffe6"
#: Curly quotes, dash and ellipsis: Chinese text uses them (“”——……), and so does English; they
#: count as Chinese only next to a Chinese character.
SHARED_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2014\u2026"

_LETTER = re.compile(f"[{CJK_LETTERS}]")
_PUNCT = re.compile(f"[{CJK_PUNCTUATION}]")
_SHARED = re.compile(f"[{SHARED_PUNCTUATION}]")
HAS_CJK = re.compile(f"[{CJK_LETTERS}{CJK_PUNCTUATION}]")

#: Inline elements: text runs on through them ("反向<strong>传播</strong>").
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite data del dfn em i ins kbd mark q s samp small span strong sub sup "
    "time u var wbr".split()
)

# One HTML token: a comment, an element whose content is never prose (code, math, scripts,
# styles, inline SVG), or a single tag. Everything between tokens is text.
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(pre|code|script|style|textarea|svg|math)\b[^>]*>.*?</\1\s*>"
    r"|<(span|div)\b[^>]*\bclass=[\"'][^\"']*\barithmatex\b[^\"']*[\"'][^>]*>.*?</\2\s*>"
    r"|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")


@dataclass
class _Token:
    kind: str  # "text", "inline" (an inline tag), "opaque" (code, math: one non-Chinese glyph), "block"
    html: str


def _tokens(html: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    for match in _TOKEN.finditer(html):
        if match.start() > pos:
            tokens.append(_Token("text", html[pos : match.start()]))
        token = match.group(0)
        if match.group(1) or match.group(2):
            kind = "opaque"
        elif token.startswith("<!--"):
            kind = "inline"  # a comment renders as nothing
        else:
            name = _TAG_NAME.match(token)
            kind = "inline" if name and name.group(1).lower() in INLINE_TAGS else "block"
        tokens.append(_Token(kind, token))
        pos = match.end()
    if pos < len(html):
        tokens.append(_Token("text", html[pos:]))
    return tokens


def _neighbour(tokens: list[_Token], index: int, step: int) -> str | None:
    """The first visible character before (step -1) or after (step 1) token ``index``.

    Inline tags are looked through; a block tag ends the search (None); code or math counts as
    a non-Chinese character ("x").
    """
    i = index + step
    while 0 <= i < len(tokens):
        token = tokens[i]
        if token.kind == "block":
            return None
        if token.kind == "opaque":
            return "x"
        if token.kind == "text":
            text = token.html.rstrip() if step < 0 else token.html.lstrip()
            if text:
                return text[-1] if step < 0 else text[0]
            if token.html:  # whitespace only: it is itself a break between the neighbours
                return " "
        i += step
    return None


def is_chinese(char: str) -> bool:
    """Whether ``char`` is a Chinese (CJK) letter or full-width punctuation.

    >>> is_chinese("梯"), is_chinese("，"), is_chinese("“"), is_chinese("x")
    (True, True, False, False)
    """
    return bool(HAS_CJK.match(char))


def breaks_to_nothing(before: str | None, after: str | None) -> bool:
    """Whether a line break between these two characters should render as nothing.

    Between Chinese characters, and next to full-width punctuation, yes; between Chinese and
    Latin text no (the break shows as the space Chinese technical style puts there).

    >>> breaks_to_nothing("度", "也"), breaks_to_nothing("，", "P"), breaks_to_nothing("用", "P")
    (True, True, False)
    """
    if before is None or after is None or before == " " or after == " ":
        return False
    if _PUNCT.match(before) or _PUNCT.match(after):
        return True
    chinese = [bool(_LETTER.match(c)) for c in (before, after)]
    shared = [bool(_SHARED.match(c)) for c in (before, after)]
    return all(c or s for c, s in zip(chinese, shared, strict=True)) and any(chinese)


def join_soft_breaks(html: str) -> str:
    """Remove the line breaks (with their indentation) that would show as a space in Chinese text.

    Examples
    --------
    >>> join_soft_breaks("<p>就需要梯度，\\n也就是导数。全部求出来。\\n本站讲解</p>")
    '<p>就需要梯度，也就是导数。全部求出来。本站讲解</p>'
    >>> join_soft_breaks("<p>用\\n<strong>反向传播</strong>\\n求出</p>")
    '<p>用<strong>反向传播</strong>求出</p>'
    >>> join_soft_breaks("<p>写成\\nPython 代码</p>")  # Chinese-Latin: the space stays
    '<p>写成\\nPython 代码</p>'
    >>> join_soft_breaks("<pre><code>a = 1  # 注释\\n# 注释</code></pre>")  # code untouched
    '<pre><code>a = 1  # 注释\\n# 注释</code></pre>'
    """
    tokens = _tokens(html)
    out = []
    for index, token in enumerate(tokens):
        if token.kind != "text" or "\n" not in token.html:
            out.append(token.html)
            continue
        text = token.html
        pieces = []
        pos = 0
        for match in _BREAK.finditer(text):
            before = text[: match.start()]
            after = text[match.end() :]
            prev_char = before[-1] if before else _neighbour(tokens, index, -1)
            next_char = after[0] if after else _neighbour(tokens, index, 1)
            pieces.append(text[pos : match.start()])
            pieces.append("" if breaks_to_nothing(prev_char, next_char) else match.group(0))
            pos = match.end()
        pieces.append(text[pos:])
        out.append("".join(pieces))
    return "".join(out)


def _matching_close(tokens: list[_Token], start: int, name: str) -> int | None:
    depth = 0
    for i in range(start, len(tokens)):
        match = _TAG_NAME.match(tokens[i].html) if tokens[i].kind != "text" else None
        if not match or match.group(1).lower() != name:
            continue
        depth += -1 if tokens[i].html.startswith("</") else 1
        if depth == 0:
            return i
    return None


def _visible_text(tokens: list[_Token]) -> str:
    return "".join(t.html for t in tokens if t.kind == "text")


#: Elements that browsers render in italics by default.
ITALIC_TAGS = ("em", "i", "cite", "dfn", "var", "address")


def upright_emphasis(html: str) -> str:
    """Turn ``<em>`` with Chinese text into ``<strong>``; leave Latin-only emphasis alone.

    Examples
    --------
    >>> upright_emphasis("<p>完全是<em>通过</em> t 实现的，步长 <em>h</em></p>")
    '<p>完全是<strong>通过</strong> t 实现的，步长 <em>h</em></p>'
    """
    tokens = _tokens(html)
    for i, token in enumerate(tokens):
        name = _TAG_NAME.match(token.html) if token.kind == "inline" else None
        if not name or name.group(1).lower() != "em" or token.html.startswith("</"):
            continue
        close = _matching_close(tokens, i, "em")
        if close is not None and HAS_CJK.search(_visible_text(tokens[i + 1 : close])):
            token.html = re.sub(r"^<em\b", "<strong", token.html, flags=re.IGNORECASE)
            tokens[close].html = "</strong>"
    return "".join(t.html for t in tokens)


def dedupe_title(html: str) -> str:
    """``<title>X - X</title>`` (page title equal to the site name) becomes ``<title>X</title>``.

    Examples
    --------
    >>> dedupe_title("<title>为什么反向传播更高效 - 为什么反向传播更高效</title>")
    '<title>为什么反向传播更高效</title>'
    >>> dedupe_title("<title>链式法则 - 为什么反向传播更高效</title>")
    '<title>链式法则 - 为什么反向传播更高效</title>'
    """
    return re.sub(r"<title>\s*(.+?)\s+-\s+\1\s*</title>", r"<title>\1</title>", html, count=1)


# --------------------------------------------------------------------------------------------
# Measurements for the tests of the built site
# --------------------------------------------------------------------------------------------


def _article(html: str) -> str:
    """The page's content (Material's ``<article>``), or the whole page when there is none."""
    match = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    return match.group(0) if match else html


def _runs(html: str) -> Iterator[str]:
    """Runs of visible prose: text continued through inline tags, code and math left out."""
    run: list[str] = []
    for token in _tokens(html):
        if token.kind == "text":
            run.append(token.html)
        elif token.kind == "opaque":
            run.append("\x00")  # code or math: a non-Chinese glyph
        elif token.kind == "block":
            if run:
                yield "".join(run)
            run = []
    if run:
        yield "".join(run)


_SPACED = re.compile(
    f"[{CJK_LETTERS}{CJK_PUNCTUATION}]\\s+[{CJK_LETTERS}{CJK_PUNCTUATION}]"
    f"|[{CJK_PUNCTUATION}]\\s+\\S|\\S\\s+[{CJK_PUNCTUATION}]"
    f"|[{CJK_LETTERS}]\\s+[{SHARED_PUNCTUATION}]|[{SHARED_PUNCTUATION}]\\s+[{CJK_LETTERS}]"
)


def soft_break_spaces(html: str) -> list[str]:
    """Spaces in a page's prose between two Chinese characters or next to full-width punctuation.

    Each is returned with a little context, e.g. ``'梯度， 也就是'``.

    Examples
    --------
    >>> soft_break_spaces("<article><p>梯度，\\n也就是</p><p>第 5 章</p></article>")
    ['梯度，\\n也就是']
    """
    found = []
    for run in _runs(_article(html)):
        for match in _SPACED.finditer(run):
            start, end = max(match.start() - 2, 0), min(match.end() + 2, len(run))
            found.append(run[start:end].replace("\x00", "·"))
    return found


def italic_chinese(html: str) -> list[str]:
    """Text of italic-by-default elements (``em``, ``i``, ``cite``, …) that contains Chinese.

    Examples
    --------
    >>> italic_chinese("<article><p><em>通过</em> <em>h</em> <i>斜体</i></p></article>")
    ['通过', '斜体']
    """
    tokens = _tokens(_article(html))
    found = []
    for i, token in enumerate(tokens):
        name = _TAG_NAME.match(token.html) if token.kind == "inline" else None
        if not name or token.html.startswith("</") or name.group(1).lower() not in ITALIC_TAGS:
            continue
        close = _matching_close(tokens, i, name.group(1).lower())
        text = _visible_text(tokens[i + 1 : close]) if close is not None else ""
        if HAS_CJK.search(text):
            found.append(text)
    return found
