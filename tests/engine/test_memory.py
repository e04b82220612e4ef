"""saved_bytes and checkpoint: what reverse mode keeps, and recomputation instead of keeping it."""

import numpy as np
import pytest

import graphgrad as gg


def layer(h, W):
    return gg.tanh(h @ W)


def chain(x, Ws, segment=0):
    """x through len(Ws) tanh layers; with segment > 0, every `segment` layers are one checkpoint."""
    h = x
    if segment <= 0:
        for W in Ws:
            h = layer(h, W)
        return gg.sum(h)
    for start in range(0, len(Ws), segment):
        group = Ws[start : start + segment]

        def block(h, *Ws):
            for W in Ws:
                h = layer(h, W)
            return h

        h = gg.checkpoint(block, h, *group)
    return gg.sum(h)


def make(depth, width=16, batch=4, seed=0):
    rng = np.random.default_rng(seed)
    x = gg.Variable(rng.standard_normal((batch, width)))
    Ws = [gg.Variable(rng.standard_normal((width, width)) / 4) for _ in range(depth)]
    return x, Ws


@pytest.mark.parametrize("segment", [1, 3, 4, 16])
def test_checkpoint_gradients_identical_and_fewer_bytes(segment):
    x, Ws = make(16)
    plain = chain(x, Ws)
    plain.backward()
    want = [x.grad.copy()] + [W.grad.copy() for W in Ws]
    stored_plain = gg.saved_bytes(plain)
    for v in [x, *Ws]:
        v.cleargrad()
    ckpt = chain(x, Ws, segment)
    assert ckpt.item() == plain.item()
    stored_ckpt = gg.saved_bytes(ckpt)
    ckpt.backward()
    got = [x.grad] + [W.grad for W in Ws]
    for a, b in zip(got, want, strict=True):
        assert np.array_equal(a, b)  # bit for bit: the same operations in the same order
    assert stored_ckpt < stored_plain
    # plain: 2 arrays of (4, 16) float64 per layer (the product and tanh) plus the scalar sum
    assert stored_plain == 16 * 2 * 4 * 16 * 8 + 8
    # checkpointed: one (4, 16) output per segment, plus the sum
    assert stored_ckpt == -(-16 // segment) * 4 * 16 * 8 + 8


def test_checkpoint_recomputes_in_backward():
    x, Ws = make(4)
    with gg.count_ops() as plain:
        chain(x, Ws).backward()
    with gg.count_ops() as ckpt:
        chain(x, Ws, 2).backward()
    assert plain.forward == 2 * 4 + 1 and plain.backward == 2 * 4 + 1
    inner = {k: n for k, n in ckpt.by_op.items() if k[1] != "checkpoint"}
    assert ckpt.by_op["forward", "checkpoint"] == ckpt.by_op["backward", "checkpoint"] == 2
    assert inner == {**plain.by_op, ("forward", "matmul"): 8, ("forward", "tanh"): 8}  # twice each
    assert ckpt.flops["backward"] == plain.flops["backward"]
    assert ckpt.flops["forward"] == 2 * plain.flops["forward"] - 4 * 16  # the sum (64 flops) runs once


def test_checkpoint_constants_and_forward_mode():
    c = np.array([2.0, 3.0])
    x = gg.Variable(np.array([0.5, -1.0]))
    y = gg.sum(gg.checkpoint(lambda a, b: a * b * a, x, c))
    y.backward()
    assert x.grad == pytest.approx(2 * c * x.data)
    value, tangent = gg.jvp(lambda v: gg.sum(gg.checkpoint(lambda a: gg.tanh(a) * a, v)), x.data, np.ones(2))
    t = np.tanh(x.data)
    assert tangent == pytest.approx(np.sum(t + (1 - t**2) * x.data))


def test_saved_bytes_counts_views_once_and_leaves_not_at_all():
    x = gg.Variable(np.ones((10, 10)))
    assert gg.saved_bytes(x) == 0
    y = gg.reshape(gg.tanh(x), (100,))  # reshape returns a view of tanh's output
    assert gg.saved_bytes(y) == 800


def test_saved_bytes_counts_arrays_a_function_stores():
    scores = gg.Variable(np.zeros((3, 5)))
    loss = gg.softmax_cross_entropy(scores, np.array([0, 1, 2]))
    assert gg.saved_bytes(loss) >= 3 * 5 * 8


def test_memory_errors_name_the_problem():
    with pytest.raises(TypeError, match="saved_bytes: expected a graphgrad Variable"):
        gg.saved_bytes(np.ones(3))
    with pytest.raises(TypeError, match="fn must be callable"):
        gg.checkpoint(3, gg.Variable(1.0))
    with pytest.raises(TypeError, match="must return one graphgrad Variable"):
        gg.checkpoint(lambda a: a.data, gg.Variable(1.0))


def test_a_checkpoint_without_arguments_differentiates_what_it_captures():
    W = gg.Variable(np.array([1.0, 2.0]))
    gg.sum(gg.checkpoint(lambda: gg.tanh(W) * W)).backward()
    assert np.array_equal(W.grad, np.tanh([1.0, 2.0]) + np.array([1.0, 2.0]) * (1 - np.tanh([1.0, 2.0]) ** 2))
    assert gg.checkpoint(lambda: gg.Variable(1.0, requires_grad=False) * 2.0).creator is None  # a constant


def test_needed_bytes_counts_only_what_the_backward_rules_read():
    value = 4 * 5 * 8  # one float64 value of the chain
    x, W = gg.Variable(np.ones((4, 5))), gg.Variable(np.eye(5) / 2)
    h = x
    for _ in range(3):
        h = gg.tanh(h @ W)
    loss = gg.sum(h)
    assert gg.saved_bytes(loss) == 2 * 3 * value + 8  # the products, tanh's outputs and the loss
    assert gg.needed_bytes(loss) == 3 * value  # tanh reads its output; matmul reads h (and W, an input)
    # a product reads the other factor only for a gradient that is needed
    c = gg.Variable(np.full(10, 3.0), requires_grad=False)
    e = gg.exp(gg.Variable(np.zeros(10)))
    assert gg.needed_bytes(e * c) == 80  # exp's output, read by exp's rule; c is a constant input
    assert gg.needed_bytes(gg.Variable(np.ones(10)) + 1.0) == 0  # add reads nothing
    with pytest.raises(TypeError, match="needed_bytes: expected a graphgrad Variable"):
        gg.needed_bytes(np.ones(3))


def test_needed_bytes_of_a_checkpointed_chain_is_the_segment_inputs():
    rng = np.random.default_rng(0)
    x = gg.Variable(rng.standard_normal((4, 5)))
    Ws = [gg.Variable(rng.standard_normal((5, 5))) for _ in range(4)]

    def block(h, *Ws):
        for W in Ws:
            h = gg.tanh(h @ W)
        return h

    h = x
    for k in (0, 2):
        h = gg.checkpoint(block, h, *Ws[k : k + 2])
    assert gg.needed_bytes(gg.sum(h)) == 4 * 5 * 8  # the one boundary between the segments
