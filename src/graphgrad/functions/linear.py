"""The matrix product and the book's Affine transformation."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, add, tangent_sum

# ---------------------------------------------------------------------------
# Matrix product
# ---------------------------------------------------------------------------


class MatMul(Function):
    """Matrix product ``x @ W`` of 1-D or 2-D arrays.

    Local rule (the book's Affine layer): with ``y = x·W``,
    dL/dx = dL/dy · Wᵀ and dL/dW = xᵀ · dL/dy.
    """

    name, symbol = "matmul", "@"
    reads_inputs = (0, 1)  # see saved_for_backward: each only if the other needs a gradient

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

    def saved_for_backward(self):
        x, W = self.inputs
        need_x, need_W = self.needs_input_grad
        return [v._data for v, other_needs in ((W, need_x), (x, need_W)) if other_needs]

    def backward(self, gy):
        x, W = self.inputs
        need_x, need_W = self.needs_input_grad  # a constant (the batch of images) costs nothing
        x2, W2 = _as_2d(x._data, W._data)
        gy2 = gy.reshape(x2.shape[0], W2.shape[1])
        return (_shaped(gy2 @ W2.T, x.shape) if need_x else None,
                _shaped(x2.T @ gy2, W.shape) if need_W else None)  # fmt: skip

    def jvp(self, tx, tW):
        x, W = self.inputs
        return tangent_sum(self.output().shape, None if tx is None else tx @ W._data,
                           None if tW is None else x._data @ tW)  # fmt: skip


def _as_2d(x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D ``x`` as one row, a 1-D ``W`` as one column: then the rule above holds as written."""
    return (x if x.ndim == 2 else x[None, :]), (W if W.ndim == 2 else W[:, None])


def _shaped(g: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``g`` back in its input's shape (a 1-D input's), without a needless view."""
    return g if g.shape == shape else g.reshape(shape)


def matmul(x: ArrayLike, W: ArrayLike) -> Variable:
    """Matrix product of 1-D or 2-D arrays.

    Examples
    --------
    >>> import graphgrad as gg
    >>> gg.matmul(gg.Variable([[1.0, 2.0]]), gg.Variable([[3.0], [4.0]])).data
    array([[11.]])
    """
    return MatMul()(x, W)


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
