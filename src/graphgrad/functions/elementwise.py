"""Elementwise functions: exp, log, tanh, sigmoid, ReLU, abs, and the max gate ``maximum``."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, _Binary

# ---------------------------------------------------------------------------
# Elementwise functions
# ---------------------------------------------------------------------------


class Exp(Function):
    """``exp(x)``. Local derivative: exp(x) itself, the output."""

    name, symbol = "exp", "exp"
    reads_inputs, reads_output = (), True

    def forward(self, x):
        return np.exp(x)

    def backward(self, gy):
        return (gy * self.output()._data,)

    def jvp(self, t):
        return t * self.output()._data


class Log(Function):
    """Natural logarithm. Local derivative: 1/x."""

    name, symbol = "log", "log"
    reads_inputs = (0,)

    def check(self, x):
        if np.any(x < 0):
            raise ValueError("log: input has negative values; the logarithm is undefined there")

    def forward(self, x):
        with np.errstate(divide="ignore"):
            return np.log(x)

    def backward(self, gy):
        return (gy / self.inputs[0]._data,)

    def jvp(self, t):
        return t / self.inputs[0]._data


class Tanh(Function):
    """Hyperbolic tangent. Local derivative: 1 − y²."""

    name, symbol = "tanh", "tanh"
    reads_inputs, reads_output = (), True

    def forward(self, x):
        return np.tanh(x)

    def _local(self):
        y = self.output()._data
        return 1 - y * y

    def backward(self, gy):
        return (gy * self._local(),)

    def jvp(self, t):
        return t * self._local()


class Sigmoid(Function):
    """Sigmoid, 1 / (1 + exp(−x)). Local derivative: y(1 − y).

    The book draws this as four nodes (×(−1), exp, +1, /) and shows that
    their backward pass simplifies to ``gy · y(1 − y)``; this node is that
    simplification.  See :func:`graphgrad.examples.sigmoid_graph`.

    Both the value and the derivative are computed from ``e = exp(−|x|)``,
    which never overflows and keeps full precision in both tails:
    σ(x) = 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0, and
    σ'(x) = y(1 − y) = e/(1 + e)².  (``1 − y`` itself would round to 0 for
    large x, and 0.5·(1 + tanh(x/2)) loses everything below about −37.)
    """

    name, symbol = "sigmoid", "sigmoid"
    reads_inputs = (0,)

    def forward(self, x):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    def _local(self):
        e = np.exp(-np.abs(self.inputs[0]._data))
        return e / ((1 + e) * (1 + e))

    def backward(self, gy):
        return (gy * self._local(),)

    def jvp(self, t):
        return t * self._local()


class ReLU(Function):
    """max(0, x). Local derivative: 1 where x > 0, else 0."""

    name, symbol = "relu", "ReLU"
    reads_inputs = (0,)

    def forward(self, x):
        return np.maximum(x, 0)

    def _mask(self):
        return ~(self.inputs[0]._data <= 0)  # 1 at NaN too: the gradient passes, as in PyTorch

    def backward(self, gy):
        return (gy * self._mask(),)

    def jvp(self, t):
        return t * self._mask()


class Abs(Function):
    """|x|. Local derivative: the sign of x (1, −1, and 0 at x = 0, as in PyTorch)."""

    name, symbol = "abs", "|x|"
    reads_inputs = (0,)

    def forward(self, x):
        return np.abs(x)

    def backward(self, gy):
        return (gy * np.sign(self.inputs[0]._data),)

    def jvp(self, t):
        return t * np.sign(self.inputs[0]._data)


class Maximum(_Binary):
    """The larger of ``a`` and ``b``, elementwise: the "max gate".

    Local derivatives: 1 for the input that won, 0 for the other, so the
    gate routes the whole upstream gradient to the winner (CS231n's
    "gradient router").  On a tie each input gets half, as in PyTorch.
    """

    name, symbol = "maximum", "max"
    reads_inputs = (0, 1)

    def forward(self, a, b):
        return np.maximum(a, b)

    def local(self, need_a, need_b):
        """Each input's share: 1 if it won, 0.5 on a tie, 0 if it lost; both 1 at NaN (as PyTorch)."""
        a, b = self.inputs[0]._data, self.inputs[1]._data
        tie = 0.5 * (a == b)
        return np.where(a < b, 0.0, 1.0 - tie), np.where(b < a, 0.0, 1.0 - tie)


def exp(x: ArrayLike) -> Variable:
    """Elementwise exponential.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.exp(gg.Variable(0.0)).item()
    1.0
    """
    return Exp()(x)


def log(x: ArrayLike) -> Variable:
    """Elementwise natural logarithm (negative input is an error).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.log(gg.Variable(1.0)).item()
    0.0
    """
    return Log()(x)


def tanh(x: ArrayLike) -> Variable:
    """Elementwise hyperbolic tangent.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.tanh(gg.Variable(0.0)).item()
    0.0
    """
    return Tanh()(x)


def sigmoid(x: ArrayLike) -> Variable:
    """Elementwise sigmoid 1 / (1 + exp(−x)).

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(0.0)
    >>> y = gg.sigmoid(x)
    >>> y.backward()
    >>> y.item(), x.grad.item()
    (0.5, 0.25)
    """
    return Sigmoid()(x)


def relu(x: ArrayLike) -> Variable:
    """Elementwise ReLU, max(0, x).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.relu(gg.Variable([-1.0, 2.0])).data
    array([0., 2.])
    """
    return ReLU()(x)


def abs(x: ArrayLike) -> Variable:  # noqa: A001 - the builtin's name, as in numpy
    """Elementwise absolute value.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable([-2.0, 3.0])
    >>> gg.sum(abs(x)).backward()
    >>> x.grad
    array([-1.,  1.])
    """
    return Abs()(x)


def maximum(a: ArrayLike, b: ArrayLike) -> Variable:
    """The larger of ``a`` and ``b`` elementwise, with broadcasting; the gradient goes to the winner.

    Examples
    --------
    >>> import graphgrad as gg
    >>> a, b = gg.Variable([1.0, 5.0]), gg.Variable([4.0, 2.0])
    >>> y = gg.maximum(a, b)
    >>> gg.sum(y * gg.Variable([10.0, 20.0], requires_grad=False)).backward()
    >>> y.data, a.grad, b.grad
    (array([4., 5.]), array([ 0., 20.]), array([10.,  0.]))
    """
    return Maximum()(a, b)
