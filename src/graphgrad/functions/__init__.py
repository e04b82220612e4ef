"""Primitive operations: each one's forward value and local derivatives.

This module is the only place in graphgrad where a derivative rule is
written.  Every primitive is a :class:`~graphgrad.core.Function` with

- ``forward``: the value, computed with numpy;
- ``backward``: the vector-Jacobian product (VJP), i.e. the upstream
  gradient times the local derivative, summed back to each input's shape
  when numpy broadcasting stretched it;
- ``jvp``: the Jacobian-vector product, the same local derivative applied
  in the forward direction (used by forward-mode differentiation).

The elementwise operations of two inputs (``add``, ``sub``, ``mul``, ``div``,
``pow``, ``maximum``) state only their forward and ``local()``, their two
local derivatives: one base class does upstream × local, the summing back to
each input's shape and the jvp for all of them.

What each costs in flops is one table, :data:`graphgrad.counting.FLOPS`.
A rule reads a Variable's value as ``x._data``: the plain array that
``x.data`` shows to users as a read-only view (whose in-place operators say
what to write instead), without that view's cost in every rule.

Composite operations (``mean``, ``affine``, ``mean_squared_error``) are
built from primitives and so need no rule of their own.
"""

import sys

from graphgrad import operators
from graphgrad.functions.arithmetic import (
    Add,
    Div,
    Mul,
    Neg,
    Pow,
    Sub,
    add,
    div,
    mul,
    neg,
    pow,
    sub,
    unbroadcast,
)
from graphgrad.functions.elementwise import (
    Abs,
    Exp,
    Log,
    Maximum,
    ReLU,
    Sigmoid,
    Tanh,
    abs,
    exp,
    log,
    maximum,
    relu,
    sigmoid,
    tanh,
)
from graphgrad.functions.linear import MatMul, affine, matmul
from graphgrad.functions.losses import (
    Softmax,
    SoftmaxCrossEntropy,
    mean_squared_error,
    softmax,
    softmax_cross_entropy,
)
from graphgrad.functions.shapes import (
    BroadcastTo,
    GetItem,
    Max,
    Reshape,
    Sum,
    SumTo,
    Transpose,
    broadcast_to,
    get_item,
    max,
    mean,
    reshape,
    sum,
    sum_to,
    transpose,
)

__all__ = [
    # functions
    "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "tanh", "sigmoid", "relu", "abs",
    "maximum", "sum", "mean", "max", "matmul", "reshape", "transpose", "broadcast_to", "sum_to",
    "get_item", "softmax", "softmax_cross_entropy", "mean_squared_error", "affine", "unbroadcast",
    # the primitives behind them
    "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Exp", "Log", "Tanh", "Sigmoid", "ReLU", "Abs",
    "Maximum", "Reshape", "Transpose", "BroadcastTo", "SumTo", "Sum", "Max", "GetItem", "MatMul",
    "Softmax", "SoftmaxCrossEntropy",
]  # fmt: skip

# Variable's operators (``x * y``, ``x.sum()``) call the functions above (see graphgrad.operators).
operators.F = sys.modules[__name__]
