"""Study 5: the book's ``TwoLayerNet`` trained with graphgrad on real handwritten digits.

Exactly the book's recipe (chapter 5): a gradient check (梯度确认) of
backpropagation against numerical differentiation on three training
samples, then mini-batch stochastic gradient descent — 50 hidden units,
weights from N(0, 0.01²), learning rate 0.1, mini-batches of 100 drawn at
random, 10,000 iterations — with the training and test accuracy recorded
after every epoch.

The default data are scikit-learn's bundled 8×8 digits (1,797 images, no
download); :func:`site_tools.datasets.load_mnist` data (784 inputs) can be passed
instead.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from graphgrad.nn import SGD, TwoLayerNet
from site_tools.datasets import load_digits

from . import timing
from .results import envelope, sig

NAME = "training"
FILE = "training.json"
SCRIPT = "scripts/train_two_layer.py"
#: What the plot and :func:`summary` read.
REQUIRED = ("gradient_check", "history", "test_accuracy", "train_seconds")

FULL = {
    "hidden_size": 50,
    "weight_init_std": 0.01,
    "lr": 0.1,
    "batch_size": 100,
    "iterations": 10000,
    "test_fraction": 0.2,
    "seed": 0,
    "gradient_check_samples": 3,
}
QUICK = {**FULL, "iterations": 4000}


def train(
    data: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    cfg: dict[str, Any],
    progress: bool = True,
) -> dict[str, Any]:
    """Gradient check, then training; return the measurements."""
    (x_train, t_train), (x_test, t_test) = data
    classes = int(max(t_train.max(), t_test.max())) + 1
    net = TwoLayerNet(x_train.shape[1], cfg["hidden_size"], classes, cfg["weight_init_std"], seed=cfg["seed"])

    k = cfg["gradient_check_samples"]
    start = time.perf_counter()
    check = net.gradient_check(x_train[:k], t_train[:k])
    check_seconds = time.perf_counter() - start

    rng = np.random.default_rng(cfg["seed"])
    optimizer = SGD(cfg["lr"])
    train_size, batch = len(x_train), cfg["batch_size"]
    iter_per_epoch = max(train_size // batch, 1)
    history: dict[str, list[Any]] = {
        "iteration": [], "epoch": [], "loss": [], "train_accuracy": [], "test_accuracy": [],
    }  # fmt: skip
    losses: list[float] = []
    iterations = cfg["iterations"]
    start = time.perf_counter()
    with timing.progress_bar(iterations, "training", progress) as bar:
        for i in range(1, iterations + 1):
            mask = rng.choice(train_size, batch)
            loss, grads = net.loss_and_gradient(x_train[mask], t_train[mask])
            optimizer.update(net.params, grads)
            losses.append(loss)
            if i % iter_per_epoch == 0 or i == iterations:
                history["iteration"].append(i)
                history["epoch"].append(i / iter_per_epoch)
                history["loss"].append(float(np.mean(losses)))
                history["train_accuracy"].append(net.accuracy(x_train, t_train))
                history["test_accuracy"].append(net.accuracy(x_test, t_test))
                losses = []
                bar.set_postfix_str(f"test accuracy {history['test_accuracy'][-1]:.3f}")
            bar.update(1)
    train_seconds = time.perf_counter() - start
    return {
        "gradient_check": check,
        "gradient_check_seconds": check_seconds,
        "history": history,
        "train_accuracy": history["train_accuracy"][-1],
        "test_accuracy": history["test_accuracy"][-1],
        "train_seconds": train_seconds,
        "iterations": iterations,
        "iter_per_epoch": iter_per_epoch,
        "epochs": iterations / iter_per_epoch,
        "train_size": train_size,
        "test_size": len(x_test),
        "input_size": int(x_train.shape[1]),
        "classes": classes,
    }


def run(
    quick: bool = False,
    progress: bool = True,
    data: Any = None,
    dataset: str = "digits",
    **overrides: Any,
) -> dict[str, Any]:
    """Train on ``data`` (default: the 8×8 digits); return the results envelope."""
    cfg = {**(QUICK if quick else FULL), **overrides}
    if data is None:
        data = load_digits(cfg["test_fraction"], cfg["seed"])
        dataset = "digits"
    with timing.one_blas_thread() as threads:
        results = train(data, cfg, progress)
    results["dataset"] = dataset
    results["blas_threads"] = threads
    cfg = {**cfg, "dataset": dataset}
    return envelope(NAME, cfg, results, quick)


def report(data: dict[str, Any]) -> str:
    """The line the script prints after a run."""
    r = data["results"]
    worst = max(v["max_abs_diff"] for v in r["gradient_check"].values())
    return (
        f"gradient check max diff {worst:.1e}; test accuracy {100 * r['test_accuracy']:.1f}% "
        f"after {r['iterations']} iterations in {r['train_seconds']:.1f} s"
    )


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """What the pages quote: ``train_{test,train}_accuracy_pct``, ``train_seconds``,
    ``train_iterations``, ``train_epochs``, ``train_gradcheck_{W1,b1,W2,b2}`` (the book's
    mean absolute difference) and ``train_gradcheck_max``."""
    checks = r["gradient_check"]
    out: dict[str, Any] = {
        "train_test_accuracy_pct": round(100 * r["test_accuracy"], 1),
        "train_train_accuracy_pct": round(100 * r["train_accuracy"], 1),
        "train_seconds": sig(r["train_seconds"]),
        "train_iterations": r["iterations"],
        "train_epochs": round(r["epochs"]),
        "train_gradcheck_max": sig(max(v["max_abs_diff"] for v in checks.values())),
    }
    for k, v in checks.items():
        out[f"train_gradcheck_{k}"] = sig(v["mean_abs_diff"])
    return out
