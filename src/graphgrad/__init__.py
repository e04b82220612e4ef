"""graphgrad: a small computational-graph engine that shows why backpropagation is efficient.

The names here are the whole public API:

- :class:`Variable`, :class:`Function` — the graph (:mod:`graphgrad.core`); :func:`no_grad`
  (:mod:`graphgrad.config`);
- ``exp, log, tanh, sigmoid, relu, sum, mean, matmul, …`` — primitives
  (:mod:`graphgrad.functions`);
- :func:`numerical_diff`, :func:`numerical_gradient`, :func:`gradient_check`
  (:mod:`graphgrad.numerical`);
- :func:`jvp` — forward mode (:mod:`graphgrad.forward_mode`);
- :func:`count_ops` — deterministic costs (:mod:`graphgrad.counting`);
- :func:`saved_bytes`, :func:`needed_bytes`, :func:`checkpoint` — the memory reverse mode keeps,
  what its backward rules read of it, and how to keep less (:mod:`graphgrad.memory`).

Inside, each module has one job: :mod:`~graphgrad.config` (the switches),
:mod:`~graphgrad.arrays` (what a Variable holds), :mod:`~graphgrad.operators` (``x * y``,
``x.shape``), :mod:`~graphgrad.graph` (the order of the backward walk), :mod:`~graphgrad.checks`
(the safety checks) and :mod:`~graphgrad.wrapping` (numbers and arrays as Variables).

Examples
--------
>>> import graphgrad as gg
>>> x = gg.Variable(2.0)
>>> y = gg.exp(x) * x
>>> y.backward()
>>> round(x.grad.item(), 6)   # d(x·eˣ)/dx = (1 + x)·eˣ
22.167168
"""

from graphgrad.config import no_grad
from graphgrad.core import Function, Variable
from graphgrad.counting import OpCounts, count_ops
from graphgrad.forward_mode import jvp
from graphgrad.functions import (
    abs,
    add,
    affine,
    broadcast_to,
    div,
    exp,
    get_item,
    log,
    matmul,
    max,
    maximum,
    mean,
    mean_squared_error,
    mul,
    neg,
    pow,
    relu,
    reshape,
    sigmoid,
    softmax,
    softmax_cross_entropy,
    sub,
    sum,
    sum_to,
    tanh,
    transpose,
)
from graphgrad.memory import checkpoint, needed_bytes, saved_bytes
from graphgrad.numerical import GradientCheck, gradient_check, numerical_diff, numerical_gradient

__version__ = "0.1.0"


def _repr_svg_(self: Variable) -> str | None:
    """Jupyter shows a Variable as the diagram of its graph (drawn by graphgrad.viz, if installed)."""
    from graphgrad.viz import jupyter_svg

    return jupyter_svg(self)


# Attached here rather than in core.py, so the engine's core depends on numpy alone.
Variable._repr_svg_ = _repr_svg_  # type: ignore[attr-defined]

__all__ = [
    "Variable", "Function", "no_grad", "count_ops", "OpCounts", "jvp",
    "numerical_diff", "numerical_gradient", "gradient_check", "GradientCheck",
    "saved_bytes", "needed_bytes", "checkpoint",
    "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "tanh", "sigmoid", "relu", "abs",
    "maximum", "sum", "mean", "max", "get_item", "matmul", "reshape", "transpose", "broadcast_to",
    "sum_to", "softmax",
    "softmax_cross_entropy", "mean_squared_error", "affine",
]  # fmt: skip
