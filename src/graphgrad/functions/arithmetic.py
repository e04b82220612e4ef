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


def unbroadcast(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``g`` over the axes that broadcasting added or stretched, down to ``shape``.

    If ``x`` of shape ``shape`` was broadcast to ``g.shape`` in the forward
    pass, every copy of an element received its own gradient; the chain
    rule adds them up.
    """
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead:
        g = g.sum(axis=tuple(range(lead)))  # axes that broadcasting added in front
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=stretched, keepdims=True) if stretched else g  # axes stretched from length 1


def _check_broadcast(op: str, a: np.ndarray, b: np.ndarray) -> None:
    """Check numpy's rule: aligned from the right, each pair of lengths is equal or contains a 1."""
    for m, n in zip(reversed(a.shape), reversed(b.shape), strict=False):  # the shorter one ends first
        if m != n and m != 1 and n != 1:
            raise ValueError(f"{op}: cannot broadcast shapes {a.shape} and {b.shape}")


def tangent_sum(shape: tuple[int, ...], *terms: np.ndarray | None) -> np.ndarray:
    """The sum of the tangent terms that are not None (None means zero), in the output's ``shape``."""
    present = [t for t in terms if t is not None]
    total = present[0]
    for t in present[1:]:
        total = total + t
    return np.broadcast_to(total, shape).copy() if total.shape != shape else total


# ---------------------------------------------------------------------------
# Elementwise arithmetic with broadcasting
# ---------------------------------------------------------------------------


class _Binary(Function):
    """An elementwise operation of two inputs that numpy may broadcast.

    Its backward rule computes a gradient only for the inputs that need one
    (``needs_input_grad``) and sums it back to that input's shape
    (:func:`unbroadcast`).
    """

    def check(self, a, b):
        if a.shape != b.shape:  # equal shapes, the usual case, need no more checking
            _check_broadcast(self.name, a, b)

    def _unbroadcast(self, ga: np.ndarray | None, gb: np.ndarray | None) -> tuple:
        """Each input's gradient summed back to that input's shape (None stays None)."""
        a, b = self.inputs
        ga = None if ga is None else unbroadcast(ga, a.shape)
        gb = None if gb is None else unbroadcast(gb, b.shape)
        return ga, gb


class Add(_Binary):
    """``a + b``. Local derivatives: 1 and 1.

    So the add node passes the upstream gradient on unchanged to both inputs.
    """

    name, symbol = "add", "+"
    reads_inputs = ()

    def forward(self, a, b):
        return a + b

    def backward(self, gy):
        need_a, need_b = self.needs_input_grad
        return self._unbroadcast(gy if need_a else None, gy if need_b else None)

    def jvp(self, ta, tb):
        return tangent_sum(self.output().shape, ta, tb)


class Sub(_Binary):
    """``a - b``. Local derivatives: 1 and −1."""

    name, symbol = "sub", "−"
    reads_inputs = ()

    def forward(self, a, b):
        return a - b

    def backward(self, gy):
        need_a, need_b = self.needs_input_grad
        return self._unbroadcast(gy if need_a else None, -gy if need_b else None)

    def jvp(self, ta, tb):
        return tangent_sum(self.output().shape, ta, None if tb is None else -tb)


class Mul(_Binary):
    """``a * b``. Local derivatives: b and a.

    So the multiply node sends each input the upstream gradient times the *other* input.
    """

    name, symbol = "mul", "×"
    reads_inputs = (0, 1)  # see saved_for_backward: each only if the other needs a gradient

    def forward(self, a, b):
        return a * b

    def saved_for_backward(self):
        a, b = self.inputs
        need_a, need_b = self.needs_input_grad
        return [v._data for v, other_needs in ((b, need_a), (a, need_b)) if other_needs]

    def backward(self, gy):
        a, b = self.inputs
        need_a, need_b = self.needs_input_grad
        return self._unbroadcast(gy * b._data if need_a else None, gy * a._data if need_b else None)

    def jvp(self, ta, tb):
        a, b = self.inputs
        return tangent_sum(self.output().shape, None if ta is None else ta * b._data,
                           None if tb is None else a._data * tb)  # fmt: skip


class Div(_Binary):
    """``a / b``. Local derivatives: 1/b and −a/b² = −y/b.

    ``result_dtype`` rounds the quotient to that dtype: :func:`graphgrad.mean`
    divides a float16 sum by its count in float64 with it.
    """

    name, symbol = "div", "/"
    reads_inputs, reads_output = (1,), True

    def __init__(self, result_dtype: Any = None) -> None:
        self.result_dtype = result_dtype

    def forward(self, a, b):
        y = a / b
        return y if self.result_dtype is None else y.astype(self.result_dtype)

    def backward(self, gy):
        b, y = self.inputs[1]._data, self.output()._data
        need_a, need_b = self.needs_input_grad
        return self._unbroadcast(gy / b if need_a else None, -gy * y / b if need_b else None)

    def jvp(self, ta, tb):
        b, y = self.inputs[1]._data, self.output()._data
        return tangent_sum(self.output().shape, None if ta is None else ta / b,
                           None if tb is None else -y * tb / b)  # fmt: skip


class Pow(_Binary):
    """``a ** b``. Local derivatives: b·a^(b−1) and a^b·log a.

    Where the answer is a limit rather than a formula, the limit is used:
    the derivative of ``a**0`` is 0 even at a = 0, and the derivative with
    respect to the exponent is 0 at a = 0 (``0**b`` is flat in b > 0).  The
    exponent's derivative is only computed when the exponent needs a
    gradient, so ``x ** 2`` works for negative ``x``.
    """

    name, symbol = "pow", "**"
    reads_inputs, reads_output = (0, 1), True

    def forward(self, a, b):
        return a**b

    def _da(self) -> np.ndarray:
        a, b = self.inputs[0]._data, self.inputs[1]._data
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(b == 0, 0.0, b * a ** (b - 1))

    def _db(self) -> np.ndarray:
        a, y = self.inputs[0]._data, self.output()._data
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(a == 0, 0.0, y * np.log(a))

    def backward(self, gy):
        need_a, need_b = self.needs_input_grad
        return self._unbroadcast(gy * self._da() if need_a else None, gy * self._db() if need_b else None)

    def jvp(self, ta, tb):
        return tangent_sum(self.output().shape, None if ta is None else ta * self._da(),
                           None if tb is None else tb * self._db())  # fmt: skip


class Neg(Function):
    """``-x``. Local derivative: −1."""

    name, symbol = "neg", "−"
    reads_inputs = ()

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
