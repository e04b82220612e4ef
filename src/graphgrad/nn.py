"""The book's two-layer network, trained with graphgrad.

*Deep Learning from Scratch* (chapter 5) builds ``TwoLayerNet`` from
hand-written layers and checks its backpropagation against numerical
differentiation.  This ``TwoLayerNet`` keeps the book's interface exactly —
a ``params`` dict with ``W1``, ``b1``, ``W2``, ``b2``; ``predict``, ``loss``,
``accuracy``, ``numerical_gradient`` and ``gradient`` — but ``gradient`` runs
graphgrad: the forward pass records a computational graph (Affine → ReLU →
Affine → Softmax-with-Loss) and one backward pass gives every parameter's
gradient.

Examples
--------
>>> import numpy as np
>>> from graphgrad.nn import TwoLayerNet
>>> net = TwoLayerNet(input_size=4, hidden_size=5, output_size=3, seed=0)
>>> x = np.random.default_rng(0).random((2, 4)); t = np.array([0, 2])
>>> grads = net.gradient(x, t)
>>> sorted(grads), grads["W1"].shape
(['W1', 'W2', 'b1', 'b2'], (4, 5))
>>> numerical = net.numerical_gradient(x, t)
>>> max(float(np.abs(grads[k] - numerical[k]).max()) for k in grads) < 1e-8
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.config import no_grad
from graphgrad.core import Variable
from graphgrad.numerical import numerical_gradient as _numerical_gradient
from graphgrad.wrapping import borrow

PARAM_NAMES = ("W1", "b1", "W2", "b2")


class TwoLayerNet:
    """The book's two-layer network (两层神经网络): Affine → ReLU → Affine → Softmax-with-Loss.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        784, 50, 10 in the book (MNIST); 64, 50, 10 for the 8×8 digits.
    weight_init_std : float, default 0.01
        Standard deviation of the Gaussian initial weights; biases start at 0.
    seed : int or None, default None
        Seed for the initial weights (``None``: fresh randomness).
    dtype : numpy dtype, default float64

    Attributes
    ----------
    params : dict of str to numpy.ndarray
        ``W1`` (input_size, hidden_size), ``b1`` (hidden_size,),
        ``W2`` (hidden_size, output_size), ``b2`` (output_size,).
        Arrays are updated in place by :class:`SGD`.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        weight_init_std: float = 0.01,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"TwoLayerNet: {name} must be a positive integer, got {value!r}")
        if not isinstance(output_size, (int, np.integer)) or output_size < 2:
            raise ValueError(f"TwoLayerNet: output_size must be an integer >= 2, got {output_size!r}")
        rng = np.random.default_rng(seed)
        self.params: dict[str, np.ndarray] = {
            "W1": (weight_init_std * rng.standard_normal((input_size, hidden_size))).astype(dtype),
            "b1": np.zeros(hidden_size, dtype=dtype),
            "W2": (weight_init_std * rng.standard_normal((hidden_size, output_size))).astype(dtype),
            "b2": np.zeros(output_size, dtype=dtype),
        }

    # -- the graph -----------------------------------------------------------
    def scores(self, x: Any, params: dict[str, Any] | None = None) -> Variable:
        """The scores (before softmax) for the batch ``x`` as a graph: Affine → ReLU → Affine.

        ``params`` maps ``W1``, ``b1``, ``W2``, ``b2`` to arrays (constants) or
        Variables (that then get gradients); by default :attr:`params`.
        """
        p = self.params if params is None else params
        x = x if isinstance(x, Variable) else self._check_input(x)
        h = F.relu(F.affine(x, p["W1"], p["b1"]))
        return F.affine(h, p["W2"], p["b2"])

    def _check_input(self, x: Any) -> np.ndarray:
        x = np.asarray(x)
        d = self.params["W1"].shape[0]
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2 or x.shape[1] != d:
            raise ValueError(f"TwoLayerNet: input must have shape (N, {d}), got {np.shape(x)}")
        return x

    @staticmethod
    def _labels(t: Any) -> np.ndarray:
        """Class indices from indices or one-hot rows (the book accepts both)."""
        t = np.asarray(t)
        return t.argmax(axis=1) if t.ndim == 2 else t

    # -- the book's interface -------------------------------------------------
    def predict(self, x: Any) -> np.ndarray:
        """Scores (before softmax) for a batch ``x`` of shape (N, input_size)."""
        with no_grad():
            return self.scores(x)._data

    def loss(self, x: Any, t: Any) -> float:
        """Mean cross-entropy error (交叉熵误差) of the batch; ``t`` indices or one-hot."""
        with no_grad():
            return F.softmax_cross_entropy(self.scores(x), self._labels(t)).item()

    def accuracy(self, x: Any, t: Any) -> float:
        """Fraction of the batch classified correctly."""
        y = self.predict(x).argmax(axis=1)
        return float(np.mean(y == self._labels(t)))

    def numerical_gradient(self, x: Any, t: Any, h: float = 1e-4) -> dict[str, np.ndarray]:
        """Gradients by central differences, one parameter element at a time (slow: 2n losses)."""
        loss_w = lambda _w: self.loss(x, t)  # noqa: E731 - the book's idiom
        return {k: _numerical_gradient(loss_w, self.params[k], h) for k in PARAM_NAMES}

    def gradient(self, x: Any, t: Any) -> dict[str, np.ndarray]:
        """Gradients by backpropagation: one forward pass that records the graph, one backward pass."""
        return self.loss_and_gradient(x, t)[1]

    def loss_and_gradient(self, x: Any, t: Any) -> tuple[float, dict[str, np.ndarray]]:
        """Like :meth:`gradient`, also returning the loss it computed on the way."""
        # Forward and backward run back to back here, so the arrays cannot change in between:
        # the graph may borrow them instead of copying (see graphgrad.wrapping.borrow).
        variables = {k: borrow(self.params[k], k) for k in PARAM_NAMES}
        batch = borrow(self._check_input(x), requires_grad=False)
        loss = F.softmax_cross_entropy(self.scores(batch, variables), self._labels(t))
        loss.backward()
        return loss.item(), {k: variables[k].grad for k in PARAM_NAMES}  # type: ignore[misc]  # all set

    def gradient_check(self, x: Any, t: Any) -> dict[str, dict[str, float]]:
        """The book's gradient check (梯度确认): backprop against central differences.

        Returns, per parameter, the mean absolute difference (what the book
        prints) and the largest absolute difference.
        """
        backprop = self.gradient(x, t)
        numerical = self.numerical_gradient(x, t)
        return {
            k: {
                "mean_abs_diff": float(np.mean(np.abs(backprop[k] - numerical[k]))),
                "max_abs_diff": float(np.max(np.abs(backprop[k] - numerical[k]))),
            }
            for k in PARAM_NAMES
        }


class SGD:
    """Stochastic gradient descent (梯度下降法): ``param -= lr * grad``, in place.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.nn import SGD
    >>> params = {"w": np.array([1.0, 2.0])}
    >>> SGD(lr=0.5).update(params, {"w": np.array([2.0, 2.0])})
    >>> params["w"]
    array([0., 1.])
    """

    def __init__(self, lr: float = 0.01) -> None:
        if not lr > 0:
            raise ValueError(f"SGD: the learning rate must be positive, got {lr}")
        self.lr = lr
        self._steps: dict[str, np.ndarray] = {}  # lr * grad of the last update, per parameter

    def update(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Take one step downhill.

        ``lr * grad`` goes into an array kept from the previous step rather
        than a new one: a large array freed and allocated again at every step
        comes back from the operating system page by page, which costs more
        than the subtraction itself.  ``grads`` is left unchanged.
        """
        for key, grad in grads.items():
            grad = np.asarray(grad)
            step = self._steps.get(key)
            if step is None or step.shape != grad.shape or step.dtype != grad.dtype:
                step = self._steps[key] = np.empty_like(grad)
            np.multiply(grad, self.lr, out=step)
            params[key] -= step
