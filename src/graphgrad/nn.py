"""The book's two-layer network, trained with graphgrad, and data to train it on.

*Deep Learning from Scratch* (chapter 5) builds ``TwoLayerNet`` from
hand-written layers and checks its backpropagation against numerical
differentiation.  This ``TwoLayerNet`` keeps the book's interface exactly —
a ``params`` dict with ``W1``, ``b1``, ``W2``, ``b2``; ``predict``, ``loss``,
``accuracy``, ``numerical_gradient`` and ``gradient`` — but ``gradient`` runs
graphgrad: the forward pass records a computational graph (Affine → ReLU →
Affine → Softmax-with-Loss) and one backward pass gives every parameter's
gradient.

Data: :func:`load_digits` returns scikit-learn's bundled 8×8 handwritten
digits (no download), :func:`load_mnist` reads MNIST files you already have.

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

import gzip
import os
from pathlib import Path
from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable, borrow, no_grad
from graphgrad.numerical import numerical_gradient as _numerical_gradient

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
            return self.scores(x).data

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
        # the graph may borrow them instead of copying (see graphgrad.core.borrow).
        variables = {k: borrow(self.params[k], k) for k in PARAM_NAMES}
        batch = borrow(self._check_input(x), requires_grad=False)
        loss = F.softmax_cross_entropy(self.scores(batch, variables), self._labels(t))
        loss.backward()
        return loss.item(), {k: variables[k].grad for k in PARAM_NAMES}

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


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

Split = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Split:
    """scikit-learn's 1,797 handwritten 8×8 digits, split into training and test data.

    The data set ships inside scikit-learn (no download).  Pixels are
    scaled from 0..16 to 0..1; labels are class indices 0..9.  The split is
    stratified by class and the same for the same ``seed``.

    Returns
    -------
    (x_train, t_train), (x_test, t_test)
        ``x`` float64 of shape (N, 64), ``t`` int64 of shape (N,).
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"load_digits: test_fraction must be between 0 and 1, got {test_fraction}")
    try:
        from sklearn.datasets import load_digits as _sk_load_digits
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "load_digits needs scikit-learn: pip install scikit-learn", name="sklearn"
        ) from None
    digits = _sk_load_digits()
    x = digits.data.astype(np.float64) / 16.0
    t = digits.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    test = np.zeros(len(t), dtype=bool)
    for c in np.unique(t):
        idx = np.flatnonzero(t == c)
        pick = rng.permutation(idx)[: round(len(idx) * test_fraction)]
        test[pick] = True
    train_idx, test_idx = np.flatnonzero(~test), np.flatnonzero(test)
    train_idx, test_idx = rng.permutation(train_idx), rng.permutation(test_idx)
    return (x[train_idx], t[train_idx]), (x[test_idx], t[test_idx])


_MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "t_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "t_test": "t10k-labels-idx1-ubyte",
}


def _read_idx(path: Path, ndim: int) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            raw = fh.read()
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path}: cannot read the file ({exc})") from None
    if len(raw) < 4 + 4 * ndim or raw[:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] != ndim:
        raise ValueError(
            f"{path}: not an MNIST idx file of unsigned bytes with {ndim} dimension(s) (bad header)"
        )
    dims = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    body = raw[4 + 4 * ndim :]
    expected = int(np.prod(dims))
    if len(body) != expected:
        raise ValueError(f"{path}: header says {dims} = {expected} bytes of data, file has {len(body)}")
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def _find(directory: Path, stem: str) -> Path:
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"{directory}: no MNIST file {stem} (or {stem}.gz) in this directory")


def load_mnist(path: str | os.PathLike[str], normalize: bool = True) -> Split:
    """Load MNIST from files you supply (nothing is downloaded).

    Parameters
    ----------
    path : path
        Either a directory holding the four original idx files
        (``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
        ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte``, optionally
        gzipped), or an ``.npz`` file with arrays ``x_train``, ``y_train``
        (or ``t_train``), ``x_test``, ``y_test`` (or ``t_test``), as Keras
        distributes it.
    normalize : bool, default True
        Scale pixels from 0..255 to 0..1.

    Returns
    -------
    (x_train, t_train), (x_test, t_test)
        Images flattened to (N, 784) float64, labels int64 class indices.

    Raises
    ------
    FileNotFoundError, ValueError
        With a message naming the file and what is wrong with it.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory (give the MNIST directory or .npz file)")
    arrays: dict[str, np.ndarray] = {}
    if path.is_dir():
        for key, stem in _MNIST_FILES.items():
            arrays[key] = _read_idx(_find(path, stem), 3 if key.startswith("x") else 1)
    else:
        try:
            with np.load(path, allow_pickle=False) as npz:
                stored = {k: npz[k] for k in npz.files}
        except (OSError, EOFError, ValueError) as exc:
            raise ValueError(f"{path}: not a readable .npz file ({str(exc).splitlines()[0]})") from None
        for key in _MNIST_FILES:
            alt = key.replace("t_", "y_")
            if key in stored:
                arrays[key] = stored[key]
            elif alt in stored:
                arrays[key] = stored[alt]
            else:
                raise ValueError(f"{path}: the .npz file has no array {key!r} or {alt!r}")
    out = []
    for split in ("train", "test"):
        x, t = arrays[f"x_{split}"], arrays[f"t_{split}"]
        if len(x) != len(t) or x.ndim < 2 or x[0].size != 784 or t.ndim != 1:
            raise ValueError(
                f"{path}: {split} images {x.shape} and labels {t.shape} do not look like MNIST "
                "(N images of 28×28 and N labels)"
            )
        x = x.reshape(len(x), -1).astype(np.float64)
        if normalize:
            x /= 255.0
        if t.size and (t.min() < 0 or t.max() > 9):
            raise ValueError(f"{path}: {split} labels must be digits 0..9")
        out.append((x, t.astype(np.int64)))
    return out[0], out[1]
