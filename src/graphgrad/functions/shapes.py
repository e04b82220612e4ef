"""Shape operations and reductions: reshape, transpose, broadcast_to, sum_to, sum, mean, max, indexing."""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad.arrays import as_array
from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, Div, unbroadcast


def _shape_argument(op: str, value: Any, what: str = "shape") -> tuple[int, ...] | int:
    """A shape or axis argument as numpy takes it (an int or a tuple of ints), or a clear error."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{op}: {what} must be an integer or a tuple of integers, got {value!r}")
    if what == "axis" and not isinstance(value, (tuple, list)):
        return int(value)
    return tuple(int(v) for v in items)


def _normalized_axes(op: str, axis: int | tuple[int, ...] | None, shape: tuple[int, ...]) -> object:
    """``axis`` checked against ``shape``, negative axes made positive."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple) else (axis,)
    for ax in axes:
        if not -len(shape) <= ax < (len(shape) or 1):
            raise ValueError(f"{op}: axis {ax} is out of range for shape {shape}")
    positive = tuple(ax % (len(shape) or 1) for ax in axes)
    if len(set(positive)) != len(positive):
        raise ValueError(f"{op}: axis {axis} repeats an axis")
    return positive if isinstance(axis, tuple) else positive[0]


def _key_text(key: object) -> str:
    """A short text for an index, e.g. ``1:, 2``."""
    parts = key if isinstance(key, tuple) else (key,)
    out = []
    for p in parts:
        if isinstance(p, slice):
            out.append(":".join("" if v is None else str(v) for v in (p.start, p.stop))
                       + ("" if p.step is None else f":{p.step}"))  # fmt: skip
        elif p is Ellipsis:
            out.append("...")
        elif isinstance(p, np.ndarray | list):
            out.append("…")
        else:
            out.append(str(p))
    return ", ".join(out)


def _frozen_index(part: object) -> object:
    """A read-only copy of an index array or list (numpy indexes with a list as with its array)."""
    if isinstance(part, list):
        array = np.array(part)
        if array.dtype == object:  # not an index numpy takes: let numpy name the problem
            return part
        part = array
    elif isinstance(part, np.ndarray):
        part = part.copy()
    else:
        return part
    part.setflags(write=False)
    return part


# ---------------------------------------------------------------------------
# Shapes: reshape, transpose, broadcast_to, sum_to, sum
# ---------------------------------------------------------------------------


class Reshape(Function):
    """Change the shape, keep the numbers; the gradient is reshaped back."""

    name, symbol = "reshape", "reshape"
    reads_inputs = ()  # only shapes

    def __init__(self, shape: int | tuple[int, ...]) -> None:
        self.shape = _shape_argument("reshape", shape)

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

    name, symbol = "transpose", "T"
    reads_inputs = ()

    def __init__(self, axes: tuple[int, ...] | None = None) -> None:
        self.axes = None if axes is None else _shape_argument("transpose", axes, what="axes")

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

    name, symbol = "broadcast_to", "broadcast"
    reads_inputs = ()

    def __init__(self, shape: int | tuple[int, ...]) -> None:
        self.shape = _shape_argument("broadcast_to", shape)

    def check(self, x):
        try:
            np.broadcast_to(x, self.shape)
        except ValueError:
            raise ValueError(f"broadcast_to: cannot broadcast shape {x.shape} to {self.shape}") from None

    def forward(self, x):
        return np.broadcast_to(x, self.shape).copy()

    def backward(self, gy):
        return (unbroadcast(gy, self.inputs[0].shape),)

    def jvp(self, t):
        return np.broadcast_to(t, self.shape).copy()


class SumTo(Function):
    """Sum ``x`` down to ``shape`` (the reverse of broadcasting)."""

    name, symbol = "sum_to", "sum_to"
    reads_inputs = ()

    def __init__(self, shape: int | tuple[int, ...]) -> None:
        self.shape = _shape_argument("sum_to", shape)

    def check(self, x):
        try:
            ok = np.broadcast_shapes(self.shape, x.shape) == x.shape
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"sum_to: cannot sum shape {x.shape} down to {self.shape}")

    def forward(self, x):
        return unbroadcast(x, self.shape)

    def backward(self, gy):
        return (np.broadcast_to(gy, self.inputs[0].shape).copy(),)

    def jvp(self, t):
        return unbroadcast(t, self.shape)


class Sum(Function):
    """Sum of elements, over all axes or the given ones.

    Every element contributes with derivative 1, so backward copies the
    upstream gradient to every element.
    """

    name, symbol = "sum", "Σ"
    reads_inputs = ()

    def __init__(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> None:
        self.axis = axis if axis is None else _shape_argument(self.name, axis, what="axis")
        self.keepdims = keepdims

    def check(self, x):
        self.axis = _normalized_axes(self.name, self.axis, x.shape)

    def forward(self, x):
        return x.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, gy):
        x = self.inputs[0]
        if self.axis is not None and not self.keepdims:
            gy = np.expand_dims(gy, self.axis)
        return (np.broadcast_to(gy, x.shape).copy(),)

    def jvp(self, t):
        return t.sum(axis=self.axis, keepdims=self.keepdims)


class Max(Function):
    """Largest element, over all axes or the given ones: the "max gate" as a reduction.

    Local derivative: 1 for the element that is the maximum, 0 for the
    others, so backward routes the upstream gradient to the winner.  When
    several elements tie for the maximum they share it equally (PyTorch's
    ``amax`` does the same).
    """

    name, symbol = "max", "max"
    reads_inputs, reads_output = (0,), True

    def __init__(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> None:
        self.axis = axis if axis is None else _shape_argument(self.name, axis, what="axis")
        self.keepdims = keepdims

    def check(self, x):
        if x.size == 0:
            raise ValueError("max: the input is empty; the maximum of no numbers is undefined")
        self.axis = _normalized_axes(self.name, self.axis, x.shape)

    def forward(self, x):
        return x.max(axis=self.axis, keepdims=self.keepdims)

    def _winners(self) -> np.ndarray:
        """Weights 1/k on the k maximal elements of each reduced group, 0 elsewhere."""
        x, y = self.inputs[0]._data, self.output()._data
        if self.axis is not None and not self.keepdims:
            y = np.expand_dims(y, self.axis)
        is_max = x == y
        return is_max / is_max.sum(axis=self.axis, keepdims=True)

    def _expanded(self, g: np.ndarray) -> np.ndarray:
        return np.expand_dims(g, self.axis) if self.axis is not None and not self.keepdims else g

    def backward(self, gy):
        return (self._expanded(gy) * self._winners(),)

    def jvp(self, t):
        return (t * self._winners()).sum(axis=self.axis, keepdims=self.keepdims)


class GetItem(Function):
    """``x[key]``: indexing and slicing (the book's ``get_item``).

    Backward puts the upstream gradient back where the selected elements
    came from, zeros elsewhere; an element selected twice (``x[[0, 0]]``)
    gets both contributions.
    """

    name, symbol = "get_item", "[]"
    reads_inputs = ()  # only the shape of x, and the key

    def __init__(self, key: object) -> None:
        parts = key if isinstance(key, tuple) else (key,)
        for part in parts:
            if isinstance(part, Variable):
                raise TypeError("get_item: index with numbers, slices or arrays, not with a Variable")
        # Index arrays, masks and lists are copied and frozen: changing the caller's array
        # after the forward pass must not move the gradient.
        frozen = tuple(_frozen_index(part) for part in parts)
        self.key = frozen if isinstance(key, tuple) else frozen[0]

    def saved_for_backward(self):
        parts = self.key if isinstance(self.key, tuple) else (self.key,)
        return [part for part in parts if isinstance(part, np.ndarray)]

    def forward(self, x):
        return x[self.key]

    def backward(self, gy):
        gx = np.zeros_like(self.inputs[0]._data)
        np.add.at(gx, self.key, gy)
        return (gx,)

    def jvp(self, t):
        return t[self.key]

    def label(self):
        return f"[{_key_text(self.key)}]"


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
    total = sum(x, axis, keepdims)
    count = as_array(x, where="mean").size // (total.size or 1)  # elements per mean
    if count <= 2 ** np.finfo(total.dtype).nmant:  # the count is exact in the dtype (float32: 2**23)
        return total / count
    # float16 holds whole numbers only up to 2048 and overflows at 65520: divide in float64,
    # and keep the result in the input's dtype.
    return Div(result_dtype=total.dtype)(total, Variable(np.float64(count), requires_grad=False))


def max(x: ArrayLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Variable:  # noqa: A001
    """Largest element over ``axis`` (all axes by default); the gradient goes to the winner.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable([[1.0, 7.0], [3.0, 2.0]])
    >>> m = gg.max(x, axis=1)
    >>> gg.sum(m).backward()
    >>> m.data, x.grad
    (array([7., 3.]), array([[0., 1.],
           [1., 0.]]))
    """
    return Max(axis, keepdims)(x)


def get_item(x: ArrayLike, key: object) -> Variable:
    """``x[key]`` as a graph node (also what ``Variable.__getitem__`` calls).

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> y = x[1:, 2]
    >>> gg.sum(y * 10).backward()
    >>> y.data, x.grad
    (array([6.]), array([[ 0.,  0.,  0.],
           [ 0.,  0., 10.]]))
    """
    return GetItem(key)(x)


def reshape(x: ArrayLike, shape: int | tuple[int, ...]) -> Variable:
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
