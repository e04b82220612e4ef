"""[[diagram …]] and [[steps …]] tokens (site_tools.tokens → site_tools.diagram_html) become
images in the page's language; a bad one names page:line and what exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files

from site_tools.diagrams import build_diagrams
from site_tools.i18n import page_language
from site_tools.tokens import Page, TokenError
from site_tools.tokens import expand as expand_tokens

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")




#: The diagrams these tests show: only what pages reference is drawn.
SHOWN = """
[[diagram buy_apple]]
[[diagram buy_apple backward]]
[[diagram buy_apple_orange forward]]
[[diagram buy_apple_orange forward highlight=all_price]]
[[steps buy_apple]]
[[steps buy_apple_orange]]
"""


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    docs = root / "docs"
    build_diagrams(docs / "assets" / "diagrams", pages=[SHOWN])
    return docs


def page(docs: Path, src: str, url: str):
    """A page as MkDocs (and mkdocs-static-i18n, for /zh/) sees it."""
    site = docs.parent / "site"
    file = File(src, str(docs), str(site), use_directory_urls=True)
    file.url = url
    assets = [
        File(p.relative_to(docs).as_posix(), str(docs), str(site), use_directory_urls=True)
        for p in sorted((docs / "assets" / "diagrams").glob("*.svg"))
    ]
    files = Files([file, *assets])
    return Page(src, page_language(src), str(docs), url, file, files)


def expand(docs, markdown, src="computational-graphs.md", url="computational-graphs/"):
    return expand_tokens(markdown, page(docs, src, url))


def imgs(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', m)) for m in re.findall(r"<img ([^>]*)>", html)]


def test_diagram_light_and_dark_with_english_alt(docs):
    out = expand(docs, "Text.\n\n[[diagram buy_apple backward]]\n\nMore text.\n")
    found = imgs(out)
    assert [i["src"] for i in found] == [
        "../assets/diagrams/buy_apple-backward.en.light.svg#only-light",
        "../assets/diagrams/buy_apple-backward.en.dark.svg#only-dark",
    ]
    assert all(i["class"] == "gg-zoom" for i in found)
    assert "∂(total payment)/∂(number of apples) = 110" in found[0]["alt"]
    assert found[0]["alt"] == found[1]["alt"]
    assert int(found[0]["width"]) > 100 and int(found[0]["height"]) > 50
    assert out.startswith("Text.\n\n") and out.rstrip().endswith("More text.")
    assert "\n\n<figure" in out and "</figure>\n\n" in out  # a raw HTML block of its own


def test_chinese_page_under_zh_gets_chinese_diagrams_and_alt(docs):
    out = expand(
        docs,
        "[[diagram buy_apple_orange forward]]\n",
        "computational-graphs.zh.md",
        "zh/computational-graphs/",
    )
    found = imgs(out)
    assert found[0]["src"] == "../../assets/diagrams/buy_apple_orange-forward.zh.light.svg#only-light"
    assert "支付金额 = 715" in found[0]["alt"]


def test_home_page_paths(docs):
    found = imgs(expand(docs, "[[diagram buy_apple]]\n", "index.md", ""))
    assert found[0]["src"] == "assets/diagrams/buy_apple-forward.en.light.svg#only-light"
    found = imgs(expand(docs, "[[diagram buy_apple]]\n", "index.zh.md", "zh/"))
    assert found[0]["src"] == "../assets/diagrams/buy_apple-forward.zh.light.svg#only-light"


def test_highlight_by_variable_name_or_node_id(docs):
    by_name = expand(docs, "[[diagram buy_apple_orange forward highlight=all_price]]\n")
    by_id = expand(docs, "[[diagram buy_apple_orange forward highlight=f2]]\n")
    assert by_name == by_id
    assert "buy_apple_orange-forward-highlight-f2.en.light.svg#only-light" in by_name
    assert "local computation" in imgs(by_name)[0]["alt"]


def test_steps_widget_in_the_page_language(docs):
    out = expand(
        docs, "[[steps buy_apple_orange]]\n", "backward-propagation.zh.md", "zh/backward-propagation/"
    )
    assert out.count('<figure class="gg-steps-frame"') == 5
    assert out.count("#only-light") == 5 and out.count("#only-dark") == 5
    assert ">上一步</button>" in out and ">下一步</button>" in out
    assert 'class="gg-steps-status">开始之前<' in out and 'data-status="第 4 步（共 4 步）"' in out
    assert "<figcaption>乘法节点（支付金额）从上游接收 1。" in out
    assert 'aria-label="反向传播，逐步演示"' in out
    assert '<div class="gg-steps-controls" hidden>' in out  # shown by steps.js; all frames without it
    en = expand(docs, "[[steps buy_apple]]\n")
    assert ">Previous step</button>" in en and "Before the first step" in en and "Step 2 of 2" in en


def test_directives_in_code_fences_and_inline_code_are_left_alone(docs):
    md = "```text\n[[diagram nope forward]]\n```\n\nWrite `[[diagram NAME]]` on its own line.\n"
    assert expand(docs, md) == md


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[[diagram buy_banana forward]]", "unknown diagram 'buy_banana'.*buy_apple"),
        ("[[diagram buy_apple sideways]]", "unknown mode 'sideways' for 'buy_apple'; choose one of 'for"),
        ("[[diagram buy_apple forward size=big]]", "cannot read it; write"),
        ("[[steps buy_apple sideways]]", "no step-through 'sideways' for 'buy_apple'; choose"),
        ("[[diagram buy_apple forward highlight=f9]]", "unknown highlight node 'f9'.*apple_price"),
        ("[[steps buy_banana]]", "unknown diagram 'buy_banana'"),
        ("[[diagram]]", "names no diagram"),
        ("See [[diagram buy_apple]] here.", "on a line of its own"),
    ],
)
def test_bad_directive_fails_naming_the_page_line_and_the_name(docs, line, message):
    with pytest.raises(TokenError, match=f"^layers.zh.md:3: .*{message}"):
        expand(docs, f"# Title\n\n{line}\n", "layers.zh.md", "zh/layers/")


def test_a_diagram_no_page_shows_is_not_drawn(docs):
    with pytest.raises(TokenError, match=r"^p.md:1: \[\[diagram chain_rule\]\]: not drawn; .*build_diag"):
        expand(docs, "[[diagram chain_rule]]\n", "p.md", "p/")
    assert not list((docs / "assets" / "diagrams").glob("chain_rule-*"))
    assert not list((docs / "assets" / "diagrams").glob("buy_apple-forward-highlight-*"))


def test_missing_manifest_says_how_to_build(tmp_path):
    with pytest.raises(TokenError, match="build_diagrams.py"):
        expand(tmp_path, "[[diagram buy_apple]]\n")
