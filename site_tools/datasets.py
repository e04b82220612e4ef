"""Data to train the two-layer network on: scikit-learn's digits, or MNIST files you have.

The book keeps its data loader (``dataset/mnist.py``) beside its network code, not inside it;
so does this repository.  The training study (:mod:`site_tools.bench.training`) and its command
line (``scripts/train_two_layer.py --mnist DIR``) read their data here.

Examples
--------
>>> from site_tools.datasets import load_digits
>>> (x_train, t_train), (x_test, t_test) = load_digits()
>>> x_train.shape, x_test.shape
((1438, 64), (359, 64))
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

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
            "load_digits needs scikit-learn: pip install 'graphgrad[bench]'", name="sklearn"
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
