"""Elementwise arithmetic with broadcasting: +, −, ×, /, ** and unary minus.

Also the broadcasting helpers that other primitives share.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad.core import Function, Variable

# ---------------------------------------------------------------------------
# Broadcasting helpers (plain numpy, used by several rules)
# ---------------------------------------------------------------------------


def _sum_to(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``g`` over the axes that broadcasting added or stretched.

    If ``x`` of shape ``shape`` was broadcast to ``g.shape`` in the forward
    pass, every copy of an element received its own gradient; the chain
    rule adds them up.
    """
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and g.shape[i + lead] != 1
    )
    return g.sum(axis=axes, keepdims=True).reshape(shape)


def _check_broadcast(op: str, a: np.ndarray, b: np.ndarray) -> None:
    if a.shape != b.shape:
        try:
            np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            raise ValueError(f"{op}: cannot broadcast shapes {a.shape} and {b.shape}") from None


def _plus(*terms: np.ndarray | None) -> np.ndarray | None:
    """Sum the terms that are not None (a None tangent means zero)."""
    present = [t for t in terms if t is not None]
    if not present:
        return None
    total = present[0]
    for t in present[1:]:
        total = total + t
    return total


# ---------------------------------------------------------------------------
# Elementwise arithmetic with broadcasting
# ---------------------------------------------------------------------------


class _Binary(Function):
    """An elementwise operation of two inputs that numpy may broadcast."""

    def check(self, a: np.ndarray, b: np.ndarray) -> None:
        _check_broadcast(self.name, a, b)

    def _reduce(self, ga: np.ndarray, gb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.inputs
        return _sum_to(ga, a.shape), _sum_to(gb, b.shape)

    def jvp(self, ta: np.ndarray | None, tb: np.ndarray | None) -> np.ndarray:
        shape = self.output().shape
        t = _plus(*self._tangent_terms(ta, tb))
        return np.broadcast_to(t, shape).copy() if t.shape != shape else t

    def _tangent_terms(self, ta, tb):  # pragma: no cover - abstract
        raise NotImplementedError


class Add(_Binary):
    """``a + b``. Local derivatives: 1 and 1, so the add node passes the
    upstream gradient on unchanged to both inputs."""

    name, symbol, cost = "add", "+", (1, 0, 1)

    def forward(self, a, b):
        return a + b

    def backward(self, gy):
        return self._reduce(gy, gy)

    def _tangent_terms(self, ta, tb):
        return ta, tb


class Sub(_Binary):
    """``a - b``. Local derivatives: 1 and −1."""

    name, symbol, cost = "sub", "−", (1, 1, 1)

    def forward(self, a, b):
        return a - b

    def backward(self, gy):
        return self._reduce(gy, -gy)

    def _tangent_terms(self, ta, tb):
        return ta, (None if tb is None else -tb)


class Mul(_Binary):
    """``a * b``. Local derivatives: b and a, so the multiply node sends
    each input the upstream gradient times the *other* input."""

    name, symbol, cost = "mul", "×", (1, 2, 3)

    def forward(self, a, b):
        return a * b

    def backward(self, gy):
        a, b = self.inputs
        return self._reduce(gy * b.data, gy * a.data)

    def _tangent_terms(self, ta, tb):
        a, b = self.inputs
        return (None if ta is None else ta * b.data), (None if tb is None else a.data * tb)


class Div(_Binary):
    """``a / b``. Local derivatives: 1/b and −a/b²."""

    name, symbol, cost = "div", "/", (1, 4, 4)

    def forward(self, a, b):
        return a / b

    def backward(self, gy):
        a, b = self.inputs
        ga = gy / b.data
        return self._reduce(ga, -ga * a.data / b.data)

    def _tangent_terms(self, ta, tb):
        a, b = self.inputs
        y = self.output().data
        return (None if ta is None else ta / b.data), (None if tb is None else -y * tb / b.data)


class Pow(_Binary):
    """``a ** b``. Local derivatives: b·a^(b−1) and a^b·log a.

    The derivative with respect to the exponent is only computed when the
    exponent needs a gradient, so ``x ** 2`` works for negative ``x``.
    """

    name, symbol, cost = "pow", "**", (1, 3, 4)

    def forward(self, a, b):
        return a**b

    def _da(self) -> np.ndarray:
        a, b = self.inputs
        return b.data * a.data ** (b.data - 1)

    def _db(self) -> np.ndarray:
        a, b = self.inputs
        if not b.requires_grad:
            return np.zeros_like(self.output().data)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.output().data * np.log(a.data)

    def backward(self, gy):
        return self._reduce(gy * self._da(), gy * self._db())

    def _tangent_terms(self, ta, tb):
        return (None if ta is None else ta * self._da()), (None if tb is None else tb * self._db())


class Neg(Function):
    """``-x``. Local derivative: −1."""

    name, symbol, cost = "neg", "−", (1, 1, 1)

    def forward(self, x):
        return -x

    def backward(self, gy):
        return (-gy,)

    def jvp(self, t):
        return -t


# ---------------------------------------------------------------------------
# The public functions
# ---------------------------------------------------------------------------

ArrayLike = Any  # a Variable, a number or a numpy array


def add(a: ArrayLike, b: ArrayLike) -> Variable:
    """``a + b`` with broadcasting.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.add(gg.Variable([1.0, 2.0]), 10).data
    array([11., 12.])
    """
    return Add()(a, b)


def sub(a: ArrayLike, b: ArrayLike) -> Variable:
    """``a - b`` with broadcasting.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.sub(5, gg.Variable(2.0)).item()
    3.0
    """
    return Sub()(a, b)


def mul(a: ArrayLike, b: ArrayLike) -> Variable:
    """``a * b`` with broadcasting.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.mul(gg.Variable(10.0), 5).item()
    50.0
    """
    return Mul()(a, b)


def div(a: ArrayLike, b: ArrayLike) -> Variable:
    """``a / b`` with broadcasting.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.div(1, gg.Variable(4.0)).item()
    0.25
    """
    return Div()(a, b)


def pow(a: ArrayLike, b: ArrayLike) -> Variable:  # noqa: A001 - the operator's name
    """``a ** b`` with broadcasting.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(3.0)
    >>> y = gg.pow(x, 2)
    >>> y.backward()
    >>> y.item(), x.grad.item()
    (9.0, 6.0)
    """
    return Pow()(a, b)


def neg(x: ArrayLike) -> Variable:
    """``-x``.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.neg(gg.Variable(2.0)).item()
    -2.0
    """
    return Neg()(x)
