"""Draw a :class:`~graphgrad.viz.model.Model` as a Graphviz ``Digraph``, in the book's style.

Left to right; operations are circles showing the operation; named inputs
and the output are plain text; each edge carries the value flowing along it.
In backward mode a second, red arrow under each edge points right to left
and carries the gradient flowing back along it.

The ``graphviz`` Python package is imported only when a diagram is drawn,
so the engine works without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphgrad import labels
from graphgrad.viz.model import Edge, Model, Node, format_array

MODES = ("forward", "backward")
THEMES = ("light", "dark")

#: (regular, bold) font per language; Chinese needs a CJK face (Debian: fonts-noto-cjk).
FONTS = {"en": ("Helvetica", "Helvetica-Bold"), "zh": ("Noto Sans CJK SC", "Noto Sans CJK SC Bold")}


@dataclass(frozen=True)
class Palette:
    """The colours of one theme."""

    background: str
    ink: str  # text and forward arrows
    grad: str  # gradients: red in the light theme
    dim: str  # what a highlight pushes into the background
    fill: str  # operation nodes
    accent: str  # fill of an emphasised operation


PALETTES = {
    "light": Palette("white", "#212121", "#d32f2f", "#c9c9c9", "white", "#ffe9a8"),
    "dark": Palette("transparent", "#e6e6e6", "#ff7b72", "#5c6370", "transparent", "#5c4a14"),
}


@dataclass
class Emphasis:
    """Which nodes and edges stand out, and whether the rest is dimmed."""

    nodes: set[str]
    edges: set[str]  # forward edges whose value is emphasised
    grads: set[str]  # edges whose gradient is emphasised
    dim_rest: bool


def check_choice(what: str, value: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ValueError naming them."""
    if value not in choices:
        raise ValueError(f"viz: unknown {what} {value!r}; choose one of {', '.join(map(repr, choices))}")
    return value


def highlight_emphasis(model: Model, node_id: str) -> Emphasis:
    """A node, its direct inputs and its output stand out; the rest is dimmed."""
    touching = [e for e in model.edges if node_id in (e.src, e.dst)]
    nodes = {node_id}
    for e in touching:  # named inputs and the output are nodes; intermediate values are edges
        for end in (e.src, e.dst):
            if model.by_id[end].kind != "op":
                nodes.add(end)
    ids = {e.id for e in touching}
    return Emphasis(nodes, ids, ids, dim_rest=True)


def step_emphasis(model: Model, k: int) -> Emphasis:
    """Frame ``k`` of backward propagation: the node being processed and its gradients stand out."""
    if k == 0:
        seed = {e.id for e in model.edges if e.step == 0}
        return Emphasis(set(), set(), seed, dim_rest=False)
    current = model.order[k - 1]
    grads = {e.id for e in model.edges if e.src == current or (e.dst == current and e.step == k)}
    return Emphasis({current}, set(), grads, dim_rest=False)


def _text(s: str) -> str:
    r"""A label for DOT: backslashes escaped, lines joined with Graphviz's ``\\n``.

    Never read as an HTML-like label, so a name such as ``<b>x</b>`` is drawn as written.
    """
    import graphviz

    return graphviz.nohtml(s.replace("\\", "\\\\").replace("\n", "\\n"))


def _node_attrs(node: Node, pal: Palette, emph: Emphasis | None, bold: str) -> dict[str, str]:
    strong = emph is not None and node.id in emph.nodes
    faded = emph is not None and emph.dim_rest and not strong
    ink = pal.dim if faded else pal.ink
    attrs = {"label": _text(node.label), "fontcolor": ink, "color": ink}
    if node.kind == "op":
        round_ = len(node.label) <= 5
        attrs.update(
            shape="circle" if round_ else "box",
            style="filled" if round_ else "rounded,filled",
            fillcolor=pal.accent if strong else pal.fill,
            penwidth="2.2" if strong else "1.2",
            fontsize="20" if len(node.label) <= 1 else "16" if round_ else "14",
        )
        if round_:
            attrs.update(width="0.5", margin="0.04")
    else:
        attrs.update(shape="plaintext", margin="0.05,0.02")
        if strong:
            attrs["fontname"] = bold
    return attrs


def _edge_attrs(
    edge: Edge, pal: Palette, emph: Emphasis | None, bold: str, shown: bool = True
) -> dict[str, str]:
    strong = emph is not None and edge.id in emph.edges
    faded = emph is not None and emph.dim_rest and not strong
    ink = pal.dim if faded else pal.ink
    # A value not computed yet keeps its room (same layout in every frame) but is not drawn.
    attrs = {"id": edge.id, "label": _text(format_array(edge.value)), "color": ink,
             "fontcolor": ink if shown else "transparent"}  # fmt: skip
    if strong:
        attrs.update(penwidth="2", fontname=bold)  # highlights only: step frames keep one layout
    return attrs


def _grad_attrs(edge: Edge, pal: Palette, emph: Emphasis | None, visible: bool, bold: str) -> dict[str, str]:
    strong = emph is not None and edge.id in emph.grads
    faded = emph is not None and emph.dim_rest and not strong
    ink = pal.dim if faded else pal.grad
    attrs = {
        "id": f"{edge.id}-grad",
        "label": _text(format_array(edge.grad)),
        "dir": "back",
        "color": ink,
        "fontcolor": ink,
    }
    if strong:
        attrs["penwidth"] = "2.4"
        if emph.dim_rest:  # a highlight; step frames keep the regular face so the layout never moves
            attrs["fontname"] = bold
    if not visible:
        attrs["style"] = "invis"  # keeps its room, so every frame has the same layout
    return attrs


def graphviz_module() -> Any:
    """The ``graphviz`` Python package, or an ImportError that says how to install it."""
    try:
        import graphviz
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "graphgrad.viz needs the 'graphviz' Python package: pip install graphviz "
            "(and Graphviz's dot program: apt-get install graphviz)"
        ) from None
    return graphviz


def draw(
    model: Model,
    mode: str,
    lang: str,
    theme: str,
    emphasis: Emphasis | None = None,
    step: int | None = None,
    values: set[str] | None = None,
) -> Any:
    """A ``graphviz.Digraph`` for ``model``.

    ``step`` shows only gradients known at that frame, ``values`` (edge ids)
    only the values known so far (forward propagation, node by node).
    """
    graphviz = graphviz_module()
    pal = PALETTES[check_choice("theme", theme, THEMES)]
    check_choice("mode", mode, MODES)
    font, bold = FONTS[labels.check_lang(lang)]
    g = graphviz.Digraph(
        "graphgrad",
        graph_attr={
            "rankdir": "LR",
            "bgcolor": pal.background,
            "pad": "0.2",
            "nodesep": "0.3",
            "ranksep": "0.45",
            "fontname": font,
            "outputorder": "edgesfirst",
            "ordering": "in",  # inputs top to bottom in argument order, as in the book
        },
        node_attr={"fontname": font, "fontsize": "15"},
        edge_attr={"fontname": font, "fontsize": "13", "arrowsize": "0.7", "penwidth": "1.2"},
    )
    if model.hidden:
        g.attr(label=_text(labels.text("hidden_ops", lang, n=model.hidden)), labelloc="t",
               labeljust="l", fontcolor=pal.dim)  # fmt: skip
    for node in model.nodes:
        g.node(node.id, **_node_attrs(node, pal, emphasis, bold))
    for edge in model.edges:
        shown = values is None or edge.id in values
        g.edge(edge.src, edge.dst, **_edge_attrs(edge, pal, emphasis, bold, shown))
        if mode == "backward" and edge.grad is not None:
            visible = step is None or edge.step <= step
            g.edge(edge.src, edge.dst, **_grad_attrs(edge, pal, emphasis, visible, bold))
    return g
