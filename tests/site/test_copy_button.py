"""The copy button of an interactive example copies code that runs: no >>> prompts, no output."""

from __future__ import annotations

import pytest
from test_browser import browse  # noqa: F401 - the fixture, shared

from site_tools.code_blocks import console_fences


def test_only_examples_that_start_with_a_prompt_become_console_sessions():
    page = "```python\nx = 1\n```\n\n````python title=\"a.py\"\n>>> x\n1\n````\n"
    assert console_fences(page) == page.replace('````python title="a.py"', '````pycon title="a.py"')


@pytest.mark.browser
def test_copy_button_copies_the_code_without_prompts_or_output(browse):  # noqa: F811
    session = browse()
    session.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=session.server.base)
    session.goto("backward-propagation/")
    block = session.page.locator(".language-pycon").first
    shown = block.locator("code").inner_text()
    assert ">>> from graphgrad.core import topological_order" in shown and "['price'" in shown
    block.hover()
    block.locator("button[data-md-type=copy], button.md-clipboard").first.click()
    copied = session.page.evaluate("() => navigator.clipboard.readText()")
    assert ">>>" not in copied and "..." not in copied and "['price'" not in copied
    assert "from graphgrad.core import topological_order" in copied
    namespace: dict = {}
    exec(compile(copied, "pasted", "exec"), namespace)  # the pasted example runs
    assert [f.output().name for f in namespace["topological_order"](namespace["price"])][0] == "price"
    session.assert_clean()
