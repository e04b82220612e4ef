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
