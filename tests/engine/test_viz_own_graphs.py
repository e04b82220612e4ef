"""Drawing a graph of your own: a backward diagram right after a plain ``backward()``.

viz runs the backward pass again with ``retain_grad=True`` for the diagram and then puts every
gradient back, so drawing changes nothing the user sees; alt text names nodes in words.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import graphgrad as gg
from graphgrad import viz
from graphgrad.core import topological_order


def my_function():
    x = gg.Variable(3.0, name="x")
    w = gg.Variable(2.0, name="w")
    y = (x * w) ** 2 + x  # dy/dx = 2 (xw) w + 1 = 25, dy/dw = 2 (xw) x = 36
    return x, w, y


def edge_gradients(dot_source: str) -> list[str]:
    """Labels of the backward (red, dir=back) arrows of a DOT source."""
    return sorted(re.findall(r'\[label="?([^" ]+)"? [^\]]*dir=back', dot_source))


def test_backward_diagram_after_a_plain_backward_equals_the_retained_one():
    x, w, y = my_function()
    y.backward()
    assert y.grad is None and all(f.input_grads is None for f in topological_order(y))
    drawn = viz.to_dot(y, mode="backward").source

    x2, w2, y2 = my_function()
    y2.backward(retain_grad=True)
    assert drawn == viz.to_dot(y2, mode="backward").source
    assert edge_gradients(drawn) == ["1", "1", "1", "12", "24", "36"]


def test_drawing_leaves_every_gradient_as_it_was():
    x, w, y = my_function()
    y.backward()
    y.backward()  # accumulated: x.grad = 50, w.grad = 72
    viz.to_dot(y, mode="backward")
    viz.describe(y, "backward", "zh")
    list(viz.backward_steps(y))
    assert (x.grad.item(), w.grad.item()) == (50.0, 72.0)
    assert y.grad is None and all(f.input_grads is None for f in topological_order(y))
    # The diagram shows one backward pass (25 and 36), not the sum of the user's calls.
    assert "∂output/∂x = 25 and ∂output/∂w = 36" in viz.describe(y, "backward")


def test_never_differentiated_scalar_graph_is_drawn_too():
    x, w, y = my_function()
    assert viz.step_captions(y)[-1].startswith("Step 3 of 3")
    assert x.grad is None and w.grad is None


def test_non_scalar_output_says_exactly_what_to_call():
    x = gg.Variable(np.array([1.0, 2.0]), name="x")
    y = x * 3.0
    y.backward(np.ones(2))
    with pytest.raises(ValueError) as info:
        viz.to_dot(y, mode="backward")
    message = str(info.value)
    assert "shape (2,)" in message and "output.backward(seed, retain_grad=True)" in message
    y.backward(np.ones(2), retain_grad=True)  # then it draws
    assert "dir=back" in viz.to_dot(y, mode="backward").source


@pytest.mark.parametrize(
    ("build", "en", "zh"),
    [
        (lambda x: x**2, "the square node", "平方节点"),
        (lambda x: x**3, "the cube node", "立方节点"),
        (lambda x: x**0.5, "the power-0.5 node", "“0.5 次方”节点"),
        (lambda x: 1 / x, "the reciprocal node", "倒数节点"),
        (lambda x: x / 4, "the divide-by-4 node", "“除以 4”节点"),
        (lambda x: x * -1, "the multiply-by-−1 node", "“乘以 −1”节点"),
        (lambda x: x + 1, "the add-1 node", "“加 1”节点"),
        (lambda x: 2 - x, "the subtract-from-2 node", "“从 2 中减去”节点"),
        (lambda x: -x, "the negate node", "取负节点"),
        (lambda x: x * x, "the multiply node", "乘法节点"),
        (lambda x: gg.exp(x), "the exp node", "“exp”节点"),
    ],
)
def test_describe_names_operator_nodes_in_words(build, en, zh):
    x = gg.Variable(2.0, name="x")
    y = build(x)
    assert f"{en[0].upper()}{en[1:]} takes x = 2" in viz.describe(y, "forward", "en")
    assert viz.describe(y, "forward", "zh").startswith("计算图：输出，正向传播。" + zh)
    if en == "the square node":  # the drawing keeps the book's symbol
        assert 'label="**2"' in viz.to_dot(y).source


def test_jupyter_shows_the_backward_diagram_after_a_plain_backward():
    x, w, y = my_function()
    assert "dir=back" not in viz.to_dot(y).source  # forward before any backward
    forward_svg = viz.jupyter_svg(y)
    y.backward()
    backward_svg = viz.jupyter_svg(y)
    assert forward_svg is not None and backward_svg != forward_svg
    x2, w2, y2 = my_function()
    y2.backward(retain_grad=True)
    assert backward_svg == viz.jupyter_svg(y2)
    assert y.grad is None and x.grad.item() == 25.0
