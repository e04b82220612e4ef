"""Diagrams of graphgrad graphs, drawn by Graphviz in the style of the book's figures.

- :func:`to_dot` gives a ``graphviz.Digraph`` of the graph that ends at a
  variable: forward (values on the edges) or backward (gradients on red
  arrows pointing right to left, values still shown), in English or Chinese,
  for a light or a dark page, optionally highlighting one node (a local
  computation).
- :func:`render_svg` turns it into reproducible SVG with Graphviz's ``dot``.
- :func:`backward_steps` yields one diagram per backward step.
- :func:`describe` and :func:`step_captions` say in words what a diagram shows
  (alt text and captions in the page's language).

The ``graphviz`` Python package and the ``dot`` program are needed only to
draw; the engine itself works without them.

Examples
--------
>>> from graphgrad import viz
>>> from graphgrad.examples import buy_apple
>>> price = buy_apple()
>>> dot = viz.to_dot(price, mode="backward", lang="zh")
>>> "苹果的个数" in dot.source and "label=2.2" in dot.source
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graphgrad.core import Variable, graph_nodes, topological_order
from graphgrad.viz import prose as _prose
from graphgrad.viz.dot import MODES, THEMES, check_choice, draw, highlight_emphasis, step_emphasis
from graphgrad.viz.model import Model, build_model, format_array, format_number, resolve
from graphgrad.viz.render import GraphvizNotFound, dot_to_svg

#: Jupyter draws at most this many operations of a graph (those nearest the output).
DISPLAY_LIMIT = 200


def jupyter_svg(output: Variable, limit: int = DISPLAY_LIMIT) -> str | None:
    """The diagram Jupyter shows for a Variable (``Variable._repr_svg_``), or None without Graphviz.

    A graph of more than ``limit`` operations is cut: the last ``limit`` are
    drawn and a line above them says how many earlier ones are not shown, so
    that display stays fast on a graph of any size.  A single-number output
    whose inputs have gradients (after a plain ``backward()``) is shown
    backward, as :func:`to_dot` draws it.
    """
    inputs = output.named_inputs().values()
    differentiated = output.data.size == 1 and any(v.grad is not None for v in inputs)
    mode = "backward" if output.grad is not None or differentiated else "forward"
    try:
        with _with_gradients(output, mode):
            model = build_model(output, "en", limit=limit)
            return dot_to_svg(draw(model, mode, "en", "light").source)
    except (ImportError, GraphvizNotFound):
        return None  # Jupyter then shows repr()


def _missing_gradients(output: Variable) -> bool:
    """True when a backward diagram of ``output`` lacks gradients (no ``retain_grad=True`` pass)."""
    return output.grad is None or any(f.input_grads is None for f in topological_order(output))


@contextmanager
def _with_gradients(output: Variable, mode: str) -> Iterator[None]:
    """Inside: every gradient a backward diagram of ``output`` shows; after: the graph as it was.

    A scalar output gets them by running the backward pass again with ``retain_grad=True``
    (seed 1); the inputs' accumulated gradients, the intermediate gradients and the edges'
    gradients are put back afterwards, so drawing changes nothing the user sees. An output of
    any other shape needs the seed the user chose, so the error says what to call.
    """
    if not isinstance(output, Variable):
        raise TypeError(f"viz: expected a graphgrad Variable, got {type(output).__name__}")
    if mode != "backward" or not _missing_gradients(output):
        yield
        return
    if output.data.size != 1:
        raise ValueError(
            f"viz: a backward diagram of an output of shape {output.shape} needs the gradient you "
            "seeded it with and every gradient along the way: call "
            "output.backward(seed, retain_grad=True) first, e.g. "
            "output.backward(np.ones(output.shape), retain_grad=True)"
        )
    variables, functions = graph_nodes(output)
    grads = [v.grad for v in variables]
    input_grads = [f.input_grads for f in functions]
    try:
        for v in variables:
            v.cleargrad()  # the diagram shows one backward pass, not the sum of the user's calls
        output.backward(retain_grad=True)
        yield
    finally:
        for v, g in zip(variables, grads, strict=True):
            v.grad = g
        for f, g in zip(functions, input_grads, strict=True):
            f.input_grads = g


def _model(output: Variable, mode: str, lang: str) -> Model:
    """The model of the diagram (call inside :func:`_with_gradients` for a backward one)."""
    check_choice("mode", mode, MODES)
    return build_model(output, lang)


def to_dot(
    output: Variable,
    mode: str = "forward",
    lang: str = "en",
    theme: str = "light",
    highlight: Any = None,
) -> Any:
    """The diagram of the graph that ends at ``output``, as a ``graphviz.Digraph``.

    Parameters
    ----------
    output : Variable
        The last variable of the graph.  For ``mode="backward"`` of a graph you
        built yourself, a single-number output needs nothing more: if the
        gradients along the edges were not kept (a plain ``output.backward()``,
        or none yet), ``to_dot`` runs the backward pass again with
        ``retain_grad=True`` and afterwards puts every ``grad`` back as it was.
        An output of another shape needs the seed you chose: call
        ``output.backward(seed, retain_grad=True)`` first.
    mode : {"forward", "backward"}
        Forward: each edge carries its value.  Backward: each edge also has
        a red arrow pointing right to left that carries the gradient that
        flowed back along it.
    lang : {"en", "zh"}
        Language of the labels (named variables come from ``graphgrad.labels``).
    theme : {"light", "dark"}
        Dark: light strokes and text on a transparent background.
    highlight : str, Variable or Function, optional
        Emphasise one node with its direct inputs and output and dim the
        rest.  A node id (``"f0"``), a variable name (an intermediate
        variable such as ``"apple_price"`` stands for the operation that
        computed it), or the object itself.
    """
    check_choice("mode", mode, MODES)
    with _with_gradients(output, mode):
        model = _model(output, mode, lang)
        emphasis = highlight_emphasis(model, resolve(model, highlight)) if highlight is not None else None
        return draw(model, mode, lang, theme, emphasis)


def render_svg(
    output: Variable,
    path: str | Path | None = None,
    mode: str = "forward",
    lang: str = "en",
    theme: str = "light",
    highlight: Any = None,
) -> str:
    """SVG text of :func:`to_dot`'s diagram, also written to ``path`` if given.

    Needs Graphviz's ``dot``; raises :class:`GraphvizNotFound` with install
    advice when it is missing.  The same graph always gives the same bytes.
    """
    svg = dot_to_svg(to_dot(output, mode, lang, theme, highlight).source)
    if path is not None:
        Path(path).write_text(svg, encoding="utf-8")
    return svg


def backward_steps(output: Variable, lang: str = "en", theme: str = "light") -> Iterator[Any]:
    """One ``graphviz.Digraph`` per frame of backward propagation.

    Frame 0 is the start (forward values known, the seed gradient at the
    output); frame k shows the gradients known after the k-th node in
    backward order has been processed, with that node emphasised.  There
    are ``len(topological_order(output)) + 1`` frames and the last one
    shows the same gradients as ``to_dot(output, "backward")``.  Every frame
    has the same layout, so stepping through them does not jump.
    """
    with _with_gradients(output, "backward"):
        model = _model(output, "backward", lang)
        frames = [draw(model, "backward", lang, theme, step_emphasis(model, k), step=k)
                  for k in range(len(model.order) + 1)]  # fmt: skip
    yield from frames


def step_captions(output: Variable, lang: str = "en") -> list[str]:
    """A caption for each frame of :func:`backward_steps`, in ``lang``."""
    with _with_gradients(output, "backward"):
        return _prose.step_captions(_model(output, "backward", lang), lang)


def describe(target: str | Variable, mode: str = "forward", lang: str = "en", highlight: Any = None) -> str:
    """Alt text for a diagram: an example's name (see ``graphgrad.examples.EXAMPLES``) or a variable.

    >>> from graphgrad import viz
    >>> viz.describe("buy_apple", "backward", "en").split(". ")[-1].split(", ")[0]
    'Result: ∂(total payment)/∂(price per apple) = 2.2'
    """
    from graphgrad.labels import example_title

    title = None
    if isinstance(target, str):
        from graphgrad.examples import EXAMPLES

        if target not in EXAMPLES:
            raise ValueError(f"viz: no example {target!r}; choose one of {', '.join(EXAMPLES)}")
        title = example_title(target, lang)
        target = EXAMPLES[target]()
    check_choice("mode", mode, MODES)
    with _with_gradients(target, mode):
        model = _model(target, mode, lang)
        if highlight is not None:
            return _prose.describe_highlight(model, resolve(model, highlight), mode, lang, title)
        return _prose.describe_model(model, mode, lang, title)


__all__ = [
    "to_dot", "render_svg", "jupyter_svg", "DISPLAY_LIMIT", "backward_steps", "step_captions",
    "describe", "GraphvizNotFound", "format_number", "format_array", "MODES", "THEMES",
]  # fmt: skip
