"""How the graph is recorded and walked."""

import gc

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


def test_backward_twice_gives_the_same_gradients():
    x = gg.Variable(np.array([1.0, 2.0]))
    y = gg.sum(x * x * x)
    y.backward()
    first = x.grad.copy()
    y.backward()
    assert np.array_equal(x.grad, first)
    assert np.array_equal(first, 3 * x.data**2)


def test_backward_from_an_intermediate_resets_downstream_gradients():
    x = gg.Variable(2.0)
    t = x * 3
    y = t * t
    y.backward()
    assert x.grad.item() == 2 * 6 * 3
    t.backward()
    assert x.grad.item() == 3


def test_million_node_chain_has_no_recursion_error():
    x = gg.Variable(1.0)
    y = x
    for i in range(1_000_000):
        y = -y if i % 2 else y * 1.000001
    y.backward()
    assert x.grad.item() == pytest.approx(1.000001**500_000, rel=1e-9)
    del y
    gc.collect()


def test_retain_grad_false_frees_intermediate_gradients():
    x = gg.Variable(2.0)
    t = x * 3
    y = t * t
    y.backward(retain_grad=False)
    assert x.grad.item() == 36
    assert t.grad is None
    assert y.creator.input_grads is None
    assert y.grad is not None


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

    assert names() == names()
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
    full = np.broadcast_shapes(a_shape, b_shape)
    assert np.allclose(a.grad, gg.sum_to(np.broadcast_to(b.data, full), a_shape).data)
    assert np.allclose(b.grad, gg.sum_to(np.broadcast_to(a.data, full), b_shape).data)


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
