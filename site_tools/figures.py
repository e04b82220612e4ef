"""Three more ways to draw a graph: forward mode, symbols, and paths.

- ``tangent`` (forward-mode automatic differentiation): every edge carries
  its value and, on a blue arrow beside it, its *tangent*: how fast that
  value changes when one input (the seeded one) changes.  The tangents are
  computed by the engine's own Jacobian-vector products
  (:meth:`graphgrad.core.Function.jvp`), node by node in forward order, on
  the graph the example recorded.  One sweep seeds one input; a graph with
  ``n`` inputs needs ``n`` sweeps for all its partial derivatives.
- ``symbolic``: the book's way of stating the chain rule, with symbols
  instead of numbers.  Each edge shows its variable; each backward arrow
  shows the product that arrives there (``E·∂y/∂x``, ``∂z/∂z·∂z/∂t·∂t/∂x``).
- ``paths``: every edge shows its local derivative, and every path from one
  input to the output has its own colour.  The derivative is the sum over the
  paths of the product along each path.

Each function returns a :class:`Figure`: DOT source via :func:`draw_figure`
and alt text in English or Chinese, both made from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from graphgrad import labels
from graphgrad.viz.dot import FONTS, PALETTES, THEMES, _node_attrs, _text, check_choice, graphviz_module
from graphgrad.viz.model import Edge, Model, format_array, format_number
from site_tools import figure_words as words

FIGURE_MODES = ("tangent", "symbolic", "paths")

#: Tangent arrows (forward mode): blue, distinct from the red of gradients.
TANGENT = {"light": "#1565c0", "dark": "#79b8ff"}
#: One colour per path (Okabe–Ito, distinguishable with colour-blindness).
PATH_COLOURS = {
    "light": ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"),
    "dark": ("#56b4e9", "#e69f00", "#33c4a0", "#e08cc0", "#f0e442", "#7fb8ff"),
}


@dataclass
class Overlay:
    """A second arrow drawn beside a model edge (a tangent, a symbolic gradient, a path)."""

    edge: str
    label: str
    colour: str  # a key: "tangent", "grad" or "path0", "path1", …
    backward: bool = False
    visible: bool = True


@dataclass
class Figure:
    """What one drawing shows, in one language."""

    model: Model
    edge_labels: dict[str, str]
    overlays: list[Overlay]
    title: str
    alt: str
    emphasis: set[str] = field(default_factory=set)  # node ids drawn bold


# ---------------------------------------------------------------------------
# Forward mode
# ---------------------------------------------------------------------------


def inputs_of(model: Model) -> list[str]:
    """Node ids of the inputs that can be seeded, top to bottom."""
    return [n.id for n in model.nodes if n.kind == "input" and n.variable.requires_grad]


def tangents(model: Model, seed: str) -> tuple[dict[str, np.ndarray], list[tuple[str, np.ndarray]]]:
    """One forward-mode sweep with the input ``seed`` set to 1 and every other input to 0.

    Returns the tangent of every edge (by edge id) and, per operation in
    forward order, the tangent it outputs.  Each comes from the operation's
    own :meth:`~graphgrad.core.Function.jvp`, applied to the tangents of its
    inputs: the chain rule, left to right.
    """
    known: dict[int, np.ndarray | None] = {}
    for n in model.nodes:
        if n.kind == "input":
            known[id(n.variable)] = np.ones_like(n.variable.data) if n.id == seed else None
    per_op: list[tuple[str, np.ndarray]] = []
    for op in reversed(model.order):  # model.order is backward order
        f = model.by_id[op].function
        ts = [known.get(id(x)) for x in f.inputs]
        out = None if all(t is None for t in ts) else np.asarray(f.jvp(*ts))
        y = f.output()
        value = np.zeros_like(y.data) if out is None else out
        known[id(y)] = value
        per_op.append((op, value))
    edges = {}
    for e in model.edges:
        t = known.get(id(e.variable))
        edges[e.id] = np.zeros_like(e.value) if t is None else t
    return edges, per_op


def _forward_order(model: Model) -> list[str]:
    return list(reversed(model.order))


def _edge_known_at(model: Model, e: Edge, k: int) -> bool:
    """Whether this edge's tangent is known after k operations of the sweep (k = 0: only the inputs)."""
    src = model.by_id[e.src]
    if src.kind != "op":
        return True
    return _forward_order(model).index(e.src) < k


def tangent_figure(model: Model, seed: str, lang: str, sweep: int, k: int | None = None) -> Figure:
    """Forward mode with ``seed`` set to 1: values and tangents; ``k`` shows the sweep after k nodes."""
    ins = inputs_of(model)
    n_ops = len(model.order)
    done = n_ops if k is None else k
    edge_t, per_op = tangents(model, seed)
    overlays = [
        Overlay(e.id, format_array(edge_t[e.id]), "tangent", visible=_edge_known_at(model, e, done))
        for e in model.edges
        if e.variable.requires_grad or model.by_id[e.src].kind == "op"
    ]
    seed_words = model.by_id[seed].words
    title = labels.sentence(words.text("sweep_title", lang, s=sweep, n=len(ins), seed=seed_words), lang)
    parts = [labels.sentence(words.text("tangent_intro", lang, seed=seed_words), lang)]
    for op, t in per_op[:done]:
        node = model.by_id[op].words
        parts.append(labels.sentence(words.text("tangent_node", lang, node=node, t=_words(t, lang)), lang))
    out_t = per_op[-1][1] if per_op else np.zeros(())
    out_words = model.nodes[-1].words
    if done == n_ops:
        parts.append(
            labels.sentence(
                words.text("tangent_result", lang, output=out_words, seed=seed_words, t=_words(out_t, lang)),
                lang,
            )
        )
    emphasis = {seed} | ({_forward_order(model)[done - 1]} if 0 < done < n_ops or k == n_ops else set())
    alt = _join([labels.sentence(title, lang), *parts], lang)
    return Figure(model, {e.id: format_array(e.value) for e in model.edges}, overlays, title, alt, emphasis)


def tangent_frames(model: Model, lang: str) -> list[Figure]:
    """The step-through: the first sweep node by node, then one frame per further sweep."""
    ins = inputs_of(model)
    n_ops = len(model.order)
    frames = [tangent_figure(model, ins[0], lang, 1, k) for k in range(n_ops + 1)]
    frames += [tangent_figure(model, seed, lang, s) for s, seed in enumerate(ins[1:], start=2)]
    return frames


def tangent_statuses(model: Model, lang: str) -> list[str]:
    """The running counter under each frame: sweep s of n (and the node within the first sweep)."""
    ins = inputs_of(model)
    n_ops = len(model.order)
    first = [words.text("sweep_status_start", lang, s=1, n=len(ins))]
    first += [words.text("sweep_status_node", lang, s=1, n=len(ins), k=k, m=n_ops)
              for k in range(1, n_ops + 1)]  # fmt: skip
    return first + [words.text("sweep_status", lang, s=s, n=len(ins)) for s in range(2, len(ins) + 1)]


def tangent_arithmetic(model: Model, op: str, edge_tangents: dict[str, np.ndarray], t: np.ndarray) -> str:
    """The chain rule at one node, left to right: ``local × tangent + local × tangent = tangent``.

    The local derivatives are the node's own (:func:`local_derivatives`); an add node's are 1.
    """
    local = local_derivatives(model)
    terms = [f"{format_number(local[e.id])} × {_words(edge_tangents[e.id], 'en')}"
             for e in model.edges_into(op) if e.id in local]  # fmt: skip
    return f"{' + '.join(terms)} = {_words(t, 'en')}"


def _node_words(model: Model, op: str, lang: str) -> str:
    from site_tools.walkthrough import output_name

    name = output_name(model, op, lang)
    node = model.by_id[op].words
    return words.text("tangent_step", lang, node=node, name=name, arithmetic="{arithmetic}") if name else (
        node + (": " if lang == "en" else "：") + "{arithmetic}"
    )


def tangent_step_captions(model: Model, lang: str) -> list[str]:
    """One caption per frame of :func:`tangent_frames`, each replacing the one before.

    The first frame says what the sweep starts from; each node of the first sweep names the
    node and shows its chain rule, local derivatives times incoming tangents; each later sweep
    shows the node at the output, whose tangent is that sweep's one partial derivative.
    """
    ins = inputs_of(model)
    out_words = model.nodes[-1].words
    stop = "." if lang == "en" else "。"

    def sentence(s: str) -> str:
        return labels.sentence(s, lang) + stop

    captions = []
    for s, seed in enumerate(ins, start=1):
        edge_t, per_op = tangents(model, seed)
        seed_words = model.by_id[seed].words
        t_out = _words(per_op[-1][1], lang)
        done = words.text("tangent_done", lang, output=out_words, seed=seed_words, t=t_out)
        if s == 1:
            captions.append(sentence(words.text("tangent_start", lang, s=s, n=len(ins), seed=seed_words)))
            for k, (op, t) in enumerate(per_op, start=1):
                arithmetic = tangent_arithmetic(model, op, edge_t, t)
                text = _node_words(model, op, lang).format(arithmetic=arithmetic)
                if k == len(per_op):
                    text += ("; " if lang == "en" else "；") + done
                captions.append(sentence(text))
        else:
            op, t = per_op[-1]
            head = words.text("tangent_sweep", lang, s=s, n=len(ins), seed=seed_words)
            text = _node_words(model, op, lang).format(arithmetic=tangent_arithmetic(model, op, edge_t, t))
            sep = ". " if lang == "en" else "。"
            captions.append(sentence(labels.sentence(head, lang) + sep + labels.sentence(text, lang)
                                     + ("; " if lang == "en" else "；") + done))  # fmt: skip
    return captions


def _words(a: np.ndarray, lang: str) -> str:
    a = np.asarray(a)
    return format_number(a.item()) if a.size == 1 else format_array(a).replace("\n", " ")


def _join(parts: list[str], lang: str) -> str:
    """Sentences as one paragraph, each ending with a full stop of the language."""
    stop = "." if lang == "en" else "。"
    ended = [p if p.endswith((".", "。", ":", "：")) else p + stop for p in parts]
    return " ".join(ended) if lang == "en" else "".join(ended)


# ---------------------------------------------------------------------------
# Symbols
# ---------------------------------------------------------------------------


def _symbol(e: Edge) -> str:
    return e.variable.name or "?"


def symbolic_figure(model: Model, lang: str, seed: str | None = None, op_label: str | None = None) -> Figure:
    """Symbols on the edges and, backward, the product of local derivatives that reaches each edge.

    ``seed`` is what enters at the output (default ``∂z/∂z`` for an output ``z``);
    ``op_label`` replaces the text of every operation node (the book's abstract ``f``).
    """
    if op_label is not None:
        nodes = [replace(n, label=op_label, words=labels.text("node", lang, label=op_label))
                 if n.kind == "op" else n for n in model.nodes]  # fmt: skip
        model = Model(nodes, model.edges, model.order, model.output)
    out_edge = next(e for e in model.edges if e.step == 0)
    out = _symbol(out_edge)
    grad = {out_edge.id: seed or f"∂{out}/∂{out}"}
    for op in model.order:
        above = [grad[e.id] for e in model.edges_out_of(op)]
        upstream = above[0] if len(above) == 1 else "(" + " + ".join(above) + ")"
        y = model.by_id[op].function.output()
        for e in model.edges_into(op):
            if e.grad is not None:
                grad[e.id] = f"{upstream}·∂{y.name or '?'}/∂{_symbol(e)}"
    overlays = [Overlay(e.id, grad[e.id], "grad", backward=True) for e in model.edges if e.id in grad]
    title = words.text("symbolic_title", lang)
    sentences = [labels.sentence(words.text("symbolic_intro", lang), lang)]
    for e in model.edges:
        if e.id in grad and e.id != out_edge.id:
            sentences.append(
                labels.sentence(words.text("symbolic_edge", lang, name=_symbol(e), grad=grad[e.id]), lang)
            )
    alt = _join([labels.sentence(title, lang), *sentences], lang)
    return Figure(model, {e.id: _symbol(e) for e in model.edges}, overlays, title, alt)


# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------


def local_derivatives(model: Model) -> dict[str, float]:
    """∂(node's output)/∂(input) for every edge into an operation, from the node's own backward rule."""
    out = {}
    for op in model.order:
        f = model.by_id[op].function
        y = f.output()
        local = f.backward(np.ones_like(y.data))
        ins = [e for e in model.edges_into(op)]
        for e in ins:
            i = next(i for i, x in enumerate(f.inputs) if x is e.variable)
            out[e.id] = float(np.sum(local[i]))
    return out


def paths_from(model: Model, start: str) -> list[list[Edge]]:
    """Every path of edges from node ``start`` to the output node."""
    end = model.nodes[-1].id
    found: list[list[Edge]] = []
    stack: list[tuple[str, list[Edge]]] = [(start, [])]
    while stack:
        node, path = stack.pop()
        if node == end:
            found.append(path)
            continue
        for e in reversed(model.edges_out_of(node)):
            stack.append((e.dst, [*path, e]))
    return found


def paths_figure(model: Model, lang: str, start: str | None = None) -> Figure:
    """Local derivatives on the edges; each path from ``start`` in its own colour.

    ``start`` defaults to the input with the most paths to the output.
    """
    ins = inputs_of(model)
    start = start or max(ins, key=lambda i: (len(paths_from(model, i)), -ins.index(i)))
    local = local_derivatives(model)
    paths = paths_from(model, start)
    out_name = model.nodes[-1].words
    start_name = model.by_id[start].words
    edge_labels = {}
    for e in model.edges:
        if e.id in local:
            y = model.by_id[e.dst].function.output()
            edge_labels[e.id] = f"∂{y.name}/∂{_symbol(e)} = {format_number(local[e.id])}"
        else:
            edge_labels[e.id] = _symbol(e)
    overlays = []
    path_words = []
    total = 0.0
    for p, path in enumerate(paths):
        factors = [local[e.id] for e in path if e.id in local]
        product = float(np.prod(factors)) if factors else 1.0
        total += product
        for e in path:
            if e.id in local:
                overlays.append(Overlay(e.id, "", f"path{p}"))
        route = " → ".join([start_name] + [_symbol(e) for e in path[1:]])
        path_words.append(
            words.text(
                "path_item", lang, route=route,
                factors=" × ".join(format_number(f) for f in factors), product=format_number(product),
            )
        )  # fmt: skip
    title = words.text("paths_title", lang, n=len(paths), start=start_name, output=out_name)
    result = words.text("paths_sum", lang, output=out_name, start=start_name, total=format_number(total))
    alt = _join(
        [labels.sentence(title, lang)]
        + [labels.sentence(w, lang) for w in path_words]
        + [labels.sentence(result, lang)],
        lang,
    )
    return Figure(model, edge_labels, overlays, title, alt, {start})


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------


def _colour(key: str, theme: str) -> str:
    if key == "tangent":
        return TANGENT[theme]
    if key == "grad":
        return PALETTES[theme].grad
    colours = PATH_COLOURS[theme]
    return colours[int(key[4:]) % len(colours)]


def draw_figure(fig: Figure, lang: str, theme: str, caption: str | None = None) -> Any:  # noqa: C901 - leaves the engine
    """A ``graphviz.Digraph`` for a :class:`Figure`; ``caption`` is written under the graph."""
    graphviz = graphviz_module()
    pal = PALETTES[check_choice("theme", theme, THEMES)]
    font, bold = FONTS[labels.check_lang(lang)]
    graph_attr = {
        "rankdir": "LR", "bgcolor": pal.background, "pad": "0.2", "nodesep": "0.3", "ranksep": "0.55",
        "fontname": font, "outputorder": "edgesfirst", "ordering": "in",
    }  # fmt: skip
    if caption:
        graph_attr.update(label=_text(caption), labelloc="b", fontcolor=pal.ink, fontsize="14")
    g = graphviz.Digraph(
        "graphgrad",
        graph_attr=graph_attr,
        node_attr={"fontname": font, "fontsize": "15"},
        edge_attr={"fontname": font, "fontsize": "13", "arrowsize": "0.7", "penwidth": "1.2"},
    )
    for node in fig.model.nodes:
        attrs = _node_attrs(node, pal, None, bold)
        if node.id in fig.emphasis:
            attrs.update(fontname=bold, penwidth="2.2")
            if node.kind == "op":
                attrs["fillcolor"] = pal.accent
        g.node(node.id, **attrs)
    by_edge: dict[str, list[Overlay]] = {}
    for o in fig.overlays:
        by_edge.setdefault(o.edge, []).append(o)
    for e in fig.model.edges:
        g.edge(
            e.src,
            e.dst,
            id=e.id,
            label=_text(fig.edge_labels.get(e.id, "")),
            color=pal.ink,
            fontcolor=pal.ink,
        )
        for o in by_edge.get(e.id, []):
            colour = _colour(o.colour, theme)
            attrs = {"id": f"{e.id}-{o.colour}", "color": colour, "fontcolor": colour, "penwidth": "2"}
            if o.label:
                attrs["label"] = _text(o.label)
            if o.backward:
                attrs["dir"] = "back"
            if not o.visible:
                attrs["style"] = "invis"  # keeps its room: every frame has the same layout
            g.edge(e.src, e.dst, **attrs)
    return g
