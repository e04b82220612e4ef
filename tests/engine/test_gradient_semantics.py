"""Hypothesis tests of three promises, on random shapes: gradients accumulate,
never share memory, and keep their variable's dtype."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays, broadcastable_shapes

import graphgrad as gg

shapes = array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
finite = st.floats(-3, 3, allow_nan=False, width=64)
SETTINGS = settings(max_examples=40, deadline=None)


@SETTINGS
@given(st.data(), shapes, st.integers(1, 4))
def test_gradients_accumulate_over_backward_calls(data, shape, calls):
    x0 = data.draw(arrays(np.float64, shape, elements=finite))
    a = data.draw(arrays(np.float64, shape, elements=finite))
    x = gg.Variable(x0)
    for _ in range(calls):
        gg.sum(x * a).backward()      # d/dx = a
        gg.sum(x * x).backward()      # d/dx = 2x
    assert type(x.grad) is np.ndarray and x.grad.shape == shape  # an array even for shape ()
    np.testing.assert_allclose(x.grad, calls * (a + 2 * x0), rtol=1e-12, atol=1e-12)
    x.cleargrad()
    gg.sum(x * a).backward()
    np.testing.assert_allclose(x.grad, a, rtol=0, atol=0)


OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "maximum": gg.maximum,
}


@SETTINGS
@given(st.data(), broadcastable_shapes((2, 3), min_dims=0, max_dims=2), st.sampled_from(sorted(OPS)))
def test_every_reachable_gradient_is_its_own_writable_array(data, b_shape, op):
    a = gg.Variable(data.draw(arrays(np.float64, (2, 3), elements=finite)))
    b = gg.Variable(data.draw(arrays(np.float64, b_shape, elements=finite)))
    y = OPS[op](a, b)
    seed = data.draw(arrays(np.float64, y.shape, elements=finite))
    seed_copy = seed.copy()
    y.backward(seed, retain_grad=True)
    arrays_ = [a.grad, b.grad, y.grad, seed, *y.creator.input_grads]
    for i, p in enumerate(arrays_):
        assert p.flags.writeable
        for q in arrays_[i + 1 :]:
            assert not np.shares_memory(p, q)
    a.grad += 1.0  # writing into one gradient changes nothing else
    np.testing.assert_array_equal(seed, seed_copy)
    np.testing.assert_array_equal(y.grad, seed_copy)


@SETTINGS
@given(
    st.data(),
    shapes,
    st.sampled_from([np.float16, np.float32, np.float64]),
    st.sampled_from(["mul", "div", "pow", "rsub", "mean", "sigmoid_scaled", "max"]),
)
def test_values_and_gradients_keep_the_variables_dtype(data, shape, dtype, op):
    x = gg.Variable(data.draw(arrays(dtype, shape, elements=st.floats(0.5, 2, width=16))))
    f = {
        "mul": lambda v: v * 2.5,
        "div": lambda v: 3 / v,
        "pow": lambda v: v**2,
        "rsub": lambda v: 1 - v,
        "mean": lambda v: gg.mean(v) * 0.1,
        "sigmoid_scaled": lambda v: gg.sigmoid(v * 0.5) + 1,
        "max": lambda v: gg.maximum(v, 1.0).max(),
    }[op]
    y = gg.sum(f(x))
    assert y.dtype == dtype
    y.backward()
    assert x.grad.dtype == dtype and x.grad.shape == shape
