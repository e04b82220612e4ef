"""Numerical differentiation, forward mode and operation counts on known cases."""

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.layers import Affine, Relu, Sigmoid, SoftmaxWithLoss


def test_numerical_diff_book_example():
    f = lambda x: 0.01 * x**2 + 0.1 * x  # noqa: E731
    assert gg.numerical_diff(f, 5.0) == pytest.approx(0.2, abs=1e-9)
    assert gg.numerical_diff(f, 10.0) == pytest.approx(0.3, abs=1e-9)


def test_numerical_gradient_on_integers_leaves_input_unchanged():
    x = np.array([3, 4])
    g = gg.numerical_gradient(lambda p: (p**2).sum(), x)
    assert g.dtype == np.float64
    assert g == pytest.approx([6.0, 8.0], abs=1e-6)
    assert x.dtype.kind == "i" and list(x) == [3, 4]


def test_numerical_gradient_restores_float_input_bit_for_bit_and_supports_closures():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((3, 4))
    saved = W.copy()
    g = gg.numerical_gradient(lambda _: float(np.sum(np.tanh(W))), W)  # reads W itself, like the book
    assert np.array_equal(W, saved)
    assert g == pytest.approx(1 - np.tanh(saved) ** 2, abs=1e-7)


def test_numerical_gradient_on_non_contiguous_arrays():
    base = np.arange(12.0).reshape(3, 4)
    view = base.T
    g = gg.numerical_gradient(lambda p: float((p * p).sum()), view)
    assert g == pytest.approx(2 * view, abs=1e-6)


def test_numerical_gradient_of_a_variable_function():
    x = gg.Variable(np.array([0.5, -0.3]))
    g = gg.numerical_gradient(lambda p: gg.sum(gg.sigmoid(gg.Variable(p))), x)
    s = 1 / (1 + np.exp(-x.data))
    assert g == pytest.approx(s * (1 - s), abs=1e-8)


def test_gradient_check_reports_differences():
    check = gg.gradient_check(
        lambda a, b: gg.sum(gg.tanh(a @ b)), np.ones((2, 3)) * 0.1, np.ones((3, 2)) * 0.2
    )
    assert check.max_abs_diff < 1e-8 and check.max_rel_diff < 1e-6
    assert [g.shape for g in check.backprop] == [(2, 3), (3, 2)]


def test_jvp_is_one_directional_derivative():
    x = np.array([1.0, 2.0, 3.0])
    f = lambda v: gg.sum(v * v * v)  # noqa: E731
    value, tangent = gg.jvp(f, x, np.array([0.0, 1.0, 0.0]))
    assert value == 36.0
    assert tangent == pytest.approx(3 * 2.0**2)


def test_jvp_full_jacobian_of_a_vector_function():
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    x = np.array([1.0, -1.0, 0.5])
    f = lambda v: gg.tanh(v @ W)  # noqa: E731
    columns = [gg.jvp(f, x, e)[1] for e in np.eye(3)]
    y = np.tanh(x @ W)
    assert np.allclose(np.array(columns), W * (1 - y**2))


def test_count_ops_on_a_known_graph():
    rng = np.random.default_rng(0)
    x, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    with gg.count_ops() as c:
        loss = gg.sum(gg.tanh(gg.affine(gg.Variable(x), gg.Variable(W), gg.Variable(b))))
        loss.backward()
    # matmul, add (broadcast b), tanh, sum
    assert (c.forward, c.backward, c.jvp) == (4, 4, 0)
    assert c.flops == {
        "forward": 2 * 4 * 3 * 2 + 8 + 8 + 8,
        "backward": 4 * 4 * 3 * 2 + 0 + 3 * 8 + 0,
        "jvp": 0,
    }
    assert c.by_op["forward", "matmul"] == 1


def test_count_ops_forward_mode_and_numerical_and_nesting():
    x = np.ones(5)
    f = lambda v: gg.sum(gg.tanh(v))  # noqa: E731
    with gg.count_ops() as outer:
        with gg.count_ops() as fwd:
            for e in np.eye(5):
                gg.jvp(f, x, e)
        with gg.count_ops() as num:
            gg.numerical_gradient(lambda p: f(gg.Variable(p)), x)
    assert (fwd.forward, fwd.jvp, fwd.backward) == (10, 10, 0)  # n passes, 2 primitives each
    assert num.forward == 2 * 5 * 2 and num.backward == 0  # 2n evaluations of f
    assert outer.forward == fwd.forward + num.forward


def test_counts_follow_the_flop_table():
    from graphgrad.examples import affine_softmax_loss

    with gg.count_ops() as c:
        affine_softmax_loss()  # X (2,) @ W (2, 3) + b, then softmax-with-loss of 3 scores
    assert (c.forward, c.backward) == (3, 3)
    # forward: matmul 2·1·2·3, add 3, loss 5·3; backward: matmul 2·12 (X and W), add 0, loss 3·3 (t constant)
    assert c.flops == {"forward": 12 + 3 + 15, "backward": 24 + 0 + 9, "jvp": 0}


def test_layers_do_not_mutate_inputs():
    x = np.array([[1.0, -2.0, 3.0]])
    dout = np.array([[5.0, 5.0, 5.0]])
    x0, d0 = x.copy(), dout.copy()
    for layer in (Relu(), Sigmoid()):
        layer.forward(x)
        layer.backward(dout)
    W, b = np.ones((3, 2)), np.zeros(2)
    aff = Affine(W, b)
    aff.forward(x)
    aff.backward(np.ones((1, 2)))
    assert np.array_equal(x, x0) and np.array_equal(dout, d0)
    assert np.array_equal(W, np.ones((3, 2))) and np.array_equal(b, np.zeros(2))


def test_affine_layer_flattens_images_and_restores_dx_shape():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 1, 2, 2))
    W, b = rng.standard_normal((4, 3)), rng.standard_normal(3)
    layer = Affine(W, b)
    out = layer.forward(x)
    assert out.shape == (2, 3)
    dx = layer.backward(np.ones((2, 3)))
    assert dx.shape == x.shape
    assert np.allclose(layer.dW, x.reshape(2, 4).T @ np.ones((2, 3)))
    assert np.allclose(layer.db, [2, 2, 2])


def test_softmax_with_loss_layer_gradient_is_y_minus_t_over_n():
    x = np.array([[0.3, 2.9, 4.0], [0.1, 0.2, 0.3]])
    t = np.array([2, 0])
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert np.allclose(layer.y, y)
    assert np.allclose(layer.backward(), (y - np.eye(3)[t]) / 2)
    onehot = np.eye(3)[t]
    layer.forward(x, onehot)
    assert np.allclose(layer.backward(), (y - onehot) / 2)
