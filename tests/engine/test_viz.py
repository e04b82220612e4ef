"""graphgrad.viz: the book's values and gradients on the right edges, both languages, both themes,
highlights, step-by-step frames, byte-identical output, and SVG through Graphviz's ``dot``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graphgrad import Variable, viz
from graphgrad.core import topological_order
from graphgrad.examples import EXAMPLES, buy_apple, buy_apple_orange, chain_rule, sigmoid_graph
from graphgrad.viz.model import format_array, format_number
from graphgrad.viz.render import GraphvizNotFound

REPO = Path(__file__).resolve().parent.parent

ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')
EDGE = re.compile(r"^\s*(\w+) -> (\w+) \[(.*)\]$")
NODE = re.compile(r"^\s*(\w+) \[(.*)\]$")


def _attrs(text: str) -> dict[str, str]:
    return {k: v[1:-1] if v.startswith('"') else v for k, v in ATTR.findall(text)}


def parse(source: str) -> tuple[dict[str, dict], list[tuple[str, str, dict]]]:
    """Nodes (id -> attributes) and edges (src label, dst label, attributes) of DOT source."""
    nodes, raw_edges = {}, []
    for line in source.splitlines():
        if m := EDGE.match(line):
            raw_edges.append((m[1], m[2], _attrs(m[3])))
        elif (m := NODE.match(line)) and m[1] not in ("graph", "node", "edge"):
            nodes[m[1]] = _attrs(m[2])
    edges = [(nodes[s]["label"], nodes[d]["label"], a) for s, d, a in raw_edges]
    return nodes, edges


def values(source: str) -> dict[tuple[str, str], str]:
    """(src label, dst label) -> forward value on that edge."""
    return {(s, d): a["label"] for s, d, a in parse(source)[1] if a.get("dir") != "back"}


def grads(source: str, visible_only: bool = True) -> dict[tuple[str, str], str]:
    """(src label, dst label) -> gradient on the red arrow of that edge."""
    return {
        (s, d): a["label"]
        for s, d, a in parse(source)[1]
        if a.get("dir") == "back" and not (visible_only and a.get("style") == "invis")
    }


# The book's numbers, by (language) label of the input or output at the edge's end.
APPLE = {
    "en": {
        "price per apple": ("100", "2.2"),
        "number of apples": ("2", "110"),
        "consumption tax": ("1.1", "200"),
    },
    "zh": {"苹果的单价": ("100", "2.2"), "苹果的个数": ("2", "110"), "消费税": ("1.1", "200")},
}
APPLE_ORANGE = {
    "en": {
        "price per apple": ("100", "2.2"),
        "number of apples": ("2", "110"),
        "price per orange": ("150", "3.3"),
        "number of oranges": ("3", "165"),
        "consumption tax": ("1.1", "650"),
    },
    "zh": {
        "苹果的单价": ("100", "2.2"),
        "苹果的个数": ("2", "110"),
        "橘子的单价": ("150", "3.3"),
        "橘子的个数": ("3", "165"),
        "消费税": ("1.1", "650"),
    },
}
PAYMENT = {"en": "total payment", "zh": "支付金额"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mode", ["forward", "backward"])
def test_buy_apple_values_and_gradients_on_the_right_edges(mode, lang):
    source = viz.to_dot(buy_apple(), mode=mode, lang=lang).source
    fwd, back = values(source), grads(source)
    for name, (value, grad) in APPLE[lang].items():
        assert fwd[(name, "×")] == value
        if mode == "backward":
            assert back[(name, "×")] == grad
    assert fwd[("×", "×")] == "200"
    assert fwd[("×", PAYMENT[lang])] == "220"  # not 220.00000000000003
    if mode == "backward":
        assert back[("×", "×")] == "1.1"
        assert back[("×", PAYMENT[lang])] == "1"
    else:
        assert back == {} and "dir=back" not in source


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mode", ["forward", "backward"])
def test_buy_apple_orange_values_and_gradients_on_the_right_edges(mode, lang):
    source = viz.to_dot(buy_apple_orange(), mode=mode, lang=lang).source
    fwd, back = values(source), grads(source)
    for name, (value, grad) in APPLE_ORANGE[lang].items():
        assert fwd[(name, "×")] == value
        if mode == "backward":
            assert back[(name, "×")] == grad
    # intermediate edges: apples 200 and oranges 450 into +, 650 from + into ×, 715 out
    into_add = sorted(a["label"] for s, d, a in parse(source)[1] if d == "+" and a.get("dir") != "back")
    assert into_add == ["200", "450"]
    assert fwd[("+", "×")] == "650"
    assert fwd[("×", PAYMENT[lang])] == "715"
    if mode == "backward":
        into_add_grads = [a["label"] for s, d, a in parse(source)[1] if d == "+" and a.get("dir") == "back"]
        assert into_add_grads == ["1.1", "1.1"]
        assert back[("+", "×")] == "1.1"
        assert back[("×", PAYMENT[lang])] == "1"


def test_gradient_arrows_point_right_to_left_in_red():
    nodes, edges = parse(viz.to_dot(buy_apple(), "backward", theme="light").source)
    back = [a for _, _, a in edges if a.get("dir") == "back"]
    assert back and all(a["color"] == "#d32f2f" == a["fontcolor"] for a in back)
    forward = [a for _, _, a in edges if a.get("dir") != "back"]
    assert all(a["color"] != "#d32f2f" for a in forward)


def test_chinese_labels_only_in_chinese_output():
    zh = viz.to_dot(buy_apple_orange(), "backward", lang="zh").source
    en = viz.to_dot(buy_apple_orange(), "backward", lang="en").source
    for word in ("苹果的单价", "苹果的个数", "橘子的单价", "橘子的个数", "消费税", "支付金额"):
        assert f'label="{word}"' in zh
    assert not re.search(r"[\u4e00-\u9fff]", en)
    assert 'fontname="Noto Sans CJK SC"' in zh


def test_operation_nodes_are_circles_with_the_operation():
    nodes, _ = parse(viz.to_dot(buy_apple_orange()).source)
    ops = {k: a for k, a in nodes.items() if k.startswith("f")}
    assert sorted(a["label"] for a in ops.values()) == ["+", "×", "×", "×"]
    assert all(a["shape"] == "circle" for a in ops.values())
    assert "rankdir=LR" in viz.to_dot(buy_apple()).source


def test_scalar_constants_are_folded_into_their_operation():
    sig = parse(viz.to_dot(sigmoid_graph()).source)[0]
    assert [a["label"] for k, a in sig.items() if k.startswith("f")] == ["×(−1)", "exp", "+1", "/"]
    chain = parse(viz.to_dot(chain_rule(), "backward").source)[0]
    assert [a["label"] for k, a in chain.items() if k.startswith("f")] == ["+", "**2"]
    assert grads(viz.to_dot(chain_rule(), "backward").source)[("+", "**2")] == "8"


def test_tensors_show_shape_and_small_values():
    source = viz.to_dot(EXAMPLES["affine_softmax_loss"](), "backward").source
    fwd = values(source)
    # The book's node names: the matrix product is "dot", the loss "Softmax-with-Loss".
    assert fwd[("W", "dot")] == "(2, 3)\\n[0.1, 0.3, 0.5]\\n[0.2, 0.4, 0.6]"
    assert grads(source)[("W", "dot")].startswith("(2, 3)\\n[")
    assert ("b", "+") in fwd  # the bias is b, in the diagram as in the text
    assert ("t", "Softmax-with-Loss") in fwd
    assert ("t", "Softmax-with-Loss") not in grads(source)  # the label gets no gradient
    big = Variable(np.arange(12.0), "big") * 2.0
    big.backward(big.data)
    assert format_array(big.data) == "(12,)"


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (220.00000000000003, "220"),
        (2.2, "2.2"),
        (3.3000000000000003, "3.3"),
        (110.00000000000001, "110"),
        (0.0, "0"),
        (-1.0, "−1"),
        (0.19661193324148185, "0.1966"),
        (-0.5344, "−0.5344"),
        (1.0e-7, "1e−7"),
        (2.5e12, "2.5e12"),
        (float("nan"), "NaN"),
        (float("-inf"), "−∞"),
    ],
)
def test_numbers_are_formatted_for_people(x, text):
    assert format_number(x) == text


def test_highlight_emphasises_a_node_its_inputs_and_output_and_dims_the_rest():
    price = buy_apple_orange()
    source = viz.to_dot(price, "forward", highlight="all_price").source
    nodes, edges = parse(source)
    dim = "#c9c9c9"
    add = next(k for k, a in nodes.items() if a["label"] == "+")
    assert nodes[add]["fillcolor"] != "white" and nodes[add]["color"] != dim
    touching = [(s, d, a) for s, d, a in edges if "+" in (s, d)]
    assert len(touching) == 3 and all(a["color"] != dim for _, _, a in touching)
    others = [(s, d, a) for s, d, a in edges if "+" not in (s, d)]
    assert others and all(a["color"] == dim for _, _, a in others)
    assert nodes["v0"]["fontcolor"] == dim  # apple: not a direct input of +
    # the same node named by id, by function object, by the variable it computes
    add_fn = price.creator.inputs[0].creator
    for target in ("f2", add_fn, price.creator.inputs[0]):
        assert viz.to_dot(price, "forward", highlight=target).source == source
    with pytest.raises(ValueError, match="no node 'nope'.*f0"):
        viz.to_dot(price, highlight="nope")


def test_highlight_of_an_input_keeps_its_consumer():
    nodes, edges = parse(viz.to_dot(buy_apple(), "backward", highlight="tax").source)
    strong = [(s, d) for s, d, a in edges if a["color"] != "#c9c9c9"]
    assert sorted(strong) == [("consumption tax", "×"), ("consumption tax", "×")]


def test_steps_one_frame_per_backward_step_last_equals_full_backward():
    for make in (buy_apple, buy_apple_orange, sigmoid_graph):
        out = make()
        frames = [g.source for g in viz.backward_steps(out, lang="zh")]
        n = len(topological_order(out))
        assert len(frames) == n + 1
        full = grads(viz.to_dot(out, "backward", lang="zh").source)
        assert grads(frames[-1]) == full
        assert len(grads(frames[0])) == 1  # only the seed at the output
        known = [len(grads(f)) for f in frames]
        assert known == sorted(known) and known[-1] == len(full)
        # every frame has the same layout: all arrows present, the unknown ones invisible
        assert all(grads(f, visible_only=False) == full for f in frames)
    captions = viz.step_captions(buy_apple_orange(), "en")
    assert len(captions) == 5 and captions[1].startswith("Step 1 of 4")
    assert "650 to consumption tax" in captions[1]


def test_step_frames_emphasise_the_node_being_processed():
    frames = [parse(g.source)[0] for g in viz.backward_steps(buy_apple())]
    filled = [[k for k, a in nodes.items() if a.get("fillcolor") not in (None, "white")] for nodes in frames]
    assert filled == [[], ["f1"], ["f0"]]  # backward order: the tax node first


def test_same_graph_same_bytes_across_processes():
    code = (
        "from graphgrad import viz; from graphgrad.examples import EXAMPLES\n"
        "for name, make in EXAMPLES.items():\n"
        "    out = make()\n"
        "    for mode in ('forward', 'backward'):\n"
        "        print(viz.to_dot(out, mode, 'zh', 'dark').source)\n"
        "    for g in viz.backward_steps(out): print(g.source)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, check=True, env={"PYTHONHASHSEED": s}
        )
        for s in ("1", "2")
    ]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout) > 1000
    assert b"0x" not in runs[0].stdout  # no id()-based names


def test_dark_theme_light_ink_on_transparent():
    source = viz.to_dot(buy_apple(), "backward", theme="dark").source
    assert "bgcolor=transparent" in source
    nodes, edges = parse(source)
    assert nodes["v0"]["fontcolor"] == "#e6e6e6"
    assert {a["color"] for _, _, a in edges if a.get("dir") == "back"} == {"#ff7b72"}


def test_describe_states_the_numbers_in_both_languages():
    en = viz.describe("buy_apple", "backward", "en")
    assert "∂(total payment)/∂(price per apple) = 2.2" in en  # a gradient written as one
    assert "∂(total payment)/∂(number of apples) = 110" in en and "/∂(consumption tax) = 200" in en
    zh = viz.describe("buy_apple_orange", "forward", "zh")
    assert "买苹果和橘子" in zh and "支付金额 = 715" in zh
    assert viz.describe(buy_apple(), "forward", "en").startswith("Computational graph")
    with pytest.raises(ValueError, match="no example 'nope'"):
        viz.describe("nope")


def test_clear_errors_for_bad_arguments():
    with pytest.raises(ValueError, match="unknown mode 'sideways'"):
        viz.to_dot(buy_apple(), mode="sideways")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        viz.to_dot(buy_apple(), lang="fr")
    with pytest.raises(ValueError, match="unknown theme 'blue'"):
        viz.to_dot(buy_apple(), theme="blue")
    # A non-scalar output needs the seed its user chose (a scalar one is drawn: test_viz_own_graphs.py).
    fresh = Variable(np.ones(2), "x") * 3.0
    with pytest.raises(ValueError, match=r"call output.backward\(seed, retain_grad=True\) first"):
        viz.to_dot(fresh, mode="backward")
    with pytest.raises(TypeError, match="expected a graphgrad Variable"):
        viz.to_dot(2.0)


def test_graph_without_operations():
    x = Variable(3.0, "x")
    nodes, edges = parse(viz.to_dot(x).source)
    assert [a["label"] for a in nodes.values()] == ["x"] and edges == []


def test_clear_error_when_dot_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFound, match="`dot` program was not found.*apt-get install graphviz"):
        viz.render_svg(buy_apple())
    assert buy_apple()._repr_svg_() is None  # Jupyter falls back to the text repr
