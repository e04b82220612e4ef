"""Elementwise functions: exp, log, tanh, sigmoid, ReLU."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike

# ---------------------------------------------------------------------------
# Elementwise functions
# ---------------------------------------------------------------------------


class Exp(Function):
    """``exp(x)``. Local derivative: exp(x) itself, the output."""

    name, symbol, cost = "exp", "exp", (1, 1, 1)

    def forward(self, x):
        return np.exp(x)

    def backward(self, gy):
        return (gy * self.output().data,)

    def jvp(self, t):
        return t * self.output().data


class Log(Function):
    """Natural logarithm. Local derivative: 1/x."""

    name, symbol, cost = "log", "log", (1, 1, 1)

    def check(self, x):
        if np.any(x < 0):
            raise ValueError("log: input has negative values; the logarithm is undefined there")

    def forward(self, x):
        with np.errstate(divide="ignore"):
            return np.log(x)

    def backward(self, gy):
        return (gy / self.inputs[0].data,)

    def jvp(self, t):
        return t / self.inputs[0].data


class Tanh(Function):
    """Hyperbolic tangent. Local derivative: 1 − y²."""

    name, symbol, cost = "tanh", "tanh", (1, 3, 3)

    def forward(self, x):
        return np.tanh(x)

    def _local(self):
        y = self.output().data
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
    """

    name, symbol, cost = "sigmoid", "sigmoid", (4, 3, 3)

    def forward(self, x):
        # 0.5·(1 + tanh(x/2)) equals 1/(1 + exp(−x)) and never overflows.
        return 0.5 * (np.tanh(0.5 * x) + 1)

    def _local(self):
        y = self.output().data
        return y * (1 - y)

    def backward(self, gy):
        return (gy * self._local(),)

    def jvp(self, t):
        return t * self._local()


class ReLU(Function):
    """max(0, x). Local derivative: 1 where x > 0, else 0."""

    name, symbol, cost = "relu", "ReLU", (1, 1, 1)

    def forward(self, x):
        return np.maximum(x, 0)

    def _mask(self):
        return self.inputs[0].data > 0

    def backward(self, gy):
        return (gy * self._mask(),)

    def jvp(self, t):
        return t * self._mask()


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
