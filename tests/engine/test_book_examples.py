"""The book's numbers (Deep Learning from Scratch, chapter 5) to 1e-12."""

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import examples
from graphgrad.layers import AddLayer, MulLayer


def grads(out):
    return {name: v.grad.item() for name, v in out.named_inputs().items()}


def test_buy_apple():
    price = examples.buy_apple()
    assert price.item() == pytest.approx(220, abs=1e-12)
    assert grads(price) == pytest.approx({"apple": 2.2, "apple_num": 110, "tax": 200}, abs=1e-12)


def test_buy_apple_orange():
    price = examples.buy_apple_orange()
    assert price.item() == pytest.approx(715, abs=1e-12)
    expected = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
    assert grads(price) == pytest.approx(expected, abs=1e-12)


def test_intermediate_gradients_are_kept():
    price = examples.buy_apple_orange()
    variables, functions = gg.core.graph_nodes(price)
    by_name = {v.name: v for v in variables if v.name}
    assert by_name["all_price"].item() == pytest.approx(650)
    assert by_name["all_price"].grad.item() == pytest.approx(1.1, abs=1e-12)
    assert by_name["apple_price"].grad.item() == pytest.approx(1.1, abs=1e-12)
    # every edge keeps the gradient that flowed along it
    assert all(f.input_grads is not None for f in functions)
    add = next(f for f in functions if f.name == "add")
    assert [g.item() for g in add.input_grads] == pytest.approx([1.1, 1.1], abs=1e-12)


def test_multiply_and_add_nodes():
    z = examples.mul_node()
    assert z.item() == 50
    assert grads(z) == pytest.approx({"x": 6.5, "y": 13}, abs=1e-12)
    assert grads(examples.add_node()) == pytest.approx({"x": 1.3, "y": 1.3}, abs=1e-12)


def test_chain_rule():
    z = examples.chain_rule(3, 1)
    assert z.item() == 16
    assert grads(z) == {"x": 8.0, "y": 8.0}


def test_sigmoid_graph_matches_simplified_rule():
    for x in (-3.0, 0.0, 1.0, 2.5):
        y = examples.sigmoid_graph(x)
        s = 1 / (1 + np.exp(-x))
        assert y.item() == pytest.approx(s, abs=1e-12)
        assert y.named_inputs()["x"].grad.item() == pytest.approx(s * (1 - s), abs=1e-12)
        v = gg.Variable(x)
        gg.sigmoid(v).backward()
        assert v.grad.item() == pytest.approx(s * (1 - s), abs=1e-12)


def test_affine_softmax_loss_gradient_is_y_minus_t():
    loss = examples.affine_softmax_loss()
    variables, _ = gg.core.graph_nodes(loss)
    scores = next(v for v in variables if v.name == "scores")
    y = np.exp(scores.data) / np.exp(scores.data).sum()
    assert scores.grad == pytest.approx(y - np.eye(3)[2], abs=1e-12)
    assert loss.item() == pytest.approx(-np.log(y[2]), abs=1e-12)


def test_book_layers_reproduce_the_apple_orange_example():
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    price = mul_tax.forward(add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3)), 1.1)
    assert price == pytest.approx(715, abs=1e-12)
    dall, dtax = mul_tax.backward(1)
    da, do = add.backward(dall)
    dapple, dapple_num = mul_apple.backward(da)
    dorange, dorange_num = mul_orange.backward(do)
    got = [dapple, dapple_num, dorange, dorange_num, dtax]
    assert got == pytest.approx([2.2, 110, 3.3, 165, 650], abs=1e-12)


def test_every_example_runs_forward_and_backward():
    for name, build in examples.EXAMPLES.items():
        out = build()
        assert out.grad is not None, name
        assert out.named_inputs(), name
