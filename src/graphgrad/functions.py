"""Primitive operations: each one's forward value and local derivatives.

This module is the only place in graphgrad where a derivative rule is
written.  Every primitive is a :class:`~graphgrad.core.Function` with

- ``forward``: the value, computed with numpy;
- ``backward``: the vector-Jacobian product (VJP), i.e. the upstream
  gradient times the local derivative, summed back to each input's shape
  when numpy broadcasting stretched it;
- ``jvp``: the Jacobian-vector product, the same local derivative applied
  in the forward direction (used by forward-mode differentiation);
- ``cost``: flops per element for each of those three (see
  :mod:`graphgrad.counting`).

Composite operations (``mean``, ``affine``, ``mean_squared_error``) are
built from primitives and so need no rule of their own.
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


# ---------------------------------------------------------------------------
# Shapes: reshape, transpose, broadcast_to, sum_to, sum
# ---------------------------------------------------------------------------


class Reshape(Function):
    """Change the shape, keep the numbers; the gradient is reshaped back."""

    name, symbol, cost = "reshape", "reshape", (0, 0, 0)

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)

    def check(self, x):
        try:
            np.broadcast_to(0.0, x.shape).reshape(self.shape)
        except ValueError:
            raise ValueError(
                f"reshape: cannot reshape shape {x.shape} ({x.size} elements) into {self.shape}"
            ) from None

    def forward(self, x):
        return x.reshape(self.shape)

    def backward(self, gy):
        return (gy.reshape(self.inputs[0].shape),)

    def jvp(self, t):
        return t.reshape(self.shape)


class Transpose(Function):
    """Permute axes; the gradient is permuted back."""

    name, symbol, cost = "transpose", "T", (0, 0, 0)

    def __init__(self, axes: tuple[int, ...] | None = None) -> None:
        self.axes = None if axes is None else tuple(axes)

    def check(self, x):
        if self.axes is not None and sorted(self.axes) != list(range(x.ndim)):
            raise ValueError(f"transpose: axes {self.axes} do not fit shape {x.shape}")

    def forward(self, x):
        return np.transpose(x, self.axes)

    def backward(self, gy):
        inverse = None if self.axes is None else tuple(np.argsort(self.axes))
        return (np.transpose(gy, inverse),)

    def jvp(self, t):
        return np.transpose(t, self.axes)


class BroadcastTo(Function):
    """Copy ``x`` along new or length-1 axes; the gradient is summed back."""

    name, symbol, cost = "broadcast_to", "broadcast", (0, 1, 0)

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)

    def check(self, x):
        try:
            np.broadcast_to(x, self.shape)
        except ValueError:
            raise ValueError(f"broadcast_to: cannot broadcast shape {x.shape} to {self.shape}") from None

    def forward(self, x):
        return np.broadcast_to(x, self.shape).copy()

    def backward(self, gy):
        return (_sum_to(gy, self.inputs[0].shape),)

    def jvp(self, t):
        return np.broadcast_to(t, self.shape).copy()


class SumTo(Function):
    """Sum ``x`` down to ``shape`` (the reverse of broadcasting)."""

    name, symbol, cost = "sum_to", "sum_to", (1, 0, 1)

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = tuple(shape)

    def check(self, x):
        try:
            ok = np.broadcast_shapes(self.shape, x.shape) == x.shape
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"sum_to: cannot sum shape {x.shape} down to {self.shape}")

    def forward(self, x):
        return _sum_to(x, self.shape)

    def backward(self, gy):
        return (np.broadcast_to(gy, self.inputs[0].shape).copy(),)

    def jvp(self, t):
        return _sum_to(t, self.shape)

    def _cost_size(self):
        return self.inputs[0].size


class Sum(Function):
    """Sum of elements, over all axes or the given ones.

    Every element contributes with derivative 1, so backward copies the
    upstream gradient to every element.
    """

    name, symbol, cost = "sum", "Σ", (1, 0, 1)

    def __init__(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> None:
        self.axis = axis
        self.keepdims = keepdims

    def check(self, x):
        axes = () if self.axis is None else np.atleast_1d(self.axis)
        for ax in axes:
            if not -x.ndim <= int(ax) < max(x.ndim, 1):
                raise ValueError(f"sum: axis {int(ax)} is out of range for shape {x.shape}")

    def forward(self, x):
        return x.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, gy):
        x = self.inputs[0]
        if self.axis is not None and not self.keepdims:
            gy = np.expand_dims(gy, self.axis)
        return (np.broadcast_to(gy, x.shape).copy(),)

    def jvp(self, t):
        return t.sum(axis=self.axis, keepdims=self.keepdims)

    def _cost_size(self):
        return self.inputs[0].size


# ---------------------------------------------------------------------------
# Matrix product
# ---------------------------------------------------------------------------


class MatMul(Function):
    """Matrix product ``x @ W`` of 1-D or 2-D arrays.

    Local rule (the book's Affine layer): with ``y = x·W``,
    dL/dx = dL/dy · Wᵀ and dL/dW = xᵀ · dL/dy.
    """

    name, symbol = "matmul", "@"

    def check(self, x, W):
        if not (1 <= x.ndim <= 2 and 1 <= W.ndim <= 2):
            raise ValueError(
                f"matmul: only 1-D and 2-D operands are supported, got shapes {x.shape} and {W.shape}"
            )
        if x.shape[-1] != W.shape[0]:
            raise ValueError(
                f"matmul: shapes {x.shape} and {W.shape} are not aligned: "
                f"{x.shape[-1]} (last axis of the first) != {W.shape[0]} (first axis of the second)"
            )

    def forward(self, x, W):
        return x @ W

    def _as_2d(self) -> tuple[np.ndarray, np.ndarray]:
        x, W = (v.data for v in self.inputs)
        return (x if x.ndim == 2 else x[None, :]), (W if W.ndim == 2 else W[:, None])

    def backward(self, gy):
        x, W = self.inputs
        x2, W2 = self._as_2d()
        gy2 = gy.reshape(x2.shape[0], W2.shape[1])
        return (gy2 @ W2.T).reshape(x.shape), (x2.T @ gy2).reshape(W.shape)

    def jvp(self, tx, tW):
        x, W = self.inputs
        self._n_tangents = (tx is not None) + (tW is not None)
        return _plus(None if tx is None else tx @ W.data, None if tW is None else x.data @ tW)

    def flops(self, kind):
        x2, W2 = self._as_2d()
        mkn = x2.shape[0] * x2.shape[1] * W2.shape[1]
        if kind == "forward":
            return 2 * mkn
        if kind == "backward":
            return 4 * mkn
        n = getattr(self, "_n_tangents", 2)
        return 2 * mkn * n + (x2.shape[0] * W2.shape[1] if n == 2 else 0)


# ---------------------------------------------------------------------------
# Softmax and the loss
# ---------------------------------------------------------------------------


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    z = np.exp(x - x.max(axis=axis, keepdims=True))
    return z / z.sum(axis=axis, keepdims=True)


class Softmax(Function):
    """Softmax along ``axis``. Local rule: dL/dx = y · (g − Σ g·y)."""

    name, symbol, cost = "softmax", "softmax", (4, 4, 4)

    def __init__(self, axis: int = -1) -> None:
        self.axis = axis

    def check(self, x):
        if x.ndim == 0 or not -x.ndim <= self.axis < x.ndim:
            raise ValueError(f"softmax: axis {self.axis} is out of range for shape {x.shape}")

    def forward(self, x):
        return _softmax(x, self.axis)

    def _apply_jacobian(self, g: np.ndarray) -> np.ndarray:
        # The softmax Jacobian is symmetric, so the VJP and the JVP coincide.
        y = self.output().data
        return y * (g - (g * y).sum(axis=self.axis, keepdims=True))

    def backward(self, gy):
        return (self._apply_jacobian(gy),)

    def jvp(self, t):
        return self._apply_jacobian(t)


class SoftmaxCrossEntropy(Function):
    """Softmax followed by the cross-entropy error, averaged over the batch.

    ``t`` holds class indices (shape ``x.shape[:-1]``) or one-hot rows
    (shape ``x.shape``).  Local rule, the book's celebrated result:
    dL/dx = (softmax(x) − t) / N.  ``t`` receives no gradient.
    """

    name, symbol, cost = "softmax_cross_entropy", "softmax+loss", (5, 3, 3)

    def check(self, x, t):
        if x.ndim not in (1, 2):
            raise ValueError(f"softmax_cross_entropy: scores must be 1-D or 2-D, got shape {x.shape}")
        if t.shape == x.shape:
            return
        if t.shape != x.shape[:-1]:
            raise ValueError(
                f"softmax_cross_entropy: labels of shape {t.shape} do not fit scores of shape "
                f"{x.shape}; give class indices of shape {x.shape[:-1]} or one-hot rows of "
                f"shape {x.shape}"
            )
        classes = x.shape[-1]
        if np.any(t != np.round(t)) or np.any(t < 0) or np.any(t >= classes):
            raise ValueError(
                f"softmax_cross_entropy: class indices must be whole numbers from 0 to {classes - 1}"
            )

    @staticmethod
    def _batch_of(x: np.ndarray) -> int:
        return 1 if x.ndim == 1 else x.shape[0]

    def forward(self, x, t):
        self.y = _softmax(x, -1)
        log_z = x.max(axis=-1, keepdims=True)
        log_z = log_z + np.log(np.exp(x - log_z).sum(axis=-1, keepdims=True))
        one_hot = self._one_hot_of(x, t)
        return np.asarray(-(one_hot * (x - log_z)).sum() / self._batch_of(x))

    @staticmethod
    def _one_hot_of(x: np.ndarray, t: np.ndarray) -> np.ndarray:
        if t.shape == x.shape:
            return t
        return np.eye(x.shape[-1], dtype=x.dtype)[t.astype(np.intp)]

    def _local(self) -> np.ndarray:
        x, t = (v.data for v in self.inputs)
        return (self.y - self._one_hot_of(x, t)) / self._batch_of(x)

    def backward(self, gy):
        return gy * self._local(), np.zeros_like(self.inputs[1].data)

    def jvp(self, tx, tt):
        if tx is None:
            return np.zeros_like(self.output().data)
        return np.asarray((tx * self._local()).sum())

    def _cost_size(self):
        return self.inputs[0].size


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


def sum(x: ArrayLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:  # noqa: A001
    """Sum of elements over ``axis`` (all axes by default).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.sum(gg.Variable([[1.0, 2.0], [3.0, 4.0]]), axis=0).data
    array([4., 6.])
    """
    return Sum(axis, keepdims)(x)


def mean(x: ArrayLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:
    """Mean over ``axis``: a sum node followed by a division node.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.mean(gg.Variable([1.0, 2.0, 6.0])).item()
    3.0
    """
    x = x if isinstance(x, Variable) else Variable(x)
    axes = range(x.ndim) if axis is None else np.atleast_1d(axis)
    count = int(np.prod([x.shape[int(a)] for a in axes])) if x.ndim else 1
    return sum(x, axis, keepdims) / count


def matmul(x: ArrayLike, W: ArrayLike) -> Variable:
    """Matrix product of 1-D or 2-D arrays.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.matmul(gg.Variable([[1.0, 2.0]]), gg.Variable([[3.0], [4.0]])).data
    array([[11.]])
    """
    return MatMul()(x, W)


def reshape(x: ArrayLike, shape: tuple[int, ...]) -> Variable:
    """Reshape (``-1`` allowed, as in numpy).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.reshape(gg.Variable([1.0, 2.0, 3.0, 4.0]), (2, 2)).shape
    (2, 2)
    """
    return Reshape(shape)(x)


def transpose(x: ArrayLike, axes: tuple[int, ...] | None = None) -> Variable:
    """Permute axes (reverse them by default).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.transpose(gg.Variable([[1.0, 2.0, 3.0]])).shape
    (3, 1)
    """
    return Transpose(axes)(x)


def broadcast_to(x: ArrayLike, shape: tuple[int, ...]) -> Variable:
    """Broadcast to ``shape``; backward sums the copies.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.broadcast_to(gg.Variable([1.0, 2.0]), (2, 2)).data
    array([[1., 2.],
           [1., 2.]])
    """
    return BroadcastTo(shape)(x)


def sum_to(x: ArrayLike, shape: tuple[int, ...]) -> Variable:
    """Sum down to ``shape``; backward broadcasts.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.sum_to(gg.Variable([[1.0, 2.0], [3.0, 4.0]]), (1, 2)).data
    array([[4., 6.]])
    """
    return SumTo(shape)(x)


def softmax(x: ArrayLike, axis: int = -1) -> Variable:
    """Softmax along ``axis``.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.softmax(gg.Variable([0.0, 0.0])).data
    array([0.5, 0.5])
    """
    return Softmax(axis)(x)


def softmax_cross_entropy(x: ArrayLike, t: ArrayLike) -> Variable:
    """Mean cross-entropy error of ``softmax(x)`` against labels ``t``.

    Parameters
    ----------
    x : Variable or array_like, shape (N, C) or (C,)
        Scores.
    t : array_like
        Class indices of shape (N,) or one-hot rows of shape (N, C).

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable([[0.0, 0.0]])
    >>> loss = gg.softmax_cross_entropy(x, [1])
    >>> loss.backward()
    >>> round(loss.item(), 6), x.grad
    (0.693147, array([[ 0.5, -0.5]]))
    """
    return SoftmaxCrossEntropy()(x, t)


def mean_squared_error(y: ArrayLike, t: ArrayLike) -> Variable:
    """The book's squared error, 0.5 · Σ (y − t)² (built from primitives).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.mean_squared_error(gg.Variable([1.0, 2.0]), [0.0, 0.0]).item()
    2.5
    """
    diff = sub(y, t)
    return 0.5 * sum(diff**2)


def affine(x: ArrayLike, W: ArrayLike, b: ArrayLike | None = None) -> Variable:
    """The book's Affine transformation ``x @ W + b`` (matmul and add nodes).

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.affine(gg.Variable([[1.0, 2.0]]), gg.Variable([[1.0], [1.0]]), 0.5).data
    array([[3.5]])
    """
    y = matmul(x, W)
    return y if b is None else add(y, b)


__all__ = [
    "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "tanh", "sigmoid", "relu",
    "sum", "mean", "matmul", "reshape", "transpose", "broadcast_to", "sum_to", "softmax",
    "softmax_cross_entropy", "mean_squared_error", "affine",
]  # fmt: skip
