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

    def _as_2d(self) -> tuple[np.ndarray, np.ndarray]:
        x, W = (v._data for v in self.inputs)
        return (x if x.ndim == 2 else x[None, :]), (W if W.ndim == 2 else W[:, None])

    def backward(self, gy):
        x, W = self.inputs
        need_x, need_W = self.needs_input_grad
        # A constant input (the batch of images, say) gets no gradient: half the work saved.
        if x.ndim == 2 and W.ndim == 2:  # the usual case: the rule as it stands
            return (gy @ W._data.T if need_x else None), (x._data.T @ gy if need_W else None)
        # A 1-D operand is a one-row x or a one-column W: the same rule, then back to 1-D.
        x2, W2 = self._as_2d()
        gy2 = gy.reshape(x2.shape[0], W2.shape[1])
        gx = (gy2 @ W2.T) if need_x else None
        gW = (x2.T @ gy2) if need_W else None
        # Back to 1-D for a 1-D operand (a fresh array stays as it is: no needless view).
        gx = gx.reshape(x.shape) if gx is not None and gx.shape != x.shape else gx
        gW = gW.reshape(W.shape) if gW is not None and gW.shape != W.shape else gW
        return gx, gW

    def jvp(self, tx, tW):
        x, W = self.inputs
        return tangent_sum(self.output().shape, None if tx is None else tx @ W._data,
                           None if tW is None else x._data @ tW)  # fmt: skip


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
