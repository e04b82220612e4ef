"""Study 1: what a full gradient costs by central differences, forward mode and reverse mode.

The function is the loss of a small multilayer perceptron (a tanh or ReLU
hidden layer of width ``w`` on ``w`` inputs, one output, squared error over
a batch), so its parameter count is ``n = (w + 1)²``.  For each ``n`` the
gradient of that scalar loss with respect to all ``n`` parameters is
computed three ways:

- **numerical**: central differences, two evaluations of the loss per
  parameter (``graphgrad``'s forward passes with the graph switched off);
- **forward**: forward-mode automatic differentiation, one
  :func:`graphgrad.jvp` sweep per parameter with a one-hot tangent;
- **reverse**: reverse-mode automatic differentiation, one forward pass
  that records the graph and one backward pass.

Counts come from :func:`graphgrad.count_ops` and are exact.  Wall times are
medians of interleaved repeats with BLAS on one thread.  Above a budget of
parameters the two per-parameter methods are timed (and counted) on a random
sample of coordinates and scaled up by ``n / sample``: every coordinate
costs exactly the same there, so the counts stay exact, and the times are
marked ``extrapolated``.  The three gradients are compared on the
coordinates that were computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.config import no_grad
from graphgrad.core import Variable
from graphgrad.counting import count_ops
from graphgrad.forward_mode import jvp
from graphgrad.numerical import values_around

from . import timing
from .results import dec, envelope, sig

NAME = "gradients"
FILE = "gradients.json"
SCRIPT = "scripts/bench_gradients.py"
#: What the plots and :func:`summary` read.
REQUIRED = ("n", "methods", "slopes", "agreement", "time_ratio_reverse_to_f", "flop_ratio_reverse_to_f")

METHODS = ("numerical", "forward", "reverse")

#: Full run: n = (w + 1)² from 100 to 99,856.
FULL = {
    "widths": [9, 17, 31, 54, 99, 172, 315],
    "batch": 64,
    "activation": "tanh",
    "full_budget": 3025,
    "sample": 256,
    "repeats": 7,
    "h": 1e-4,
    "seed": 0,
    "time_fit_n_min": 1000,
}
#: Quick run (seconds): n from 100 to 3,025.
QUICK = {**FULL, "widths": [9, 17, 31, 54], "full_budget": 400, "sample": 48, "repeats": 3}


@dataclass
class MLPProblem:
    """A scalar loss of ``n = (width + 1)²`` parameters: ``0.5·Σ(act(x·W1 + b1)·W2 + b2 − y)²``."""

    width: int
    batch: int = 8
    activation: str = "tanh"
    seed: int = 0
    dtype: Any = np.float64
    x: np.ndarray = field(init=False)
    y: np.ndarray = field(init=False)
    params: tuple[np.ndarray, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.activation not in ("tanh", "relu"):
            raise ValueError(f"activation must be 'tanh' or 'relu', got {self.activation!r}")
        if self.width < 1 or self.batch < 1:
            raise ValueError("width and batch must be positive")
        rng = np.random.default_rng(self.seed)
        w = self.width
        self.x = rng.standard_normal((self.batch, w)).astype(self.dtype)
        self.y = rng.standard_normal((self.batch, 1)).astype(self.dtype)
        self.params = (
            (rng.standard_normal((w, w)) / np.sqrt(w)).astype(self.dtype),
            (0.1 * rng.standard_normal(w)).astype(self.dtype),
            (rng.standard_normal((w, 1)) / np.sqrt(w)).astype(self.dtype),
            (0.1 * rng.standard_normal(1)).astype(self.dtype),
        )

    @property
    def n(self) -> int:
        """Number of parameters."""
        return sum(p.size for p in self.params)

    def loss(self, W1: Any, b1: Any, W2: Any, b2: Any) -> Variable:
        """The loss as a graphgrad computation (arrays or Variables)."""
        act = F.tanh if self.activation == "tanh" else F.relu
        h = act(F.affine(self.x, W1, b1))
        return F.mean_squared_error(F.affine(h, W2, b2), self.y)

    def value(self) -> float:
        """The loss at the current parameters (no graph)."""
        with no_grad():
            return float(self.loss(*self.params).data)

    def locate(self, i: int) -> tuple[int, int]:
        """Which parameter array and which flat index inside it coordinate ``i`` is."""
        for j, p in enumerate(self.params):
            if i < p.size:
                return j, i
            i -= p.size
        raise IndexError("coordinate out of range")

    # -- the three ways ----------------------------------------------------------
    def numerical(self, coords: np.ndarray, h: float = 1e-4) -> np.ndarray:
        """Central differences for the given coordinates (two loss evaluations each)."""
        out = np.empty(len(coords))
        flats = [p.reshape(-1) for p in self.params]
        for k, i in enumerate(coords):
            j, l = self.locate(int(i))
            f_plus, f_minus = values_around(lambda _: self.value(), flats[j], l, h)
            out[k] = (f_plus - f_minus) / (2 * h)
        return out

    def forward_mode(self, coords: np.ndarray) -> np.ndarray:
        """One JVP sweep per coordinate, with a one-hot tangent."""
        out = np.empty(len(coords))
        tangents = tuple(np.zeros_like(p) for p in self.params)
        flats = [t.reshape(-1) for t in tangents]
        for k, i in enumerate(coords):
            j, l = self.locate(int(i))
            flats[j][l] = 1.0
            _, out[k] = jvp(self.loss, self.params, tangents)
            flats[j][l] = 0.0
        return out

    def reverse_mode(self) -> list[np.ndarray]:
        """The whole gradient from one forward and one backward pass (one array per parameter)."""
        variables = [Variable(p) for p in self.params]
        loss = self.loss(*variables)
        loss.backward(retain_grad=False)
        return [v.grad for v in variables]


def _fit_slope(n: list[int], y: list[float], n_min: int = 0) -> float | None:
    pts = [(a, b) for a, b in zip(n, y, strict=True) if a >= n_min and b and b > 0]
    if len(pts) < 2:
        return None
    x, v = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    return float(np.polyfit(x, v, 1)[0])


def measure_size(
    problem: MLPProblem, cfg: dict[str, Any], rng: np.random.Generator, bar: Any
) -> dict[str, Any]:
    """Counts, times and agreement for one problem size."""
    n = problem.n
    if n <= cfg["full_budget"]:
        coords = np.arange(n)
    else:
        coords = np.sort(rng.choice(n, size=cfg["sample"], replace=False))
    scale = n / len(coords)
    h = cfg["h"]

    run: dict[str, Callable[[], Any]] = {
        "numerical": lambda: problem.numerical(coords, h),
        "forward": lambda: problem.forward_mode(coords),
        "reverse": problem.reverse_mode,
        "f": problem.value,
    }
    counts, values = {}, {}
    for name, fn in run.items():
        with count_ops() as c:
            values[name] = fn()
        counts[name] = c
    exact = np.concatenate([g.reshape(-1) for g in values["reverse"]])[coords]
    denom = max(float(np.abs(exact).max()), np.finfo(float).tiny)
    agreement = {
        "numerical_max_abs_diff": float(np.abs(values["numerical"] - exact).max()),
        "forward_max_abs_diff": float(np.abs(values["forward"] - exact).max()),
    }
    agreement["numerical_max_rel_diff"] = agreement["numerical_max_abs_diff"] / denom
    agreement["forward_max_rel_diff"] = agreement["forward_max_abs_diff"] / denom

    samples = timing.interleaved(run, cfg["repeats"], progress=bar)
    out: dict[str, Any] = {"n": n, "coords": len(coords), "agreement": agreement}
    for name in (*METHODS, "f"):
        c = counts[name]
        k = scale if name in ("numerical", "forward") else 1.0
        out[name] = {
            "evaluations": round(c.evaluations * k),
            "flops": round(c.total_flops * k),
            "flops_by_kind": {kind: round(v * k) for kind, v in c.flops.items()},
            "time_s": timing.median(samples[name]) * k,
            "time_samples_s": [t * k for t in samples[name]],
        }
    out["numerical"]["sweeps"] = 2 * n
    out["forward"]["sweeps"] = n
    out["reverse"]["sweeps"] = 2
    return out


def run(quick: bool = False, progress: bool = True, **overrides: Any) -> dict[str, Any]:
    """Run the cost sweep; return the results envelope (see :mod:`site_tools.bench.results`)."""
    cfg = {**(QUICK if quick else FULL), **overrides}
    rng = np.random.default_rng(cfg["seed"])
    per_size = []
    load_before = timing.load_average()
    with timing.one_blas_thread() as threads:
        bar = timing.progress_bar(len(cfg["widths"]) * cfg["repeats"], "gradient cost", progress)
        with bar:
            for w in cfg["widths"]:
                problem = MLPProblem(w, cfg["batch"], cfg["activation"], cfg["seed"])
                bar.set_postfix_str(f"n={problem.n:,}")
                per_size.append(measure_size(problem, cfg, rng, bar))
    ns = [s["n"] for s in per_size]
    methods: dict[str, Any] = {}
    for name in METHODS:
        methods[name] = {
            key: [s[name][key] for s in per_size]
            for key in ("sweeps", "evaluations", "flops", "time_s", "time_samples_s", "flops_by_kind")
        }
        methods[name]["timed_coordinates"] = [s["coords"] if name != "reverse" else s["n"] for s in per_size]
        methods[name]["extrapolated"] = [name != "reverse" and s["coords"] < s["n"] for s in per_size]
    f = {key: [s["f"][key] for s in per_size] for key in ("evaluations", "flops", "time_s")}
    fit_min = cfg["time_fit_n_min"]
    slopes = {
        "flops": {m: _fit_slope(ns, methods[m]["flops"]) for m in METHODS},
        "evaluations": {m: _fit_slope(ns, methods[m]["evaluations"]) for m in METHODS},
        "time": {m: _fit_slope(ns, methods[m]["time_s"], fit_min) for m in METHODS},
        "time_fit_n_min": fit_min,
    }
    agreement = {
        key: [s["agreement"][key] for s in per_size]
        for key in (
            "numerical_max_abs_diff",
            "numerical_max_rel_diff",
            "forward_max_abs_diff",
            "forward_max_rel_diff",
        )
    }
    agreement["compared_coordinates"] = [s["coords"] for s in per_size]
    agreement["tolerance_numerical_rel"] = 1e-6
    agreement["tolerance_forward_rel"] = 1e-10
    agreement["agree"] = bool(
        max(agreement["numerical_max_rel_diff"]) <= 1e-6 and max(agreement["forward_max_rel_diff"]) <= 1e-10
    )
    results = {
        "n": ns,
        "width": list(cfg["widths"]),
        "methods": methods,
        "f": f,
        "slopes": slopes,
        "agreement": agreement,
        "time_ratio_reverse_to_f": [
            r / t for r, t in zip(methods["reverse"]["time_s"], f["time_s"], strict=True)
        ],
        "flop_ratio_reverse_to_f": [
            r / t for r, t in zip(methods["reverse"]["flops"], f["flops"], strict=True)
        ],
        "blas_threads": threads,
        "load_average_before": load_before,
        "load_average_after": timing.load_average(),
    }
    return envelope(NAME, cfg, results, quick)


def report(data: dict[str, Any]) -> str:
    """The line the script prints after a run."""
    r = data["results"]
    s = r["slopes"]["flops"]
    return (
        f"flop slopes numerical {s['numerical']:.2f}, forward {s['forward']:.2f}, "
        f"reverse {s['reverse']:.2f}; n = {r['n'][0]:,}..{r['n'][-1]:,}; "
        f"gradients agree: {r['agreement']['agree']}"
    )


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """What the pages quote.

    - ``grad_slope_{flops,time}_{numerical,forward,reverse}``: slope of log
      flops (log time, where n ≥ ``time_fit_n_min``) against log n;
    - ``grad_n_min``, ``grad_n_max``: the range of parameter counts;
    - ``grad_seconds_max_{numerical,forward,reverse}``: time of one gradient at the largest n;
    - ``grad_speedup_max_{numerical,forward}``: time of one gradient at the
      largest n over reverse mode's;
    - ``grad_time_reverse_to_f``, ``grad_flops_reverse_to_f``: a gradient by
      reverse mode over one evaluation of f (median over n);
    - ``grad_max_rel_diff_{numerical,forward}``: worst disagreement with reverse mode.
    """
    out: dict[str, Any] = {}
    for kind in ("flops", "time"):
        for m in METHODS:
            out[f"grad_slope_{kind}_{m}"] = dec(r["slopes"][kind][m])
    out["grad_n_min"], out["grad_n_max"] = min(r["n"]), max(r["n"])
    for m in METHODS:
        out[f"grad_seconds_max_{m}"] = sig(r["methods"][m]["time_s"][-1])
    reverse = r["methods"]["reverse"]["time_s"][-1]
    for m in ("numerical", "forward"):
        out[f"grad_speedup_max_{m}"] = sig(r["methods"][m]["time_s"][-1] / reverse)
        out[f"grad_max_rel_diff_{m}"] = sig(max(r["agreement"][f"{m}_max_rel_diff"]), 1)
    out["grad_time_reverse_to_f"] = dec(timing.median(r["time_ratio_reverse_to_f"]), 1)
    out["grad_flops_reverse_to_f"] = dec(timing.median(r["flop_ratio_reverse_to_f"]), 1)
    return out
