"""The diamonds stepped through: every path listed, then one backward sweep, multiplications counted.

The efficiency page's ``[[steps diamonds_d1 paths]]`` (``d2``, ``d3``) step-throughs.  On ``d``
stacked diamonds ``v ↦ tanh(v)·sigmoid(v)`` each edge carries its local derivative (read off the
engine's backward rule of the node it enters).  The frames, in order:

- the start: ``2^d`` paths from ``x`` to ``y``;
- "List the paths": each path in turn, in colour, with its product formed afresh and the running
  sum (the chain rule written out path by path);
- "Backpropagate": each node in backward order multiplies the upstream value by each local
  derivative, one number per edge, and where two paths split (the value feeding both ``tanh`` and
  ``sigmoid``) the two numbers arriving back are added;
- the result: both ways give the same ``∂y/∂x``.

Every multiplication is an engine multiplication of the numbers shown, counted by
:func:`graphgrad.count_ops`: the counts in the captions are the engine's, not a formula.  The
multiplication by the upstream 1 at the output is not made (it changes nothing), as in the text.

Examples
--------
>>> from site_tools.diamond_paths import walk
>>> w = walk(2)
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
from graphgrad.examples import diamonds
from graphgrad.viz.figures import Figure, Overlay, draw_figure, local_derivatives, paths_from
from graphgrad.viz.model import Model, build_model, format_number

#: The depths the page steps through.
DEPTHS = (1, 2, 3)

WORDS = {
    "en": {
        "label": "{d} diamonds: the paths listed, then one backward sweep",
        "start": "{d} {diamonds}: {p} paths lead from x to y. Each edge shows its local derivative. "
        "First every path on its own, then one backward sweep.",
        "diamond": "diamond",
        "diamonds": "diamonds",
        "path": "Path {k} of {p}, {route}: {factors} = {product}. Sum so far {total}; "
        "multiplications so far: {m}.",
        "top": "{node} at the output: upstream 1, so its two edges carry their local "
        "derivatives, {a} and {b}, with no multiplication.",
        "node": "{node}: upstream {up} × local {local} = {grad}. Multiplications so far: {m}.",
        "join": "{node}: its output went two ways, so the two values coming back add: {a} + {b} = {up}. "
        "Then {parts}. Multiplications so far: {m}.",
        "part": "upstream {up} × local {local} = {grad}",
        "result": "Result: ∂y/∂x = {a} + {b} = {grad}, as the path sum {total}. Path by path: {pm} "
        "multiplications; backward sweep: {bm}.",
        "status_start": "Before the first step",
        "status_path": "List the paths: path {k} of {n}",
        "status_back": "Backpropagate: node {k} of {n}",
        "status_result": "Result",
    },
    "zh": {
        "label": "{d} 个菱形：先逐条列出路径，再走一趟反向传播",
        "start": "{d} 个菱形：从 x 到 y 共有 {p} 条路径。每条边上是它的局部导数。"
        "先逐条计算每条路径，再走一趟反向传播。",
        "diamond": "菱形",
        "diamonds": "菱形",
        "path": "第 {k} 条路径（共 {p} 条），{route}：{factors} = {product}。累加到 {total}；"
        "到目前为止乘法 {m} 次。",
        "top": "输出端的{node}：上游导数是 1，所以两条边上就是各自的局部导数 {a} 和 {b}，不必做乘法。",
        "node": "{node}：上游 {up} × 局部 {local} = {grad}。到目前为止乘法 {m} 次。",
        "join": "{node}：它的输出分成了两路，传回的两个值相加：{a} + {b} = {up}。然后{parts}。"
        "到目前为止乘法 {m} 次。",
        "part": "上游 {up} × 局部 {local} = {grad}",
        "result": "结果：∂y/∂x = {a} + {b} = {grad}，与路径之和 {total} 相同。逐条路径：乘法 {pm} 次；"
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
    """Everything the frames show for one depth, in numbers (the words come later)."""

    model: Model
    local: dict[str, float]  # edge id -> local derivative
    paths: list[list] = field(default_factory=list)  # each path: its edges
    path_products: list[float] = field(default_factory=list)
    path_mults: list[int] = field(default_factory=list)  # running count after each path
    #: Per node in backward order: (op id, upstream, [(edge, local, grad)], joined (a, b) or None, count)
    steps: list[tuple] = field(default_factory=list)
    grads: dict[str, float] = field(default_factory=dict)  # edge id -> number carried back
    result: tuple[float, float, float] = (0.0, 0.0, 0.0)  # the two numbers into x and their sum

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
        return self.result[2]


def walk(depth: int, lang: str = "en") -> Walk:
    """Both ways of getting ∂y/∂x on ``depth`` diamonds, every multiplication made by the engine."""
    model = build_model(diamonds(depth), lang)
    local = local_derivatives(model)
    x = next(n.id for n in model.nodes if n.kind == "input")
    w = Walk(model, local)
    count = 0
    with gg.no_grad():
        for path in paths_from(model, x):
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
            above = [e for e in model.edges_out_of(op)]
            with gg.count_ops() as c:
                joined = None
                if above == [out_edge]:
                    up = None  # the upstream 1 at the output: nothing to multiply
                elif len(above) == 1:
                    up = gg.Variable(w.grads[above[0].id])
                else:
                    a, b = (gg.Variable(w.grads[e.id]) for e in above)
                    up = a + b
                    joined = (float(a.data), float(b.data))
                parts = []
                for e in model.edges_into(op):
                    g = gg.Variable(local[e.id]) if up is None else up * local[e.id]
                    w.grads[e.id] = float(g.data)
                    parts.append((e, local[e.id], float(g.data)))
            count += c.by_op["forward", "mul"]
            upstream = 1.0 if up is None else float(up.data)
            w.steps.append((op, upstream, parts, joined, count))
        into_x = [w.grads[e.id] for e in model.edges_out_of(x)]
        with gg.count_ops():
            total = gg.Variable(into_x[0]) + into_x[1]
        w.result = (into_x[0], into_x[1], float(total.data))
    return w


def _figure(w: Walk, lang: str, path: int | None, known: set[str], node: str | None) -> Figure:
    model = w.model
    overlays = []
    for e in model.edges:
        if e.id not in w.local:
            continue
        on_path = path is not None and any(p.id == e.id for p in w.paths[path])
        overlays.append(Overlay(e.id, "", "path0", visible=on_path))
        overlays.append(Overlay(e.id, _n(w.grads[e.id]), "grad", backward=True, visible=e.id in known))
    edge_labels = {e.id: _n(w.local[e.id]) if e.id in w.local else "" for e in model.edges}
    x = next(n.id for n in model.nodes if n.kind == "input")
    emphasis = {node} if node else {x}
    return Figure(model, edge_labels, overlays, "", "", emphasis)


def frames(depth: int, lang: str) -> list[dict]:
    """The frames of one depth: ``caption``, ``status`` and ``figure`` (a :class:`Figure`)."""
    words = WORDS[labels.check_lang(lang)]
    w = walk(depth, lang)
    model = w.model
    p = len(w.paths)

    def say(key: str, **fields: object) -> str:
        return labels.sentence(words[key].format(**fields), lang)

    out = [
        {
            "caption": say("start", d=depth, diamonds=words["diamond" if depth == 1 else "diamonds"], p=p),
            "status": words["status_start"],
            "figure": _figure(w, lang, None, set(), None),
        }
    ]
    for k, path in enumerate(w.paths):
        route = " → ".join(["x"] + [model.by_id[e.dst].label for e in path[:-1]] + ["y"])
        factors = " × ".join(_n(w.local[e.id]) for e in path if e.id in w.local)
        total = sum(w.path_products[: k + 1])
        out.append(
            {
                "caption": say(
                    "path",
                    k=k + 1,
                    p=p,
                    route=route,
                    factors=factors,
                    product=_n(w.path_products[k]),
                    total=_n(total),
                    m=w.path_mults[k],
                ),  # fmt: skip
                "status": words["status_path"].format(k=k + 1, n=p),
                "figure": _figure(w, lang, k, set(), None),
            }
        )
    known: set[str] = set()
    n_ops = len(w.steps)
    for k, (op, up, parts, joined, count) in enumerate(w.steps):
        known |= {e.id for e, _, _ in parts}
        node = model.by_id[op].words
        if joined is None and up == 1.0:
            caption = say("top", node=node, a=_n(parts[0][1]), b=_n(parts[1][1]))
        elif joined is None:
            e, loc, g = parts[0]
            caption = say("node", node=node, up=_n(up), local=_n(loc), grad=_n(g), m=count)
        else:
            sep = "; " if lang == "en" else "；"
            text = sep.join(words["part"].format(up=_n(up), local=_n(loc), grad=_n(g)) for _, loc, g in parts)
            caption = say("join", node=node, a=_n(joined[0]), b=_n(joined[1]), up=_n(up), parts=text, m=count)
        out.append(
            {
                "caption": caption,
                "status": words["status_back"].format(k=k + 1, n=n_ops),
                "figure": _figure(w, lang, None, set(known), op),
            }
        )
    a, b, grad = w.result
    out.append(
        {
            "caption": say(
                "result",
                a=_n(a),
                b=_n(b),
                grad=_n(grad),
                total=_n(w.path_sum),
                pm=w.path_multiplications,
                bm=w.backward_multiplications,
            ),  # fmt: skip
            "status": words["status_result"],
            "figure": _figure(w, lang, None, set(known), None),
        }
    )
    return out


def _drawer(figure: Figure, lang: str):
    return lambda theme: draw_figure(figure, lang, theme).source


def step_throughs() -> list[dict]:
    """One step-through per depth: ``example`` name, ``label`` by language and frames by language.

    Each frame of ``frames[lang]`` has ``caption``, ``status`` and ``source(theme)``, the DOT text.
    """
    out = []
    for depth in DEPTHS:
        by_lang = {lang: frames(depth, lang) for lang in labels.LANGS}
        out.append(
            {
                "example": f"diamonds_d{depth}",
                "title": {lang: WORDS[lang]["label"].format(d=depth) for lang in labels.LANGS},
                "frames": {
                    lang: [
                        {
                            "caption": f["caption"],
                            "status": f["status"],
                            "source": _drawer(f["figure"], lang),
                        }
                        for f in fs
                    ]
                    for lang, fs in by_lang.items()
                },
            }
        )
    return out
