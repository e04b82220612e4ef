"""Randomized differential test: random graphs of the engine's ops against independent references.

Each example draws a random program: leaves of broadcastable shapes, then a
chain of operations (elementwise with broadcasting, reductions, matmul,
indexing, softmax, the max gate), ending in a scalar loss.  The program runs

- in graphgrad (values and gradients by backpropagation);
- in a pure-numpy reference written here, with its own forward formulas and
  its own hand-written reverse pass (it shares no code with graphgrad), which
  always runs;
- in PyTorch on the CPU when it is installed (autograd is a third opinion).

Values and gradients must agree to 1e-10 (float64).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphgrad as gg

try:
    import torch
except ImportError:  # torch is optional: pip install torch==2.13.0
    torch = None

SHAPES = [(2, 3), (3,), (2, 1), (1, 3), ()]
UNARY = ["exp_tanh", "log1p_sq", "tanh", "sigmoid", "relu", "abs", "neg", "square", "sum_all"]
BINARY = ["add", "sub", "mul", "div", "maximum"]
FULL_ONLY = ["matmul", "transpose_reshape", "get_item", "softmax", "sum0", "sum1", "mean1", "max0", "max1"]


def random_program(seed: int) -> dict:
    """Leaves, steps and the loss weights, all from one seed."""
    rng = np.random.default_rng(seed)
    shapes = [SHAPES[i] for i in rng.integers(0, len(SHAPES), 3)] + [(2, 3)]
    leaves = [rng.uniform(-1.5, 1.5, s) for s in shapes]
    W = rng.uniform(-1, 1, (3, 3))
    shape_of = list(shapes)
    steps = []
    for _ in range(int(rng.integers(4, 10))):
        kind = rng.choice(["unary", "binary", "full"], p=[0.35, 0.4, 0.25])
        i = int(rng.integers(0, len(shape_of)))
        if kind == "unary":
            op, args = str(rng.choice(UNARY)), (i,)
            shape = () if op == "sum_all" else shape_of[i]
        elif kind == "binary":
            j = int(rng.integers(0, len(shape_of)))
            op, args = str(rng.choice(BINARY)), (i, j)
            shape = np.broadcast_shapes(shape_of[i], shape_of[j])
        else:
            full = [k for k, s in enumerate(shape_of) if s == (2, 3)]
            i = full[int(rng.integers(0, len(full)))]
            op, args = str(rng.choice(FULL_ONLY)), (i,)
            reduced = {"sum0": (1, 3), "max0": (1, 3), "sum1": (2, 1), "mean1": (2, 1), "max1": (2, 1)}
            shape = reduced.get(op, (2, 3))
        steps.append((op, args))
        shape_of.append(tuple(shape))
    return {"leaves": leaves, "W": W, "steps": steps, "R": rng.uniform(-1, 1, shape_of[-1])}


# ---------------------------------------------------------------------------
# The program in graphgrad, in numpy, in torch
# ---------------------------------------------------------------------------


OPS = {
    "exp_tanh": lambda a, b, W: gg.exp(gg.tanh(a)),
    "log1p_sq": lambda a, b, W: gg.log(1 + a * a),
    "tanh": lambda a, b, W: gg.tanh(a),
    "sigmoid": lambda a, b, W: gg.sigmoid(a),
    "relu": lambda a, b, W: gg.relu(a),
    "abs": lambda a, b, W: abs(a),
    "neg": lambda a, b, W: -a,
    "square": lambda a, b, W: a**2,
    "add": lambda a, b, W: a + b,
    "sub": lambda a, b, W: a - b,
    "mul": lambda a, b, W: a * b,
    "div": lambda a, b, W: a / (1.5 + b * b),
    "maximum": lambda a, b, W: gg.maximum(a, b),
    "matmul": lambda a, b, W: a @ W,
    "transpose_reshape": lambda a, b, W: a.T.reshape(2, 3),
    "get_item": lambda a, b, W: a[:, [2, 0, 1]],
    "softmax": lambda a, b, W: gg.softmax(a),
    "sum0": lambda a, b, W: a.sum(axis=0, keepdims=True),
    "sum1": lambda a, b, W: a.sum(axis=1, keepdims=True),
    "mean1": lambda a, b, W: a.mean(axis=1, keepdims=True),
    "sum_all": lambda a, b, W: a.sum(),
    "max0": lambda a, b, W: a.max(axis=0, keepdims=True),
    "max1": lambda a, b, W: a.max(axis=1, keepdims=True),
}  # fmt: skip


def _run_steps(h, W, steps):
    for op, args in steps:
        a = h[args[0]]
        b = h[args[1]] if len(args) > 1 else None
        h.append(OPS[op](a, b, W))


def run_graphgrad(p, segment=None, dtype=np.float64):
    """The program in graphgrad; ``segment`` (see random_segment) runs some steps under gg.checkpoint."""
    leaves = [gg.Variable(np.asarray(a, dtype)) for a in p["leaves"]]
    W = gg.Variable(np.asarray(p["W"], dtype))
    h = list(leaves)
    if segment is None:
        _run_steps(h, W, p["steps"])
    else:
        start, stop, passed, nested = segment
        _run_steps(h, W, p["steps"][:start])
        if stop == start:  # the identity segment stands in for one value
            (k,) = passed
            h[k] = gg.checkpoint((lambda x: gg.checkpoint(lambda y: y, x)) if nested else (lambda x: x), h[k])
            _run_steps(h, W, p["steps"][start:])
            return _loss_and_grads(h, p, dtype, leaves, W)
        outer = sorted(i for i in passed if i != "W")

        def fn(*args):  # the outer values not passed are captured from h, W as well unless passed
            inner = list(h[: len(leaves) + start])
            for i, v in zip(outer, args[: len(outer)], strict=True):
                inner[i] = v
            _run_steps(inner, args[-1] if "W" in passed else W, p["steps"][start:stop])
            return inner[-1]

        args = [h[i] for i in outer] + ([W] if "W" in passed else [])
        segment_fn = (lambda *a: gg.checkpoint(fn, *a)) if nested else fn
        h += [None] * (stop - start - 1) + [gg.checkpoint(segment_fn, *args)]
        _run_steps(h, W, p["steps"][stop:])
    return _loss_and_grads(h, p, dtype, leaves, W)


def _loss_and_grads(h, p, dtype, leaves, W):
    weights = p["R_constant"] if "R_constant" in p else np.asarray(p["R"], dtype)
    loss = gg.sum(h[-1] * weights)
    p["loss_dtype"] = loss.dtype
    loss.backward()
    return loss.item(), [v.grad if v.grad is not None else np.zeros_like(v.data) for v in (*leaves, W)]


def random_segment(p, seed):
    """Steps start..stop run as one checkpoint: only its last value may be used after it.

    ``passed``: the outer values given to fn as arguments (the others it captures as a
    closure, W included unless "W" is passed); stop == start is the identity segment
    (fn returns its argument).  ``nested``: the segment is a checkpoint inside a checkpoint.
    """
    rng = np.random.default_rng(seed)
    n_leaves, steps = len(p["leaves"]), p["steps"]
    while True:
        start = int(rng.integers(0, len(steps)))
        stop = int(rng.integers(start, len(steps) + 1))
        inside = range(n_leaves + start, n_leaves + stop - 1)  # all but the segment's last value
        if not any(i in inside for _, args in steps[stop:] for i in args):
            break
    if stop == start:  # the identity segment, on one of the values that exist at that point
        return start, start, {int(rng.integers(0, n_leaves + start))}, bool(rng.integers(0, 2))
    used = {i for _, args in steps[start:stop] for i in args if i < n_leaves + start}
    passed = {i for i in used if rng.integers(0, 2)} | ({"W"} if rng.integers(0, 2) else set())
    return start, stop, passed, bool(rng.integers(0, 2))


def _unbroadcast(g, shape):
    """np.sum over the axes broadcasting added or stretched (written apart from graphgrad's)."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def run_numpy(p):
    """Forward with numpy, then a reverse pass over the recorded steps with hand-written VJPs."""
    h = [np.array(a, dtype=float) for a in p["leaves"]]
    W = p["W"]
    for op, args in p["steps"]:
        a = h[args[0]]
        b = h[args[1]] if len(args) > 1 else None
        if op == "softmax":
            e = np.exp(a - a.max(axis=1, keepdims=True))
            out = e / e.sum(axis=1, keepdims=True)
        else:
            out = {
                "exp_tanh": lambda a, b, W: np.exp(np.tanh(a)),
                "log1p_sq": lambda a, b, W: np.log1p(a * a),
                "tanh": lambda a, b, W: np.tanh(a),
                "sigmoid": lambda a, b, W: 1 / (1 + np.exp(-a)),
                "relu": lambda a, b, W: np.where(a > 0, a, 0.0),
                "abs": lambda a, b, W: np.abs(a),
                "neg": lambda a, b, W: -a,
                "square": lambda a, b, W: a * a,
                "add": lambda a, b, W: a + b,
                "sub": lambda a, b, W: a - b,
                "mul": lambda a, b, W: a * b,
                "div": lambda a, b, W: a / (1.5 + b * b),
                "maximum": lambda a, b, W: np.maximum(a, b),
                "matmul": lambda a, b, W: a @ W,
                "transpose_reshape": lambda a, b, W: a.T.reshape(2, 3),
                "get_item": lambda a, b, W: a[:, [2, 0, 1]],
                "sum0": lambda a, b, W: a.sum(axis=0, keepdims=True),
                "sum1": lambda a, b, W: a.sum(axis=1, keepdims=True),
                "mean1": lambda a, b, W: a.mean(axis=1, keepdims=True),
                "sum_all": lambda a, b, W: a.sum(),
                "max0": lambda a, b, W: a.max(axis=0, keepdims=True),
                "max1": lambda a, b, W: a.max(axis=1, keepdims=True),
            }[op](a, b, W)  # fmt: skip
        h.append(np.asarray(out, dtype=float))
    loss = float((h[-1] * p["R"]).sum())

    g = [np.zeros_like(v) for v in h]
    gW = np.zeros_like(W)
    g[-1] = np.asarray(p["R"] * np.ones_like(h[-1]))
    n_leaves = len(p["leaves"])
    for k in range(len(p["steps"]) - 1, -1, -1):
        op, args = p["steps"][k]
        y, gy = h[n_leaves + k], g[n_leaves + k]
        a = h[args[0]]
        if len(args) == 1:
            if op == "exp_tanh":
                ga = gy * y * (1 - np.tanh(a) ** 2)
            elif op == "log1p_sq":
                ga = gy * 2 * a / (1 + a * a)
            elif op == "tanh":
                ga = gy * (1 - y * y)
            elif op == "sigmoid":
                ga = gy * y * (1 - y)
            elif op == "relu":
                ga = gy * (a > 0)
            elif op == "abs":
                ga = gy * np.sign(a)
            elif op == "neg":
                ga = -gy
            elif op == "square":
                ga = gy * 2 * a
            elif op == "matmul":
                ga = gy @ W.T
                gW += a.T @ gy
            elif op == "transpose_reshape":
                ga = gy.reshape(3, 2).T
            elif op == "get_item":
                ga = np.zeros_like(a)
                ga[:, [2, 0, 1]] = gy
            elif op == "softmax":
                ga = y * (gy - (gy * y).sum(axis=1, keepdims=True))
            elif op == "sum0":
                ga = np.repeat(gy, 2, axis=0)
            elif op in ("sum1", "mean1"):
                ga = np.repeat(gy, 3, axis=1) / (3 if op == "mean1" else 1)
            elif op == "sum_all":
                ga = np.full(a.shape, gy)
            else:  # max0, max1: the winners share the gradient
                axis = 0 if op == "max0" else 1
                win = a == a.max(axis=axis, keepdims=True)
                ga = gy * win / win.sum(axis=axis, keepdims=True)
            g[args[0]] = g[args[0]] + ga
            continue
        b = h[args[1]]
        if op in ("add", "sub"):
            ga, gb = gy, (gy if op == "add" else -gy)
        elif op == "mul":
            ga, gb = gy * b, gy * a
        elif op == "div":
            d = 1.5 + b * b
            ga, gb = gy / d, -gy * a * 2 * b / (d * d)
        else:  # maximum: the winner takes it, a tie shares it
            share = np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0))
            ga, gb = gy * share, gy * (1 - share)
        g[args[0]] = g[args[0]] + _unbroadcast(np.broadcast_to(ga, y.shape), a.shape)
        g[args[1]] = g[args[1]] + _unbroadcast(np.broadcast_to(gb, y.shape), b.shape)
    return loss, [*g[:n_leaves], gW]


def run_torch(p):
    leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in p["leaves"]]
    W = torch.tensor(p["W"], requires_grad=True)
    h = list(leaves)
    for op, args in p["steps"]:
        a = h[args[0]]
        b = h[args[1]] if len(args) > 1 else None
        h.append({
            "exp_tanh": lambda a, b, W: torch.exp(torch.tanh(a)),
            "log1p_sq": lambda a, b, W: torch.log(1 + a * a),
            "tanh": lambda a, b, W: torch.tanh(a),
            "sigmoid": lambda a, b, W: torch.sigmoid(a),
            "relu": lambda a, b, W: torch.relu(a),
            "abs": lambda a, b, W: torch.abs(a),
            "neg": lambda a, b, W: -a,
            "square": lambda a, b, W: a**2,
            "add": lambda a, b, W: a + b,
            "sub": lambda a, b, W: a - b,
            "mul": lambda a, b, W: a * b,
            "div": lambda a, b, W: a / (1.5 + b * b),
            "maximum": lambda a, b, W: torch.maximum(a, b),
            "matmul": lambda a, b, W: a @ W,
            "transpose_reshape": lambda a, b, W: a.T.reshape(2, 3),
            "get_item": lambda a, b, W: a[:, [2, 0, 1]],
            "softmax": lambda a, b, W: torch.softmax(a, dim=1),
            "sum0": lambda a, b, W: a.sum(dim=0, keepdim=True),
            "sum1": lambda a, b, W: a.sum(dim=1, keepdim=True),
            "mean1": lambda a, b, W: a.mean(dim=1, keepdim=True),
            "sum_all": lambda a, b, W: a.sum(),
            "max0": lambda a, b, W: torch.amax(a, dim=0, keepdim=True),
            "max1": lambda a, b, W: torch.amax(a, dim=1, keepdim=True),
        }[op](a, b, W))  # fmt: skip
    loss = (h[-1] * torch.tensor(p["R"])).sum()
    loss.backward()
    grads = [t.grad.numpy() if t.grad is not None else np.zeros(t.shape) for t in (*leaves, W)]
    return loss.item(), grads


def _agree(got, want):
    (loss_a, grads_a), (loss_b, grads_b) = got, want
    assert loss_a == pytest.approx(loss_b, rel=1e-10, abs=1e-10)
    for ga, gb in zip(grads_a, grads_b, strict=True):
        assert np.shape(ga) == np.shape(gb)
        np.testing.assert_allclose(ga, gb, rtol=1e-10, atol=1e-10)


EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(st.integers(0, 2**32 - 1))
def test_random_graphs_against_a_numpy_reference(seed):
    p = random_program(seed)
    _agree(run_graphgrad(p), run_numpy(p))


@pytest.mark.skipif(torch is None, reason="PyTorch is not installed (pip install torch==2.13.0 to compare)")
@EXAMPLES
@given(st.integers(0, 2**32 - 1))
def test_random_graphs_against_pytorch(seed):
    p = random_program(seed)
    _agree(run_graphgrad(p), run_torch(p))


READS_TWICE = {"log1p_sq": (0, 0), "div": (0, 1, 1)}  # a * a, and a / (1.5 + b * b)


def reads_each_outer_value_once(p, segment):
    """Whether the segment reads every value from outside it (W included) at most once.

    Then each such value's gradient is the same sum, in the same order, as in the
    plain graph.  A value read twice inside and once more outside gets (g1 + g2) + g3
    instead of (g1 + g3) + g2 or so: the same numbers added in another order, which
    can differ in the last bit (PyTorch's checkpoint does the same).
    """
    start, stop, _, _ = segment
    first_inner = len(p["leaves"]) + start
    reads = []
    for op, args in p["steps"][start:stop]:
        reads += [args[k] for k in READS_TWICE.get(op, range(len(args)))] + (["W"] if op == "matmul" else [])
    outer = [i for i in reads if i == "W" or i < first_inner]
    return len(outer) == len(set(outer))


@EXAMPLES
@given(st.integers(0, 2**32 - 1))
def test_checkpoint_is_bitwise_the_plain_graph(seed):
    """A random run of steps as a checkpoint (arguments, closures, nested, identity): the same bits.

    When the segment reads an outer value several times, the same terms are added in
    another order: equal to a few units in the last place.
    """
    p = random_program(seed)
    segment = random_segment(p, seed)
    loss_plain, grads_plain = run_graphgrad(p)
    loss_ckpt, grads_ckpt = run_graphgrad(p, segment)
    assert loss_ckpt == loss_plain
    for a, b in zip(grads_ckpt, grads_plain, strict=True):
        assert a.dtype == b.dtype
        if reads_each_outer_value_once(p, segment):
            assert np.array_equal(a, b)
        else:
            np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)


def test_the_segments_cover_closures_arguments_nesting_and_the_identity():
    segments = [random_segment(random_program(seed), seed) for seed in range(200)]
    assert any(stop == start for start, stop, _, _ in segments)  # identity
    assert any("W" not in passed and stop > start for start, stop, passed, _ in segments)  # W captured
    assert any("W" in passed for _, _, passed, _ in segments)
    assert any(nested for *_, nested in segments) and not all(nested for *_, nested in segments)
    exact = [reads_each_outer_value_once(random_program(seed), seg) for seed, seg in enumerate(segments)]
    assert sum(exact) > 100 and not all(exact)  # mostly bitwise; some reorder a sum


@EXAMPLES
@given(st.integers(0, 2**32 - 1))
def test_float32_programs_stay_float32_with_numpy_scalars_as_constants(seed):
    """Issue 21, case 11: the program in float32, its constants numpy float64 scalars and 0-d arrays."""
    p = random_program(seed)
    loss64, grads64 = run_graphgrad(p)
    # the loss weights as a list, or a 0-d float64 array when the output is a single number
    p["R_constant"] = p["R"].tolist() if np.ndim(p["R"]) else np.array(p["R"], dtype=np.float64)
    loss32, grads32 = run_graphgrad(p, dtype=np.float32)
    assert p["loss_dtype"] == np.float32 and all(g.dtype == np.float32 for g in grads32)
    assert loss32 == pytest.approx(loss64, rel=1e-4, abs=1e-4)
    for g32, g64 in zip(grads32, grads64, strict=True):
        np.testing.assert_allclose(g32, g64, rtol=2e-3, atol=2e-3)


def test_every_op_is_drawn_by_the_generator():
    seen = {op for seed in range(300) for op, _ in random_program(seed)["steps"]}
    assert seen == set(UNARY) | set(BINARY) | set(FULL_ONLY)


@pytest.mark.skipif(torch is None, reason="PyTorch is not installed (pip install torch==2.13.0 to compare)")
@EXAMPLES
@given(st.integers(0, 2**32 - 1))
def test_nan_inputs_give_pytorchs_gradients(seed):
    """Issue 21, case 10: relu and maximum pass the gradient at NaN, as PyTorch does.

    (abs is left out on purpose: PyTorch's sign of NaN is 0, graphgrad's is NaN, which shows it.)
    """
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(-1, 1, (2, 6))
    a[rng.integers(0, 6, 2)] = np.nan
    b[rng.integers(0, 6, 1)] = np.nan
    b[0] = a[0]  # a tie too
    r = rng.uniform(-1, 1, 6)
    ga, gb = gg.Variable(a), gg.Variable(b)
    gg.sum((gg.relu(ga) + gg.maximum(ga, gb) + gg.relu(gb)) * r).backward()
    ta, tb = (torch.tensor(v, requires_grad=True) for v in (a, b))
    ((torch.relu(ta) + torch.maximum(ta, tb) + torch.relu(tb)) * torch.tensor(r)).sum().backward()
    np.testing.assert_array_equal(ga.grad, ta.grad.numpy())
    np.testing.assert_array_equal(gb.grad, tb.grad.numpy())
