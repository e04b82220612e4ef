"""Every ``[[…]]`` token on a page is one the build knows, written whole.

The build replaces ``[[value …]]``, ``[[bench …]]`` (:mod:`site_tools.facts`),
``[[diagram …]]``, ``[[steps …]]`` (:mod:`site_tools.diagram_blocks`),
``[[editable …]]`` (:mod:`site_tools.editable_graph`) and ``[[glossary]]``
(:mod:`site_tools.glossary`).  A token that none of them recognises would
otherwise reach the reader as literal text: a misspelt kind (``[[vaule …]]``),
a missing bracket (``[[value chain_rule.t]``), a token cut off at the end of
the line (``[[bench …``) or a ``[[value …]]`` whose argument is malformed.
:func:`check` finds them all, with line numbers, before any hook rewrites the
page.  Code (fenced blocks and inline code spans) is left alone, so
``x[[0, 1]]`` in an example is fine.

Examples
--------
>>> from site_tools.tokens import check
>>> check("Two apples cost [[value buy_apple.price]].\\nd/dt is [[value chain_rule.t]")
[(2, "'[[value chain_rule.t]' is not closed with ]]")]
>>> check("`x[[0]]` and [[vaule apple]]")
[(1, "unknown token '[[vaule apple]]'; the kinds are bench, diagram, editable, glossary, steps, value")]
"""

from __future__ import annotations

import re

from site_tools.facts import TOKEN as FACT
from site_tools.markdown import outside_fences

#: The token kinds some part of the build replaces.
KINDS = ("bench", "diagram", "editable", "glossary", "steps", "value")

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_OPEN = re.compile(r"\[\[")
_WHOLE = re.compile(r"\[\[([^\[\]]*)\]\]")


class TokenError(ValueError):
    """A page holds a token the build cannot replace."""


def _prose_lines(markdown: str):
    """(line number, text without inline code) of every line outside fenced code blocks."""
    for i, line in outside_fences(markdown.split("\n")):
        yield i + 1, _CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line)


def check(markdown: str) -> list[tuple[int, str]]:
    """Every malformed or unknown token of ``markdown``: ``(line number, problem)``."""
    problems = []
    for number, line in _prose_lines(markdown):
        for start in (m.start() for m in _OPEN.finditer(line)):
            if start > 0 and line[start - 1] == "[":
                continue  # the second bracket of "[[[": looked at from the first
            whole = _WHOLE.match(line, start)
            if whole is None:
                cut = re.match(r"\[\[[^\]]*\]?", line[start:]).group(0).strip()
                problems.append((number, f"{cut!r} is not closed with ]]"))
                continue
            token = whole.group(0)
            kind = whole.group(1).split()[0] if whole.group(1).split() else ""
            if kind not in KINDS:
                problems.append((number, f"unknown token {token!r}; the kinds are {', '.join(KINDS)}"))
            elif kind in ("value", "bench") and not FACT.fullmatch(token):
                problems.append((number, f"cannot read {token!r}; write [[value example.variable(.grad)]] "
                                         "or [[bench key]]"))  # fmt: skip
    return problems


def check_page(markdown: str, where: str) -> None:
    """Raise :class:`TokenError` naming ``where`` and the line of the first bad token."""
    problems = check(markdown)
    if problems:
        number, problem = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise TokenError(f"{where}:{number}: {problem}{more}")
