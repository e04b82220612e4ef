"""The home page's editable graph: exported by the engine, evaluated in the browser, never different.

The build exports the apples-and-oranges graph (:func:`site_tools.editable_graph.export_graph`)
into the home page; docs/assets/javascripts/graph.js runs both passes in the browser. These
tests check the export against the engine, then drive the page in Chromium in both languages
and both palettes: random inputs, every number on the diagram and in the table compared with
the engine's (formatted as the diagrams format them), the book's example (apple = 200 gives 935
and 220), and bad input (empty, negative, text), which must leave the last good numbers and say
what is wrong in a live region.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from axe_support import set_scheme
from test_browser import browse  # noqa: F401 - the fixture, shared

from graphgrad.examples import buy_apple_orange
from graphgrad.viz.model import build_model, format_number
from site_tools.editable_graph import ExportError, export_graph, inline_svg, render_editable

INPUTS = ("apple", "apple_num", "orange", "orange_num", "tax")


def engine_numbers(**inputs: float) -> dict[str, str]:
    """What the page must show for ``inputs``: every edge's value and gradient, every row."""
    price = buy_apple_orange(**inputs)
    model = build_model(price)
    shown = {}
    for e in model.edges:
        shown[f"edge {e.id}"] = format_number(float(e.value))
        shown[f"edge {e.id}-grad"] = format_number(float(e.grad))
    for name, v in price.named_inputs().items():
        shown[f"value {name}"] = format_number(float(v.data))
        shown[f"grad {name}"] = format_number(float(v.grad))
    shown["value price"] = format_number(float(price.data))
    shown["grad price"] = "1"
    return shown


def test_export_matches_the_engine():
    graph = export_graph("buy_apple_orange")
    assert graph["inputs"] == list(INPUTS) and graph["output"] == "price"
    model = build_model(buy_apple_orange())
    assert [e["id"] for e in graph["edges"]] == [e.id for e in model.edges]
    assert graph["backward"] == model.order and graph["forward"] == model.order[::-1]
    by_name = {n["name"]: n for n in graph["nodes"] if n["kind"] != "op"}
    assert round(by_name["price"]["value"], 10) == 715
    assert round(by_name["tax"]["grad"], 10) == 650
    ops = [n for n in graph["nodes"] if n["kind"] == "op"]
    assert sorted(n["op"] for n in ops) == ["add", "mul", "mul", "mul"]


def test_export_refuses_nodes_the_browser_cannot_evaluate():
    with pytest.raises(ExportError, match="add and multiply"):
        export_graph("sigmoid_graph")
    with pytest.raises(ExportError, match="unknown example"):
        export_graph("no_such_graph")


def test_inlined_svg_has_unique_prefixed_ids_and_a_name():
    svg = '<?xml version="1.0"?>\n<svg width="1pt">\n<g id="e0&#45;grad" class="edge">\n<title>a</title></g>'
    svg += "</svg>"
    out = inline_svg(svg, "p", "A graph")
    assert out.startswith('<svg role="img" aria-label="A graph"')
    assert 'id="p-e0&#45;grad" data-edge="e0-grad"' in out and "<title>" not in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_built_home_page_has_labelled_inputs_and_the_export(built_site: Path, lang: str):
    html = (built_site / ("zh" if lang == "zh" else "") / "index.html").read_text(encoding="utf-8")
    for name in INPUTS:
        field = re.search(rf'<input id="([^"]+)"[^>]*data-variable="{name}"', html)
        assert field, f"no input for {name}"
        assert f'<label for="{field.group(1)}">' in html, f"the {name} input has no label"
    data = re.search(r'<script type="application/json" class="gg-editable-graph">(.*?)</script>', html, re.S)
    assert json.loads(data.group(1)) == json.loads(json.dumps(export_graph("buy_apple_orange")))
    assert 'aria-live="polite"' in html
    assert html.count('class="gg-editable-svg gg-only-light"') == 1
    assert html.count('class="gg-editable-svg gg-only-dark"') == 1
    graph = export_graph("buy_apple_orange")
    for theme in ("light", "dark"):  # the export's node and edge ids are the drawing's
        svg = html.split(f'gg-only-{theme}"', 1)[1].split("</svg>", 1)[0]
        assert sorted(re.findall(r'data-node="(\w+)"', svg)) == sorted(n["id"] for n in graph["nodes"])
        drawn = set(re.findall(r'data-edge="([\w-]+)"', svg))
        assert {e["id"] for e in graph["edges"]} | {e["id"] + "-grad" for e in graph["edges"]} == drawn
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids on the home page"


def test_render_needs_the_built_diagrams(tmp_path):
    with pytest.raises(FileNotFoundError):
        render_editable("buy_apple_orange", "en", tmp_path)


# --------------------------------------------------------------------------------------------
# In Chromium
# --------------------------------------------------------------------------------------------

READ_JS = """root => {
    const out = {};
    const svg = Array.from(root.querySelectorAll('.gg-editable-svg')).find(d => d.checkVisibility());
    if (!svg) return null;
    out.theme = svg.classList.contains('gg-only-dark') ? 'dark' : 'light';
    svg.querySelectorAll('[data-edge]').forEach(g => {
        out['edge ' + g.getAttribute('data-edge')] = g.querySelector('text').textContent; });
    root.querySelectorAll('[data-gg-value]').forEach(td => {
        out['value ' + td.getAttribute('data-gg-value')] = td.textContent; });
    root.querySelectorAll('[data-gg-grad]').forEach(td => {
        out['grad ' + td.getAttribute('data-gg-grad')] = td.textContent; });
    return out;
}"""


def shown(widget) -> dict[str, str]:
    numbers = widget.evaluate(READ_JS)
    assert numbers is not None, "no diagram of the editable graph is visible"
    return numbers


def set_inputs(widget, values: dict[str, str]) -> None:
    for name, text in values.items():
        widget.locator(f'input[data-variable="{name}"]').fill(text)


def random_inputs(rng: random.Random) -> dict[str, float]:
    return {
        "apple": rng.choice([rng.randint(0, 500), round(rng.uniform(0, 300), 2)]),
        "apple_num": rng.randint(0, 12),
        "orange": rng.choice([rng.randint(0, 500), round(rng.uniform(0, 300), 1)]),
        "orange_num": rng.randint(0, 12),
        "tax": rng.choice([1.1, 1.08, 1.25, 1, round(rng.uniform(1, 1.3), 3)]),
    }


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_editable_graph_agrees_with_the_engine(lang, scheme, browse):  # noqa: F811
    session = browse(scheme)
    session.goto("zh/" if lang == "zh" else "")
    set_scheme(session.page, "slate" if scheme == "dark" else "default")
    widget = session.page.locator("[data-gg-editable]")
    assert widget.get_attribute("data-gg-ready") == "1"
    first = shown(widget)
    assert first.pop("theme") == scheme
    assert first == engine_numbers(), "the page's first numbers are not the engine's"

    # The book's question: an apple at 200 yen.
    set_inputs(widget, {"apple": "200"})
    after = shown(widget)
    assert after["value price"] == "935" and after["grad apple_num"] == "220"
    assert after["edge e8"] == "935", "the diagram's payment did not change"
    assert "935" in widget.locator(".gg-editable-message").inner_text()

    rng = random.Random(f"{lang}-{scheme}")
    for _ in range(4):
        inputs = random_inputs(rng)
        set_inputs(widget, {k: repr(v) for k, v in inputs.items()})
        got = shown(widget)
        got.pop("theme")
        assert got == engine_numbers(**inputs), f"page and engine disagree for {inputs}"

    # Bad input: a message in the live region, the field marked, the last good numbers kept.
    good = shown(widget)
    message = widget.locator(".gg-editable-message")
    assert message.get_attribute("aria-live") == "polite"
    field = widget.locator('input[data-variable="orange_num"]')
    before = field.input_value()
    for bad, kind in (("", "empty"), ("-5", "negative"), ("abc", "nan")):
        field.fill(bad)
        text = message.inner_text()
        assert text, f"no message for {bad!r}"
        label = field.get_attribute("data-label")
        assert label in text and widget.get_attribute(f"data-msg-{kind}").split("{label}")[-1][:6] in text
        assert field.get_attribute("aria-invalid") == "true"
        assert shown(widget) == good, f"the numbers changed after the bad input {bad!r}"
        field.fill(before)
        assert field.get_attribute("aria-invalid") is None and shown(widget) == good
    widget.locator(".gg-editable-reset").click()
    back = shown(widget)
    back.pop("theme")
    assert back == engine_numbers(), "reset did not bring back the book's numbers"
    session.assert_clean()
