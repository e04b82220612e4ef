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
