"""The outline of a page, to compare an English page with its Chinese twin.

:func:`outline` splits a page's Markdown into its sections (one per heading) and records, for
each, what must be the same in both languages: the heading's level, the ``[[…]]`` tokens (a
token's arguments are code: they do not change with the language), the diagram blocks, the
code fences, the admonitions by type, the math blocks, the images and the number of
paragraphs. :func:`differences` lists, section by section, where two outlines differ.

Examples
--------
>>> en = "# Title\\n\\nOne.\\n\\nTwo [[value a.b]].\\n\\n## Part\\n\\n[[diagram a]]\\n"
>>> zh = "# 标题\\n\\n一。\\n\\n## 部分\\n\\n[[diagram a]]\\n\\n多出来的一段。\\n"
>>> for line in differences(outline(en), outline(zh)):
...     print(line)
section 1 ('Title' / '标题'): 2 paragraphs in English, 1 in Chinese
section 1 ('Title' / '标题'): tokens ['[[value a.b]]'] in English, [] in Chinese
section 2 ('Part' / '部分'): 0 paragraphs in English, 1 in Chinese
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_TOKEN = re.compile(r"\[\[(?:value|bench)\s[^\]]*\]\]")
_BLOCK = re.compile(r"^\s*\[\[(?!value\s|bench\s)[^\]]+\]\]\s*$")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+([\w-]+)")
_IMAGE = re.compile(r"!\[[^\]]*\]\(")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class Section:
    """What one section (a heading and the text up to the next heading) holds."""

    level: int
    title: str
    paragraphs: int = 0
    tokens: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    fences: list[str] = field(default_factory=list)
    admonitions: Counter = field(default_factory=Counter)
    math: int = 0
    images: int = 0


def outline(markdown: str) -> list[Section]:
    """The sections of a page, in order (text before the first heading is a level-0 section)."""
    sections = [Section(0, "")]
    in_fence = ""
    in_math = False
    paragraph = False
    for line in _COMMENT.sub("", markdown).split("\n"):
        current = sections[-1]
        fence = _FENCE.match(line)
        if in_fence:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = ""
            continue
        if fence:
            in_fence = fence.group(1)
            info = line.strip()[len(in_fence):].split()
            current.fences.append(info[0] if info else "")
            paragraph = False
            continue
        if line.strip() == "$$":
            if not in_math:
                current.math += 1
            in_math = not in_math
            paragraph = False
            continue
        if in_math:
            continue
        heading = _HEADING.match(line)
        if heading:
            sections.append(Section(len(heading.group(1)), heading.group(2)))
            paragraph = False
            continue
        current.tokens += _TOKEN.findall(line)
        current.images += len(_IMAGE.findall(line))
        if _BLOCK.match(line):
            current.blocks.append(line.strip())
            paragraph = False
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            current.admonitions[admonition.group(1)] += 1
            paragraph = False
            continue
        if not line.strip():
            paragraph = False
        elif not paragraph and not line.startswith((" ", "\t")) and not _IMAGE.match(line.strip()):
            current.paragraphs += 1
            paragraph = True
    if sections[0] == Section(0, ""):
        sections.pop(0)
    return sections


def differences(en: list[Section], zh: list[Section]) -> list[str]:
    """Where the Chinese outline differs from the English one, one line each (empty: the same)."""
    if [s.level for s in en] != [s.level for s in zh]:
        return [
            f"headings differ: English {[('#' * s.level, s.title) for s in en]}, "
            f"Chinese {[('#' * s.level, s.title) for s in zh]}"
        ]
    found = []
    for k, (a, b) in enumerate(zip(en, zh, strict=True)):
        where = f"section {k + 1} ({a.title!r} / {b.title!r})"
        checks = [
            ("paragraphs", a.paragraphs, b.paragraphs),
            ("tokens", sorted(a.tokens), sorted(b.tokens)),
            ("blocks", a.blocks, b.blocks),
            ("code fences", a.fences, b.fences),
            ("admonitions", dict(a.admonitions), dict(b.admonitions)),
            ("math blocks", a.math, b.math),
            ("images", a.images, b.images),
        ]
        for what, x, y in checks:
            if x != y:
                if isinstance(x, int):
                    found.append(f"{where}: {x} {what} in English, {y} in Chinese")
                else:
                    found.append(f"{where}: {what} {x} in English, {y} in Chinese")
    return found
