"""A graph's paths listed one by one, then one backward sweep, multiplications counted by the engine.

The frames of a ``[[steps NAME paths]]`` step-through (the efficiency page shows it on one, two
and three stacked diamonds, ``diamonds_d1`` … ``diamonds_d3``).  Each edge carries its local
derivative (read off the engine's backward rule of the node it enters).  The frames, in order:

- the start: how many paths lead from the input to the output;
- "List the paths": each path in turn, in colour, with its product formed afresh and the running
  sum (the chain rule written out path by path);
- "Backpropagate": each node in backward order multiplies the upstream value by each local
  derivative, one number per edge, and where a value went several ways (the diamonds' value
  feeding both ``tanh`` and ``sigmoid``) the numbers coming back are added;
- the result: both ways give the same derivative.

Every multiplication is an engine multiplication of the numbers shown, counted by
:func:`graphgrad.count_ops`: the counts in the captions are the engine's, not a formula.  The
multiplication by the upstream 1 at the output is not made (it changes nothing), as in the text.

Examples
--------
>>> from graphgrad.viz.model import build_model
>>> from site_tools.figure_examples import diamonds
>>> w = walk(build_model(diamonds(2), "en"))
>>> len(w.paths), w.path_multiplications, w.backward_multiplications   # 2^d(2d−1) and 4d−2
(4, 12, 6)
>>> abs(w.path_sum - w.backward_sum) < 1e-12
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

import graphgrad as gg
from graphgrad import labels
from graphgrad.viz.model import Model, format_number
from site_tools.figures import Figure, Overlay, inputs_of, local_derivatives, paths_from

WORDS = {
    "en": {
        "label": "The paths listed one by one, then one backward sweep",
        "start": "{p} paths lead from {x} to {y}. Each edge shows its local derivative. "
        "First every path on its own, then one backward sweep.",
        "path": "Path {k} of {p}, {route}: {factors} = {product}. Sum so far {total}; "
        "multiplications so far: {m}.",
        "top": "{node} at the output: {parts}. Multiplying by the upstream 1 changes nothing, so "
        "the sweep skips it.",
        "node": "{node}: {parts}. Multiplications so far: {m}.",
        "join": "{node}: its output went {ways} ways, so the values coming back add: {sum} = {up}. "
        "Then {parts}. Multiplications so far: {m}.",
        "part": "upstream {up} × local {local} = {grad}",
        "result": "Result: ∂{y}/∂{x} = {sum} = {grad}, as the path sum {total}. Path by path: {pm} "
        "multiplications; backward sweep: {bm}.",
        "status_start": "Before the first step",
        "status_path": "List the paths: path {k} of {n}",
        "status_back": "Backpropagate: node {k} of {n}",
        "status_result": "Result",
    },
    "zh": {
        "label": "先逐条列出路径，再走一趟反向传播",
        "start": "从 {x} 到 {y} 共有 {p} 条路径。每条边上是它的局部导数。"
        "先逐条计算每条路径，再走一趟反向传播。",
        "path": "第 {k} 条路径（共 {p} 条），{route}：{factors} = {product}。累加到 {total}；"
        "到目前为止乘法 {m} 次。",
        "top": "输出端的{node}：{parts}。乘以上游导数 1 不改变任何值，所以省掉不做。",
        "node": "{node}：{parts}。到目前为止乘法 {m} 次。",
        "join": "{node}：它的输出分成了 {ways} 路，传回的值相加：{sum} = {up}。然后{parts}。"
        "到目前为止乘法 {m} 次。",
        "part": "上游 {up} × 局部 {local} = {grad}",
        "result": "结果：∂{y}/∂{x} = {sum} = {grad}，与路径之和 {total} 相同。逐条路径：乘法 {pm} 次；"
        "反向传播：{bm} 次。",
        "status_start": "开始之前",
        "status_path": "列出路径：第 {k} 条（共 {n} 条）",
        "status_back": "反向传播：第 {k} 个节点（共 {n} 个）",
        "status_result": "结果",
    },
}


def _n(x: object) -> str:
    return format_number(float(np.asarray(x)))


@dataclass
class Walk:
    """Everything the frames show, in numbers (the words come later)."""

    model: Model
    start: str  # the input node whose derivative is computed
    local: dict[str, float]  # edge id -> local derivative
    paths: list[list] = field(default_factory=list)  # each path: its edges
    path_products: list[float] = field(default_factory=list)
    path_mults: list[int] = field(default_factory=list)  # running count after each path
    #: Per node in backward order: (op id, upstream, [(edge, local, grad)], values added or None, count)
    steps: list[tuple] = field(default_factory=list)
    grads: dict[str, float] = field(default_factory=dict)  # edge id -> number carried back
    result: tuple[list[float], float] = ([], 0.0)  # the numbers arriving at the input, their sum

    @property
    def path_multiplications(self) -> int:
        return self.path_mults[-1]

    @property
    def backward_multiplications(self) -> int:
        return self.steps[-1][4]

    @property
    def path_sum(self) -> float:
        return float(sum(self.path_products))

    @property
    def backward_sum(self) -> float:
        return self.result[1]


def _added(values: list[float]) -> gg.Variable:
    total = gg.Variable(values[0])
    for v in values[1:]:
        total = total + v
    return total


def walk(model: Model) -> Walk:
    """Both ways of getting the derivative of the output for the input with the most paths.

    Every multiplication and addition of derivatives is made by the engine, inside
    :func:`graphgrad.count_ops`.
    """
    ins = inputs_of(model)
    start = max(ins, key=lambda i: (len(paths_from(model, i)), -ins.index(i)))
    w = Walk(model, start, local_derivatives(model))
    local = w.local
    count = 0
    with gg.no_grad():
        for path in paths_from(model, start):
            factors = [local[e.id] for e in path if e.id in local]
            with gg.count_ops() as c:
                product = gg.Variable(factors[0])
                for f in factors[1:]:
                    product = product * f
            count += c.by_op["forward", "mul"]
            w.paths.append(path)
            w.path_products.append(float(product.data))
            w.path_mults.append(count)
        count = 0
        out_edge = next(e for e in model.edges if e.step == 0)
        for op in model.order:
            above = model.edges_out_of(op)
            with gg.count_ops() as c:
                joined = None
                if above == [out_edge]:
                    up = None  # the upstream 1 at the output: nothing to multiply
                else:
                    values = [w.grads[e.id] for e in above if e.id in w.grads]
                    up = _added(values)
                    joined = values if len(values) > 1 else None
                parts = []
                for e in model.edges_into(op):
                    if e.id not in local:
                        continue  # a constant: nothing flows back
                    g = gg.Variable(local[e.id]) if up is None else up * local[e.id]
                    w.grads[e.id] = float(g.data)
                    parts.append((e, local[e.id], float(g.data)))
            count += c.by_op["forward", "mul"]
            upstream = 1.0 if up is None else float(up.data)
            w.steps.append((op, upstream, parts, joined, count))
        arriving = [w.grads[e.id] for e in model.edges_out_of(start) if e.id in w.grads]
        w.result = (arriving, float(_added(arriving).data))
    return w


def _figure(w: Walk, path: int | None, known: set[str], node: str | None) -> Figure:
    model = w.model
    overlays = []
    for e in model.edges:
        if e.id not in w.local:
            continue
        on_path = path is not None and any(p.id == e.id for p in w.paths[path])
        overlays.append(Overlay(e.id, "", "path0", visible=on_path))
        overlays.append(Overlay(e.id, _n(w.grads[e.id]), "grad", backward=True, visible=e.id in known))
    edge_labels = {e.id: _n(w.local[e.id]) if e.id in w.local else "" for e in model.edges}
    return Figure(model, edge_labels, overlays, "", "", {node} if node else {w.start})


def frames(model: Model, lang: str) -> list[dict]:
    """The frames: ``caption``, ``status`` and ``figure`` (a :class:`~site_tools.figures.Figure`)."""
    words = WORDS[labels.check_lang(lang)]
    w = walk(model)
    p = len(w.paths)
    x = model.by_id[w.start].label
    y = model.nodes[-1].label
    plus = " + "

    def say(key: str, **fields: object) -> str:
        return labels.sentence(words[key].format(**fields), lang)

    out = [{"caption": say("start", p=p, x=x, y=y), "status": words["status_start"],
            "figure": _figure(w, None, set(), None)}]  # fmt: skip
    for k, path in enumerate(w.paths):
        route = " → ".join([x] + [model.by_id[e.dst].label for e in path[:-1]] + [y])
        factors = " × ".join(_n(w.local[e.id]) for e in path if e.id in w.local)
        total = sum(w.path_products[: k + 1])
        caption = say("path", k=k + 1, p=p, route=route, factors=factors, product=_n(w.path_products[k]),
                      total=_n(total), m=w.path_mults[k])  # fmt: skip
        out.append({"caption": caption, "status": words["status_path"].format(k=k + 1, n=p),
                    "figure": _figure(w, k, set(), None)})  # fmt: skip
    known: set[str] = set()
    for k, (op, up, parts, joined, count) in enumerate(w.steps):
        known |= {e.id for e, _, _ in parts}
        node = model.by_id[op].words
        sep = "; " if lang == "en" else "；"
        text = sep.join(words["part"].format(up=_n(up), local=_n(loc), grad=_n(g)) for _, loc, g in parts)
        if any(e.step == 0 for e in model.edges_out_of(op)):  # the upstream 1 at the output
            caption = say("top", node=node, parts=text)
        else:
            if joined is None:
                caption = say("node", node=node, parts=text, m=count)
            else:
                added = plus.join(map(_n, joined))
                caption = say("join", node=node, ways=len(joined), sum=added, up=_n(up), parts=text, m=count)
        out.append({"caption": caption, "status": words["status_back"].format(k=k + 1, n=len(w.steps)),
                    "figure": _figure(w, None, set(known), op)})  # fmt: skip
    arriving, grad = w.result
    caption = say("result", x=x, y=y, sum=plus.join(map(_n, arriving)), grad=_n(grad), total=_n(w.path_sum),
                  pm=w.path_multiplications, bm=w.backward_multiplications)  # fmt: skip
    out.append({"caption": caption, "status": words["status_result"],
                "figure": _figure(w, None, known, None)})  # fmt: skip
    return out
