"""Softmax, the softmax cross-entropy error and the squared error."""

from __future__ import annotations

import numpy as np

from graphgrad.core import Function, Variable
from graphgrad.functions.arithmetic import ArrayLike, sub
from graphgrad.functions.shapes import sum

# ---------------------------------------------------------------------------
# Softmax and the loss
# ---------------------------------------------------------------------------


def _per_sample(a: np.ndarray, n: int) -> np.ndarray:
    """``a / n`` with the count in float64 (float16 overflows at 65520), in ``a``'s dtype."""
    return np.asarray(a / np.float64(n)).astype(a.dtype, copy=False)


def _softmax(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Softmax along ``axis``, with the shifted scores and the sum of their exponentials.

    The scores are shifted so that the largest is 0: exp cannot overflow.
    """
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    z = e.sum(axis=axis, keepdims=True)
    return e / z, shifted, z


class Softmax(Function):
    """Softmax along ``axis``. Local rule: dL/dx = y · (g − Σ g·y)."""

    name, symbol = "softmax", "softmax"
    reads_inputs, reads_output = (), True

    def __init__(self, axis: int = -1) -> None:
        self.axis = axis

    def check(self, x):
        if x.ndim == 0 or not -x.ndim <= self.axis < x.ndim:
            raise ValueError(f"softmax: axis {self.axis} is out of range for shape {x.shape}")

    def forward(self, x):
        return _softmax(x, self.axis)[0]

    def _apply_jacobian(self, g: np.ndarray) -> np.ndarray:
        # The softmax Jacobian is symmetric, so the VJP and the JVP coincide.
        y = self.output()._data
        return y * (g - (g * y).sum(axis=self.axis, keepdims=True))

    def backward(self, gy):
        return (self._apply_jacobian(gy),)

    def jvp(self, t):
        return self._apply_jacobian(t)


class SoftmaxCrossEntropy(Function):
    """Softmax followed by the cross-entropy error, averaged over the batch.

    ``t`` holds class indices (shape ``x.shape[:-1]``) or a row of target
    weights per sample (shape ``x.shape``): one-hot rows, or soft labels
    such as probabilities.  With y = softmax(x) and N samples the loss is
    L = −Σ t·log y / N, and the local rule is

    - dL/dx = (y·Σt − t) / N, the book's celebrated (y − t)/N when each
      row of ``t`` sums to 1;
    - dL/dt = −log y / N, computed only if ``t`` needs a gradient.
    """

    name, symbol = "softmax_cross_entropy", "softmax+loss"
    reads_inputs = (1,)  # t; and the arrays forward stores (saved_for_backward)

    def check(self, x, t):
        if x.ndim not in (1, 2):
            raise ValueError(f"softmax_cross_entropy: scores must be 1-D or 2-D, got shape {x.shape}")
        if t.shape == x.shape:
            return
        if t.shape != x.shape[:-1]:
            raise ValueError(
                f"softmax_cross_entropy: labels of shape {t.shape} do not fit scores of shape "
                f"{x.shape}; give class indices of shape {x.shape[:-1]} or one row of targets "
                f"per sample, of shape {x.shape}"
            )
        classes = x.shape[-1]
        if t.size and not ((t == np.floor(t)).all() and t.min() >= 0 and t.max() < classes):
            raise ValueError(
                f"softmax_cross_entropy: class indices must be whole numbers from 0 to {classes - 1}"
            )

    @staticmethod
    def _batch_of(x: np.ndarray) -> int:
        return 1 if x.ndim == 1 else x.shape[0]

    def forward(self, x, t):
        self.y, self.shifted, z = _softmax(x, -1)
        self.log_z = np.log(z)  # log softmax is shifted − log z, exact even where softmax underflows
        acc = np.promote_types(x.dtype, np.float32)  # float16 sums are added up in float32
        if t.shape == x.shape:  # a row of targets per sample
            self.picked = None
            total = (t * self._log_y()).sum(dtype=acc)
        else:  # class indices: each sample's log-probability of its class, shifted − log z
            self.picked = self._picked(x, t)
            total = self.shifted[self.picked].sum(dtype=acc) - self.log_z.sum(dtype=acc)
        return _per_sample(np.asarray(-total), self._batch_of(x)).astype(x.dtype, copy=False)

    def saved_for_backward(self):
        picked = [] if self.picked is None else [a for a in self.picked if isinstance(a, np.ndarray)]
        return [*super().saved_for_backward(), self.y, self.shifted, self.log_z, *picked]

    def _log_y(self) -> np.ndarray:
        """The log softmax of x, computed only where every entry is needed (soft labels, dL/dt)."""
        return self.shifted - self.log_z

    @staticmethod
    def _picked(x: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, ...]:
        """Index of each sample's labelled class in ``x`` (``t`` holds class indices)."""
        classes = t.astype(np.intp)
        return (classes,) if x.ndim == 1 else (np.arange(x.shape[0]), classes)

    def local(self, need_x: bool, need_t: bool) -> tuple[np.ndarray | None, np.ndarray | None]:
        """dL/dx = (y·Σt − t)/N, the book's (y − t)/N, and dL/dt = −log y / N (new arrays)."""
        x, t = self.inputs[0]._data, self.inputs[1]._data
        dx = dt = None
        if need_x:
            if self.picked is None:
                dx = self.y * t.sum(axis=-1, keepdims=True) - t
            else:  # class indices: y − one-hot
                dx = self.y.copy()
                dx[self.picked] -= 1
            dx /= np.float64(self._batch_of(x))  # in place, the count in float64 (see _per_sample)
        if need_t:
            dt = _per_sample(-self._log_y(), self._batch_of(x))
        return dx, dt

    def backward(self, gy):
        x, t = self.inputs[0]._data, self.inputs[1]._data
        need_x, need_t = self.needs_input_grad
        if need_t and t.shape != x.shape:
            raise ValueError("softmax_cross_entropy: class indices cannot have a gradient; "
                             "give one-hot or soft-label rows as a Variable")
        dx, dt = self.local(need_x, need_t)
        for d in (dx, dt):
            if d is not None:
                d *= gy  # upstream × local, in place: gy is a single number and the arrays are ours
        return dx, dt

    def jvp(self, tx, tt):
        dx, dt = self.local(tx is not None, tt is not None)
        terms = [(t * d).sum() for t, d in ((tx, dx), (tt, dt)) if t is not None]
        return np.asarray(terms[0] if len(terms) == 1 else terms[0] + terms[1])


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
