r"""The Python examples of a page, as a reader copies them: each fence alone, after the first.

A reader who copies one example into a fresh Python session has run the page's first fence
(its imports) and nothing else. So every later fence must run on its own after the first one,
or say in its first line what it continues from (``# Continues from …`` on an English page,
``# 接着…`` on a Chinese one; in a doctest ``>>> # Continues from …``). :func:`standalone_failures`
runs each fence that way and reports those that fail without saying so.

Fences are those the page tests run (info line starting with ``python``), minus those after
``<!-- skip: next -->`` or inside ``<!-- skip: start -->`` … ``<!-- skip: end -->``. A doctest
fence (lines starting with ``>>>``) is run as its code lines, without checking the output.

Examples
--------
>>> page = "```python\nimport math\n```\n\n```python\nprint(math.pi > 3)\n```\n"
>>> [fence.line for fence in python_fences(page)]
[2, 6]
>>> standalone_failures(page)
[]
>>> standalone_failures(page + "\n```python\nprint(later)\n```\n")
[(10, "NameError: name 'later' is not defined")]
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>[^\n]*)$")
#: The first line of a fence that continues an earlier one: ``# Continues from …`` / ``# 接着…``.
CONTINUES = re.compile(r"^(?:>>> )?#\s*(?:Continues\b|Continued\b|接着|接上)", re.IGNORECASE)


@dataclass(frozen=True)
class Fence:
    """One Python fence of a page: its first code line's number (1-based) and its code."""

    line: int
    source: str

    @property
    def continues(self) -> bool:
        first = self.source.lstrip("\n").split("\n", 1)[0]
        return bool(CONTINUES.match(first.strip()))

    @property
    def code(self) -> str:
        """The code a reader runs: a doctest's ``>>>``/``...`` lines without prompts or output."""
        lines = self.source.split("\n")
        if not any(line.startswith(">>>") for line in lines):
            return self.source
        code = [line[4:] for line in lines if line.startswith((">>> ", "... ")) or line in (">>>", "...")]
        return "\n".join(code) + "\n"


def _closes(line: str, mark: str) -> bool:
    """Whether ``line`` closes a fence opened with ``mark`` (the same character, as many or more)."""
    text = line.strip()
    return len(text) >= len(mark) and set(text) == {mark[0]}


def python_fences(markdown: str) -> list[Fence]:
    """The Python fences of a page that its tests run, in order."""
    fences: list[Fence] = []
    lines = markdown.split("\n")
    skip_next = skipping = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped == "<!-- skip: next -->":
            skip_next = True
        elif stripped == "<!-- skip: start -->":
            skipping = True
        elif stripped == "<!-- skip: end -->":
            skipping = False
        match = _FENCE.match(line)
        if match:
            mark, indent = match["mark"], match["indent"]
            body, j = [], i + 1
            while j < len(lines) and not _closes(lines[j], mark):
                body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
                j += 1
            words = match["info"].split()
            if words and words[0] == "python" and not (skip_next or skipping):
                fences.append(Fence(i + 2, "\n".join(body) + "\n"))
            if words:
                skip_next = False
            i = j + 1
            continue
        i += 1
    return fences


def standalone_failures(markdown: str, name: str = "<page>") -> list[tuple[int, str]]:
    """(line, error) of each fence after the first that fails alone and does not say it continues.

    Each fence runs in a fresh namespace after the page's first fence, in a new temporary
    folder (what it writes does not stay).
    """
    fences = python_fences(markdown)
    if len(fences) < 2:
        return []
    failures = []
    here = os.getcwd()
    for fence in fences[1:]:
        if fence.continues:
            continue
        namespace: dict = {"__name__": "__main__"}
        with tempfile.TemporaryDirectory() as folder:
            os.chdir(folder)
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    for part in (fences[0], fence):
                        exec(compile(part.code, f"{name}:{part.line}", "exec"), namespace)  # noqa: S102
            except Exception as exc:  # noqa: BLE001 - any error is what the reader would meet
                failures.append((fence.line, f"{type(exc).__name__}: {exc}"))
            finally:
                os.chdir(here)
    return failures
