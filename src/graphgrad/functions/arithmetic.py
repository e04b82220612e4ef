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
    """An elementwise operation of two inputs that numpy may broadcast: the book's upstream × local.

    A subclass gives its ``forward`` and :meth:`local`, its two local
    derivatives ∂y/∂a and ∂y/∂b.  This class does the rest, once for all of
    them: backward multiplies the upstream gradient by each local derivative
    an input needs (``needs_input_grad``) and sums the product back to that
    input's shape (:func:`unbroadcast`); forward mode multiplies each tangent
    by the same local derivative and adds the terms.
    """

    def check(self, a, b):
        if a.shape != b.shape:  # equal shapes, the usual case, need no more checking
            _check_broadcast(self.name, a, b)

    def local(self, need_a: bool, need_b: bool) -> tuple[Any, Any]:
        """The local derivatives ∂y/∂a and ∂y/∂b: only those asked for, None for the others."""
        raise NotImplementedError

    def backward(self, gy):
        a, b = self.inputs
        need_a, need_b = self.needs_input_grad
        da, db = self.local(need_a, need_b)
        return (unbroadcast(_times(gy, da), a.shape) if need_a else None,
                unbroadcast(_times(gy, db), b.shape) if need_b else None)  # fmt: skip

    def jvp(self, ta, tb):
        da, db = self.local(ta is not None, tb is not None)
        return tangent_sum(self.output().shape, None if ta is None else _times(ta, da),
                           None if tb is None else _times(tb, db))  # fmt: skip


def _times(g: np.ndarray, local: Any) -> np.ndarray:
    """``g × local``; a local derivative of exactly 1 passes ``g`` on as it is."""
    return g if type(local) is int and local == 1 else g * local


class Add(_Binary):
    """``a + b``. Local derivatives: 1 and 1, so the add node passes the upstream gradient on."""

    name, symbol = "add", "+"
    reads_inputs = ()

    def forward(self, a, b):
        return a + b

    def local(self, need_a, need_b):
        return 1, 1


class Sub(_Binary):
    """``a - b``. Local derivatives: 1 and −1."""

    name, symbol = "sub", "−"
    reads_inputs = ()

    def forward(self, a, b):
        return a - b

    def local(self, need_a, need_b):
        return 1, -1


class Mul(_Binary):
    """``a * b``. Local derivatives: b and a, so each input gets the upstream times the *other* input."""

    name, symbol = "mul", "×"
    reads_inputs = (0, 1)  # see saved_for_backward: each only if the other needs a gradient

    def forward(self, a, b):
        return a * b

    def local(self, need_a, need_b):
        a, b = self.inputs
        return b._data, a._data

    def saved_for_backward(self):
        a, b = self.inputs
        need_a, need_b = self.needs_input_grad
        return [v._data for v, other_needs in ((b, need_a), (a, need_b)) if other_needs]


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

    def local(self, need_a, need_b):
        b, y = self.inputs[1]._data, self.output()._data
        return (1 / b if need_a else None), (-y / b if need_b else None)


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

    def local(self, need_a, need_b):
        a, b, y = self.inputs[0]._data, self.inputs[1]._data, self.output()._data
        with np.errstate(divide="ignore", invalid="ignore"):
            da = np.where(b == 0, 0.0, b * a ** (b - 1)) if need_a else None
            db = np.where(a == 0, 0.0, y * np.log(a)) if need_b else None
        return da, db


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
