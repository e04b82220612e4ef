"""The book's computational-graph examples, run forward and backward.

Each function builds its graph from named input variables, runs forward
propagation, runs backward propagation from the output, and returns the
output :class:`~graphgrad.core.Variable`.  The whole graph hangs off it:
``out.named_inputs()`` gives the named inputs with their gradients, and
:mod:`graphgrad.viz` draws it.

Variable names are identifiers (``"apple_num"``); diagrams translate them
into English or Chinese labels.

Examples
--------
>>> from graphgrad.examples import buy_apple_orange
>>> price = buy_apple_orange()
>>> round(price.item(), 10)
715.0
>>> {k: round(v.grad.item(), 10) for k, v in price.named_inputs().items()}
{'apple': 2.2, 'apple_num': 110.0, 'orange': 3.3, 'orange_num': 165.0, 'tax': 650.0}
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable


def _named(var: Variable, name: str) -> Variable:
    var.name = name
    return var


def buy_apple(apple: float = 100, apple_num: float = 2, tax: float = 1.1) -> Variable:
    """Two apples at 100 each with 10% consumption tax: 220 to pay.

    Backward from the total payment gives the book's derivatives:
    d(price)/d(apple) = 2.2, d/d(apple_num) = 110, d/d(tax) = 200.

    Examples
    --------
    >>> from graphgrad.examples import buy_apple
    >>> price = buy_apple()
    >>> round(price.item(), 10), round(price.named_inputs()["apple"].grad.item(), 10)
    (220.0, 2.2)
    """
    a, n, t = Variable(apple, "apple"), Variable(apple_num, "apple_num"), Variable(tax, "tax")
    apple_price = _named(a * n, "apple_price")
    price = _named(apple_price * t, "price")
    price.backward(retain_grad=True)
    return price


def buy_apple_orange(
    apple: float = 100,
    apple_num: float = 2,
    orange: float = 150,
    orange_num: float = 3,
    tax: float = 1.1,
) -> Variable:
    """Two apples at 100 and three oranges at 150, with 10% tax: 715 to pay.

    Gradients: apple 2.2, apple_num 110, orange 3.3, orange_num 165, tax 650.

    Examples
    --------
    >>> from graphgrad.examples import buy_apple_orange
    >>> round(buy_apple_orange().named_inputs()["orange_num"].grad.item(), 10)
    165.0
    """
    a, an = Variable(apple, "apple"), Variable(apple_num, "apple_num")
    o, on = Variable(orange, "orange"), Variable(orange_num, "orange_num")
    t = Variable(tax, "tax")
    apple_price = _named(a * an, "apple_price")
    orange_price = _named(o * on, "orange_price")
    all_price = _named(apple_price + orange_price, "all_price")
    price = _named(all_price * t, "price")
    price.backward(retain_grad=True)
    return price


def mul_node(x: float = 10, y: float = 5, dout: float = 1.3) -> Variable:
    """One multiply node, 10 × 5, receiving 1.3 from upstream.

    Backward sends each input the upstream derivative times the *other*
    input: 1.3 × 5 = 6.5 to x and 1.3 × 10 = 13 to y.

    Examples
    --------
    >>> from graphgrad.examples import mul_node
    >>> z = mul_node()
    >>> [round(v.grad.item(), 10) for v in z.named_inputs().values()]
    [6.5, 13.0]
    """
    z = _named(Variable(x, "x") * Variable(y, "y"), "z")
    z.backward(dout, retain_grad=True)
    return z


def add_node(x: float = 10, y: float = 5, dout: float = 1.3) -> Variable:
    """One add node, 10 + 5, receiving 1.3 from upstream: both inputs get 1.3.

    Examples
    --------
    >>> from graphgrad.examples import add_node
    >>> [round(v.grad.item(), 10) for v in add_node().named_inputs().values()]
    [1.3, 1.3]
    """
    z = _named(Variable(x, "x") + Variable(y, "y"), "z")
    z.backward(dout, retain_grad=True)
    return z


def chain_rule(x: float = 3, y: float = 1) -> Variable:
    """The book's composite function z = t², t = x + y.

    The chain rule gives dz/dx = dz/dt · dt/dx = 2t · 1; with x = 3, y = 1
    that is 8.

    Examples
    --------
    >>> from graphgrad.examples import chain_rule
    >>> z = chain_rule()
    >>> z.item(), z.named_inputs()["x"].grad.item(), z.named_inputs()["y"].grad.item()
    (16.0, 8.0, 8.0)
    """
    t = _named(Variable(x, "x") + Variable(y, "y"), "t")
    z = _named(t**2, "z")
    z.backward(retain_grad=True)
    return z


def sigmoid_graph(x: float = 1.0) -> Variable:
    """Sigmoid spelled out as the book draws it: ×(−1), exp, +1, then 1/·.

    Backward through the four nodes yields y(1 − y), the same number that
    the single :class:`~graphgrad.functions.Sigmoid` node computes.

    Examples
    --------
    >>> import graphgrad as gg
    >>> from graphgrad.examples import sigmoid_graph
    >>> y = sigmoid_graph(1.0)
    >>> x = y.named_inputs()["x"]
    >>> s = gg.sigmoid(1.0).item()
    >>> bool(abs(x.grad.item() - s * (1 - s)) < 1e-15)
    True
    """
    v = Variable(x, "x")
    y = _named(1 / (F.exp(v * -1) + 1), "y")
    y.backward(retain_grad=True)
    return y


def affine_softmax_loss() -> Variable:
    """One sample through an Affine layer and Softmax-with-Loss.

    Input ``X`` (2 features) times weights ``W`` (2 × 3) plus bias ``b``
    gives three scores; the loss is the cross-entropy error against class
    ``t = 2``.  The gradient reaching the scores is softmax(scores) − t.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.examples import affine_softmax_loss
    >>> loss = affine_softmax_loss()
    >>> round(loss.item(), 4)
    0.7513
    >>> loss.named_inputs()["W"].grad.shape
    (2, 3)
    """
    X = Variable(np.array([0.6, 0.9]), "X")
    W = Variable(np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "W")
    b = Variable(np.array([0.1, 0.2, 0.3]), "b")
    t = Variable(np.array(2.0), "t")
    t.requires_grad = False
    scores = _named(F.affine(X, W, b), "scores")
    loss = _named(F.softmax_cross_entropy(scores, t), "loss")
    loss.backward(retain_grad=True)
    return loss


def abstract_node(x: float = 1.0) -> Variable:
    """One node y = f(x), the book's picture of a local computation (here f = exp, so it runs).

    Backward, the node receives E from upstream and passes on E·∂y/∂x.

    Examples
    --------
    >>> import math
    >>> from graphgrad.examples import abstract_node
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
    >>> from graphgrad.examples import paths_graph
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
    >>> from graphgrad.examples import diamonds
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
    >>> from graphgrad.examples import max_node
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
    >>> from graphgrad.examples import relu_node
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
    >>> from graphgrad.examples import fork_node
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


#: Examples drawn only in the modes of graphgrad.viz.figures (no step-through, no highlights).
FIGURES: dict[str, Callable[[], Variable]] = {
    "abstract_node": abstract_node,
    "paths_graph": paths_graph,
    "diamonds": diamonds,
    "max_node": max_node,
    "relu_node": relu_node,
    "fork_node": fork_node,
}


#: Every example by name, as used by the diagram builder and the site.
EXAMPLES: dict[str, Callable[[], Variable]] = {
    "buy_apple": buy_apple,
    "buy_apple_orange": buy_apple_orange,
    "mul_node": mul_node,
    "add_node": add_node,
    "chain_rule": chain_rule,
    "sigmoid_graph": sigmoid_graph,
    "affine_softmax_loss": affine_softmax_loss,
}
