"""The book's layers, with its ``forward(...)`` / ``backward(dout)`` interface.

*Deep Learning from Scratch* writes each layer by hand, derivative and all.
Here each layer is a thin wrapper: ``forward`` runs graphgrad primitives on
the given arrays (recording a small graph), and ``backward`` seeds that graph
with ``dout`` and reads the gradients off its inputs.  The derivative rules
themselves live only in :mod:`graphgrad.functions`, so a layer can never
disagree with the engine.

Layers never modify the arrays you pass in: the book's ``Relu.backward``
writes into ``dout``; this one returns a new array.

Examples
--------
The book's apple example, layer by layer:

>>> from graphgrad.layers import MulLayer
>>> mul_apple, mul_tax = MulLayer(), MulLayer()
>>> price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
>>> round(price, 10)
220.0
>>> dapple_price, dtax = mul_tax.backward(1)
>>> dapple, dapple_num = mul_apple.backward(dapple_price)
>>> round(dapple, 10), round(dapple_num, 10), round(dtax, 10)
(2.2, 110.0, 200.0)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable


def _plain(a: np.ndarray) -> Any:
    """Return 0-d arrays as Python floats, as the book's layers do."""
    return a.item() if a.ndim == 0 else a


class _GraphLayer:
    """Shared machinery: run primitives forward, backpropagate ``dout``."""

    _inputs: list[Variable]
    _out: Variable | None = None

    def _forward(self, fn: Callable[..., Variable], *arrays: Any) -> Any:
        self._inputs = [Variable(a) for a in arrays]
        self._out = fn(*self._inputs)
        return _plain(self._out._data)

    def _backward(self, dout: Any) -> list[Any]:
        name = f"{type(self).__name__}.backward"
        if self._out is None:
            raise RuntimeError(f"{name}: call forward first")
        dout = np.asarray(dout, dtype=self._out.dtype)
        if dout.shape != self._out.shape:
            if dout.size != 1 or self._out.size != 1:
                raise ValueError(
                    f"{name}: dout has shape {dout.shape}, but the layer's output has shape "
                    f"{self._out.shape}; pass the gradient of the output, shaped like it"
                )
            dout = dout.reshape(self._out.shape)
        for x in self._inputs:
            x.cleargrad()  # a layer's backward is a function of dout alone: no accumulation
        self._out.backward(dout)
        return [_plain(x.grad) for x in self._inputs]  # type: ignore[arg-type]  # backward set them


class MulLayer(_GraphLayer):
    """Multiply layer (乘法层): ``forward(x, y) = x * y``.

    ``backward(dout)`` returns ``(dx, dy) = (dout * y, dout * x)``.
    """

    def forward(self, x: Any, y: Any) -> Any:
        """Return ``x * y``."""
        return self._forward(F.mul, x, y)

    def backward(self, dout: Any) -> tuple[Any, Any]:
        """Return ``(dx, dy)``."""
        dx, dy = self._backward(dout)
        return dx, dy


class AddLayer(_GraphLayer):
    """Add layer (加法层): ``forward(x, y) = x + y``; backward passes ``dout`` to both.

    Examples
    --------
    >>> from graphgrad.layers import AddLayer
    >>> layer = AddLayer()
    >>> layer.forward(10, 5)
    15.0
    >>> layer.backward(1.3)
    (1.3, 1.3)
    """

    def forward(self, x: Any, y: Any) -> Any:
        """Return ``x + y``."""
        return self._forward(F.add, x, y)

    def backward(self, dout: Any) -> tuple[Any, Any]:
        """Return ``(dx, dy)``."""
        dx, dy = self._backward(dout)
        return dx, dy


class Relu(_GraphLayer):
    """ReLU layer: passes ``dout`` where the input was positive, 0 elsewhere.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.layers import Relu
    >>> relu = Relu()
    >>> relu.forward(np.array([1.0, -0.5]))
    array([1., 0.])
    >>> dout = np.array([3.0, 3.0])
    >>> relu.backward(dout), dout          # dout is not modified
    (array([3., 0.]), array([3., 3.]))
    """

    def forward(self, x: Any) -> Any:
        """Return ``max(0, x)``."""
        return self._forward(F.relu, x)

    def backward(self, dout: Any) -> Any:
        """Return ``dx``."""
        return self._backward(dout)[0]


class Sigmoid(_GraphLayer):
    """Sigmoid layer: backward is ``dout * y * (1 - y)``.

    Examples
    --------
    >>> from graphgrad.layers import Sigmoid
    >>> s = Sigmoid()
    >>> s.forward(0.0), s.backward(1.0)
    (0.5, 0.25)
    """

    def forward(self, x: Any) -> Any:
        """Return ``1 / (1 + exp(-x))``."""
        return self._forward(F.sigmoid, x)

    def backward(self, dout: Any) -> Any:
        """Return ``dx``."""
        return self._backward(dout)[0]


class Affine(_GraphLayer):
    """Affine layer: ``x @ W + b`` for a batch of inputs.

    Inputs of more than two dimensions (images) are flattened per sample,
    and ``backward`` gives ``dx`` in the original shape.  After backward,
    ``dW`` and ``db`` hold the parameter gradients.

    Parameters
    ----------
    W : numpy.ndarray, shape (D, M)
    b : numpy.ndarray, shape (M,)

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.layers import Affine
    >>> layer = Affine(np.ones((3, 2)), np.zeros(2))
    >>> layer.forward(np.array([[1.0, 2.0, 3.0]]))
    array([[6., 6.]])
    >>> layer.backward(np.array([[1.0, 0.5]]))
    array([[1.5, 1.5, 1.5]])
    >>> layer.dW[:, 0], layer.db
    (array([1., 2., 3.]), array([1. , 0.5]))
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W, self.b = W, b
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return ``x @ W + b`` (``x`` flattened to ``(N, D)``)."""
        batch = np.shape(x)[0]
        return self._forward(lambda x, W, b: F.affine(F.reshape(x, (batch, -1)), W, b), x, self.W, self.b)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dx``; store ``dW`` and ``db``."""
        dx, self.dW, self.db = self._backward(dout)
        return dx


class SoftmaxWithLoss(_GraphLayer):
    """Softmax followed by the cross-entropy error (Softmax-with-Loss 层).

    ``forward(x, t)`` returns the mean loss; ``backward(dout=1)`` returns
    ``(y - t) / N`` times ``dout``, where ``y`` is the softmax output.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.layers import SoftmaxWithLoss
    >>> layer = SoftmaxWithLoss()
    >>> round(layer.forward(np.array([[0.0, 0.0]]), np.array([1])), 6)
    0.693147
    >>> layer.backward()
    array([[ 0.5, -0.5]])
    """

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        """Return the mean cross-entropy error of ``softmax(x)`` against ``t``."""
        self._loss = F.SoftmaxCrossEntropy()
        labels = np.asarray(t)  # a constant: labels get no gradient
        return self._forward(lambda scores: self._loss(scores, labels), x)

    @property
    def y(self) -> np.ndarray | None:
        """The softmax output of the last forward pass."""
        return None if self._out is None else self._loss.y

    def backward(self, dout: float = 1) -> np.ndarray:
        """Return ``dx``."""
        return self._backward(dout)[0]
