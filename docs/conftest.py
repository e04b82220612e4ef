"""Run every Python example on the site's pages, in both languages, as a test.

Sybil collects the ```python fences of every ``docs/**/*.md`` page (``page.md`` and
``page.zh.md`` alike). Each page gets its own namespace, so a later fence can use the names an
earlier fence on the same page defined, and a failure names the file and line.

In a page:

- a fence whose info line starts with ``python`` runs (``python title="apple.py"`` too);
  a fence that starts with ``>>>`` runs as a doctest;
- ``<!-- skip: next -->`` before a fence skips it (``<!-- skip: start -->`` ... ``<!-- skip: end -->``
  skips a range);
- ``<!-- invisible-code-block: python ... -->`` runs setup code that readers do not see.

Pages are also part of the MkDocs build; this file is excluded from the site in mkdocs.yml.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from sybil import Document, Region, Sybil
from sybil.parsers.abstract import AbstractCodeBlockParser
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.markdown.codeblock import CodeBlockParser
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer

# Plots in examples must not try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


class _PythonFences(CodeBlockParser):
    """Code block parser that also accepts attributes after the language (``python title=..``)."""

    def __init__(self, language: str, evaluator) -> None:
        AbstractCodeBlockParser.__init__(
            self,
            [
                FencedCodeBlockLexer(
                    language=r"[^\s{]+(?:[ \t]+[^\n]*)?",
                    mapping={"language": "arguments", "source": "source"},
                ),
                DirectiveInHTMLCommentLexer(
                    directive=r"(invisible-)?code(-block)?",
                    arguments=".+",
                ),
            ],
            language,
            evaluator,
        )

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexers(document):
            words = region.lexemes["arguments"].split()
            if words and words[0] == self.language:
                region.parsed = region.lexemes["source"]
                region.evaluator = self._evaluator or self.evaluate
                yield region


class _PythonExamples(PythonCodeBlockParser):
    codeblock_parser_class = _PythonFences


pytest_collect_file = Sybil(
    parsers=[_PythonExamples(), SkipParser()],
    patterns=["*.md"],
    excludes=["overrides/*", "hooks/*", "assets/*"],
).pytest()
