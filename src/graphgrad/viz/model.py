"""What a diagram shows, worked out from a graph before any drawing.

:func:`build_model` walks the graph that ends at an output variable and
returns plain records: the nodes to draw (named inputs, operations, the
output) and the edges between them, each edge with the value that flows
forward along it and the gradient that flows backward along it.  The
drawing code (:mod:`graphgrad.viz.dot`) and the prose (:mod:`graphgrad.viz.prose`)
both read this model, so a diagram and its alt text always agree.

Node ids are sequential (``v0, v1, …`` for variables, ``f0, f1, …`` for
functions, in :func:`graphgrad.core.graph_nodes` order), never ``id()``,
so the same graph gives the same ids on every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graphgrad import labels
from graphgrad.core import Function, Variable, graph_nodes, topological_order
from graphgrad.viz.node_words import node_words

# Re-exported: the site wing and the tests import them from here.
from graphgrad.viz.numbers import MINUS, SMALL, format_array, format_number, format_shape  # noqa: F401


@dataclass
class Node:
    """One drawn node: a named input (``kind="input"``), an operation or the output."""

    id: str
    kind: str  # "input", "op" or "output"
    label: str
    words: str  # how prose names it
    function: Function | None = None
    variable: Variable | None = None


@dataclass
class Edge:
    """One drawn edge, from ``src`` to ``dst`` in the forward direction."""

    id: str
    src: str
    dst: str
    value: np.ndarray
    variable: Variable
    #: The gradient that flowed backward along this edge (None: no gradient flows, e.g. a constant).
    grad: np.ndarray | None
    #: Backward frame at which ``grad`` becomes known: 0 for the seed, k after the k-th node.
    step: int


@dataclass
class Model:
    """Nodes and edges of a diagram, plus the backward processing order."""

    nodes: list[Node]
    edges: list[Edge]
    #: Op node ids in the order backward propagation processes them.
    order: list[str]
    output: Variable
    by_id: dict[str, Node] = field(default_factory=dict)
    #: Operations left out by ``build_model(..., limit=...)`` (the earliest ones).
    hidden: int = 0

    def __post_init__(self) -> None:
        self.by_id = {n.id: n for n in self.nodes}

    def edges_into(self, node_id: str) -> list[Edge]:
        """The edges that end at ``node_id``."""
        return [e for e in self.edges if e.dst == node_id]

    def edges_out_of(self, node_id: str) -> list[Edge]:
        """The edges that start at ``node_id``."""
        return [e for e in self.edges if e.src == node_id]


def _folded(v: Variable) -> bool:
    """A scalar constant the engine wrapped (the 2 in ``t ** 2``): drawn inside its operation."""
    return v.creator is None and not v.requires_grad and v.name is None and v.data.size == 1


def op_label(f: Function) -> str:
    """Text of an operation node, with a folded scalar constant: ``×(−1)``, ``+1``, ``**2``, ``/``.

    Operations the book draws with a name of their own keep it (``dot``, ``Softmax-with-Loss``).
    """
    base = labels.OP_LABELS.get(f.name, f.label())
    if len(f.inputs) != 2:
        return base
    a, b = f.inputs
    if _folded(b) and not _folded(a):
        c = format_number(b.data.item())
        return f"{base}({c})" if c.startswith(MINUS) else base + c
    if _folded(a) and not _folded(b):
        c = format_number(a.data.item())
        if f.name == "div" and c == "1":
            return base  # the book's reciprocal node "/" (1/x)
        return f"({c}){base}" if c.startswith(MINUS) else c + base
    return base


def build_model(output: Variable, lang: str = "en", limit: int | None = None) -> Model:  # noqa: C901 - viz, reworked in issue 23
    """Nodes and edges of the graph that ends at ``output``, labelled in ``lang``.

    With ``limit``, only the last ``limit`` operations (those nearest the
    output) are kept; the values they receive from earlier operations are
    drawn as inputs, and ``Model.hidden`` says how many operations are left out.
    """
    labels.check_lang(lang)
    if not isinstance(output, Variable):
        raise TypeError(f"viz: expected a graphgrad Variable, got {type(output).__name__}")
    order = topological_order(output)
    hidden = 0
    if limit is not None and len(order) > limit:
        hidden, order = len(order) - limit, order[:limit]
    kept = {id(f) for f in order}
    if hidden:
        functions = order[::-1]
        variables = list({id(v): v for f in functions for v in (*f.inputs, f.output())}.values())
    else:
        variables, functions = graph_nodes(output)

    def is_input(v: Variable) -> bool:
        return v.creator is None or id(v.creator) not in kept

    vid = {id(v): f"v{i}" for i, v in enumerate(variables)}
    fid = {id(f): f"f{i}" for i, f in enumerate(functions)}
    step_of = {id(f): k + 1 for k, f in enumerate(order)}

    def var_words(v: Variable, fallback: str) -> str:
        return labels.term(v.name, lang) if v.name else labels.text(fallback, lang)

    nodes: list[Node] = []
    unnamed_inputs = [v for v in variables if is_input(v) and v is not output and not v.name]
    for v in variables:
        if v is output:
            continue
        if is_input(v) and not _folded(v):
            words = var_words(v, "input")
            if not v.name and len(unnamed_inputs) > 1:
                words = f"{words} {[id(u) for u in unnamed_inputs].index(id(v)) + 1}"  # by identity
            nodes.append(Node(vid[id(v)], "input", words, words, variable=v))
    for f in functions:
        # Drawn "**2", said "the square node" (alt text and captions name nodes in words).
        nodes.append(Node(fid[id(f)], "op", op_label(f), node_words(f, lang), function=f))
    out_words = var_words(output, "output")
    nodes.append(Node(vid[id(output)], "output", out_words, out_words, variable=output))

    edges: list[Edge] = []
    for f in functions:
        grads = f.input_grads
        for i, x in enumerate(f.inputs):
            if _folded(x):
                continue
            src = vid[id(x)] if is_input(x) else fid[id(x.creator)]
            grad = grads[i] if grads is not None and x.requires_grad else None
            step = step_of[id(f)] if x.requires_grad else -1
            edges.append(Edge(f"e{len(edges)}", src, fid[id(f)], x.data, x, grad, step))
    if output.creator is not None:
        edges.append(
            Edge(f"e{len(edges)}", fid[id(output.creator)], vid[id(output)], output.data, output,
                 output.grad, 0)
        )  # fmt: skip
    return Model(nodes, edges, [fid[id(f)] for f in order], output, hidden=hidden)


def resolve(model: Model, target: object) -> str:
    """The node id that ``target`` names.

    ``target`` may be a node id (``"f1"``), a variable name (``"apple_price"``:
    an intermediate variable stands for the operation that computed it), a
    :class:`~graphgrad.core.Function` or a :class:`~graphgrad.core.Variable`.
    """
    if isinstance(target, str) and target in model.by_id:
        return target
    for n in model.nodes:
        if target is n.function or target is n.variable:
            return n.id
        if isinstance(target, str) and n.variable is not None and n.variable.name == target:
            return n.id
    for n in model.nodes:  # an intermediate variable: its creator's node
        f = n.function
        if f is not None:
            y = f.output()
            if target is y or (isinstance(target, str) and y is not None and y.name == target):
                return n.id
    names = [n.id for n in model.nodes] + sorted({v.name for v in graph_nodes(model.output)[0] if v.name})
    raise ValueError(f"viz: no node {target!r} in this graph; choose one of {', '.join(names)}")
