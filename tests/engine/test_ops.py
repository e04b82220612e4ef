"""One table of the engine's operations drives one test per operation (issue 21).

Each row names a function of :mod:`graphgrad.functions`, the points to call it
at and numpy's formula for its value.  For every row the tests check

- the value against numpy;
- backpropagation against numerical differentiation (central differences);
- forward mode against reverse mode: ``uᵀ·(J·v) = (Jᵀ·u)ᵀ·v`` for random ``u``, ``v``;
- its row of :data:`graphgrad.counting.FLOPS`: one entry per input, and
  ``count_ops`` records the primitive the row says it is.

Adding an operation is one new row here (and its line in ``FLOPS``): the last
tests fail until both exist.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import counting
from graphgrad import functions as F

rng = np.random.default_rng(21)


def _away_from_zero(*shape: int) -> np.ndarray:
    """Numbers in ±[0.5, 1.5]: far from the kinks of relu and abs."""
    return rng.uniform(0.5, 1.5, shape) * rng.choice([-1.0, 1.0], shape)


def _positive(*shape: int) -> np.ndarray:
    return rng.uniform(0.5, 2.0, shape)


def _any(*shape: int) -> np.ndarray:
    return rng.normal(size=shape)


def _softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


LABELS = np.array([2, 0])
SOFT = _softmax(_any(2, 3))


@dataclass(frozen=True)
class Op:
    """One row: ``graphgrad.functions.<function>(*inputs, **fixed)`` and its value by numpy."""

    function: str
    inputs: tuple[np.ndarray, ...]
    value: Callable[..., Any]
    primitive: str | None  # the Function.name it records; None for a composite of primitives
    fixed: dict[str, Any] = field(default_factory=dict)  # arguments that get no gradient
    id: str = ""

    def __call__(self, *xs: Any) -> gg.Variable:
        return getattr(F, self.function)(*xs, **self.fixed)


OPS = [
    Op("add", (_any(2, 3), _any(3)), np.add, "add"),
    Op("sub", (_any(2, 3), _any(2, 1)), np.subtract, "sub"),
    Op("mul", (_any(2, 3), _any(3)), np.multiply, "mul"),
    Op("div", (_any(2, 3), _positive(1, 3)), np.divide, "div"),
    Op("pow", (_positive(2, 3), _any(2, 3)), np.power, "pow"),
    Op("maximum", (_any(2, 3), _any(2, 3)), np.maximum, "maximum"),
    Op("neg", (_any(2, 3),), np.negative, "neg"),
    Op("exp", (_any(2, 3),), np.exp, "exp"),
    Op("log", (_positive(2, 3),), np.log, "log"),
    Op("tanh", (_any(2, 3),), np.tanh, "tanh"),
    Op("sigmoid", (_any(2, 3) * 5,), lambda x: 1 / (1 + np.exp(-x)), "sigmoid"),
    Op("relu", (_away_from_zero(2, 3),), lambda x: np.maximum(x, 0), "relu"),
    Op("abs", (_away_from_zero(2, 3),), np.abs, "abs"),
    Op("reshape", (_any(2, 3),), lambda x: x.reshape(3, 2), "reshape", {"shape": (3, 2)}),
    Op("transpose", (_any(2, 3, 4),), lambda x: x.transpose(2, 0, 1), "transpose", {"axes": (2, 0, 1)}),
    Op("get_item", (_any(3, 4),), lambda x: x[:, [0, 2, 2]], "get_item", {"key": (slice(None), [0, 2, 2])}),
    Op("broadcast_to", (_any(1, 3),), lambda x: np.broadcast_to(x, (2, 3)), "broadcast_to",
       {"shape": (2, 3)}),
    Op("sum_to", (_any(2, 3),), lambda x: x.sum(axis=0, keepdims=True), "sum_to", {"shape": (1, 3)}),
    Op("sum", (_any(2, 3),), lambda x: x.sum(axis=0), "sum", {"axis": 0}),
    Op("max", (_any(2, 3),), lambda x: x.max(axis=1), "max", {"axis": 1}),
    Op("matmul", (_any(2, 3), _any(3, 4)), np.matmul, "matmul", id="matmul-2d"),
    Op("matmul", (_any(3), _any(3, 4)), np.matmul, "matmul", id="matmul-1d"),
    Op("softmax", (_any(2, 3),), _softmax, "softmax", {"axis": -1}),
    Op(
        "softmax_cross_entropy", (_any(2, 3),),
        lambda x: -np.log(_softmax(x)[[0, 1], LABELS]).mean(),
        "softmax_cross_entropy", {"t": LABELS}, id="softmax_cross_entropy-indices",
    ),
    Op(
        "softmax_cross_entropy", (_any(2, 3), SOFT),
        lambda x, t: -(t * np.log(_softmax(x))).sum() / 2,
        "softmax_cross_entropy", id="softmax_cross_entropy-soft-labels",
    ),
    # Composites: built from the primitives above, so they need no rule of their own.
    Op("mean", (_any(2, 3),), lambda x: x.mean(axis=1), None, {"axis": 1}),
    Op("mean_squared_error", (_any(2, 3), _any(2, 3)), lambda y, t: 0.5 * ((y - t) ** 2).sum(), None),
    Op("affine", (_any(2, 3), _any(3, 4), _any(4)), lambda x, W, b: x @ W + b, None),
]  # fmt: skip

#: Names in graphgrad.functions.__all__ that are helpers, not operations.
HELPERS = {"unbroadcast"}


def _ids(op: Op) -> str:
    return op.id or op.function


@pytest.mark.parametrize("op", OPS, ids=_ids)
def test_value(op):
    y = op(*[gg.Variable(x) for x in op.inputs])
    expected = op.value(*op.inputs)
    assert y.shape == np.shape(expected)
    np.testing.assert_allclose(y.data, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("op", OPS, ids=_ids)
def test_backprop_matches_numerical_differentiation(op):
    weights = _any(*np.shape(op.value(*op.inputs)))  # a random scalar projection of the output
    check = gg.gradient_check(lambda *xs: gg.sum(op(*xs) * weights), *op.inputs, h=1e-5)
    assert check.max_rel_diff < 1e-6 or check.max_abs_diff < 1e-9, check[:2]


@pytest.mark.parametrize("op", OPS, ids=_ids)
def test_forward_mode_agrees_with_reverse_mode(op):
    vs = tuple(_any(*x.shape) for x in op.inputs)
    value, jv = gg.jvp(op, op.inputs, vs)  # J·v, one forward sweep
    u = _any(*value.shape)
    variables = [gg.Variable(x) for x in op.inputs]
    op(*variables).backward(u)  # Jᵀ·u, one backward pass
    vjp_dot_v = sum(float(np.sum(x.grad * v)) for x, v in zip(variables, vs, strict=True))
    assert float(np.sum(u * jv)) == pytest.approx(vjp_dot_v, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("op", [op for op in OPS if op.primitive], ids=_ids)
def test_flops_entry(op):
    variables = [gg.Variable(x) for x in op.inputs]
    with gg.count_ops() as counts:
        y = op(*variables)
        y.backward(np.ones(y.shape))
    assert counts.by_op["forward", op.primitive] == counts.by_op["backward", op.primitive] == 1
    assert counts.forward == counts.backward == 1  # the row is one primitive, nothing else
    if op.primitive != "matmul":  # matmul is counted by a formula (counting.flops), not a row
        forward, backward, jvp = counting.FLOPS[op.primitive]
        assert len(backward) == len(jvp) == len(variables) + len(op.fixed.keys() & {"t"})
    assert y.creator is not None and y.creator.name == op.primitive
    assert counts.flops["backward"] == counting.flops("backward", y.creator)


def test_the_table_covers_every_operation_of_graphgrad_functions():
    named = {op.function for op in OPS}
    recorded = {op.primitive for op in OPS}
    missing = []
    for name in F.__all__:
        obj = getattr(F, name)
        if inspect.isclass(obj) and issubclass(obj, gg.Function):
            if obj.name not in recorded:
                missing.append(f"{name} (records {obj.name!r})")
        elif name not in named | HELPERS:
            missing.append(name)
    assert not missing, f"operations without a row in OPS: {missing}"


def test_the_table_and_the_flops_table_name_the_same_primitives():
    primitives = {op.primitive for op in OPS if op.primitive}
    assert set(counting.FLOPS) == primitives - {"matmul"}
    assert "matmul" not in counting.FLOPS  # counted by counting.flops' formula


def test_the_table_covers_the_package_top_too():
    exported = {name for name in gg.__all__ if name in F.__all__}
    assert exported <= {op.function for op in OPS} | HELPERS | {
        n for n in F.__all__ if inspect.isclass(getattr(F, n))
    }
