"""Shape operations and sums: reshape, transpose, broadcast_to, sum_to, sum, mean."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, _sum_to

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
