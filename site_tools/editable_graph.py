"""The home page's editable graph: the engine's graph exported for a small script in the browser.

:func:`export_graph` runs an example of :mod:`graphgrad.examples` and writes down what the
browser needs to redo its forward and backward propagation: the nodes (inputs, operations with
their kind, the output), the edges with the ids the engine's SVG diagram gives them (``e0``;
its gradient arrow ``e0-grad``), the order of the operations, and, for checking, the values and
gradients the engine computed.  Only add and multiply nodes are exported: the script in
``docs/assets/javascripts/graph.js`` evaluates those two and nothing else, so a graph with any
other node is refused here rather than computed wrongly there.

:func:`render_editable` turns that into the page's HTML: one labelled input per named input
(``data-variable`` is the engine's variable name), the light and the dark diagram inlined (ids
prefixed so that both can live on one page), a table of every input's value and derivative, and
the exported graph as JSON.  Without JavaScript the reader sees the diagram and the table for the
book's numbers; the script makes the inputs live.

Examples
--------
>>> from site_tools.editable_graph import export_graph
>>> graph = export_graph("buy_apple_orange")
>>> [n["op"] for n in graph["nodes"] if n["kind"] == "op"]
['mul', 'mul', 'add', 'mul']
>>> graph["inputs"]
['apple', 'apple_num', 'orange', 'orange_num', 'tax']
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from graphgrad import labels
from graphgrad.examples import EXAMPLES
from graphgrad.viz.model import build_model, format_number

#: Operations the browser evaluates.
OPS = ("add", "mul")

WORDS = {
    "en": {
        "legend": "Change the numbers",
        "apple": "Apple: unit price (yen)",
        "apple_num": "Number of apples",
        "orange": "Orange: unit price (yen)",
        "orange_num": "Number of oranges",
        "tax": "Consumption tax (factor: 1.1 is 10%)",
        "reset": "Back to the book's numbers",
        "input": "Input",
        "value": "Value",
        "grad": "Derivative of the total payment",
        "figure": "The apples-and-oranges graph with the numbers above: values in black, left to right; "
        "derivatives in red, right to left. The table below lists the same numbers.",
        "empty": "“{label}” is empty: type a number. The diagram still shows the last valid numbers.",
        "negative": "“{label}” is negative: prices, counts and the tax factor are 0 or more. "
        "The diagram still shows the last valid numbers.",
        "nan": "“{label}” is not a number: use digits and a decimal point, such as 1.08. "
        "The diagram still shows the last valid numbers.",
        "large": "“{label}” is too large: use at most {max}. The diagram still shows the last valid numbers.",
        "updated": "Updated: total payment {price}.",
    },
    "zh": {
        "legend": "改动这些数字",
        "apple": "苹果的单价（日元）",
        "apple_num": "苹果的个数",
        "orange": "橘子的单价（日元）",
        "orange_num": "橘子的个数",
        "tax": "消费税（系数：1.1 即 10%）",
        "reset": "恢复书中的数字",
        "input": "输入",
        "value": "值",
        "grad": "支付金额的导数",
        "figure": "用上面的数字计算的苹果和橘子的计算图：黑色是从左往右的值，红色是从右往左的导数。"
        "下表列出了同样的数字。",
        "empty": "“{label}”为空，请输入一个数。图中仍是上一组有效的数字。",
        "negative": "“{label}”是负数：单价、个数和消费税系数都不能小于 0。图中仍是上一组有效的数字。",
        "nan": "“{label}”不是数字，请只用数字和小数点，例如 1.08。图中仍是上一组有效的数字。",
        "large": "“{label}”太大了，最多为 {max}。图中仍是上一组有效的数字。",
        "updated": "已更新：支付金额为 {price}。",
    },
}

#: Largest value an input accepts: keeps every number of the graph below 10⁹, where the
#: diagrams switch to exponent notation, and the layout readable.
MAX_INPUT = 10_000


class ExportError(ValueError):
    """The example cannot be evaluated by the browser script."""


def export_graph(example: str) -> dict:
    """The graph of ``example`` for the browser: structure, op kinds, SVG edge ids, engine numbers."""
    if example not in EXAMPLES:
        raise ExportError(f"unknown example {example!r}; choose one of {', '.join(EXAMPLES)}")
    output = EXAMPLES[example]()
    model = build_model(output, "en")
    nodes = []
    for node in model.nodes:
        entry: dict = {"id": node.id, "kind": node.kind}
        if node.kind == "op":
            name = node.function.name
            if name not in OPS or len(node.function.inputs) != 2:
                raise ExportError(
                    f"{example}: the editable graph evaluates add and multiply nodes with two inputs; "
                    f"node {node.id} is {name!r}"
                )
            entry["op"] = name
            entry["inputs"] = [e.id for e in model.edges_into(node.id)]
            entry["outputs"] = [e.id for e in model.edges_out_of(node.id)]
        else:
            entry["name"] = node.variable.name
            entry["value"] = float(node.variable.data)
            entry["grad"] = None if node.variable.grad is None else float(node.variable.grad)
        nodes.append(entry)
    edges = [
        {"id": e.id, "src": e.src, "dst": e.dst, "value": float(e.value),
         "grad": None if e.grad is None else float(e.grad)}
        for e in model.edges
    ]  # fmt: skip
    inputs = [n["name"] for n in nodes if n["kind"] == "input"]
    return {
        "example": example,
        "inputs": inputs,
        "output": next(n["name"] for n in nodes if n["kind"] == "output"),
        "nodes": nodes,
        "edges": edges,
        "forward": list(reversed(model.order)),
        "backward": list(model.order),
    }


_ID = re.compile(r'\bid="([^"]*)"')
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_NODE = re.compile(r'<g (id="[^"]*") class="node">\n<title>([^<]*)</title>')


def inline_svg(svg: str, prefix: str, label: str) -> str:
    """An SVG file's text ready to sit inside a page: no XML prolog, unique ids, a11y name.

    Edge groups keep their engine id in ``data-edge`` (``e0``, ``e0-grad``) for the script, node
    groups theirs in ``data-node`` (``v0``, ``f1``: the ids of :func:`export_graph`).
    """
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    svg = _NODE.sub(r'<g \1 class="node" data-node="\2">', svg)  # Graphviz keeps node ids in <title>
    svg = _TITLE.sub("", svg)
    svg = _ID.sub(
        lambda m: f'id="{prefix}-{m.group(1)}" data-edge="{html.unescape(m.group(1))}"'
        if re.fullmatch(r"e\d+(&#45;grad)?", m.group(1))
        else f'id="{prefix}-{m.group(1)}"',
        svg,
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" focusable="false" ', 1)


def render_editable(example: str, lang: str, diagram_dir: str | Path) -> str:
    """The HTML of the editable graph of ``example`` in ``lang`` (``diagram_dir``: the built SVGs)."""
    labels.check_lang(lang)
    graph = export_graph(example)
    words = WORDS[lang]
    esc = html.escape
    by_name = {n["name"]: n for n in graph["nodes"] if n["kind"] != "op"}
    messages = " ".join(
        f'data-msg-{key}="{esc(words[key])}"' for key in ("empty", "negative", "nan", "large", "updated")
    )
    out = [f'<div class="gg-editable" data-gg-editable data-max="{MAX_INPUT}" {messages}>']
    out.append(f'<fieldset class="gg-editable-inputs"><legend>{esc(words["legend"])}</legend>')
    for name in graph["inputs"]:
        field = f"gg-{example}-{name}"
        value = format_number(by_name[name]["value"])
        out.append(
            f'<div class="gg-editable-field"><label for="{field}">{esc(words[name])}</label>'
            f'<input id="{field}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
            f'data-variable="{name}" data-label="{esc(words[name])}" value="{value}" '
            f'data-default="{value}"></div>'
        )
    out.append(f'<button type="button" class="md-button gg-editable-reset">{esc(words["reset"])}</button>')
    out.append("</fieldset>")
    out.append('<p class="gg-editable-message" role="status" aria-live="polite"></p>')
    out.append('<figure class="gg-editable-figure">')
    for theme in ("light", "dark"):
        path = Path(diagram_dir) / f"{example}-backward.{lang}.{theme}.svg"
        svg = inline_svg(path.read_text(encoding="utf-8"), f"gg-{example}-{theme}", words["figure"])
        width = re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)
        if width:  # never drawn larger than Graphviz laid it out (pt → CSS px)
            px = round(float(width.group(1)) * 4 / 3)
            svg = svg.replace("<svg ", f'<svg style="max-width: {px}px; --gg-w: {px}px" ', 1)
        # A box that may scroll sideways (phones) must be reachable by keyboard: tabindex 0.
        out.append(
            f'<div class="gg-editable-svg gg-only-{theme}" tabindex="0" role="group" '
            f'aria-label="{esc(words["figure"])}">{svg}</div>'
        )
    out.append(f"<figcaption>{esc(words['figure'])}</figcaption>")
    out.append("</figure>")
    out.append("<table>")
    out.append(
        f"<thead><tr><th>{esc(words['input'])}</th><th>{esc(words['value'])}</th>"
        f"<th>{esc(words['grad'])}</th></tr></thead><tbody>"
    )
    for name in [*graph["inputs"], graph["output"]]:
        node = by_name[name]
        out.append(
            f"<tr><th scope=\"row\">{esc(labels.term(name, lang))}</th>"
            f'<td data-gg-value="{name}">{format_number(node["value"])}</td>'
            f'<td data-gg-grad="{name}">{format_number(node["grad"])}</td></tr>'
        )
    out.append("</tbody></table>")
    data = json.dumps(graph, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    out.append(f'<script type="application/json" class="gg-editable-graph">{data}</script>')
    out.append("</div>")
    return "\n".join(out)


def render_token(token, page) -> str:
    """The HTML of an ``[[editable NAME]]`` token (:mod:`site_tools.tokens`) on ``page``."""
    words = token.args.split()
    if len(words) != 1 or not words[0].isidentifier():
        raise ExportError("cannot read it; write [[editable NAME]] with the name of an example")
    return render_editable(words[0], page.lang, Path(page.docs_dir) / "assets" / "diagrams")
