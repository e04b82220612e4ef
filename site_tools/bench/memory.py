"""Study 6: the price of reverse mode, memory, and √n checkpointing.

Reverse mode keeps the forward values of the whole graph until the backward
pass has used them.  This study builds a chain of ``depth`` layers
``h ← tanh(h · W)`` (width and batch fixed) and measures, for each depth:

- the bytes the recorded graph keeps at rest, until its backward pass
  (:func:`graphgrad.saved_bytes`), plain and with the chain cut into about
  √depth :func:`graphgrad.checkpoint` segments of about √depth layers;
- the part of those bytes that the backward rules read
  (:func:`graphgrad.needed_bytes`), both ways, and, when PyTorch is installed,
  what PyTorch's autograd saves for backward on the same graphs
  (``torch.autograd.graph.saved_tensors_hooks``; the inputs not counted, as in graphgrad);
- the peak memory of one whole gradient (forward pass, backward pass),
  traced by Python's ``tracemalloc`` (numpy reports its arrays to it), both ways:
  the recomputed segment's values and the gradients come on top of the bytes at rest;
- the wall time of one gradient, both ways (medians, interleaved, one BLAS thread);
- that both ways give bit-identical gradients.

Summary keys (:func:`summary`): ``memory_width``, ``memory_batch``,
``memory_depth_min``, ``memory_depth_max``, ``memory_mb_plain_max``,
``memory_mb_ckpt_max``, ``memory_saving_max``, ``memory_peak_mb_plain_max``,
``memory_peak_mb_ckpt_max``, ``memory_peak_saving_max`` (plain peak over checkpointed peak),
``memory_peak_mb_plain_min`` and ``memory_peak_mb_ckpt_min`` (at the smallest depth),
``memory_needed_mb_plain_max``, ``memory_needed_mb_ckpt_max``, ``memory_torch_mb_plain_max`` and
``memory_torch_mb_ckpt_max`` (None without PyTorch), ``memory_slope_plain``, ``memory_slope_ckpt``
(slopes of log bytes against log depth: about 1 and 0.5) and
``memory_time_ratio`` (checkpointed over plain gradient CPU time, median over depths),
``memory_batch_depth`` and ``memory_batch_slope`` (kept bytes against the batch size at
that depth: about 1).
"""

from __future__ import annotations

import functools
import math
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

import graphgrad as gg

from . import peers, timing
from .results import dec, envelope, sig

NAME = "memory"
FILE = "memory.json"
SCRIPT = "scripts/bench_memory.py"
#: What the plot and :func:`summary` read.
REQUIRED = (
    "depth",
    "bytes_plain",
    "bytes_ckpt",
    "needed_plain",
    "needed_ckpt",
    "peak_plain",
    "peak_ckpt",
    "seconds_plain",
    "seconds_ckpt",
    "cpu_seconds_plain",
    "cpu_seconds_ckpt",
)

FULL = {
    "width": 64, "batch": 256, "depths": [4, 9, 16, 25, 36, 49, 64, 81, 100], "repeats": 11, "seed": 0,
    "batch_depth": 16, "batches": [32, 64, 128, 256, 512],
}  # fmt: skip
QUICK = {**FULL, "width": 32, "batch": 8, "depths": [4, 9, 16], "repeats": 2, "batches": [4, 8]}


def segment_length(depth: int) -> int:
    """Layers per checkpointed segment: about √depth (at least 1)."""
    return max(1, round(math.sqrt(depth)))


class Chain:
    """``depth`` layers tanh(h·W) on a fixed batch; a scalar loss (the sum) at the end."""

    def __init__(self, depth: int, width: int, batch: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.x = gg.Variable(rng.standard_normal((batch, width)))
        self.Ws = [gg.Variable(rng.standard_normal((width, width)) / math.sqrt(width)) for _ in range(depth)]

    @staticmethod
    def _block(h: gg.Variable, *Ws: gg.Variable) -> gg.Variable:
        for W in Ws:
            h = gg.tanh(h @ W)
        return h

    def loss(self, segment: int = 0) -> gg.Variable:
        """The recorded graph; ``segment > 0`` puts every ``segment`` layers into one checkpoint."""
        if segment <= 0:
            return gg.sum(self._block(self.x, *self.Ws))
        h = self.x
        for start in range(0, len(self.Ws), segment):
            h = gg.checkpoint(self._block, h, *self.Ws[start : start + segment])
        return gg.sum(h)

    def gradient(self, segment: int = 0) -> list[np.ndarray]:
        for W in self.Ws:
            W.cleargrad()
        self.loss(segment).backward()
        return [W.grad for W in self.Ws]


def torch_saved_bytes(torch: Any, chain: Chain, segment: int = 0) -> int:
    """Bytes PyTorch's autograd saves for backward on the same chain (inputs not counted).

    Every tensor a backward formula saves passes through the pack hook of
    ``torch.autograd.graph.saved_tensors_hooks``; a tensor counts once, and the
    inputs (the batch and the weights, which the caller holds) not at all, as in
    :func:`graphgrad.needed_bytes`.  Checkpoints are ``torch.utils.checkpoint``'s.
    """
    from torch.utils.checkpoint import checkpoint

    x = torch.tensor(chain.x.data, requires_grad=True)  # as the chain's x: a Variable that requires grad
    Ws = [torch.tensor(W.data, requires_grad=True) for W in chain.Ws]
    inputs = {t.data_ptr() for t in (x, *Ws)}
    saved: dict[int, int] = {}

    def pack(t: Any) -> Any:
        if t.data_ptr() not in inputs:
            saved[t.data_ptr()] = t.nelement() * t.element_size()
        return t

    def block(h: Any, *Ws: Any) -> Any:
        for W in Ws:
            h = torch.tanh(h @ W)
        return h

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        if segment <= 0:
            h = block(x, *Ws)
        else:
            h = x
            for start in range(0, len(Ws), segment):
                h = checkpoint(block, h, *Ws[start : start + segment], use_reentrant=False)
        h.sum()
    return sum(saved.values())


def peak_bytes(fn: Callable[[], Any]) -> int:
    """Peak traced memory while ``fn`` runs, above what was allocated before."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y against log x."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def run(quick: bool = False, progress: bool = True, **overrides: Any) -> dict[str, Any]:
    """Measure every depth, plain and checkpointed; return the results envelope."""
    cfg = {**(QUICK if quick else FULL), **overrides}
    rows: dict[str, list[Any]] = {k: [] for k in (
        "depth", "segment", "bytes_plain", "bytes_ckpt", "needed_plain", "needed_ckpt",
        "torch_plain", "torch_ckpt", "peak_plain", "peak_ckpt",
        "seconds_plain", "seconds_ckpt", "cpu_seconds_plain", "cpu_seconds_ckpt", "identical",
    )}  # fmt: skip
    torch = peers.optional_module("torch")
    if torch is not None:
        torch.set_num_threads(1)
    bar = timing.progress_bar(len(cfg["depths"]), "memory", progress)
    with bar, timing.one_blas_thread():
        for depth in cfg["depths"]:
            chain = Chain(depth, cfg["width"], cfg["batch"], cfg["seed"])
            seg = segment_length(depth)
            plain = [g.copy() for g in chain.gradient()]
            ckpt = chain.gradient(seg)
            rows["identical"].append(all(np.array_equal(a, b) for a, b in zip(plain, ckpt, strict=True)))
            rows["depth"].append(depth)
            rows["segment"].append(seg)
            rows["bytes_plain"].append(gg.saved_bytes(chain.loss()))
            rows["bytes_ckpt"].append(gg.saved_bytes(chain.loss(seg)))
            rows["needed_plain"].append(gg.needed_bytes(chain.loss()))
            rows["needed_ckpt"].append(gg.needed_bytes(chain.loss(seg)))
            rows["torch_plain"].append(None if torch is None else torch_saved_bytes(torch, chain))
            rows["torch_ckpt"].append(None if torch is None else torch_saved_bytes(torch, chain, seg))
            rows["peak_plain"].append(peak_bytes(chain.gradient))
            rows["peak_ckpt"].append(peak_bytes(functools.partial(chain.gradient, seg)))
            wall: dict[str, list[float]] = {"plain": [], "ckpt": []}
            cpu: dict[str, list[float]] = {"plain": [], "ckpt": []}
            for _ in range(cfg["repeats"]):  # interleaved, so that both see the same machine
                for key, fn in (("plain", chain.gradient), ("ckpt", functools.partial(chain.gradient, seg))):
                    w, c = timing.time_both(fn)
                    wall[key].append(w)
                    cpu[key].append(c)
            for key in ("plain", "ckpt"):
                rows[f"seconds_{key}"].append(timing.median(wall[key]))
                rows[f"cpu_seconds_{key}"].append(timing.median(cpu[key]))
            bar.update(1)
        by_batch: dict[str, list[int]] = {"batch": [], "bytes_plain": [], "bytes_ckpt": []}
        seg = segment_length(cfg["batch_depth"])
        for batch in cfg["batches"]:  # what is kept grows with the batch too: every value is batch × width
            chain = Chain(cfg["batch_depth"], cfg["width"], batch, cfg["seed"])
            by_batch["batch"].append(batch)
            by_batch["bytes_plain"].append(gg.saved_bytes(chain.loss()))
            by_batch["bytes_ckpt"].append(gg.saved_bytes(chain.loss(seg)))
    if not all(rows["identical"]):
        bad = [d for d, same in zip(rows["depth"], rows["identical"], strict=True) if not same]
        raise ValueError(f"memory study: checkpointed gradients differ from the plain graph's at depth {bad}")
    results = {
        **rows,
        "torch": None if torch is None else f"PyTorch {torch.__version__}",
        "width": cfg["width"],
        "batch": cfg["batch"],
        "by_batch": {
            **by_batch,
            "depth": cfg["batch_depth"],
            "slope": slope(by_batch["batch"], by_batch["bytes_plain"]),
        },
        "slopes": {
            "plain": slope(rows["depth"], rows["bytes_plain"]),
            "ckpt": slope(rows["depth"], rows["bytes_ckpt"]),
        },  # fmt: skip
        # CPU time: on a busy machine wall time also counts the moments spent waiting for a core.
        "time_ratio": timing.median(
            [c / p for c, p in zip(rows["cpu_seconds_ckpt"], rows["cpu_seconds_plain"], strict=True)]
        ),
        "time_ratio_wall": timing.median(
            [c / p for c, p in zip(rows["seconds_ckpt"], rows["seconds_plain"], strict=True)]
        ),
    }
    return envelope(NAME, cfg, results, quick)


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """Headline numbers of the results ``r`` (the keys the module's docstring lists)."""
    mb = 1e6
    return {
        "memory_width": r["width"],
        "memory_batch": r["batch"],
        "memory_depth_min": r["depth"][0],
        "memory_depth_max": r["depth"][-1],
        "memory_mb_plain_max": sig(r["bytes_plain"][-1] / mb),
        "memory_mb_ckpt_max": sig(r["bytes_ckpt"][-1] / mb),
        "memory_saving_max": sig(r["bytes_plain"][-1] / r["bytes_ckpt"][-1]),
        "memory_peak_mb_plain_max": sig(r["peak_plain"][-1] / mb),
        "memory_peak_mb_ckpt_max": sig(r["peak_ckpt"][-1] / mb),
        "memory_peak_saving_max": sig(r["peak_plain"][-1] / r["peak_ckpt"][-1]),
        "memory_peak_mb_plain_min": sig(r["peak_plain"][0] / mb),
        "memory_peak_mb_ckpt_min": sig(r["peak_ckpt"][0] / mb),
        "memory_needed_mb_plain_max": sig(r["needed_plain"][-1] / mb),
        "memory_needed_mb_ckpt_max": sig(r["needed_ckpt"][-1] / mb),
        "memory_torch_mb_plain_max": None if r["torch_plain"][-1] is None else sig(r["torch_plain"][-1] / mb),
        "memory_torch_mb_ckpt_max": None if r["torch_ckpt"][-1] is None else sig(r["torch_ckpt"][-1] / mb),
        "memory_slope_plain": dec(r["slopes"]["plain"]),
        "memory_slope_ckpt": dec(r["slopes"]["ckpt"]),
        "memory_time_ratio": dec(r["time_ratio"]),
        "memory_batch_depth": r["by_batch"]["depth"],
        "memory_batch_slope": dec(r["by_batch"]["slope"]),
    }


def report(data: dict[str, Any]) -> str:
    """One line for the terminal."""
    r = data["results"]
    return (
        f"depth {r['depth'][-1]}: {r['bytes_plain'][-1] / 1e6:.1f} MB kept plain "
        f"({r['needed_plain'][-1] / 1e6:.1f} MB read by backward), "
        f"{r['bytes_ckpt'][-1] / 1e6:.1f} MB with {r['segment'][-1]}-layer checkpoints "
        f"({r['needed_ckpt'][-1] / 1e6:.2f} MB read); peak {r['peak_plain'][-1] / 1e6:.1f} MB "
        f"against {r['peak_ckpt'][-1] / 1e6:.1f} MB; "
        f"slopes {r['slopes']['plain']:.2f} / {r['slopes']['ckpt']:.2f}; "
        f"checkpointed gradient {r['time_ratio']:.2f}x the time; gradients identical"
    )
