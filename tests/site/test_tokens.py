"""[[…]] tokens (site_tools.tokens, via docs/hooks/site_hooks.py): a malformed, misspelt or unknown
one fails the build with its page, its line and what was expected."""

from __future__ import annotations

import importlib.util
import re
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from site_tools.paths import DOCS
from site_tools.tokens import HANDLERS, check, tokens


def _hook():
    """docs/hooks/site_hooks.py, loaded as MkDocs loads a hook."""
    spec = importlib.util.spec_from_file_location("site_hooks", DOCS / "hooks" / "site_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(src: str, url: str = "chain-rule/"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src, locale=None), url=url)


CONFIG = SimpleNamespace(docs_dir=str(DOCS), site_url="https://example.org/")


@pytest.mark.parametrize(
    "line, problem",
    [
        ("It is [[value chain_rule.t] here.", "'[[value chain_rule.t]' is not closed with ]]"),
        ("It costs [[vaule buy_apple.price]].", "unknown token '[[vaule buy_apple.price]]'"),
        ("The slope is [[bench grad_slope_flops_reverse", "'[[bench grad_slope_flops_reverse' is not closed"),
        ("[[value buy_apple.price.gard]]", "[[value buy_apple.price.gard]]: 'buy_apple.price.gard' is not "),
        ("A [[value buy apple]] token", "[[value buy apple]]: cannot read it; write [[value example.var"),
        ("[[value chain_rule.q]]", "[[value chain_rule.q]]: example 'chain_rule' has no variable 'q'; it"),
        ("[[value chain_rule.x y=two]]", "the value of 'y' is not a number"),
        ("[[bench no_such_key]]", "[[bench no_such_key]]: no benchmark result 'no_such_key'; known:"),
        ("[[diagram chain_rule sideways]]", "[[diagram chain_rule sideways]]: unknown mode 'sideways' for "
                                            "'chain_rule'; choose one of 'forward', 'backward'"),
        ("[[steps chain_rule]] and more", "[[steps chain_rule]] must stand on a line of its own"),
        ("[[editable nowhere]]", "[[editable nowhere]]: unknown example 'nowhere'"),
        ("[[glossary en]]", "[[glossary en]]: [[glossary en]] takes no arguments"),
    ],
)  # fmt: skip
def test_bad_tokens_fail_the_page_with_its_line_and_what_was_expected(line, problem):
    markdown = f"# Title\n\nSome prose.\n{line}\n"
    with pytest.raises(PluginError) as info:
        _hook().on_page_markdown(markdown, page=_page("chain-rule.zh.md"), config=CONFIG, files=None)
    assert str(info.value).startswith("chain-rule.zh.md:4: ") and problem in str(info.value), str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no traceback chain


def test_good_tokens_are_replaced_in_the_page_language():
    markdown = "# T\n\nIt costs [[value buy_apple.price]], [[value buy_apple.price apple=200]] with more.\n"
    hook = _hook()
    out = hook.on_page_markdown(markdown, page=_page("glossary.md", "glossary/"), config=CONFIG, files=None)
    assert "It costs 220, 440 with more." in out
    zh = _page("glossary.zh.md", "zh/glossary/")
    out = hook.on_page_markdown("[[glossary]]\n", page=zh, config=CONFIG, files=None)
    assert "| 简体中文 | English | 说明 |" in out


def test_one_pattern_and_one_table_of_handlers():
    """Every kind the pages use has a handler; check() and expand() read tokens the same way."""
    used = {t.kind for p in DOCS.rglob("*.md") for t in tokens(p.read_text(encoding="utf-8"))
            if not isinstance(t, tuple)}  # fmt: skip
    assert used == set(HANDLERS), used ^ set(HANDLERS)
    found = tokens("a [[value x.y]] b\n[[diagram d]]\n`[[value no]]`")
    assert [t.kind for t in found if not isinstance(t, tuple)] == ["value", "diagram"]


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
