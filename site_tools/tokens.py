"""The ``[[…]]`` tokens of the site's pages: one grammar, one table of handlers.

A token is ``[[kind arguments]]`` on one line, outside code (fenced blocks and inline code
spans are left alone, so ``x[[0, 1]]`` in an example is fine).  :data:`TOKEN` is the one
pattern; :data:`HANDLERS` says, for each kind, what it becomes:

==============================================  ==================================================
``[[value buy_apple.price apple=200]]``         a value or gradient of an example (``440``)
``[[bench grad_slope_flops_reverse]]``          a headline number of the committed results
``[[diagram buy_apple backward highlight=f1]]``  the engine's diagram (a line of its own)
``[[steps buy_apple passes]]``                  a step-through (a line of its own)
``[[editable buy_apple_orange]]``               the graph whose inputs the reader edits
``[[sweeps]]``                                  the reason-two figure: sweeps per mode, playable
``[[glossary]]``                                the glossary's table
==============================================  ==================================================

:func:`expand` replaces every token of a page; :func:`check` only looks for problems; the
page's notebook fills in its inline tokens with :func:`substitute`.  All three read the page
with the same pattern and the same table, so a token means one thing everywhere.  Every
problem is reported as ``page:line: what is wrong; what was expected``.

Adding a token kind is one function and one entry of :data:`HANDLERS` (see CONTRIBUTING.md).

Examples
--------
>>> from site_tools.tokens import check, substitute
>>> substitute("Two apples cost [[value buy_apple.price]] yen.")
'Two apples cost 220 yen.'
>>> check("Two apples cost [[value buy_apple.price]].\\nd/dt is [[value chain_rule.t]")
[(2, "'[[value chain_rule.t]' is not closed with ]]")]
>>> problems = check("`x[[0]]` and [[vaule apple]]")
>>> problems[0][1].split(";")[0]
"unknown token '[[vaule apple]]'"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from site_tools.markdown import outside_fences

#: The one pattern: ``[[`` kind, then arguments up to ``]]``, on one line.
TOKEN = re.compile(r"\[\[(?P<kind>[^\s\[\]]*)(?P<args>[^\[\]]*)\]\]")

_OPEN = re.compile(r"\[\[")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


class TokenError(ValueError):
    """A token the build cannot replace; the message says where and what was expected."""


@dataclass
class Page:
    """What a handler may need to know about the page it writes into.

    ``file`` and ``files`` are MkDocs' objects (to make asset URLs relative to the page); outside
    a build they are None and URLs are made from ``url``.
    """

    src: str  # the page's source path under docs/ ("chain-rule.zh.md")
    lang: str  # "en" or "zh" (site_tools.i18n.page_language)
    docs_dir: str = "docs"
    url: str = ""  # the page's URL ("zh/chain-rule/")
    file: Any = None
    files: Any = None

    def asset_url(self, src: str) -> str:
        """The URL of ``src`` (a file under docs/, ``assets/diagrams/x.svg``) relative to this page.

        >>> Page("chain-rule.zh.md", "zh", url="zh/chain-rule/").asset_url("assets/diagrams/a.svg")
        '../../assets/diagrams/a.svg'
        """
        target = self.files.get_file_from_path(src) if self.files is not None else None
        if target is not None and self.file is not None:
            return target.url_relative_to(self.file)
        return "../" * self.url.count("/") + src


@dataclass(frozen=True)
class Token:
    """One token as written: its kind, its arguments, where it stands."""

    kind: str
    args: str
    text: str  # the whole token, "[[diagram buy_apple backward]]"
    line: int  # 1-based
    indent: str = ""  # a block token's indentation (inside an admonition or a list)


@dataclass(frozen=True)
class Handler:
    """What one kind of token becomes.

    ``render(token, page)`` returns the replacement (Markdown or HTML) or raises
    :class:`TokenError` with what was expected; ``block`` kinds stand on a line of their own.
    """

    render: Callable[[Token, Page], str]
    block: bool = False


def _value(token: Token, page: Page) -> str:
    from site_tools import facts

    return facts.render_value_token(token.args)  # a FactError is a TokenError


def _bench(token: Token, page: Page) -> str:
    from site_tools import facts

    return facts.render_bench_token(token.args)  # a FactError is a TokenError


def _diagram(token: Token, page: Page) -> str:
    from site_tools import diagram_html

    return diagram_html.render_diagram(token, page)


def _steps(token: Token, page: Page) -> str:
    from site_tools import diagram_html

    return diagram_html.render_steps(token, page)


def _editable(token: Token, page: Page) -> str:
    from site_tools import editable_graph

    try:
        return editable_graph.render_token(token, page)
    except (editable_graph.ExportError, FileNotFoundError) as exc:
        raise TokenError(exc) from None


def _sweeps(token: Token, page: Page) -> str:
    from site_tools import reason_two

    if token.args.strip():
        raise TokenError("it takes no arguments; write [[sweeps]]")

    def url(name: str) -> str:
        src = (reason_two.FOLDER / name).as_posix()
        if page.files is not None and page.files.get_file_from_path(src) is None:
            raise TokenError(f"{src} was not drawn; the build draws it before the pages")
        return page.asset_url(src)

    return reason_two.render_block(page.lang, reason_two.export(), url)


def _glossary(token: Token, page: Page) -> str:
    from site_tools import glossary

    if token.args.strip():
        raise TokenError("it takes no arguments; write [[glossary]]")
    return glossary.table(page.lang)


#: Every token kind and its handler.  The modules they call hold the logic; these lines only
#: say which one.
HANDLERS: dict[str, Handler] = {
    "bench": Handler(_bench),
    "diagram": Handler(_diagram, block=True),
    "editable": Handler(_editable, block=True),
    "glossary": Handler(_glossary, block=True),
    "steps": Handler(_steps, block=True),
    "sweeps": Handler(_sweeps, block=True),
    "value": Handler(_value),
}


def _prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(index, text with inline code blanked out) of every line outside fenced code blocks."""
    for i, line in outside_fences(markdown.split("\n")):
        yield i, _CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line)


def tokens(markdown: str) -> Iterator[Token | tuple[int, str]]:
    """Every token of ``markdown`` in order, or ``(line, problem)`` where one is malformed."""
    for i, line in _prose_lines(markdown):
        for start in (m.start() for m in _OPEN.finditer(line)):
            if start > 0 and line[start - 1] == "[":
                continue  # the second bracket of "[[[": looked at from the first
            whole = TOKEN.match(line, start)
            if whole is None:
                cut = re.match(r"\[\[[^\]]*\]?", line[start:]).group(0).strip()
                yield i + 1, f"{cut!r} is not closed with ]]"
                continue
            token = Token(whole["kind"], whole["args"].strip(), whole.group(0), i + 1)
            handler = HANDLERS.get(token.kind)
            if handler is None:
                yield i + 1, f"unknown token {token.text!r}; the kinds are {', '.join(sorted(HANDLERS))}"
            elif handler.block and line.strip() != token.text:
                yield i + 1, f"{token.text} must stand on a line of its own"
            else:
                indent = line[: len(line) - len(line.lstrip())] if handler.block else ""
                yield Token(token.kind, token.args, token.text, token.line, indent)


def check(markdown: str) -> list[tuple[int, str]]:
    """Every malformed or unknown token of ``markdown``: ``(line number, problem)``.

    Only the grammar is checked here (no example is run, no diagram drawn); :func:`expand`
    also reports what a handler cannot find.
    """
    return [t for t in tokens(markdown) if isinstance(t, tuple)]


def _fail(page_src: str, line: int, problem: str) -> TokenError:
    return TokenError(f"{page_src}:{line}: {problem}")


def expand(markdown: str, page: Page, kinds: Callable[[str], bool] = lambda kind: True) -> str:
    """``markdown`` with every token (of the ``kinds`` chosen) replaced by what its handler makes.

    Raises
    ------
    TokenError
        ``page:line: problem`` for the first token that is malformed, unknown or names
        something that does not exist.
    """
    lines = markdown.split("\n")
    by_line: dict[int, list[Token]] = {}
    for t in tokens(markdown):
        if isinstance(t, tuple):
            raise _fail(page.src, *t)
        if kinds(t.kind):
            by_line.setdefault(t.line - 1, []).append(t)
    for i, found in by_line.items():
        line = lines[i]
        for t in found:
            try:
                out = HANDLERS[t.kind].render(t, page)
            except TokenError as exc:
                raise _fail(page.src, t.line, f"{t.text}: {exc}") from None
            if HANDLERS[t.kind].block:
                block = "\n".join(t.indent + b if b else b for b in out.split("\n"))
                line = "\n" + block + "\n"  # a raw HTML block needs blank lines around it
            else:
                line = line.replace(t.text, out, 1)
        lines[i] = line
    return "\n".join(lines)


def substitute(markdown: str, where: str = "page") -> str:
    """``markdown`` with its inline tokens (``[[value …]]``, ``[[bench …]]``) filled in.

    The block tokens stay for the caller (the notebook writes its own text for diagrams).
    """
    inline = {kind for kind, h in HANDLERS.items() if not h.block}
    return expand(markdown, Page(where, "en"), kinds=inline.__contains__)
