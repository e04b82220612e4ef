"""Reading a page's Markdown: the lines outside its fenced code blocks, a directive's arguments.

Examples
--------
>>> from site_tools.markdown import outside_fences
>>> [line for _, line in outside_fences(["a", "```python", "[[x]]", "```", "b"])]
['a', 'b']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: The opening or closing line of a fenced code block (``` or ~~~, three or more).
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, line)`` of every line that is neither in a fenced code block nor one of its fences."""
    fence: str | None = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None:
            yield i, line


def parse_args(args: str) -> tuple[list[str], dict[str, str]]:
    """The words and the ``key=value`` options of a directive's arguments.

    >>> parse_args("buy_apple backward highlight=f1")
    (['buy_apple', 'backward'], {'highlight': 'f1'})
    """
    words, options = [], {}
    for token in args.split():
        key, eq, value = token.partition("=")
        if eq:
            options[key] = value
        else:
            words.append(token)
    return words, options
