"""Griffe extension: turn Sphinx roles in docstrings into mkdocstrings cross-references.

The engine's docstrings are NumPy style and refer to other objects the Sphinx way, for example
``:class:`Variable``` or ``:func:`~graphgrad.core.no_grad```, which reads well in ``help()``.
Markdown does not know these roles, so before the docstring is parsed this extension rewrites
each one into an autorefs link, ``[`Variable`][Variable]``, that mkdocstrings resolves in the
scope of the documented object (``scoped_crossrefs: true`` in mkdocs.yml). A reference that
cannot be resolved is a warning, and so a failure of ``mkdocs build --strict``.

Targets outside graphgrad (``numpy.ndarray``, ``float``) are shown as code without a link: the
site is built offline and loads no external inventories.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const|property):"
    r"`(?P<body>[^`]+)`"
)
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")
NOT_LINKED = {"numpy", "np", "math", "builtins", "typing", "collections", "contextlib"}
BUILTIN_NAMES = {"float", "int", "bool", "str", "bytes", "list", "tuple", "dict", "set", "None"}


def _replace(match: re.Match[str]) -> str:
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
    first = target.split(".", 1)[0]
    if first in NOT_LINKED or target in BUILTIN_NAMES:
        return f"`{title}`"
    return f"[`{title}`][{target}]"


def convert(text: str) -> str:
    """Rewrite the Sphinx roles in ``text`` as autorefs cross-references."""
    return ROLE.sub(_replace, text)


class SphinxRoles(Extension):
    """Rewrite Sphinx roles in every docstring that Griffe loads."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
