"""The reason-two figure of the efficiency page: sweeps counted by the engine for n = 1 … 16.

Reason two of "why backpropagation is efficient" is the shape of the Jacobian: a loss has many
inputs and one output, so its Jacobian is one row, which one backward sweep fills, while forward
mode fills one entry per sweep.  Turn the shape around (one input, many outputs: one column) and
the counts swap.  This module runs both modes on both shapes with the engine, for every size the
figure offers, and writes down what happened:

- :func:`row_graph` is the scalar loss ``L = 1·w1 + 2·w2 + … + n·wn`` (the products summed
  pairwise), :func:`column_graph` the vector ``y_i = i·s`` of one input;
- :func:`row_sweeps` and :func:`column_sweeps` fill the Jacobian sweep by sweep until every entry
  is known, each sweep inside its own :func:`graphgrad.count_ops` block: how many sweeps that took
  is what the loop ran, not a formula, and each sweep's node evaluations are the engine's counts;
- :func:`export` renders the graphs (Graphviz, cached by DOT source) and returns the data the page
  embeds; :func:`render_block` writes the figure's HTML, which
  ``docs/assets/javascripts/sweeps.js`` makes playable.  The MkDocs hook
  the ``[[sweeps]]`` token (:mod:`site_tools.tokens`) puts it on a page; the one hook draws its
  graphs before the pages are built.

Examples
--------
>>> from site_tools.reason_two import column_sweeps, row_sweeps
>>> row = row_sweeps(5)
>>> len(row["forward"]), len(row["reverse"])          # sweeps needed for the whole row
(5, 1)
>>> [s["filled"] for s in row["forward"]][:2], row["reverse"][0]["filled"]
([[0], [1]], [0, 1, 2, 3, 4])
>>> row["jacobian"]
[1.0, 2.0, 3.0, 4.0, 5.0]
>>> column = column_sweeps(3)
>>> len(column["forward"]), len(column["reverse"])
(1, 3)
"""

from __future__ import annotations

import hashlib
import html
import json
from functools import cache
from pathlib import Path, PurePosixPath

import numpy as np

import graphgrad as gg
from graphgrad import labels
from graphgrad.viz.dot import THEMES, draw
from graphgrad.viz.model import Edge, Model, Node, build_model, format_number, op_label
from graphgrad.viz.render import dot_to_svgs
from site_tools.files import write_atomic

#: Where the figure's SVG files are drawn, under docs/ (not committed: the build draws them).
FOLDER = PurePosixPath("assets", "sweeps")

#: The sizes the figure offers (the control refuses anything else).
SIZES = range(1, 17)
#: Where the page starts.
START = 5
#: Every input of the loss, and the one input of the column, is 2 (values ≠ derivatives on the edges).
POINT = 2.0
SHAPES = ("row", "column")


def _loss(ws) -> gg.Variable:
    """``1·w1 + 2·w2 + …``, the products added in pairs (a tree, so the graph stays shallow)."""
    terms = [w * float(i) for i, w in enumerate(ws, start=1)]
    while len(terms) > 1:
        terms = [terms[i] + terms[i + 1] if i + 1 < len(terms) else terms[i] for i in range(0, len(terms), 2)]
    return terms[0]


def row_graph(n: int) -> gg.Variable:
    """The loss of ``n`` named inputs ``w1`` … ``wn``, recorded (for drawing)."""
    ws = [gg.Variable(POINT, f"w{i}") for i in range(1, n + 1)]
    loss = _loss(ws)
    loss.name = "L"
    return loss


def column_graph(m: int) -> Model:
    """The drawing model of ``y_i = i·s``, ``i = 1 … m``: one input node, ``m`` multiply nodes and outputs."""
    s = gg.Variable(POINT, "s")
    nodes = [Node("v0", "input", "s", "s", variable=s)]
    edges: list[Edge] = []
    order = []
    first = None
    for i in range(1, m + 1):
        y = s * float(i)
        y.name = f"y{i}"
        first = y if first is None else first
        f = y.creator
        nodes.append(Node(f"f{i}", "op", op_label(f), labels.node_name("mul", op_label(f), "en"), function=f))
        nodes.append(Node(f"v{i}", "output", y.name, y.name, variable=y))
        edges.append(Edge(f"e{len(edges)}", "v0", f"f{i}", s.data, s, None, -1))
        edges.append(Edge(f"e{len(edges)}", f"f{i}", f"v{i}", y.data, y, None, -1))
        order.append(f"f{i}")
    return Model(nodes, edges, order, first)


def _fill(size: int, sweeps: list[dict], run) -> list[dict]:
    """Run ``run(k)`` (sweep k; returns the entries it filled) until every entry is known."""
    known: set[int] = set()
    while len(known) < size:
        with gg.count_ops() as c:
            filled = run(len(sweeps))
        sweeps.append({"filled": sorted(filled), "evaluations": c.forward + c.backward + c.jvp,
                       "forward": c.forward, "backward": c.backward, "jvp": c.jvp})  # fmt: skip
        known |= set(filled)
    return sweeps


def row_sweeps(n: int) -> dict:
    """Both modes on the loss of ``n`` inputs: the sweeps each needed, and the Jacobian row."""
    point = (POINT,) * n
    row: dict[int, float] = {}

    def forward(k: int) -> list[int]:  # seed input k with 1: one entry
        _, t = gg.jvp(lambda *ws: _loss(ws), point, tuple(np.eye(n)[k]))
        row[k] = float(t)
        return [k]

    def reverse(k: int) -> list[int]:  # one forward pass and one backward sweep: every entry
        ws = [gg.Variable(v) for v in point]
        _loss(ws).backward()
        assert all(np.isclose(float(w.grad), row[i]) for i, w in enumerate(ws))
        return list(range(n))

    fwd = _fill(n, [], forward)
    return {"forward": fwd, "reverse": _fill(n, [], reverse), "jacobian": [row[i] for i in range(n)]}


def column_sweeps(m: int) -> dict:
    """Both modes on ``y_i = i·s`` (``m`` outputs): the sweeps each needed, and the Jacobian column."""
    column: dict[int, float] = {}

    def forward(k: int) -> list[int]:  # seed the one input: every output's tangent in one sweep
        ys: list[gg.Variable] = []

        def f(s):
            ys.extend(s * float(i) for i in range(1, m + 1))
            # Read every output's tangent inside the sweep: jvp clears them when it returns.
            column.update({i: float(y.tangent) for i, y in enumerate(ys)})
            return ys[-1]

        gg.jvp(f, POINT, 1.0)
        return list(range(m))

    s = gg.Variable(POINT)
    recorded: list[gg.Variable] = []

    def reverse(k: int) -> list[int]:  # one forward pass (counted in sweep 1), one backward sweep per output
        if not recorded:
            recorded.extend(s * float(i) for i in range(1, m + 1))
        s.cleargrad()
        recorded[k].backward()
        assert np.isclose(float(s.grad), column[k])
        return [k]

    fwd = _fill(m, [], forward)
    return {"forward": fwd, "reverse": _fill(m, [], reverse), "jacobian": [column[i] for i in range(m)]}


WORDS = {
    "en": {
        "label": "Reason two, played: how many sweeps fill the Jacobian",
        "shape": "Shape",
        "row": "n inputs, 1 output (a loss): J is one row",
        "column": "1 input, m outputs: J is one column",
        "size_row": "Inputs n (1 to 16)",
        "size_column": "Outputs m (1 to 16)",
        "less": "One fewer",
        "more": "One more",
        "forward": "Forward mode",
        "reverse": "Reverse mode",
        "sweep": "Run one sweep",
        "all": "Run to the end",
        "reset": "Start again",
        "counter": "Sweeps: {k} of {total}",
        "counter_start": "Sweeps: 0 of {total}",
        "evaluations": "node evaluations so far: {e}",
        "done": "{mode}: all {size} entries known after {k} {sweeps} "
        "({e} node evaluations, counted by count_ops).",
        "one_sweep": "sweep",
        "sweeps": "sweeps",
        "filled": "{mode}, sweep {k} of {total}: {what}.",
        "filled_one": "{i} = {v}",
        "filled_all": "all {size} entries in this one sweep",
        "entry_row": "∂L/∂w{i}",
        "entry_column": "∂y{i}/∂s",
        "empty": "The number of {what} is empty: type a whole number from 1 to 16. The figure keeps {size}.",
        "nan": "“{raw}” is not a whole number: type one from 1 to 16. The figure keeps {size}.",
        "range": "{raw} is out of range: the figure offers 1 to 16. It keeps {size}.",
        "changed": "{shape}; {what} = {size}. Forward mode will need {f} {fs}, reverse mode {r} {rs}.",
        "inputs": "inputs",
        "outputs": "outputs",
        "legend": "Not yet known entries are empty; the number in an entry is the engine's derivative.",
    },
    "zh": {
        "label": "第二个原因，动手试：填满雅可比矩阵要走几趟",
        "shape": "形状",
        "row": "n 个输入、1 个输出（损失）：J 是一行",
        "column": "1 个输入、m 个输出：J 是一列",
        "size_row": "输入个数 n（1 到 16）",
        "size_column": "输出个数 m（1 到 16）",
        "less": "少一个",
        "more": "多一个",
        "forward": "前向模式",
        "reverse": "反向模式",
        "sweep": "走一趟",
        "all": "一直走到填满",
        "reset": "重新开始",
        "counter": "第 {k} 趟（共 {total} 趟）",
        "counter_start": "开始之前（共需 {total} 趟）",
        "evaluations": "目前节点计算次数：{e}",
        "done": "{mode}：走了 {k} 趟，{size} 个元素全部求出（节点计算 {e} 次，由 count_ops 计数）。",
        "one_sweep": "趟",
        "sweeps": "趟",
        "filled": "{mode}，第 {k} 趟（共 {total} 趟）：{what}。",
        "filled_one": "{i} = {v}",
        "filled_all": "这一趟求出全部 {size} 个元素",
        "entry_row": "∂L/∂w{i}",
        "entry_column": "∂y{i}/∂s",
        "empty": "{what}为空：请输入 1 到 16 之间的整数。图中仍是 {size}。",
        "nan": "“{raw}”不是整数：请输入 1 到 16 之间的整数。图中仍是 {size}。",
        "range": "{raw} 超出范围：只能取 1 到 16。图中仍是 {size}。",
        "changed": "{shape}；{what} = {size}。前向模式需要 {f} {fs}，反向模式需要 {r} {rs}。",
        "inputs": "输入个数",
        "outputs": "输出个数",
        "legend": "还没求出的元素是空的；元素里的数是引擎算出的导数。",
    },
}

ALT = {
    "en": {
        "row": "The graph of L = 1·w1 + … + {n}·w{n}: {n} inputs w1 to w{n} (each 2), {n} multiply nodes, "
        "{adds} add nodes and one output L.",
        "column": "The graph of y_i = i·s for i = 1 … {n}: one input s (2), {n} multiply nodes "
        "and {n} outputs.",
    },
    "zh": {
        "row": "L = 1·w1 + … + {n}·w{n} 的计算图：{n} 个输入 w1 到 w{n}（都是 2），{n} 个乘法节点，"
        "{adds} 个加法节点，一个输出 L。",
        "column": "y_i = i·s（i = 1 … {n}）的计算图：一个输入 s（值为 2），{n} 个乘法节点，{n} 个输出。",
    },
}


def _stem(shape: str, n: int) -> str:
    return f"sweeps-{shape}-{n:02d}"


def dot_sources() -> dict[str, str]:
    """File name → DOT source of every graph the figure shows (forward mode; no words to translate)."""
    out = {}
    for n in SIZES:
        models = {"row": build_model(row_graph(n), "en"), "column": column_graph(n)}
        for shape, model in models.items():
            for theme in THEMES:
                out[f"{_stem(shape, n)}.{theme}.svg"] = draw(model, "forward", "en", theme).source
    return out


def render_svgs(out_dir: str | Path) -> dict[str, int]:
    """Draw the figure's graphs into ``out_dir``; a file whose DOT source is unchanged is left alone."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sources = dot_sources()
    digests = {name: hashlib.sha256(src.encode("utf-8")).hexdigest() for name, src in sources.items()}
    cache = out / "hashes.json"
    try:
        old = json.loads(cache.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        old = {}
    todo = [name for name in sources if old.get(name) != digests[name] or not (out / name).is_file()]
    for name, svg in zip(todo, dot_to_svgs([sources[name] for name in todo]), strict=True):
        write_atomic(out / name, svg)
    if todo or old != digests:
        write_atomic(out / "hashes.json", json.dumps(digests, indent=1, sort_keys=True) + "\n")
    return {"drawn": len(todo), "unchanged": len(sources) - len(todo)}


@cache
def export() -> dict:
    """The engine's counts and Jacobians for every size and shape, as the page embeds them."""
    data: dict = {"sizes": [SIZES.start, SIZES.stop - 1], "start": START, "shapes": {}}
    for shape, run in (("row", row_sweeps), ("column", column_sweeps)):
        data["shapes"][shape] = {str(n): run(n) for n in SIZES}
    return data


def render_block(lang: str, data: dict, url) -> str:
    """The figure's HTML in ``lang``; ``url(file)`` gives an SVG file's URL relative to the page."""
    labels.check_lang(lang)
    words, esc = WORDS[lang], html.escape
    alts = {shape: {str(n): ALT[lang][shape].format(n=n, adds=n - 1) for n in SIZES} for shape in SHAPES}
    files = {
        shape: {str(n): {t: url(f"{_stem(shape, n)}.{t}.svg") for t in THEMES} for n in SIZES}
        for shape in SHAPES
    }
    payload = {**data, "alt": alts, "files": files, "words": words}
    start = str(data["start"])
    msg = json.dumps(payload, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    field = "gg-sweeps-size"
    out = [f'<div class="gg-sweeps" data-gg-sweeps role="group" aria-label="{esc(words["label"])}">']
    out.append(f'<fieldset class="gg-sweeps-shape"><legend>{esc(words["shape"])}</legend>')
    for shape in SHAPES:
        checked = " checked" if shape == "row" else ""
        out.append(
            f'<label><input type="radio" name="gg-sweeps-shape" value="{shape}"{checked}> '
            f"{esc(words[shape])}</label>"
        )
    out.append("</fieldset>")
    out.append('<div class="gg-sweeps-size">')
    out.append(f'<label for="{field}">{esc(words["size_row"])}</label>')
    out.append(
        f'<button type="button" class="md-button gg-sweeps-less" aria-label="{esc(words["less"])}">−</button>'
    )
    out.append(
        f'<input id="{field}" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" '
        f'value="{start}" size="3">'
    )
    out.append(
        f'<button type="button" class="md-button gg-sweeps-more" aria-label="{esc(words["more"])}">+</button>'
    )
    out.append("</div>")
    out.append('<p class="gg-sweeps-message" role="status" aria-live="polite"></p>')
    out.append('<figure class="gg-sweeps-figure">')
    for theme in THEMES:
        out.append(
            f'<img class="gg-sweeps-graph" src="{esc(files["row"][start][theme])}#only-{theme}" '
            f'alt="{esc(alts["row"][start])}" decoding="async">'
        )
    out.append("</figure>")
    out.append('<div class="gg-sweeps-modes">')
    for mode in ("forward", "reverse"):
        out.append(f'<section class="gg-sweeps-mode" data-mode="{mode}"><h3>{esc(words[mode])}</h3>')
        out.append('<div class="gg-sweeps-jacobian" role="list"></div>')
        out.append('<p class="gg-sweeps-counter" aria-live="off"></p>')
        out.append('<div class="gg-sweeps-buttons">')
        primary = "md-button md-button--primary gg-sweeps-step"
        out.append(f'<button type="button" class="{primary}">{esc(words["sweep"])}</button>')
        out.append(f'<button type="button" class="md-button gg-sweeps-all">{esc(words["all"])}</button>')
        out.append(f'<button type="button" class="md-button gg-sweeps-reset">{esc(words["reset"])}</button>')
        out.append("</div></section>")
    out.append("</div>")
    out.append(f'<p class="gg-sweeps-legend">{esc(words["legend"])}</p>')
    out.append('<p class="gg-sweeps-live gg-visually-hidden" aria-live="polite" aria-atomic="true"></p>')
    out.append(f'<script type="application/json" class="gg-sweeps-data">{msg}</script>')
    out.append("</div>")
    return "\n".join(out)


__all__ = ["SIZES", "START", "row_graph", "column_graph", "row_sweeps", "column_sweeps", "export",
           "render_svgs", "render_block", "format_number"]  # fmt: skip
