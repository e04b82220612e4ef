"""How the graph is recorded and walked."""


import numpy as np
import pytest

import graphgrad as gg
from graphgrad.core import graph_nodes, topological_order


def test_shared_node_accumulates_x_times_x():
    x = gg.Variable(3.0)
    y = x * x
    y.backward()
    assert x.grad.item() == 6.0


def test_shared_node_accumulates_a_plus_a():
    a = gg.Variable(2.0)
    y = a + a
    y.backward()
    assert a.grad.item() == 2.0


def test_diamond():
    # y = (x·2)·(x + 1): two paths from x to y
    x = gg.Variable(3.0)
    left, right = x * 2, x + 1
    y = left * right
    y.backward()
    assert x.grad.item() == 2 * (3 + 1) + 3 * 2  # = 4x + 2 = 14
    assert topological_order(y)[0] is y.creator


def test_backward_twice_accumulates_until_cleargrad():
    x = gg.Variable(np.array([1.0, 2.0]))
    y = gg.sum(x * x * x)
    y.backward()
    first = x.grad.copy()
    assert np.array_equal(first, 3 * np.array([1.0, 2.0]) ** 2)
    y.backward()
    assert np.array_equal(x.grad, 2 * first)
    x.cleargrad()
    y.backward()
    assert np.array_equal(x.grad, first)


def test_two_losses_sharing_a_parameter_add_up():
    w = gg.Variable(2.0)
    (w * 3).backward()
    (w * w).backward()
    assert w.grad.item() == 3 + 2 * 2


def test_backward_from_an_intermediate_adds_its_own_share():
    x = gg.Variable(2.0)
    t = x * 3
    y = t * t
    y.backward()
    assert x.grad.item() == 2 * 6 * 3
    t.backward()
    assert x.grad.item() == 2 * 6 * 3 + 3


def test_retained_intermediate_gradients_do_not_leak_into_the_next_pass():
    x = gg.Variable(2.0)
    t = x * 3
    y = t * t
    y.backward(retain_grad=True)
    y.backward(retain_grad=True)
    assert t.grad.item() == 2 * (2 * 6)
    assert x.grad.item() == 2 * (2 * 6 * 3)


def test_deep_chain_has_no_recursion_error():
    # 20 times Python's default recursion limit: a recursive walk would fail here.  The chain of a
    # million nodes is timed (and its gradient checked) by the engine benchmark, site_tools/bench/engine.py.
    x = gg.Variable(1.0)
    y = x
    for i in range(20_000):
        y = -y if i % 2 else y * 1.0001
    y.backward()
    assert x.grad.item() == pytest.approx(1.0001**10_000, rel=1e-12)


def test_intermediate_gradients_are_kept_only_when_asked_for():
    x = gg.Variable(2.0)
    t = x * 3
    y = t * t
    y.backward()
    assert x.grad.item() == 36
    assert t.grad is None and y.grad is None
    assert y.creator.input_grads is None
    x.cleargrad()
    y.backward(retain_grad=True)
    assert x.grad.item() == 36 and t.grad.item() == 12 and y.grad.item() == 1
    assert [g.item() for g in y.creator.input_grads] == [6, 6]  # each edge: 1 · t


def test_no_grad_records_nothing():
    x = gg.Variable(2.0)
    with gg.no_grad():
        y = x * x
    assert y.creator is None
    y2 = x * x
    assert y2.creator is not None


def test_graph_nodes_are_in_a_stable_order():
    def names():
        from graphgrad.examples import buy_apple_orange

        variables, functions = graph_nodes(buy_apple_orange())
        return [v.name for v in variables], [f.name for f in functions]

    variables, functions = names()
    assert variables == [
        "apple", "apple_num", "apple_price", "orange", "orange_num", "orange_price",
        "all_price", "tax", "price",
    ]  # fmt: skip
    assert functions == ["mul", "mul", "add", "mul"]


@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), ()), ((3,), (2, 3)), ((1, 3), (2, 1)), ((4, 1, 3), (2, 1))],
)
def test_broadcasting_gradients_are_summed_back_to_each_shape(a_shape, b_shape):
    rng = np.random.default_rng(0)
    a, b = gg.Variable(rng.standard_normal(a_shape)), gg.Variable(rng.standard_normal(b_shape))
    y = gg.sum(a * b)
    y.backward()
    assert a.grad.shape == a_shape and b.grad.shape == b_shape
    # Independent oracle: d(sum(a*b))/da[i] is the sum of b over every position a[i] was copied to.
    full = np.broadcast_shapes(a_shape, b_shape)
    assert np.allclose(a.grad, _sum_over_broadcast(np.broadcast_to(b.data, full), a_shape))
    assert np.allclose(b.grad, _sum_over_broadcast(np.broadcast_to(a.data, full), b_shape))


def _sum_over_broadcast(g, shape):
    """np.sum over the axes that broadcasting added (leading) or stretched (length 1)."""
    lead = g.ndim - len(shape)
    g = np.sum(g, axis=tuple(range(lead)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1)
    return np.sum(g, axis=stretched, keepdims=True).reshape(shape)


def test_numbers_and_arrays_on_either_side():
    x = gg.Variable(np.array([1.0, 2.0]))
    arr = np.array([3.0, 4.0])
    for y in (x + 1, 1 + x, x - arr, arr - x, x * 2, arr * x, x / 2, 2 / x, x**2, 2**x, -x):
        assert isinstance(y, gg.Variable)
    y = gg.sum(arr * x + 2**x)
    y.backward()
    assert np.allclose(x.grad, arr + np.log(2) * 2**x.data)
    m = gg.Variable(np.eye(2))
    assert isinstance(arr @ m, gg.Variable) and isinstance(m @ arr, gg.Variable)


def test_integers_become_float64_and_float32_is_kept():
    assert gg.Variable(3).dtype == np.float64
    assert gg.Variable(np.array([1, 2], dtype=np.int32)).dtype == np.float64
    assert gg.Variable(True).dtype == np.float64
    x32 = gg.Variable(np.ones(2, dtype=np.float32))
    y = gg.sum(x32 * x32)
    y.backward()
    assert x32.grad.dtype == np.float32


def test_constants_get_no_gradient_and_pow_works_on_negative_bases():
    x = gg.Variable(-2.0)
    y = x**2
    y.backward()
    assert x.grad.item() == -4.0
    assert not y.creator.inputs[1].requires_grad
    assert y.creator.inputs[1].grad is None


def test_leaf_backward_and_repr():
    x = gg.Variable(5.0, "x")
    x.backward()
    assert x.grad.item() == 1.0
    assert repr(x) == "Variable(5., name='x')"
    x.cleargrad()
    assert x.grad is None
