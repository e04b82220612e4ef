"""Study 2: why reusing upstream derivatives matters: the chain rule path by path vs. backpropagation.

The chain rule says that the derivative of the output with respect to an
input is a sum over every path from the input to the output of the product
of the local derivatives along the path.  Written out literally, that sum
can be enormous: a graph of ``d`` stacked diamonds ::

    x₀ ─┬─ tanh ─┐
        └─ sigmoid ─┴─ × ── x₁ ─┬─ tanh ─┐  …  ── x_d
                                └─ sigmoid ─┴─ ×

has ``2^d`` paths from ``x₀`` to ``x_d``, each ``2d`` edges long.

Reverse accumulation (backpropagation) visits each edge once: it multiplies
the derivative arriving from upstream by the edge's local derivative and
adds it into the node below, so the upstream product is computed once and
reused by every path that passes through the node.

This module builds that graph with graphgrad, reads every edge's local
derivative off the engine (each node's VJP with a unit seed — no derivative
rule is written here), and counts the multiplications and additions both
ways.  Exact formulas, for ``d`` diamonds (``4d`` edges, ``2^d`` paths)::

    path by path:  2^d · (2d − 1) multiplications,  2^d − 1 additions
    reverse:       4d − 2 multiplications,          d additions

(reverse accumulation skips the multiplication by the seed 1 on the two
edges that leave the output).  For small ``d`` the paths are also
enumerated one by one, and both sums are checked against
``Variable.backward``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable, topological_order

from .results import envelope

NAME = "caching"
FILE = "caching.json"
SCRIPT = "scripts/bench_gradients.py"
#: What the plot and :func:`summary` read.
REQUIRED = ("depth", "paths", "path_multiplications", "reverse_multiplications")

FULL = {"depths": list(range(1, 31)), "enumerate_max_depth": 14, "x0": 0.3}
QUICK = {"depths": list(range(1, 13)), "enumerate_max_depth": 8, "x0": 0.3}


def stacked_diamonds(depth: int, x0: float = 0.3) -> tuple[Variable, Variable]:
    """``depth`` diamonds ``x ↦ tanh(x) · sigmoid(x)`` in a row; returns ``(x₀, x_d)``."""
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    x = Variable(x0, "x0")
    v = x
    for _ in range(depth):
        v = F.tanh(v) * F.sigmoid(v)
    return x, v


def local_derivatives(output: Variable) -> dict[tuple[int, int], float]:
    """Local derivative of every edge of a scalar graph, keyed by ``(id(consumer output), id(input))``.

    Each function's VJP with seed 1 is its local derivative (for scalars, the
    Jacobian is a number), so the engine's own rules are what is read.
    """
    edges: dict[tuple[int, int], float] = {}
    for f in topological_order(output):
        y = f.output()
        gxs = f.backward(np.ones_like(y.data))
        for x, gx in zip(f.inputs, gxs, strict=True):
            if x.requires_grad:
                key = (id(y), id(x))
                edges[key] = edges.get(key, 0.0) + float(np.asarray(gx).reshape(()))
    return edges


def _inputs_of(output: Variable) -> dict[int, list[int]]:
    """For every variable id, the ids of the variables it was computed from."""
    below: dict[int, list[int]] = {}
    for f in topological_order(output):
        below[id(f.output())] = [id(x) for x in f.inputs if x.requires_grad]
    return below


def path_sum(output: Variable, x: Variable, enumerate_paths: bool = True) -> dict[str, Any]:
    """The chain rule summed over every path from ``x`` up to ``output``, one path at a time.

    Counts are exact (by dynamic programming over the graph); with
    ``enumerate_paths`` the paths are also walked one by one (explicit
    stack, each product formed afresh) to get the value.
    """
    edges = local_derivatives(output)
    below = _inputs_of(output)
    target = id(x)
    # paths[v] and edge_total[v]: number of paths from v down to x and their total length in edges.
    paths: dict[int, int] = {target: 1}
    lengths: dict[int, int] = {target: 0}
    order = [id(f.output()) for f in reversed(topological_order(output))]  # inputs first
    for v in order:
        p = sum(paths.get(u, 0) for u in below[v])
        paths[v] = p
        lengths[v] = sum(lengths.get(u, 0) + paths.get(u, 0) for u in below[v])
    n_paths, total_edges = paths[id(output)], lengths[id(output)]
    result: dict[str, Any] = {
        "paths": n_paths,
        "multiplications": total_edges - n_paths,  # a path of k edges needs k − 1 products
        "additions": max(n_paths - 1, 0),
        "value": None,
    }
    if enumerate_paths:
        # Walk every path (explicit stack), then form each path's product afresh:
        # no partial product is shared between paths, as in the literal sum.
        total, mults = 0.0, 0
        stack: list[tuple[int, tuple[float, ...]]] = [(id(output), ())]
        while stack:
            v, factors = stack.pop()
            if v == target:
                product = factors[0]
                for factor in factors[1:]:
                    product *= factor
                    mults += 1
                total += product
                continue
            for u in below.get(v, []):
                if paths.get(u, 0):
                    stack.append((u, (*factors, edges[v, u])))
        if mults != result["multiplications"]:  # pragma: no cover - a bug in this module
            raise AssertionError(
                f"enumeration made {mults} multiplications, counted {result['multiplications']}"
            )
        result["value"] = total
    return result


def reverse_accumulation(output: Variable, x: Variable) -> dict[str, Any]:
    """Reverse accumulation over the same edges: one multiplication per edge, reusing upstream sums.

    The multiplication by the seed 1 on edges leaving the output is not
    counted (it is not needed), matching how the path sum counts.
    """
    edges = local_derivatives(output)
    below = _inputs_of(output)
    grads: dict[int, float] = {id(output): 1.0}
    mults = adds = 0
    order = [id(f.output()) for f in topological_order(output)]  # output first
    for v in order:
        g = grads[v]
        for u in below[v]:
            contribution = edges[v, u] if v == id(output) else g * edges[v, u]
            mults += v != id(output)
            if u in grads:
                grads[u] += contribution
                adds += 1
            else:
                grads[u] = contribution
    return {"multiplications": mults, "additions": adds, "value": grads.get(id(x), 0.0)}


def formulas(depth: int) -> dict[str, int]:
    """The exact counts for ``depth`` stacked diamonds (see the module docstring)."""
    return {
        "paths": 2**depth,
        "path_multiplications": 2**depth * (2 * depth - 1),
        "path_additions": 2**depth - 1,
        "reverse_multiplications": 4 * depth - 2,
        "reverse_additions": depth,
        "edges": 4 * depth,
    }


def run(quick: bool = False, progress: bool = True, **overrides: Any) -> dict[str, Any]:
    """Count both ways for every depth; return the results envelope."""
    del progress  # fast: no progress bar needed
    cfg = {**(QUICK if quick else FULL), **overrides}
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "depth", "edges", "paths", "path_multiplications", "path_additions",
            "reverse_multiplications", "reverse_additions", "backward_value", "path_value",
            "reverse_value", "enumerated",
        )
    }  # fmt: skip
    for d in cfg["depths"]:
        x, y = stacked_diamonds(d, cfg["x0"])
        enumerate_paths = d <= cfg["enumerate_max_depth"]
        by_path = path_sum(y, x, enumerate_paths)
        rev = reverse_accumulation(y, x)
        y.backward()
        rows["depth"].append(d)
        rows["edges"].append(sum(len(f.inputs) for f in topological_order(y)))
        rows["paths"].append(by_path["paths"])
        rows["path_multiplications"].append(by_path["multiplications"])
        rows["path_additions"].append(by_path["additions"])
        rows["reverse_multiplications"].append(rev["multiplications"])
        rows["reverse_additions"].append(rev["additions"])
        rows["backward_value"].append(float(x.grad))
        rows["path_value"].append(by_path["value"])
        rows["reverse_value"].append(rev["value"])
        rows["enumerated"].append(enumerate_paths)
        expected = formulas(d)
        for key in (
            "paths",
            "path_multiplications",
            "path_additions",
            "reverse_multiplications",
            "reverse_additions",
        ):
            if rows[key][-1] != expected[key]:  # pragma: no cover - a bug in this module
                raise AssertionError(
                    f"depth {d}: counted {key} = {rows[key][-1]}, formula says {expected[key]}"
                )
    values_agree = all(
        abs(r - b) <= 1e-12 * max(1.0, abs(b)) and (p is None or abs(p - b) <= 1e-12 * max(1.0, abs(b)))
        for b, r, p in zip(rows["backward_value"], rows["reverse_value"], rows["path_value"], strict=True)
    )
    d_arr = np.array(rows["depth"], dtype=float)
    results = {
        **rows,
        "values_agree": values_agree,
        # log2 of the path count grows by 1 per diamond; reverse grows by 4 multiplications per diamond.
        "path_log2_growth_per_depth": float(np.polyfit(d_arr, np.log2(rows["path_multiplications"]), 1)[0]),
        "reverse_growth_per_depth": float(np.polyfit(d_arr, rows["reverse_multiplications"], 1)[0]),
        "formulas": {
            "path_multiplications": "2^d (2d - 1)",
            "path_additions": "2^d - 1",
            "reverse_multiplications": "4d - 2",
            "reverse_additions": "d",
        },
    }
    return envelope(NAME, cfg, results, quick)


def report(data: dict[str, Any]) -> str:
    """The line the script prints after a run."""
    r = data["results"]
    return (
        f"depth {r['depth'][-1]}: {r['path_multiplications'][-1]:,} multiplications path by path, "
        f"{r['reverse_multiplications'][-1]} by backpropagation"
    )


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """What the pages quote: ``caching_{depth,paths,path_mults,reverse_mults}_max`` at the
    largest depth, and ``caching_{paths,path_mults,reverse_mults}_d4`` at depth 4 (the efficiency
    page's predict-then-reveal question)."""
    d4 = r["depth"].index(4)
    return {
        "caching_depth_max": r["depth"][-1],
        "caching_paths_max": r["paths"][-1],
        "caching_path_mults_max": r["path_multiplications"][-1],
        "caching_reverse_mults_max": r["reverse_multiplications"][-1],
        "caching_paths_d4": r["paths"][d4],
        "caching_path_mults_d4": r["path_multiplications"][d4],
        "caching_reverse_mults_d4": r["reverse_multiplications"][d4],
    }
