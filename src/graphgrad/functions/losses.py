"""Softmax, the softmax cross-entropy error and the squared error."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, sub
from graphgrad.functions.shapes import sum

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
