"""graphgrad.exercises: the checker works the answers out with the engine and never shows them.

The expected numbers here are worked out independently, as a learner would, from the formulas
the pages teach (2^d paths, 2·m·k·n flops, 8 bytes per float64 …), so a wrong count in the
module fails here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from graphgrad import exercises as ex


@pytest.mark.parametrize("depth", [1, 2, 3, 6])
def test_diamond_counts_follow_the_formulas_of_the_efficiency_page(depth):
    assert ex.diamond_paths(depth) == 2**depth
    assert ex.diamond_path_multiplications(depth) == 2**depth * (2 * depth - 1)
    assert ex.diamond_backward_multiplications(depth) == 4 * depth - 2
    assert ex.diamond_sweep_nodes(depth, "forward") == ex.diamond_sweep_nodes(depth, "reverse") == 3 * depth


@pytest.mark.parametrize(("n", "m"), [(10, 1000), (3, 2), (1, 1)])
def test_a_jacobian_takes_one_sweep_per_input_forward_and_per_output_backward(n, m):
    assert ex.jacobian_sweeps(n, m, "forward") == n
    assert ex.jacobian_sweeps(n, m, "reverse") == m
    with pytest.raises(ValueError, match="mode must be"):
        ex.jacobian_sweeps(n, m, "sideways")


def test_chain_bytes_are_two_arrays_per_layer_or_one_per_segment():
    one_array = 256 * 64 * 8
    assert ex.chain_saved_bytes(50, 64, 256) == 50 * 2 * one_array + 8
    assert ex.chain_saved_bytes(50, 64, 256, segments=7) == 7 * one_array + 8
    assert ex.chain_segment_bytes(50, 64, 256, segments=7) == math.ceil(50 / 7) * 2 * one_array


def test_receipt_local_computation():
    assert ex.receipt_nodes(5) == 5 + 4 + 1  # a multiply node per kind, the adds, the tax
    assert [ex.receipt_recomputed(5, k) for k in range(1, 6)] == [6, 6, 5, 4, 3]
    assert ex.receipt_backward_nodes(5) == 10
    with pytest.raises(ValueError, match="changed must be 1 to 5"):
        ex.receipt_recomputed(5, 6)


def test_small_graphs_by_hand():
    assert ex.paths_graph_grad(3, 2) == (2 + 1) + (3 + 2)  # d + c
    assert ex.cube_paths() == 3 and ex.cube_grad(2) == 3 * 2**2
    y = np.exp([[1, 1, 1], [2, 0, 0]]) / np.exp([[1, 1, 1], [2, 0, 0]]).sum(axis=1, keepdims=True)
    t = np.eye(3)[[2, 0]]
    want = (y - t) / 2
    got = [[ex.softmax_loss_grad(i, j) for j in range(3)] for i in range(2)]
    np.testing.assert_allclose(got, want)
    assert ex.affine_grad_shapes(4, 5, 3) == ((4, 5), (5, 3), (3,))
    assert ex.two_layer_matmul_flops(100, "forward") == 2 * 100 * 784 * 50 + 2 * 100 * 50 * 10
    assert ex.two_layer_matmul_flops(100, "backward") == 2 * 100 * 784 * 50 + 2 * 2 * 100 * 50 * 10


def test_a_numerical_gradient_evaluates_the_loss_twice_per_parameter():
    import graphgrad as gg
    from graphgrad.nn import TwoLayerNet

    net = TwoLayerNet(3, 2, 2, seed=0)
    x, t = np.ones((1, 3)), np.array([1])
    with gg.count_ops() as one:
        net.loss(x, t)
    with gg.count_ops() as numerical:
        net.numerical_gradient(x, t)
    runs = numerical.forward // one.forward
    assert runs == ex.two_layer_numerical_evaluations(3, 2, 2) == 2 * (6 + 2 + 4 + 2)
    assert ex.two_layer_parameters(784, 50, 10) == 784 * 50 + 50 + 50 * 10 + 10


def _softmax_backward(scores, labels):
    y = np.exp(scores - scores.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    return (y - np.eye(scores.shape[1])[labels]) / len(scores)


def _relative_error(b, n):
    return float((np.abs(b - n) / np.maximum(np.maximum(np.abs(b), np.abs(n)), 1e-8)).max())


#: A right answer and a wrong one per exercise, worked out the way a learner would.
ONE_ARRAY = 128 * 32 * 8  # bytes of one batch × width float64 array
SIG_03 = 1 / (1 + np.exp(-0.3))  # the neuron at x = 2, w = −0.5, b = 1.3: sigmoid(0.3)
MATMULS = 2 * 100 * 64 * 50, 2 * 100 * 50 * 10  # the two products of 64-50-10, batch 100
ANSWERS = {
    "computational_graphs.recompute": (1 + 4 + 1, 1 + 5 + 1),  # six kinds, the third changes
    "chain_rule.paths": ((4 + 1) * 1 + (1 + 4) * 1, 4 + 1),  # a = 1, b = 4: d + c
    "backward_propagation.mul_backward": (lambda d, x, y: (d * y, d * x), lambda d, x, y: (d * x, d * y)),
    "layers.softmax_loss_backward": (_softmax_backward, lambda s, t: _softmax_backward(s, t) * len(s)),
    "draw_your_own_graph.neuron_grad": (SIG_03 * (1 - SIG_03) * -0.5, SIG_03 * (1 - SIG_03) * 2),
    "efficiency.sweeps": ((200, 3), (3, 200)),
    "efficiency.checkpoint_bytes": (
        (72 * ONE_ARRAY + 8, 6 * ONE_ARRAY + 8),  # 36 layers, 6 segments
        (72 * ONE_ARRAY, 6 * ONE_ARRAY),
    ),
    "measurements.backward_flops": (MATMULS[0] + 2 * MATMULS[1], 2 * sum(MATMULS)),
    "training.relative_error": (_relative_error, lambda b, n: float(np.abs(b - n).max())),
}


def test_every_exercise_has_answers_here():
    assert set(ANSWERS) == set(ex.EXERCISES)


@pytest.mark.parametrize("name", sorted(ANSWERS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_says_right_or_wrong_with_a_hint_in_the_language(name, lang):
    right, wrong = ANSWERS[name]
    yes, no = ex.check(name, right, lang=lang), ex.check(name, wrong, lang=lang)
    assert yes and yes.right and repr(yes) == ("Right." if lang == "en" else "正确。")
    assert not no and ex.EXERCISES[name].hint[lang] in repr(no)
    assert ("Hint" in repr(no)) == (lang == "en") and ("提示" in repr(no)) == (lang == "zh")
    for shown in (repr(yes), repr(no)):  # the right answer is never printed
        if not callable(right):
            for number in np.ravel(right):
                assert str(number) not in shown and f"{number:,}" not in shown
    empty = ex.check(name, ..., lang=lang)
    if callable(right):  # a function whose body is still "..." returns None: not answered yet
        empty = ex.check(name, lambda *args: None, lang=lang)
    assert not empty and ("Fill in" in repr(empty) or "请先填写" in repr(empty))


def test_check_survives_broken_answers_and_names_bad_input():
    broken = ex.check("layers.softmax_loss_backward", lambda s, t: 1 / 0)
    assert not broken and "ZeroDivisionError" in repr(broken)
    assert "wants a function" in repr(ex.check("training.relative_error", 0.5))
    assert "Hint" in repr(ex.check("efficiency.sweeps", "ten"))
    with pytest.raises(KeyError, match="no exercise 'efficiency.sweep'"):
        ex.check("efficiency.sweep", 1)
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        ex.check("efficiency.sweeps", 1, lang="fr")
    with pytest.raises(KeyError, match="no exercise quantity"):
        ex.quantity("nothing")
