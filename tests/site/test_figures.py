"""The figure modes: forward mode (tangent), symbols, paths; engine numbers, both languages."""

from __future__ import annotations

import re

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.examples import buy_apple_orange, chain_rule
from graphgrad.viz.model import build_model
from site_tools import figures
from site_tools.figure_examples import abstract_node, diamonds, paths_graph

CJK = re.compile("[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[a-z]{4,}\b")  # English words; symbols (x, ∂e/∂b) and "exp" are shorter


def test_tangents_are_the_engines_jvp_one_input_per_sweep():
    model = build_model(buy_apple_orange(), "en")
    inputs = figures.inputs_of(model)
    names = [model.by_id[i].variable.name for i in inputs]
    assert names == ["apple", "apple_num", "orange", "orange_num", "tax"]
    args = (100.0, 2.0, 150.0, 3.0, 1.1)

    def price(a, an, o, on, t):
        return (a * an + o * on) * t

    for k, seed in enumerate(inputs):
        _, per_op = figures.tangents(model, seed)
        direction = tuple(1.0 if i == k else 0.0 for i in range(5))
        _, want = gg.jvp(price, args, direction)
        assert per_op[-1][1] == pytest.approx(want)
        assert per_op[-1][1] == pytest.approx(model.by_id[seed].variable.grad)  # = backprop's gradient


def test_tangent_step_through_counts_sweeps_and_nodes_in_both_languages():
    model = {lang: build_model(buy_apple_orange(), lang) for lang in ("en", "zh")}
    frames = figures.tangent_frames(model["en"], "en")
    statuses = figures.tangent_statuses(model["en"], "en")
    assert len(frames) == len(statuses) == 9
    assert statuses[0] == "Sweep 1 of 5, before the first node" and statuses[-1] == "Sweep 5 of 5"
    # frame 0 shows only the inputs' tangents; the complete first sweep shows them all
    assert sum(o.visible for o in frames[0].overlays) == 5
    assert all(o.visible for o in frames[4].overlays)
    assert "2.2" in frames[4].alt and "one partial derivative" in frames[4].alt
    zh = figures.tangent_frames(model["zh"], "zh")
    assert "苹果" in zh[4].alt and "切向量" in zh[4].alt and not LATIN_WORD.search(zh[4].alt)
    assert not CJK.search(frames[4].alt)
    assert figures.tangent_statuses(model["zh"], "zh")[-1] == "第 5 趟（共 5 趟）"


def test_tangent_diagram_is_blue():
    # Reproducibility across processes is tested for every diagram in tests/engine/test_viz.py.
    frame = figures.tangent_frames(build_model(buy_apple_orange(), "en"), "en")[2]
    a = figures.draw_figure(frame, "en", "light")
    assert figures.TANGENT["light"] in a.source and "style=invis" in a.source


def test_symbolic_chain_rule_is_the_books_products():
    fig = figures.symbolic_figure(build_model(chain_rule(), "en"), "en")
    labels = {o.label for o in fig.overlays}
    assert {"∂z/∂z", "∂z/∂z·∂z/∂t", "∂z/∂z·∂z/∂t·∂t/∂x", "∂z/∂z·∂z/∂t·∂t/∂y"} == labels
    assert set(fig.edge_labels.values()) == {"x", "y", "t", "z"}
    node = figures.symbolic_figure(build_model(abstract_node(), "zh"), "zh", seed="E", op_label="f")
    assert {o.label for o in node.overlays} == {"E", "E·∂y/∂x"}
    assert [n.label for n in node.model.nodes if n.kind == "op"] == ["f"]
    assert "链式法则" in node.alt and "E·∂y/∂x" in node.alt


def test_paths_add_up_to_the_gradient():
    e = paths_graph()
    model = build_model(e, "en")
    paths = figures.paths_from(model, next(n.id for n in model.nodes if n.words == "b"))
    assert len(paths) == 2
    fig = figures.paths_figure(model, "en")
    assert {o.colour for o in fig.overlays} == {"path0", "path1"}
    assert "1 × 2 = 2" in fig.alt and "1 × 3 = 3" in fig.alt
    assert f"∂e/∂b = {e.named_inputs()['b'].grad.item():g}" in fig.alt
    zh = figures.paths_figure(build_model(paths_graph(), "zh"), "zh")
    assert "2 条路径" in zh.alt and "= 5" in zh.alt
    # the diamond chain: 2**d paths, and their sum is backprop's gradient
    for depth in (1, 3, 5):
        y = diamonds(depth)
        m = build_model(y, "en")
        x = next(n.id for n in m.nodes if n.kind == "input")
        local = figures.local_derivatives(m)
        found = figures.paths_from(m, x)
        assert len(found) == 2**depth
        total = sum(np.prod([local[e.id] for e in p if e.id in local]) for p in found)
        assert total == pytest.approx(y.named_inputs()["x"].grad.item(), rel=1e-12)


def test_figure_dark_theme_and_unknown_theme():
    fig = figures.paths_figure(build_model(paths_graph(), "en"), "en")
    dark = figures.draw_figure(fig, "en", "dark").source
    assert figures.PATH_COLOURS["dark"][0] in dark and figures.PATH_COLOURS["light"][0] not in dark
    with pytest.raises(ValueError, match="unknown theme"):
        figures.draw_figure(fig, "en", "sepia")
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        diamonds(0)


def test_figure_words_that_are_glossary_terms_use_its_chinese():
    """The site's sentence table follows the glossary as the engine's catalogue does (test_glossary)."""
    from graphgrad import labels
    from site_tools.figure_examples import FIGURE_TITLES
    from site_tools.figure_words import FIGURE_TEXTS

    table = {r["en"].lower(): r["zh"] for r in labels.glossary()}
    table |= {en.split(" (")[0]: zh for en, zh in table.items()}  # "forward mode (of differentiation)"
    checked = 0
    for en, zh in [*FIGURE_TEXTS.values(), *FIGURE_TITLES.values()]:
        key = en.lower().removeprefix("the ").removeprefix("a ").removeprefix("an ")
        if key in table:
            assert zh == table[key], (en, zh, table[key])
            checked += 1
    assert checked >= 1
