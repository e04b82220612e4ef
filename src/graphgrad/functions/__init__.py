"""Primitive operations: each one's forward value and local derivatives.

This module is the only place in graphgrad where a derivative rule is
written.  Every primitive is a :class:`~graphgrad.core.Function` with

- ``forward``: the value, computed with numpy;
- ``backward``: the vector-Jacobian product (VJP), i.e. the upstream
  gradient times the local derivative, summed back to each input's shape
  when numpy broadcasting stretched it;
- ``jvp``: the Jacobian-vector product, the same local derivative applied
  in the forward direction (used by forward-mode differentiation);
- ``cost``: flops per element for each of those three (see
  :mod:`graphgrad.counting`).

Composite operations (``mean``, ``affine``, ``mean_squared_error``) are
built from primitives and so need no rule of their own.
"""

from graphgrad.functions.arithmetic import Add, Div, Mul, Neg, Pow, Sub, add, div, mul, neg, pow, sub
from graphgrad.functions.elementwise import Exp, Log, ReLU, Sigmoid, Tanh, exp, log, relu, sigmoid, tanh
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
    Reshape,
    Sum,
    SumTo,
    Transpose,
    broadcast_to,
    mean,
    reshape,
    sum,
    sum_to,
    transpose,
)

__all__ = [
    # functions
    "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "tanh", "sigmoid", "relu",
    "sum", "mean", "matmul", "reshape", "transpose", "broadcast_to", "sum_to", "softmax",
    "softmax_cross_entropy", "mean_squared_error", "affine",
    # the primitives behind them
    "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Exp", "Log", "Tanh", "Sigmoid", "ReLU",
    "Reshape", "Transpose", "BroadcastTo", "SumTo", "Sum", "MatMul", "Softmax",
    "SoftmaxCrossEntropy",
]  # fmt: skip
