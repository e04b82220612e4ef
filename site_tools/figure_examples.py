"""Small graphs the site draws as figures only: a local computation, paths, diamonds, gradient flow.

The engine's examples (:data:`graphgrad.examples.EXAMPLES`, the book's shopping graphs, the
chain rule, sigmoid, Affine with Softmax-with-Loss) belong to the engine; these small graphs
exist for the site's figures (``[[diagram NAME MODE]]``, drawn in whatever mode a page asks
for) and its ``[[value …]]`` tokens, so they live in its wing.  Each builds
its graph from named input variables, runs forward and backward propagation and returns the
output :class:`~graphgrad.core.Variable`, as the engine's examples do.

Examples
--------
>>> from site_tools.figure_examples import FIGURES
>>> z = FIGURES["fork_node"]()
>>> z.item(), z.named_inputs()["x"].grad.item()
(20.0, 5.0)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphgrad import functions as F
from graphgrad.core import Variable


def _named(var: Variable, name: str) -> Variable:
    var.name = name
    return var


def abstract_node(x: float = 1.0) -> Variable:
    """One node y = f(x), the book's picture of a local computation (here f = exp, so it runs).

    Backward, the node receives E from upstream and passes on E·∂y/∂x.

    Examples
    --------
    >>> import math
    >>> from site_tools.figure_examples import abstract_node
    >>> y = abstract_node()
    >>> y.named_inputs()["x"].grad.item() == math.e
    True
    """
    y = _named(F.exp(Variable(x, "x")), "y")
    y.backward(retain_grad=True)
    return y


def paths_graph(a: float = 2, b: float = 1) -> Variable:
    """The graph e = (a + b)(b + 1): b reaches e along two paths, through c = a + b and d = b + 1.

    The chain rule adds the paths: de/db = dc/db·de/dc + dd/db·de/dd
    = 1·d + 1·c = 2 + 3 = 5 (the graph of Christopher Olah's
    "Calculus on Computational Graphs: Backpropagation", 2015).

    Examples
    --------
    >>> from site_tools.figure_examples import paths_graph
    >>> e = paths_graph()
    >>> e.item(), e.named_inputs()["a"].grad.item(), e.named_inputs()["b"].grad.item()
    (6.0, 2.0, 5.0)
    """
    va, vb = Variable(a, "a"), Variable(b, "b")
    c = _named(va + vb, "c")
    d = _named(vb + 1, "d")
    e = _named(c * d, "e")
    e.backward(retain_grad=True)
    return e


def diamonds(depth: int = 3, x0: float = 0.3) -> Variable:
    """``depth`` stacked diamonds v → tanh(v)·sigmoid(v): the value splits in two and joins again.

    There are 2**depth paths from x to the output, yet backward propagation
    visits each of the 3·depth nodes once.

    Examples
    --------
    >>> from site_tools.figure_examples import diamonds
    >>> y = diamonds(3)
    >>> round(y.named_inputs()["x"].grad.item(), 6)
    0.183288
    """
    if not isinstance(depth, int) or depth < 1:
        raise ValueError(f"diamonds: depth must be a positive integer, got {depth!r}")
    x = Variable(x0, "x")
    v = x
    for _ in range(depth):
        v = F.tanh(v) * F.sigmoid(v)
    v.name = "y"
    v.backward(retain_grad=True)
    return v


def max_node(x: float = 4, y: float = 2, dout: float = 1.3) -> Variable:
    """One max node, max(4, 2) = 4, receiving 1.3 from upstream: the gradient goes to the winner.

    The input that was larger gets the upstream derivative (its local
    derivative is 1); the other gets 0.

    Examples
    --------
    >>> from site_tools.figure_examples import max_node
    >>> z = max_node()
    >>> [round(v.grad.item(), 10) for v in z.named_inputs().values()]
    [1.3, 0.0]
    """
    z = _named(F.maximum(Variable(x, "x"), Variable(y, "y")), "z")
    z.backward(dout, retain_grad=True)
    return z


def relu_node(x: float = -2, dout: float = 1.3) -> Variable:
    """One ReLU node, max(0, x): the gradient passes where x > 0 and stops where x ≤ 0.

    Examples
    --------
    >>> from site_tools.figure_examples import relu_node
    >>> relu_node().named_inputs()["x"].grad.item(), relu_node(x=3).named_inputs()["x"].grad.item()
    (0.0, 1.3)
    """
    y = _named(F.relu(Variable(x, "x")), "y")
    y.backward(dout, retain_grad=True)
    return y


def fork_node(x: float = 3, y: float = 4, w: float = 5) -> Variable:
    """The input x used twice, z = y·x + (x + w): at a fork the gradients of the branches add up.

    dz/dx = y (through the multiply node) + 1 (through the add node) = 4 + 1 = 5.

    Examples
    --------
    >>> from site_tools.figure_examples import fork_node
    >>> z = fork_node()
    >>> z.item(), z.named_inputs()["x"].grad.item()
    (20.0, 5.0)
    """
    vx = Variable(x, "x")
    p = _named(Variable(y, "y") * vx, "p")  # y first: drawn top to bottom as y, x, w
    q = _named(vx + Variable(w, "w"), "q")
    z = _named(p + q, "z")
    z.backward(retain_grad=True)
    return z


#: The site's own examples by name, beside :data:`graphgrad.examples.EXAMPLES`.
FIGURES: dict[str, Callable[[], Variable]] = {
    "abstract_node": abstract_node,
    "paths_graph": paths_graph,
    "diamonds": diamonds,
    # The efficiency page steps through the paths of one, two and three diamonds.
    "diamonds_d1": partial(diamonds, 1),
    "diamonds_d2": partial(diamonds, 2),
    "diamonds_d3": partial(diamonds, 3),
    "max_node": max_node,
    "relu_node": relu_node,
    "fork_node": fork_node,
}


#: Titles of the figures' examples (the others fall back to their name).
FIGURE_TITLES: dict[str, tuple[str, str]] = {
    "max_node": ("A max node", "max 节点"),
    "relu_node": ("A ReLU node", "ReLU 节点"),
    "fork_node": ("A value used twice", "一个值被用了两次"),
    "abstract_node": ("One node y = f(x)", "一个节点 y = f(x)"),
    "paths_graph": ("Two paths from b to e", "从 b 到 e 的两条路径"),
    "diamonds": ("Stacked diamonds", "叠加的菱形"),
    "diamonds_d1": ("One diamond", "一个菱形"),
    "diamonds_d2": ("Two diamonds", "两个菱形"),
    "diamonds_d3": ("Three diamonds", "三个菱形"),
}
