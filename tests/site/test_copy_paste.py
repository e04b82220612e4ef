"""Copy-paste: every example on a page runs on its own after the page's first one (its imports),
or says in its first line what it continues from ("# Continues from …" / "# 接着…").

A reader copies one block into a fresh Python session; sybil runs a page's blocks in one
namespace, so it cannot see a block that only works after the ones above it.
"""

from __future__ import annotations

import pytest

from site_tools.code_pages import python_fences, standalone_failures
from site_tools.paths import DOCS

PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.glob("*.md"))


@pytest.mark.parametrize("page", PAGES)
def test_each_example_runs_alone_after_the_first(page: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    failures = standalone_failures((DOCS / page).read_text(encoding="utf-8"), f"docs/{page}")
    assert not failures, "\n".join(
        f"docs/{page}:{line}: this example fails when copied alone after the page's first one ({error}); "
        "import what it needs, or start it with '# Continues from …' ('# 接着…' on a Chinese page)"
        for line, error in failures
    )


def test_pages_have_examples_to_check():
    assert sum(len(python_fences((DOCS / page).read_text(encoding="utf-8"))) for page in PAGES) > 40


def test_a_block_that_says_it_continues_is_not_run_alone():
    first = "```python\nimport math\n```\n\n"
    later = "```python\n>>> total = 1\n```\n\n"
    bare = "```python\n>>> total + 1\n2\n```\n"
    assert [line for line, _ in standalone_failures(first + later + bare)] == [10]
    said = "```python\n>>> # Continues from the block above.\n>>> total + 1\n2\n```\n"
    assert standalone_failures(first + later + said) == []
    zh = "```python\n# 接着上面的代码运行。\nprint(total)\n```\n"
    assert standalone_failures(first + later + zh) == []


def test_skipped_blocks_are_not_examples():
    page = "```python\nimport math\n```\n\n<!-- skip: next -->\n```python\nundefined_name\n```\n"
    assert len(python_fences(page)) == 1 and standalone_failures(page) == []
