"""The cheap paths a node takes (issue 21), checked by what they do, never by a stopwatch."""

from __future__ import annotations

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import checks, core


@pytest.mark.parametrize("c", [2.5, 3, True, np.float64(2.5), np.float32(2.5), np.int64(3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_number_constant_is_a_frozen_0d_array_of_the_variables_dtype(c, dtype):
    x = gg.Variable(np.ones(2, dtype))
    y = x * c
    constant = y.creator.inputs[1]
    assert constant._data.shape == () and constant._data.dtype == dtype == y.dtype
    assert not constant._data.flags.writeable and not constant.requires_grad
    assert constant._data.item() == pytest.approx(float(c))


def test_function_keeps_its_bookkeeping_in_slots():
    y = gg.Variable(2.0) * 3.0
    f = y.creator
    bookkeeping = {"inputs", "output", "needs_input_grad", "input_grads", "_assignment"}
    assert bookkeeping <= set(core.Function.__slots__)
    assert not {"inputs", "output", "needs_input_grad"} & set(vars(f))  # not in the instance dict


def test_0d_gradients_take_the_fast_path(monkeypatch):
    calls = []
    checked = checks.checked
    monkeypatch.setattr(checks, "checked", lambda *a: calls.append(a) or checked(*a))
    w = [gg.Variable(float(v)) for v in (0.5, -1.5, 2.0)]
    loss = gg.Variable(0.0)
    for i in range(50):  # a graph of scalars: numpy returns scalars for 0-d arithmetic
        loss = loss + gg.relu(w[i % 3] * (i - 25.0) + w[(i + 1) % 3]) * w[(i + 2) % 3]
    loss.backward()
    assert calls == []
    assert all(type(v.grad) is np.ndarray and v.grad.shape == () for v in w)
    ref = [gg.Variable(float(v)) for v in (0.5, -1.5, 2.0)]  # the same graph, gradients by numbers
    num = gg.numerical_gradient(
        lambda p: sum(max(p[i % 3] * (i - 25.0) + p[(i + 1) % 3], 0.0) * p[(i + 2) % 3] for i in range(50)),
        np.array([v.data.item() for v in ref]),
    )
    assert np.allclose([v.grad.item() for v in w], num, rtol=1e-6)


def test_a_gradient_of_the_wrong_shape_still_takes_the_checked_path():
    class Wrong(gg.Function):
        name = "wrong"

        def forward(self, x):
            return x * 2

        def backward(self, gy):
            return (np.ones(3),)

    with pytest.raises(RuntimeError, match="backward gave a gradient of shape"):
        Wrong()(gg.Variable([1.0, 2.0])).backward(np.ones(2))
