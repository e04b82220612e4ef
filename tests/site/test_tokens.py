"""A malformed or misspelt [[…]] token fails the build with its page and line (docs/hooks/tokens.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from site_tools.paths import DOCS
from site_tools.tokens import check


def _hook():
    sys.path.insert(0, str(DOCS / "hooks"))  # as MkDocs does while it loads a hook
    try:
        spec = importlib.util.spec_from_file_location("tokens_hook", DOCS / "hooks" / "tokens.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(DOCS / "hooks"))
    return module


@pytest.mark.parametrize(
    "line, problem",
    [
        ("It is [[value chain_rule.t] here.", "'[[value chain_rule.t]' is not closed with ]]"),
        ("It costs [[vaule buy_apple.price]].", "unknown token '[[vaule buy_apple.price]]'"),
        ("The slope is [[bench grad_slope_flops_reverse", "'[[bench grad_slope_flops_reverse' is not closed"),
        ("[[value buy_apple.price.gard]]", None),  # well formed: the facts hook names the bad field
        ("A [[value buy apple]] token", "cannot read '[[value buy apple]]'"),
    ],
)
def test_bad_tokens_fail_the_page_with_its_line(line, problem):
    page = SimpleNamespace(file=SimpleNamespace(src_path="chain-rule.zh.md"))
    markdown = f"# Title\n\nSome prose.\n{line}\n"
    if problem is None:
        assert _hook().on_page_markdown(markdown, page=page, config=None, files=None) == markdown
        return
    with pytest.raises(PluginError) as info:
        _hook().on_page_markdown(markdown, page=page, config=None, files=None)
    assert str(info.value).startswith("chain-rule.zh.md:4: ") and problem in str(info.value)


def test_code_is_not_checked_and_every_page_is_clean():
    assert check("```python\nx[[0, 1]]\n[[vaule\n```\nand `a[[1]]` inline, ~~~\n") == []
    bad = {p.relative_to(DOCS).as_posix(): check(p.read_text(encoding="utf-8")) for p in DOCS.rglob("*.md")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_contributing_shows_what_its_tokens_become():
    from site_tools.facts import substitute
    from site_tools.paths import REPO

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\[\[value [^`]+\]\])` \| .*\(`([^`]+)`\) \|$", text, re.MULTILINE)
    assert len(rows) == 3
    for token, shown in rows:
        assert substitute(token) == shown, token
    assert "[[bench" in text and "[[diagram" in text and "skip: next" in text
