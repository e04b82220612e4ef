"""Griffe extension: make the engine's reStructuredText-flavoured docstrings read well as Markdown.

MkDocs loads it through docs/hooks/griffe_sphinx_roles.py (see mkdocs.yml).

The engine's docstrings are NumPy style and written to read well in ``help()``:

- They refer to other objects the Sphinx way, ``:class:`Variable``` or
  ``:func:`~graphgrad.config.no_grad```. Markdown does not know these roles, so each one becomes a
  cross-reference. A name that Griffe can resolve from the documented object's scope links to
  its API entry when it has one and is shown as code when it has none (an internal module, say).
  A name that cannot be resolved at all is left as a plain autorefs link, whose warning fails
  ``mkdocs build --strict``: a typo does not go unnoticed.
- A doctest (``>>>``) outside an "Examples" section would be read as Markdown text (``[0.2]``
  would even look like a link), so it is fenced as a ``pycon`` code block.

Targets outside graphgrad (``numpy.ndarray``, ``float``) are shown as code without a link: the
site is built offline and loads no external inventories.
"""

from __future__ import annotations

import html
import re
from typing import Any

from griffe import Extension, GriffeLoader, Module, Object

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const|property):`(?P<body>[^`]+)`")
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")
NOT_LINKED = {"numpy", "np", "math", "builtins", "typing", "collections", "contextlib", "graphviz"}
BUILTIN_NAMES = {"float", "int", "bool", "str", "bytes", "list", "tuple", "dict", "set", "None"}
SECTION_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")


def _resolve(obj: Object, target: str, loader: GriffeLoader | None) -> str | None:
    """The full path of ``target`` seen from ``obj``, or None when it does not exist."""
    first, _, rest = target.partition(".")
    try:
        path = obj.resolve(first)
    except Exception:
        path = first
    if rest:
        path = f"{path}.{rest}"
    if loader is None:
        return path
    try:
        loader.modules_collection[path]
    except Exception:
        return None
    return path


def convert_roles(text: str, obj: Object | None = None, loader: GriffeLoader | None = None) -> str:
    """Rewrite the Sphinx roles in ``text`` as cross-references seen from ``obj``."""

    def replace(match: re.Match[str]) -> str:
        body = match.group("body").strip()
        explicit = EXPLICIT_TITLE.match(body)
        if explicit:
            title, target = explicit.group("title"), explicit.group("target")
        else:
            title = target = body
        if target.startswith("!"):  # Sphinx: no link
            return f"`{target[1:]}`"
        short = target.startswith("~")
        target = target.lstrip("~").lstrip(".")
        if not explicit:
            title = target.rsplit(".", 1)[-1] if short else target
        if target.split(".", 1)[0] in NOT_LINKED or target in BUILTIN_NAMES:
            return f"`{title}`"
        path = _resolve(obj, target, loader) if obj is not None else None
        if path is None:
            return f"[`{title}`][{target}]"
        return (
            f'<autoref optional identifier="{html.escape(path)}"><code>{html.escape(title)}</code></autoref>'
        )

    return ROLE.sub(replace, text)


def fence_loose_doctests(text: str) -> str:
    """Fence ``>>>`` blocks that are not inside a NumPy-style "Examples" section."""
    lines = text.split("\n")
    out: list[str] = []
    section = ""
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and i + 1 < len(lines) and SECTION_UNDERLINE.match(lines[i + 1]):
            section = line.strip().lower()
        if not in_fence and line.lstrip().startswith(">>>") and section not in ("examples", "example"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip() and lines[i].startswith(indent):
                block.append(lines[i][len(indent) :])
                i += 1
            # At column 0: four spaces before a fence would make it an indented code block.
            out += ["```pycon", *block, "```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _objects(obj: Object):
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)


class SphinxRoles(Extension):
    """Rewrite roles and loose doctests in every docstring of a package Griffe loads."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None:
                value = fence_loose_doctests(obj.docstring.value)
                obj.docstring.value = convert_roles(value, obj, loader)
