"""Study 3: the step size *h* of numerical differentiation — truncation error versus round-off error.

A finite difference approximates the derivative with a small but finite
step ``h``.  Two errors pull in opposite directions:

- **truncation error** (截断误差), from cutting the Taylor series: it shrinks
  like ``h`` for the forward difference ``(f(x+h) − f(x)) / h`` and like
  ``h²`` for the central difference ``(f(x+h) − f(x−h)) / 2h``;
- **round-off error** (舍入误差), from subtracting two nearly equal
  floating-point numbers: about ``ε·|f| / h``, which grows as ``h`` shrinks
  (``ε`` ≈ 2.2e-16 in float64, 1.2e-7 in float32).

The total is smallest near ``h ≈ ε^(1/2)`` for the forward difference and
``h ≈ ε^(1/3)`` for the central difference.  This study sweeps ``h`` from
1e-1 down to 1e-12 on the loss of a small network (the study-1 MLP) in
float64 and float32, and compares each numerical gradient with the exact
gradient from backpropagation in float64 at the same point.

The error reported for each ``h`` is the largest absolute difference over
all parameters divided by the largest absolute partial derivative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad.numerical import values_around

from . import timing
from .gradients import MLPProblem
from .results import envelope, sig

NAME = "step_size"
FILE = "step_size.json"
SCRIPT = "scripts/bench_gradients.py"
#: What the plot and :func:`summary` read.
REQUIRED = ("h", "curves", "best_h", "book_h")

BOOK_H = 1e-4

FULL = {
    "width": 9,
    "batch": 64,
    "activation": "tanh",
    "seed": 0,
    "per_decade": 4,
    "h_max": 1e-1,
    "h_min": 1e-12,
}
QUICK = {**FULL, "width": 4, "per_decade": 2}

DTYPES = {"float64": np.float64, "float32": np.float32}


def h_grid(h_max: float, h_min: float, per_decade: int) -> list[float]:
    """Step sizes from ``h_max`` down to ``h_min``, ``per_decade`` per factor of ten."""
    hi, lo = np.log10(h_max), np.log10(h_min)
    count = round((hi - lo) * per_decade) + 1
    return [float(10.0**e) for e in np.linspace(hi, lo, count)]


def differences(problem: MLPProblem, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Central and forward differences of every parameter, in the problem's dtype."""
    n = problem.n
    central, forward = np.empty(n), np.empty(n)
    f0 = problem.value()
    flats = [p.reshape(-1) for p in problem.params]
    step = problem.params[0].dtype.type(h)
    for i in range(n):
        j, l = problem.locate(i)
        f_plus, f_minus = values_around(lambda _: problem.value(), flats[j], l, step)
        central[i] = (f_plus - f_minus) / (2 * h)
        forward[i] = (f_plus - f0) / h
    return central, forward


def run(quick: bool = False, progress: bool = True, **overrides: Any) -> dict[str, Any]:
    """Sweep ``h`` for both differences in both precisions; return the results envelope."""
    cfg = {**(QUICK if quick else FULL), **overrides}
    hs = h_grid(cfg["h_max"], cfg["h_min"], cfg["per_decade"])
    if BOOK_H not in hs:
        raise ValueError("the h grid must contain the book's h = 1e-4")
    base = MLPProblem(cfg["width"], cfg["batch"], cfg["activation"], cfg["seed"], np.float64)
    curves: dict[str, list[float]] = {}
    bar = timing.progress_bar(len(hs) * len(DTYPES), "step size", progress)
    with bar:
        for name, dtype in DTYPES.items():
            problem = MLPProblem(cfg["width"], cfg["batch"], cfg["activation"], cfg["seed"], dtype)
            # The exact gradient at the very point the finite differences see (the rounded parameters).
            exact_problem = MLPProblem(cfg["width"], cfg["batch"], cfg["activation"], cfg["seed"], np.float64)
            exact_problem.x = problem.x.astype(np.float64)
            exact_problem.y = problem.y.astype(np.float64)
            exact_problem.params = tuple(p.astype(np.float64) for p in problem.params)
            exact = np.concatenate([g.reshape(-1) for g in exact_problem.reverse_mode()])
            scale = float(np.abs(exact).max())
            for method in ("central", "forward"):
                curves[f"{method}_{name}"] = []
            for h in hs:
                central, forward = differences(problem, h)
                curves[f"central_{name}"].append(float(np.abs(central - exact).max()) / scale)
                curves[f"forward_{name}"].append(float(np.abs(forward - exact).max()) / scale)
                bar.update(1)
    best_h, best_error, book_error = {}, {}, {}
    for key, errors in curves.items():
        i = int(np.argmin(errors))
        best_h[key], best_error[key] = hs[i], errors[i]
        book_error[key] = errors[hs.index(BOOK_H)]
    eps = {name: float(np.finfo(dtype).eps) for name, dtype in DTYPES.items()}
    results = {
        "h": hs,
        "curves": curves,
        "best_h": best_h,
        "best_error": best_error,
        "book_h": BOOK_H,
        "book_h_error": book_error,
        "machine_epsilon": eps,
        "theory_best_h": {
            **{f"central_{k}": e ** (1 / 3) for k, e in eps.items()},
            **{f"forward_{k}": e ** (1 / 2) for k, e in eps.items()},
        },
        "n": base.n,
        "error_definition": "max |numerical - exact| / max |exact| over all parameters",
    }
    return envelope(NAME, cfg, results, quick)


def report(data: dict[str, Any]) -> str:
    """The line the script prints after a run."""
    r = data["results"]
    b, e = r["best_h"], r["book_h_error"]
    return (
        f"best h: central {b['central_float64']:.0e} (float64), {b['central_float32']:.0e} (float32); "
        f"error at h = 1e-4: {e['central_float64']:.1e} (float64), {e['central_float32']:.1e} (float32)"
    )


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """What the pages quote, for the central difference in float64 and float32:
    ``step_best_h_…``, ``step_err_best_…``, ``step_err_book_h_…`` (at h = 1e-4), and
    ``step_theory_h_central_float64`` (ε^(1/3))."""
    out: dict[str, Any] = {}
    for key in ("central_float64", "central_float32"):
        out[f"step_best_h_{key}"] = sig(r["best_h"][key], 1)
        out[f"step_err_best_{key}"] = sig(r["best_error"][key], 1)
        out[f"step_err_book_h_{key}"] = sig(r["book_h_error"][key], 1)
    out["step_theory_h_central_float64"] = sig(r["machine_epsilon"]["float64"] ** (1 / 3), 1)
    return out
