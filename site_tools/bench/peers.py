"""The same computations written without graphgrad, for study 4 to time side by side.

- :func:`tight_numpy_step`: the tightest training step of the same network
  written by hand in numpy: one function, no layer objects, in-place
  updates, and no gradient for the input batch (nobody needs it);
- :class:`NumpyTwoLayerNet`: the book's two-layer network written by hand in
  plain numpy in the book's layer style (``Affine``, ``Relu``,
  ``SoftmaxWithLoss`` with hand-derived ``backward`` methods), as in chapter 5
  of *Deep Learning from Scratch*;
- :func:`torch_step`: the same network and step in PyTorch on the CPU, when
  PyTorch is installed;
- :func:`scalar_mlp`: a graph of scalar operations (a tiny MLP evaluated one
  number at a time), built with graphgrad or with micrograd when installed.

PyTorch and micrograd are optional; :func:`optional_module` detects them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np


def optional_module(name: str) -> ModuleType | None:
    """Import ``name`` if it is installed, else return None."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# ---------------------------------------------------------------------------
# The book's layers, by hand
# ---------------------------------------------------------------------------


class Affine:
    """``out = x·W + b``; backward: ``dx = dout·Wᵀ``, ``dW = xᵀ·dout``, ``db = Σ dout``."""

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W, self.b = W, b
        self.x: np.ndarray | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dx


class Relu:
    """``max(0, x)``; backward zeroes ``dout`` where the input was not positive."""

    def __init__(self) -> None:
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = dout.copy()  # the book writes into dout; a copy keeps the caller's array intact
        dout[self.mask] = 0
        return dout


def softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    batch_size = y.shape[0]
    return float(-np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size)


class SoftmaxWithLoss:
    """Softmax and cross-entropy error; backward: ``(y − t) / N`` (labels as class indices)."""

    def __init__(self) -> None:
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, t)

    def backward(self, dout: float = 1) -> np.ndarray:
        batch_size = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx * dout / batch_size


class NumpyTwoLayerNet:
    """The book's ``TwoLayerNet`` (chapter 5) over the hand-written layers above."""

    def __init__(self, params: dict[str, np.ndarray]) -> None:
        self.params = {k: v.copy() for k, v in params.items()}
        self.layers = [
            Affine(self.params["W1"], self.params["b1"]),
            Relu(),
            Affine(self.params["W2"], self.params["b2"]),
        ]
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        return self.last_layer.forward(self.predict(x), t)

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        a1, _, a2 = self.layers
        return {"W1": a1.dW, "b1": a1.db, "W2": a2.dW, "b2": a2.db}

    def step(self, x: np.ndarray, t: np.ndarray, lr: float) -> None:
        grads = self.gradient(x, t)
        for key in ("W1", "b1", "W2", "b2"):
            self.params[key] -= lr * grads[key]


# ---------------------------------------------------------------------------
# The tightest step by hand
# ---------------------------------------------------------------------------


def tight_numpy_loss(p: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray) -> float:
    """The mean cross-entropy loss of the network, nothing kept."""
    s = np.maximum(x @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"]
    s -= s.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(s).sum(axis=1))
    return float((log_z - s[np.arange(len(t)), t]).mean())


def tight_numpy_gradient(p: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """The four parameter gradients, written out: no dL/dx for the input batch."""
    n = len(t)
    a = x @ p["W1"] + p["b1"]
    h = np.maximum(a, 0)
    s = h @ p["W2"] + p["b2"]
    s -= s.max(axis=1, keepdims=True)
    g = np.exp(s)
    g /= g.sum(axis=1, keepdims=True)  # softmax
    g[np.arange(n), t] -= 1
    g /= n  # dL/ds = (softmax − one-hot) / N
    dh = g @ p["W2"].T
    dh *= a > 0
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ g, "b2": g.sum(axis=0)}


def tight_numpy_step(p: dict[str, np.ndarray], x: np.ndarray, t: np.ndarray, lr: float) -> None:
    """One SGD step in place."""
    for key, grad in tight_numpy_gradient(p, x, t).items():
        grad *= lr
        p[key] -= grad


# ---------------------------------------------------------------------------
# PyTorch (optional)
# ---------------------------------------------------------------------------


def torch_net(torch: ModuleType, params: dict[str, np.ndarray]) -> dict[str, Any]:
    """The network's parameters as float64 leaf tensors (float64 like the numpy versions)."""
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}


def torch_step(torch: ModuleType, p: dict[str, Any], x: Any, t: Any, lr: float) -> None:
    """One training step: forward, backward, SGD update."""
    h = torch.relu(x @ p["W1"] + p["b1"])
    loss = torch.nn.functional.cross_entropy(h @ p["W2"] + p["b2"], t)
    loss.backward()
    with torch.no_grad():
        for v in p.values():
            v -= lr * v.grad
            v.grad = None


def torch_loss(torch: ModuleType, p: dict[str, Any], x: Any, t: Any) -> float:
    """The loss only (no graph)."""
    with torch.no_grad():
        h = torch.relu(x @ p["W1"] + p["b1"])
        return float(torch.nn.functional.cross_entropy(h @ p["W2"] + p["b2"], t))


# ---------------------------------------------------------------------------
# A graph of scalars
# ---------------------------------------------------------------------------


def scalar_mlp_data(samples: int, sizes: tuple[int, ...], seed: int = 0) -> dict[str, Any]:
    """Inputs, targets and weights (plain floats) for :func:`scalar_mlp`."""
    rng = np.random.default_rng(seed)
    weights = [
        (rng.standard_normal((a, b)) / np.sqrt(a)).tolist()
        for a, b in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    return {
        "x": rng.standard_normal((samples, sizes[0])).tolist(),
        "y": rng.standard_normal(samples).tolist(),
        "W": weights,
    }


def scalar_mlp(
    value: Callable[[float], Any], activation: Callable[[Any], Any], data: dict[str, Any]
) -> tuple[Any, list]:
    """Squared error of a ReLU MLP, built one scalar operation at a time.

    ``value`` wraps a float as a graph leaf (``graphgrad.Variable`` or
    ``micrograd.engine.Value``); ``activation`` applies the library's ReLU
    (the one nonlinearity that micrograd's PyPI release has).
    Returns the loss and the weight leaves.
    """
    W = [[[value(w) for w in row] for row in layer] for layer in data["W"]]
    loss = None
    for xs, y in zip(data["x"], data["y"], strict=True):
        h: list[Any] = list(xs)
        for k, layer in enumerate(W):
            out = []
            for j in range(len(layer[0])):
                s = h[0] * layer[0][j]
                for i in range(1, len(h)):
                    s = s + h[i] * layer[i][j]
                out.append(activation(s) if k < len(W) - 1 else s)
            h = out
        d = h[0] - y
        loss = d * d if loss is None else loss + d * d
    return loss, [w for layer in W for row in layer for w in row]
