"""Backprop against numerical differentiation and forward mode, on random expressions.

Hypothesis composes expressions from every primitive (with broadcasting)
and checks, for each one, that

- the backprop gradient matches the central-difference gradient, and
- forward mode's J·v equals the backprop gradient dotted with v.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import graphgrad as gg
from graphgrad.numerical import numerical_gradient

# Values away from zero (so ReLU kinks are not straddled by the difference).
magnitudes = st.floats(0.2, 1.5) | st.floats(-1.5, -0.2)
B_SHAPES = [(3,), (2, 1), (1, 3), ()]

relu_inputs: list[np.ndarray] = []


def _relu(h):
    relu_inputs.append(h.data.copy())
    return gg.relu(h)


# Each step maps the running value h (shape (2, 3)) to a new (2, 3) value,
# mixing in B (broadcast), C (3, 2) and D (2, 3).
STEPS = {
    "add": lambda h, B, C, D: h + B,
    "radd": lambda h, B, C, D: B + h,
    "sub": lambda h, B, C, D: h - B,
    "rsub": lambda h, B, C, D: B - h,
    "mul": lambda h, B, C, D: h * B,
    "div": lambda h, B, C, D: h / (2 + gg.sigmoid(B)),
    "rdiv": lambda h, B, C, D: B / (1.5 + gg.tanh(h)),
    "neg": lambda h, B, C, D: -h,
    "pow_const": lambda h, B, C, D: h**2 * 0.5,
    "pow_var": lambda h, B, C, D: (1.5 + gg.tanh(B)) ** gg.tanh(h),
    "exp": lambda h, B, C, D: gg.exp(gg.tanh(h)),
    "log": lambda h, B, C, D: gg.log(1 + h * h),
    "tanh": lambda h, B, C, D: gg.tanh(h),
    "sigmoid": lambda h, B, C, D: gg.sigmoid(h),
    "relu": lambda h, B, C, D: _relu(h) + 0.1 * h,
    "matmul": lambda h, B, C, D: gg.matmul(gg.matmul(h, C), D) * 0.5,
    "affine": lambda h, B, C, D: gg.matmul(gg.affine(h, C, gg.sum(B)), D) * 0.5,
    "transpose_reshape": lambda h, B, C, D: gg.reshape(gg.transpose(h), (2, 3)) + h,
    "sum_broadcast": lambda h, B, C, D: gg.broadcast_to(gg.sum(h, axis=0, keepdims=True), (2, 3)),
    "sum_axis": lambda h, B, C, D: h * gg.reshape(gg.sum(h, axis=1), (2, 1)) * 0.3,
    "sum_to": lambda h, B, C, D: gg.sum_to(h, (1, 3)) + h,
    "mean": lambda h, B, C, D: h - gg.mean(h, axis=1, keepdims=True) + gg.mean(h),
    "softmax": lambda h, B, C, D: gg.softmax(h, axis=1) * 3,
    "softmax0": lambda h, B, C, D: gg.softmax(h, axis=0) + h,
}

LOSSES = {
    "sum_product": lambda h, D, t: gg.sum(h * D),
    "softmax_cross_entropy": lambda h, D, t: gg.softmax_cross_entropy(h, t),
    "mean_squared_error": lambda h, D, t: gg.mean_squared_error(h, D),
}


@st.composite
def problems(draw):
    b_shape = draw(st.sampled_from(B_SHAPES))
    A = draw(arrays(np.float64, (2, 3), elements=magnitudes))
    B = draw(arrays(np.float64, b_shape, elements=magnitudes))
    C = draw(arrays(np.float64, (3, 2), elements=magnitudes))
    D = draw(arrays(np.float64, (2, 3), elements=magnitudes))
    t = np.array(draw(st.lists(st.integers(0, 2), min_size=2, max_size=2)))
    steps = draw(st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=4))
    loss = draw(st.sampled_from(sorted(LOSSES)))
    return A, B, C, D, t, steps, loss


def build(problem):
    A, B, C, D, t, steps, loss = problem

    def f(a, b, c, d):
        h = a
        for s in steps:
            h = STEPS[s](h, b, c, d)
        return LOSSES[loss](h, d, t)

    return f, (A, B, C, D)


def grad_or_zero(v: gg.Variable) -> np.ndarray:
    """An input the expression never used is not in the graph: its gradient is zero."""
    return np.zeros_like(v.data) if v.grad is None else v.grad


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| relative to the larger gradient (floor 1e-3 for near-zero gradients)."""
    scale = max(np.abs(a).max(initial=0), np.abs(b).max(initial=0), 1e-3)
    return float(np.abs(a - b).max(initial=0) / scale)


SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(problems())
def test_backprop_matches_numerical_gradient(problem):
    f, inputs = build(problem)
    relu_inputs.clear()
    variables = [gg.Variable(x) for x in inputs]
    out = f(*variables)
    assume(all(np.abs(r).min(initial=1) > 1e-3 for r in relu_inputs))
    out.backward()
    for i, x in enumerate(inputs):

        def f_i(p, i=i):
            args = [gg.Variable(p if j == i else inputs[j]) for j in range(4)]
            return f(*args)

        numeric = numerical_gradient(f_i, x.copy(), h=1e-5)
        grad = grad_or_zero(variables[i])
        assert grad.shape == x.shape
        assert rel_error(grad, numeric) < 1e-6, (problem, i)


@SETTINGS
@given(problems(), st.integers(0, 2**32 - 1))
def test_forward_mode_matches_backprop(problem, seed):
    f, inputs = build(problem)
    rng = np.random.default_rng(seed)
    tangents = tuple(rng.standard_normal(np.shape(x)) for x in inputs)
    variables = [gg.Variable(x) for x in inputs]
    out = f(*variables)
    out.backward()
    value, jv = gg.jvp(f, tuple(inputs), tangents)
    assert value == out.data
    expected = sum(float((grad_or_zero(v) * t).sum()) for v, t in zip(variables, tangents, strict=True))
    assert abs(jv.item() - expected) <= 1e-9 * max(1.0, abs(expected))
