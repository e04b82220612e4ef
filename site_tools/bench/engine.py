"""Study 4: how fast the engine is next to its peers.

Three workloads, every contender timed in turns in one process with BLAS on
one thread and the process's default settings (no allocator tuning, the
garbage collector on), medians of the repeats.  The first two are timed as
in a loop that is already running (``timing.interleaved(in_a_loop=True)``):
each timed call finds the garbage of the call before it, as every step of a
training loop does.

1. **A training step** (forward + backward + SGD update) of the book's
   two-layer network 784-50-10 on a mini-batch of 100, float64:
   graphgrad (:class:`graphgrad.nn.TwoLayerNet`); the tightest step written by
   hand in numpy (:func:`site_tools.bench.peers.tight_numpy_step`: no layer
   objects, no gradient for the input batch), the peer the target is set
   against; the same network in the book's layer style
   (:class:`site_tools.bench.peers.NumpyTwoLayerNet`); and PyTorch on the CPU
   when it is installed.  Also timed: the loss alone (one forward evaluation,
   no graph), one whole gradient, and graphgrad's backward pass alone.
2. **A graph of about 10,000 scalar nodes** (a tiny ReLU MLP evaluated one
   number at a time), built and backpropagated with graphgrad and, when it is
   installed, with micrograd: the cost of the bookkeeping per node.
   micrograd's graph is made of reference cycles (each node's ``_backward``
   closure refers to the node), so a graph that is dropped waits for the
   garbage collector, which must walk every object the program keeps
   alive to find it; graphgrad's is freed by reference counting the moment
   it is dropped (a function holds its output through a weak reference).
   In a loop micrograd pays that collector's work; the loop is the
   default figure.  Also timed with the garbage collector off, a labelled
   side measurement: the bookkeeping alone, nothing freed and no walks
   over live objects (``tracked_objects_per_node`` counts what the
   collector walks per node).
3. **A chain of a million nodes** (``y = y·c`` and ``y = −y`` alternately),
   forward and backward once with the garbage collector on, as a user runs
   it: no recursion limit, and the time per node at scale (with PyTorch
   beside it when installed).
4. **The cost of a constant**: a chain of ``y = y * c`` nodes where ``c`` is a
   Python number, in CPU time with the collector off (the bookkeeping
   alone), against the same chain with ``c`` made into a Variable once
   beforehand: the difference is what wrapping a number costs per node.
   Medians of ``constant_repeats`` interleaved runs (one run is one sample of
   a noisy machine: its readings moved by a microsecond between runs).

Ratios are graphgrad's time over the peer's: above 1 means graphgrad is
slower.  Inputs are random numbers shaped like MNIST; the work done does not
depend on the values.
"""

from __future__ import annotations

import gc
import sys
import time
from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable, topological_order
from graphgrad.nn import SGD, TwoLayerNet

from . import peers, timing
from .results import dec, envelope, sig

NAME = "engine"
FILE = "engine.json"
SCRIPT = "scripts/bench_engine.py"
#: What the plot and :func:`summary` read.
REQUIRED = ("step", "ratios", "reverse_to_forward")

FULL = {
    "sizes": [784, 50, 10],
    "batch": 100,
    "lr": 0.1,
    "repeats": 31,
    "min_seconds": 0.05,
    "scalar_samples": 15,
    "scalar_sizes": [4, 16, 16, 1],
    "scalar_repeats": 11,
    "scalar_min_seconds": 0.4,  # several graphs per sample: a full collection comes every graph or two
    "chain_nodes": 1_000_000,
    "constant_nodes": 1_000_000,
    "constant_repeats": 5,
    "seed": 0,
}
QUICK = {
    **FULL,
    "repeats": 3,
    "min_seconds": 0.005,
    "scalar_samples": 2,
    "scalar_repeats": 3,
    "scalar_min_seconds": 0.005,
    "chain_nodes": 10_000,
    "constant_nodes": 10_000,
    "constant_repeats": 1,
}

#: graphgrad's step over the tightest numpy step and over PyTorch's; one gradient over one
#: loss evaluation; the scalar graph over micrograd.
TARGETS = {"numpy": 1.3, "torch": 1.0, "reverse_to_forward": 3.0, "micrograd": 3.0}


def _step_contenders(cfg: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Timed functions for the training step; also a gradient agreement check and notes."""
    d, hidden, classes = cfg["sizes"]
    rng = np.random.default_rng(cfg["seed"])
    x = rng.random((cfg["batch"], d))
    t = rng.integers(0, classes, cfg["batch"])
    lr = cfg["lr"]

    net = TwoLayerNet(d, hidden, classes, seed=cfg["seed"])
    start = {k: v.copy() for k, v in net.params.items()}
    book = peers.NumpyTwoLayerNet(start)
    tight = {k: v.copy() for k, v in start.items()}
    sgd = SGD(lr)

    # They must agree before their speeds mean anything.
    g_gg = net.gradient(x, t)
    agreement = max(
        float(np.abs(g_gg[k] - g[k]).max())
        for g in (book.gradient(x, t), peers.tight_numpy_gradient(tight, x, t))
        for k in g_gg
    )

    variables = {k: Variable(v) for k, v in net.params.items()}
    graph_loss = F.softmax_cross_entropy(net.scores(x, variables), t)

    fns: dict[str, Any] = {
        "graphgrad_step": lambda: sgd.update(net.params, net.gradient(x, t)),
        "numpy_step": lambda: peers.tight_numpy_step(tight, x, t, lr),
        "numpy_book_step": lambda: book.step(x, t, lr),
        "graphgrad_gradient": lambda: net.gradient(x, t),
        "graphgrad_forward": lambda: net.loss(x, t),
        "numpy_gradient": lambda: peers.tight_numpy_gradient(tight, x, t),
        "numpy_forward": lambda: peers.tight_numpy_loss(tight, x, t),
        "numpy_book_forward": lambda: book.loss(x, t),
        "graphgrad_backward": lambda: graph_loss.backward(),
    }
    notes: dict[str, Any] = {}
    torch = peers.optional_module("torch")
    if torch is None:
        notes["torch"] = "PyTorch is not installed: the PyTorch comparison was skipped"
    else:
        torch.set_num_threads(1)
        p = peers.torch_net(torch, start)
        tx, tt = torch.tensor(x), torch.tensor(t)
        fns["torch_step"] = lambda: peers.torch_step(torch, p, tx, tt, lr)
        fns["torch_forward"] = lambda: peers.torch_loss(torch, p, tx, tt)
        notes["torch"] = f"PyTorch {torch.__version__} on the CPU, float64, 1 thread"
    return fns, {"gradient_max_abs_diff_vs_numpy": agreement}, notes


def _objects_per_node(build: Any, nodes: int) -> float:
    """Objects the garbage collector tracks per node while the graph ``build()`` returns is alive."""
    gc.collect()
    before = len(gc.get_objects())
    graph = build()
    gc.collect()  # also lets the collector untrack tuples that hold no containers
    per_node = (len(gc.get_objects()) - before) / nodes
    del graph
    return per_node


def _scalar_contenders(cfg: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    data = peers.scalar_mlp_data(cfg["scalar_samples"], tuple(cfg["scalar_sizes"]), cfg["seed"])

    def graphgrad_scalar() -> Any:
        loss, ws = peers.scalar_mlp(Variable, F.relu, data)
        loss.backward()
        return loss, ws

    loss, ws = graphgrad_scalar()
    nodes = len(topological_order(loss))
    info: dict[str, Any] = {"nodes": nodes, "value": loss.item()}
    info["tracked_objects_per_node"] = {"graphgrad": _objects_per_node(graphgrad_scalar, nodes)}
    fns: dict[str, Any] = {"graphgrad": graphgrad_scalar}
    notes: dict[str, Any] = {}
    engine = peers.optional_module("micrograd.engine")
    if engine is None:
        notes["micrograd"] = "micrograd is not installed: the micrograd comparison was skipped"
    else:

        def micrograd_scalar() -> Any:
            loss, ws = peers.scalar_mlp(engine.Value, lambda v: v.relu(), data)
            loss.backward()
            return loss, ws

        m_loss, m_ws = micrograd_scalar()
        info["gradient_max_abs_diff_vs_micrograd"] = max(
            abs(float(a.grad) - b.grad) for a, b in zip(ws, m_ws, strict=True)
        )
        info["tracked_objects_per_node"]["micrograd"] = _objects_per_node(micrograd_scalar, nodes)
        fns["micrograd"] = micrograd_scalar
        notes["micrograd"] = "micrograd (pure Python scalars; recursive topological sort)"
    return fns, info, notes


def _chain(cfg: dict[str, Any]) -> dict[str, Any]:
    """A chain of ``chain_nodes`` nodes, forward and backward once, against the closed form."""
    n, c = cfg["chain_nodes"], 1.000001
    out: dict[str, Any] = {"nodes": n}

    def timed(x: Any) -> tuple[float, float]:
        """Build the chain on ``x`` (a graphgrad Variable or a torch tensor) and run backward."""
        y = x
        t0 = time.perf_counter()
        for i in range(n):
            y = -y if i % 2 else y * c
        t1 = time.perf_counter()
        y.backward()
        return t1 - t0, time.perf_counter() - t1

    gc.collect()  # start clean, then time with the collector on, as a user runs
    x = Variable(1.0)
    forward, backward = timed(x)
    exact = c ** ((n + 1) // 2) * (-1) ** (n // 2)
    error = abs(x.grad.item() / exact - 1)
    out["graphgrad"] = {"forward_s": forward, "backward_s": backward, "grad_rel_error": error}
    torch = peers.optional_module("torch")
    if torch is not None:
        gc.collect()
        forward, backward = timed(torch.tensor(1.0, dtype=torch.float64, requires_grad=True))
        out["torch"] = {"forward_s": forward, "backward_s": backward}
        gg = out["graphgrad"]
        out["ratios"] = {"forward": gg["forward_s"] / forward, "backward": gg["backward_s"] / backward}
    return out


def _per_node_cpu_us(start: Any, n: int, c: Any) -> float:
    """CPU time per ``y = y * c`` node over a chain of ``n`` such nodes, the collector off."""
    y = start
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        for _ in range(n):
            y = y * c
        elapsed = time.process_time() - t0
    finally:
        if was_enabled:
            gc.enable()
    del y
    return elapsed / n * 1e6


def _constant_cost(cfg: dict[str, Any]) -> dict[str, Any]:
    """Per-node CPU time of ``y * c`` with ``c`` a Python number, and with ``c`` wrapped once beforehand.

    Medians of ``constant_repeats`` runs of each, interleaved (PyTorch's too, when installed).
    """
    n, c = cfg["constant_nodes"], 1.000001
    torch = peers.optional_module("torch")
    samples: dict[str, list[float]] = {"number": [], "premade": [], "torch": []}
    for _ in range(cfg["constant_repeats"]):
        samples["number"].append(_per_node_cpu_us(Variable(1.0), n, c))
        samples["premade"].append(_per_node_cpu_us(Variable(1.0), n, Variable(c, requires_grad=False)))
        if torch is not None:
            start = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
            samples["torch"].append(_per_node_cpu_us(start, n, c))
    number, premade = timing.median(samples["number"]), timing.median(samples["premade"])
    out: dict[str, Any] = {
        "nodes": n,
        "repeats": cfg["constant_repeats"],
        "graphgrad": {
            "per_node_us": number, "premade_constant_per_node_us": premade, "wrap_us": number - premade,
            "samples_us": {"number": samples["number"], "premade": samples["premade"]},
        },  # fmt: skip
    }
    if torch is not None:
        out["torch"] = {"per_node_us": timing.median(samples["torch"]), "samples_us": samples["torch"]}
    return out


def run(quick: bool = False, progress: bool = True, **overrides: Any) -> dict[str, Any]:
    """Time the three workloads with the process's default settings; return the results envelope."""
    cfg = {**(QUICK if quick else FULL), **overrides}
    with timing.one_blas_thread() as threads:
        total = cfg["repeats"] + 2 * cfg["scalar_repeats"]
        with timing.progress_bar(total, "engine speed", progress) as bar:
            load_before = timing.load_average()
            # The scalar graphs first, before PyTorch is imported for the step: its Python objects
            # (over 100,000) would make every full garbage collection slower, for micrograd more
            # than for graphgrad.
            torch_was_imported = "torch" in sys.modules
            scalar_fns, scalar_info, notes = _scalar_contenders(cfg)
            scalar = timing.interleaved(
                scalar_fns, cfg["scalar_repeats"], cfg["scalar_min_seconds"], bar, in_a_loop=True
            )
            scalar_gc_off = timing.interleaved(
                scalar_fns, cfg["scalar_repeats"], cfg["scalar_min_seconds"], bar,
                garbage_collector=False, in_a_loop=True,
            )  # fmt: skip
            scalar_info["torch_imported_during_scalar_timing"] = torch_was_imported
            step_fns, step_info, step_notes = _step_contenders(cfg)
            notes.update(step_notes)
            step_cpu: dict[str, list[float]] = {}
            step_faults: dict[str, list[float]] = {}
            step = timing.interleaved(
                step_fns, cfg["repeats"], cfg["min_seconds"], bar, step_cpu,
                faults=step_faults, in_a_loop=True,
            )  # fmt: skip
        chain = _chain(cfg)
        constant = _constant_cost(cfg)

    def med(samples: dict[str, list[float]], name: str) -> float | None:
        return timing.median(samples[name]) if name in samples else None

    libs = ("graphgrad", "numpy", "numpy_book", "torch")
    step_median = {lib: med(step, f"{lib}_step") for lib in libs}
    forward_median = {lib: med(step, f"{lib}_forward") for lib in libs}
    scalar_median = {lib: med(scalar, lib) for lib in ("graphgrad", "micrograd")}
    scalar_gc_off_median = {lib: med(scalar_gc_off, lib) for lib in ("graphgrad", "micrograd")}
    gg_step, gg_fwd = step_median["graphgrad"], forward_median["graphgrad"]
    gg_bwd = med(step, "graphgrad_backward")
    gg_grad = med(step, "graphgrad_gradient")

    def ratio(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a / b

    cpu_median = {lib: med(step_cpu, f"{lib}_step") for lib in libs}
    ratios = {
        "numpy": ratio(gg_step, step_median["numpy"]),
        "numpy_book": ratio(gg_step, step_median["numpy_book"]),
        "torch": ratio(gg_step, step_median["torch"]),
        "micrograd": ratio(scalar_median["graphgrad"], scalar_median["micrograd"]),
    }
    reverse_to_forward = ratio(gg_grad, gg_fwd)
    measured = {**ratios, "reverse_to_forward": reverse_to_forward}
    results = {
        "step": {
            "median_s": step_median,
            "forward_median_s": forward_median,
            "graphgrad_backward_median_s": gg_bwd,
            "gradient_median_s": {"graphgrad": gg_grad, "numpy": med(step, "numpy_gradient")},
            "samples_s": {k: v for k, v in step.items()},
            "cpu_median_s": cpu_median,
            "cpu_samples_s": step_cpu,
            # Minor page faults per call (median): memory taken from the operating system again.
            "page_faults_per_call": {k: timing.median(v) for k, v in step_faults.items()},
            **step_info,
        },
        "scalar": {
            "median_s": scalar_median,
            "samples_s": scalar,
            # Side measurement, not what a user gets: the garbage collector off during the timing.
            "gc_off_median_s": scalar_gc_off_median,
            "gc_off_samples_s": scalar_gc_off,
            **scalar_info,
        },
        "chain": chain,
        # Per y * c node, CPU time, collector off: the cost of the bookkeeping and of wrapping a number.
        "constant": constant,
        "ratios": ratios,
        # One gradient (forward pass that records the graph + backward pass) over one loss evaluation.
        "reverse_to_forward": reverse_to_forward,
        # The same ratios in CPU time, which a busy machine disturbs less than wall time.
        "ratios_cpu": {
            "numpy": ratio(cpu_median["graphgrad"], cpu_median["numpy"]),
            "numpy_book": ratio(cpu_median["graphgrad"], cpu_median["numpy_book"]),
            "torch": ratio(cpu_median["graphgrad"], cpu_median["torch"]),
        },
        "ratios_gc_off": {
            "micrograd": ratio(scalar_gc_off_median["graphgrad"], scalar_gc_off_median["micrograd"])
        },
        "reverse_to_forward_cpu": ratio(
            med(step_cpu, "graphgrad_gradient"), med(step_cpu, "graphgrad_forward")
        ),
        "load_average_before": load_before,
        "load_average_after": timing.load_average(),
        "backward_to_forward": ratio(gg_bwd, gg_fwd),
        "numpy_reverse_to_forward": ratio(med(step, "numpy_gradient"), forward_median["numpy"]),
        "targets": TARGETS,
        "meets_targets": {k: None if measured[k] is None else measured[k] <= v for k, v in TARGETS.items()},
        "notes": notes,
        "blas_threads": threads,
    }
    return envelope(NAME, cfg, results, quick)


def _times(ratio: float | None) -> str:
    return "not installed" if ratio is None else f"{ratio:.2f}x"


def _chain_words(r: dict[str, Any]) -> str:
    chain, constant = r.get("chain", {}), r.get("constant", {})
    words = []
    if "graphgrad" in chain:
        gg, torch = chain["graphgrad"], chain.get("torch")
        vs = "PyTorch not installed" if torch is None else (
            f"PyTorch {torch['forward_s']:.2f} s and {torch['backward_s']:.2f} s")
        words.append(f"{chain['nodes']:,}-node chain {gg['forward_s']:.2f} s forward, "
                     f"{gg['backward_s']:.2f} s backward ({vs})")  # fmt: skip
    if "graphgrad" in constant:
        gg, torch = constant["graphgrad"], constant.get("torch")
        vs = "PyTorch not installed" if torch is None else f"PyTorch {torch['per_node_us']:.2f} µs"
        words.append(f"y * c {gg['per_node_us']:.2f} µs per node in CPU time, "
                     f"{gg['wrap_us']:.2f} µs of it wrapping the number ({vs})")  # fmt: skip
    return "; ".join(words)


def report(data: dict[str, Any]) -> str:
    """The line the script prints after a run (a peer that is not installed says so)."""
    r = data["results"]
    q = r["ratios"]
    chain = _chain_words(r)
    return (
        f"graphgrad/tight numpy {_times(q['numpy'])}, "
        f"graphgrad/book-style numpy {_times(q.get('numpy_book'))}, "
        f"graphgrad/torch {_times(q.get('torch'))}, graphgrad/micrograd {_times(q.get('micrograd'))} "
        f"({_times(r.get('ratios_gc_off', {}).get('micrograd'))} with the garbage collector off), "
        f"reverse/forward {r['reverse_to_forward']:.2f}" + (f"; {chain}" if chain else "")
    )


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """What the pages quote.

    - ``engine_ratio_{numpy,numpy_book,torch,micrograd}``: graphgrad's time over the
      peer's (``numpy`` is the tightest hand-written step; None when the peer was not
      installed);
    - ``engine_reverse_to_forward``, ``engine_backward_to_forward``;
    - ``engine_step_ms_{graphgrad,numpy,numpy_book,torch}``: one training step;
    - ``engine_scalar_ms_{graphgrad,micrograd}``, ``engine_scalar_nodes``: the graph of scalars;
      ``engine_ratio_micrograd_gc_off`` and ``engine_scalar_gc_off_ms_{graphgrad,micrograd}``:
      the same with the garbage collector off (a labelled side measurement);
      ``engine_scalar_objects_per_node_{graphgrad,micrograd}``: objects the collector tracks per node;
    - ``engine_chain_nodes``, ``engine_chain_{forward,backward}_s_{graphgrad,torch}``: the long chain;
    - when the results have them (runs since issue 21): ``engine_constant_us_{graphgrad,torch}``,
      the CPU time per ``y * c`` node, and ``engine_constant_wrap_us``, the part of it that wrapping
      the number costs; ``engine_constant_repeats``, how many runs each of those is the median of.
    """

    def ms(seconds: float | None) -> float | int | None:
        return sig(None if seconds is None else seconds * 1e3)

    peers = ("numpy", "numpy_book", "torch", "micrograd")
    out: dict[str, Any] = {f"engine_ratio_{name}": dec(r["ratios"].get(name)) for name in peers}
    out["engine_reverse_to_forward"] = dec(r["reverse_to_forward"])
    out["engine_backward_to_forward"] = dec(r["backward_to_forward"])
    for name in ("graphgrad", "numpy", "numpy_book", "torch"):
        out[f"engine_step_ms_{name}"] = ms(r["step"]["median_s"].get(name))
    for name in ("graphgrad", "micrograd"):
        out[f"engine_scalar_ms_{name}"] = ms(r["scalar"]["median_s"].get(name))
    out["engine_scalar_nodes"] = r["scalar"]["nodes"]
    out["engine_ratio_micrograd_gc_off"] = dec(r["ratios_gc_off"]["micrograd"])
    objects = r["scalar"]["tracked_objects_per_node"]
    for name in ("graphgrad", "micrograd"):
        out[f"engine_scalar_objects_per_node_{name}"] = dec(objects.get(name), 1)
    for name in ("graphgrad", "micrograd"):
        out[f"engine_scalar_gc_off_ms_{name}"] = ms(r["scalar"]["gc_off_median_s"].get(name))
    chain = r.get("chain", {})
    if chain:
        out["engine_chain_nodes"] = chain["nodes"]
    for lib in ("graphgrad", "torch"):
        if lib in chain:
            out[f"engine_chain_forward_s_{lib}"] = sig(chain[lib]["forward_s"])
            out[f"engine_chain_backward_s_{lib}"] = sig(chain[lib]["backward_s"])
    constant = r.get("constant", {})
    for lib in ("graphgrad", "torch"):
        if lib in constant:
            out[f"engine_constant_us_{lib}"] = sig(constant[lib]["per_node_us"])
    if "graphgrad" in constant:
        out["engine_constant_wrap_us"] = sig(constant["graphgrad"]["wrap_us"])
        out["engine_constant_repeats"] = constant.get("repeats", 1)  # one run before 2026-12-04
    return out
