"""Exercises that make you compute, and a checker that knows the answers by computing them too.

Each teaching page of the site ends with exercises; its notebook ends with a cell for your
answer and a cell that checks it::

    from graphgrad import exercises
    answer = ...                      # your number, or your function
    exercises.check("efficiency.sweeps", answer)

:func:`check` says whether the answer is right and, if it is not, gives a hint, in English or
Chinese; it never shows the answer.  It knows the right answers because it works them out with
the engine: it builds the graph the exercise describes and counts its paths, runs the sweeps
with :func:`~graphgrad.count_ops`, measures the memory with :func:`~graphgrad.saved_bytes`,
or runs backward propagation and compares your function with it.  No answer is typed in.

The quantities behind the exercises (:data:`QUANTITIES`) are ordinary functions; the site's
pages quote them in their worked answers, so a page and its notebook always agree.

Examples
--------
>>> from graphgrad import exercises
>>> exercises.check("chain_rule.paths", 10)   # e = (a + b)(b + 1) at a = 1, b = 4
Right.
>>> exercises.check("chain_rule.paths", 15, lang="zh")  # doctest: +ELLIPSIS
还不对。提示：b 沿两条路径到达 e：经过 c = a + b 和经过 d = b + 1。...
>>> exercises.diamond_paths(3), exercises.jacobian_sweeps(10, 1000, "forward")
(8, 10)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphgrad import functions as F
from graphgrad.core import Variable
from graphgrad.counting import count_ops
from graphgrad.forward_mode import jvp
from graphgrad.graph import topological_order
from graphgrad.memory import checkpoint, saved_bytes
from graphgrad.numerical import gradient_check

__all__ = ["check", "Verdict", "EXERCISES", "QUANTITIES"]

LANGS = ("en", "zh")


def _grad(v: Variable) -> np.ndarray:
    """The gradient backward propagation left on ``v`` (every exercise differentiates its inputs)."""
    if v.grad is None:
        raise RuntimeError("exercises: a variable got no gradient; does the graph use it?")
    return v.grad


# --------------------------------------------------------------------------------------------
# Counting on a graph: paths, edges, nodes
# --------------------------------------------------------------------------------------------


def count_paths(y: Variable, x: Variable) -> int:
    """Number of paths from ``x`` to ``y`` in the recorded graph (an input used twice: two edges).

    Walks the graph once, forward, adding up the paths that reach each value: the count a
    path-by-path chain rule would have to list.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(2.0)
    >>> count_paths(x * x * x, x)     # twice into the first node, once into the second
    3
    """
    paths = {id(x): 1}
    for f in reversed(topological_order(y)):
        paths[id(f.output())] = sum(paths.get(id(v), 0) for v in f.inputs)
    return paths.get(id(y), 0)


def path_multiplications(y: Variable, x: Variable) -> int:
    """Multiplications of the chain rule done path by path: each path of L edges needs L − 1.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(2.0)
    >>> path_multiplications(gg.exp(gg.tanh(x)), x)   # one path of two edges
    1
    """
    paths, edges = {id(x): 1}, {id(x): 0}  # edges: the total length of all paths reaching a value
    for f in reversed(topological_order(y)):
        out = id(f.output())
        paths[out] = sum(paths.get(id(v), 0) for v in f.inputs)
        edges[out] = sum(edges.get(id(v), 0) + paths.get(id(v), 0) for v in f.inputs)
    return edges.get(id(y), 0) - paths.get(id(y), 0)


def backward_multiplications(y: Variable) -> int:
    """Multiplications of one backward sweep by local derivatives.

    One per edge of the graph, except the edges into the output's node, which receive the seed 1.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(2.0)
    >>> backward_multiplications(gg.exp(gg.tanh(x)))
    1
    """
    order = topological_order(y)
    edges = sum(len(f.inputs) for f in order)
    return edges - (len(y.creator.inputs) if y.creator is not None else 0)


def diamonds(depth: int, x0: float = 0.3) -> tuple[Variable, Variable]:
    """``depth`` diamonds v → tanh(v)·sigmoid(v), as on the efficiency page: (input, output).

    Examples
    --------
    >>> x, y = diamonds(2)
    >>> count_paths(y, x)
    4
    """
    if int(depth) != depth or depth < 1:
        raise ValueError(f"diamonds: depth must be a positive integer, got {depth!r}")
    x = Variable(float(x0), "x")
    v = x
    for _ in range(int(depth)):
        v = F.tanh(v) * F.sigmoid(v)
    return x, v


def diamond_paths(depth: int) -> int:
    """Paths from x to y through ``depth`` diamonds."""
    x, y = diamonds(depth)
    return count_paths(y, x)


def diamond_path_multiplications(depth: int) -> int:
    """Multiplications of listing every path through ``depth`` diamonds."""
    x, y = diamonds(depth)
    return path_multiplications(y, x)


def diamond_backward_multiplications(depth: int) -> int:
    """Multiplications of one backward sweep through ``depth`` diamonds."""
    return backward_multiplications(diamonds(depth)[1])


def diamond_sweep_nodes(depth: int, mode: str) -> int:
    """Node evaluations of one derivative through ``depth`` diamonds (:func:`~graphgrad.count_ops`).

    ``mode`` is ``"forward"`` (Jacobian-vector products) or ``"reverse"`` (the backward sweep).

    Examples
    --------
    >>> diamond_sweep_nodes(3, "forward"), diamond_sweep_nodes(3, "reverse")
    (9, 9)
    """
    if mode == "forward":
        with count_ops() as c:
            jvp(lambda v: diamonds_of(v, depth), 0.3, 1.0)
        return c.jvp
    _, y = diamonds(depth)
    with count_ops() as c:
        y.backward()
    return c.backward


def diamonds_of(v: Variable, depth: int) -> Variable:
    """The diamonds applied to a given variable (for forward mode)."""
    for _ in range(int(depth)):
        v = F.tanh(v) * F.sigmoid(v)
    return v


# --------------------------------------------------------------------------------------------
# Sweeps for a whole Jacobian
# --------------------------------------------------------------------------------------------


def jacobian_sweeps(n_inputs: int, n_outputs: int, mode: str) -> int:
    """Sweeps that ``mode`` (``"forward"`` or ``"reverse"``) runs for the whole Jacobian of ℝⁿ → ℝᵐ.

    The function is tanh(A x), A an m × n matrix; the sweeps are run and counted.

    A forward-mode sweep gives one column of the Jacobian, a backward sweep one row.

    Examples
    --------
    >>> jacobian_sweeps(3, 2, "forward"), jacobian_sweeps(3, 2, "reverse")
    (3, 2)
    """
    n, m = int(n_inputs), int(n_outputs)
    A = np.random.default_rng(0).standard_normal((m, n))
    f = lambda x: F.tanh(F.matmul(A, x))  # noqa: E731 - one line, named for the counts below
    x0 = np.full(n, 0.1)
    nodes = 2  # matmul and tanh: the count of node evaluations per sweep
    if mode == "forward":
        with count_ops() as c:
            J = np.column_stack([jvp(f, x0, e)[1] for e in np.eye(n)])
        sweeps = c.jvp // nodes
    elif mode == "reverse":
        x = Variable(x0)
        y = f(x)
        rows = []
        with count_ops() as c:
            for seed in np.eye(m):
                x.cleargrad()
                y.backward(seed)
                rows.append(_grad(x).copy())
        J = np.vstack(rows)
        sweeps = c.backward // nodes
    else:
        raise ValueError(f"jacobian_sweeps: mode must be 'forward' or 'reverse', got {mode!r}")
    assert J.shape == (m, n)
    return sweeps


# --------------------------------------------------------------------------------------------
# Memory of a chain of layers, plain and checkpointed
# --------------------------------------------------------------------------------------------


def _chain(layers: int, width: int, batch: int) -> tuple[Variable, list[Variable]]:
    rng = np.random.default_rng(0)
    x = Variable(rng.standard_normal((int(batch), int(width))))
    scale = math.sqrt(width)
    Ws = [Variable(rng.standard_normal((int(width), int(width))) / scale) for _ in range(int(layers))]
    return x, Ws


def _layers(h: Variable, *Ws: Variable) -> Variable:
    for W in Ws:
        h = F.tanh(h @ W)
    return h


def chain_saved_bytes(layers: int, width: int, batch: int, segments: int = 0) -> int:
    """Bytes the graph of ``layers`` layers tanh(h W), summed at the end, keeps for backward.

    The chain is built as on the efficiency page; ``segments`` > 0 checkpoints that many
    segments of (nearly) equal length.

    Examples
    --------
    >>> chain_saved_bytes(16, 100, 64)          # the efficiency page's chain
    1638408
    >>> chain_saved_bytes(16, 100, 64, segments=4)
    204808
    """
    x, Ws = _chain(layers, width, batch)
    if segments:
        h = x
        for part in np.array_split(np.arange(int(layers)), int(segments)):
            h = checkpoint(_layers, h, *[Ws[i] for i in part])
    else:
        h = _layers(x, *Ws)
    return saved_bytes(F.sum(h))


def chain_segment_bytes(layers: int, width: int, batch: int, segments: int) -> int:
    """Bytes the longest of ``segments`` checkpointed segments holds while it is recomputed."""
    longest = max(len(p) for p in np.array_split(np.arange(int(layers)), int(segments)))
    x, Ws = _chain(longest, width, batch)
    return saved_bytes(_layers(x, *Ws))


# --------------------------------------------------------------------------------------------
# A receipt: local computation and what a change costs
# --------------------------------------------------------------------------------------------


def receipt(kinds: int, tax: float = 1.1) -> tuple[list[Variable], Variable]:
    """A receipt of ``kinds`` kinds of fruit, added up left to right, then taxed: (prices, payment).

    Examples
    --------
    >>> prices, payment = receipt(2)         # the book's apples and oranges, 100 and 150 yen
    >>> round(payment.item(), 6)
    715.0
    """
    if int(kinds) != kinds or kinds < 1:
        raise ValueError(f"receipt: kinds must be a positive integer, got {kinds!r}")
    prices = [Variable(100.0 + 50 * k, f"price{k + 1}") for k in range(int(kinds))]
    counts = [Variable(float(k + 2), f"count{k + 1}") for k in range(int(kinds))]
    amounts = [p * c for p, c in zip(prices, counts, strict=True)]
    total = amounts[0]
    for a in amounts[1:]:
        total = total + a
    return prices, total * Variable(float(tax), "tax")


def receipt_nodes(kinds: int) -> int:
    """Nodes (functions) of the receipt's graph."""
    return len(topological_order(receipt(kinds)[1]))


def receipt_recomputed(kinds: int, changed: int) -> int:
    """Nodes that must run again when the price of kind number ``changed`` (from 1) changes.

    Those the changed price reaches, and no other (local computation).
    """
    prices, payment = receipt(kinds)
    if not 1 <= changed <= len(prices):
        raise ValueError(f"receipt_recomputed: changed must be 1 to {len(prices)}, got {changed!r}")
    reached = {id(prices[int(changed) - 1])}
    count = 0
    for f in reversed(topological_order(payment)):
        if any(id(v) in reached for v in f.inputs):
            reached.add(id(f.output()))
            count += 1
    return count


def receipt_backward_nodes(kinds: int) -> int:
    """Node evaluations of the backward sweep that gives every derivative of the payment."""
    _, payment = receipt(kinds)
    with count_ops() as c:
        payment.backward()
    return c.backward


# --------------------------------------------------------------------------------------------
# Small graphs worked by hand
# --------------------------------------------------------------------------------------------


def paths_graph_grad(a: float, b: float) -> float:
    """∂e/∂b for e = (a + b)(b + 1), by backward propagation.

    Examples
    --------
    >>> paths_graph_grad(2, 1)
    5.0
    """
    va, vb = Variable(float(a)), Variable(float(b))
    e = (va + vb) * (vb + 1)
    e.backward()
    return float(_grad(vb).item())


def cube_paths() -> int:
    """Paths from x to y = x·x·x (two multiply nodes)."""
    x = Variable(2.0)
    return count_paths(x * x * x, x)


def cube_grad(x: float) -> float:
    """dy/dx for y = x·x·x, by backward propagation."""
    v = Variable(float(x))
    y = v * v * v
    y.backward()
    return float(_grad(v).item())


def neuron(
    inputs: int = 1, x: float = 2.0, w: float = -0.5, b: float = 0.3
) -> tuple[list[Variable], Variable]:
    """The neuron of the page "Draw your own graph", y = sigmoid(x₁w₁ + … + xₙwₙ + b): (inputs, y).

    Every xᵢ is ``x`` and every wᵢ is ``w``; the inputs are x₁, w₁, …, xₙ, wₙ, b, in that order,
    and backward has run.

    Examples
    --------
    >>> variables, y = neuron()
    >>> round(y.item(), 4), len(variables)
    (0.3318, 3)
    """
    if int(inputs) < 1:
        raise ValueError(f"neuron: inputs must be at least 1, got {inputs!r}")
    variables: list[Variable] = []
    z: Variable | None = None
    for _ in range(int(inputs)):
        xi, wi = Variable(float(x)), Variable(float(w))
        variables += [xi, wi]
        z = xi * wi if z is None else z + xi * wi
    vb = Variable(float(b))
    y = F.sigmoid(z + vb)
    y.backward()
    return [*variables, vb], y


def neuron_output(x: float, w: float, b: float) -> float:
    """The output y = sigmoid(x·w + b) of the one-input neuron."""
    return float(neuron(1, x, w, b)[1].item())


def neuron_sigmoid_local(x: float, w: float, b: float) -> float:
    """The sigmoid node's local derivative y(1 − y) at that neuron."""
    y = neuron_output(x, w, b)
    return y * (1 - y)


def neuron_grad_w(x: float, w: float, b: float) -> float:
    """∂y/∂w of y = sigmoid(x·w + b), by backward propagation."""
    return float(_grad(neuron(1, x, w, b)[0][1]).item())


def neuron_grad_x(x: float, w: float, b: float) -> float:
    """∂y/∂x of y = sigmoid(x·w + b), by backward propagation."""
    return float(_grad(neuron(1, x, w, b)[0][0]).item())


def neuron_nodes(inputs: int) -> int:
    """Operation nodes of a neuron with ``inputs`` inputs (what its diagram draws as operations)."""
    return len(topological_order(neuron(inputs)[1]))


def neuron_input_grads(inputs: int) -> int:
    """Gradients one backward pass leaves on that neuron's inputs (every xᵢ, wᵢ and b)."""
    return sum(v.grad is not None for v in neuron(inputs)[0])


#: The 2 × 3 batch of scores and its labels for the softmax-with-loss exercise.
SOFTMAX_SCORES = np.array([[1.0, 1.0, 1.0], [2.0, 0.0, 0.0]])
SOFTMAX_LABELS = np.array([2, 0])


def softmax_loss_grad(row: int, col: int) -> float:
    """One entry of ∂L/∂a for :data:`SOFTMAX_SCORES` and :data:`SOFTMAX_LABELS` (mean loss).

    Examples
    --------
    >>> round(softmax_loss_grad(0, 2), 4)     # (1/3 − 1) / 2
    -0.3333
    """
    a = Variable(SOFTMAX_SCORES.copy())
    F.softmax_cross_entropy(a, SOFTMAX_LABELS).backward()
    return float(_grad(a)[int(row), int(col)])


def softmax_probability(row: int, col: int) -> float:
    """One entry of softmax(:data:`SOFTMAX_SCORES`), row by row.

    Examples
    --------
    >>> round(softmax_probability(0, 0), 4)
    0.3333
    """
    return float(F.softmax(Variable(SOFTMAX_SCORES.copy())).data[int(row), int(col)])


def two_layer_parameters(inputs: int, hidden: int, outputs: int) -> int:
    """Parameters of the book's :class:`~graphgrad.nn.TwoLayerNet` of the given sizes.

    Examples
    --------
    >>> two_layer_parameters(64, 50, 10)
    3760
    """
    from graphgrad.nn import TwoLayerNet

    net = TwoLayerNet(int(inputs), int(hidden), int(outputs), seed=0)
    return int(sum(p.size for p in net.params.values()))


def two_layer_numerical_evaluations(inputs: int, hidden: int, outputs: int) -> int:
    """Loss evaluations of one central-difference gradient of that network: two per parameter.

    Examples
    --------
    >>> two_layer_numerical_evaluations(3, 2, 2)
    28
    """
    return 2 * two_layer_parameters(inputs, hidden, outputs)


def affine_grad_shapes(n: int, d: int, m: int) -> tuple[tuple[int, ...], ...]:
    """Shapes of ∂L/∂X, ∂L/∂W, ∂L/∂b for an Affine layer X (n, d) · W (d, m) + b (m,).

    Examples
    --------
    >>> affine_grad_shapes(4, 5, 3)
    ((4, 5), (5, 3), (3,))
    """
    rng = np.random.default_rng(0)
    X, W, b = (Variable(rng.standard_normal(s)) for s in ((int(n), int(d)), (int(d), int(m)), (int(m),)))
    F.sum(F.affine(X, W, b)).backward()
    return _grad(X).shape, _grad(W).shape, _grad(b).shape


def relative_error(a: float, b: float) -> float:
    """|a − b| / max(|a|, |b|, 10⁻⁸): how :func:`~graphgrad.gradient_check` scales a difference.

    Examples
    --------
    >>> round(relative_error(2.0, 2.002), 6)
    0.000999
    """
    return abs(a - b) / max(abs(a), abs(b), 1e-8)


def two_layer_matmul_flops(
    batch: int, kind: str, inputs: int = 784, hidden: int = 50, outputs: int = 10
) -> int:
    """Flops of the two matrix products of a two-layer network (784-50-10 by default) on a batch.

    The data is a constant; ``kind`` is ``"forward"`` or ``"backward"``, counted with
    :func:`~graphgrad.count_ops`.

    Examples
    --------
    >>> two_layer_matmul_flops(1, "forward", inputs=2, hidden=3, outputs=1)   # 2·1·2·3 + 2·1·3·1
    18
    """
    rng = np.random.default_rng(0)
    X = rng.standard_normal((int(batch), int(inputs)))
    W1 = Variable(rng.standard_normal((int(inputs), int(hidden))))
    W2 = Variable(rng.standard_normal((int(hidden), int(outputs))))
    with count_ops() as c:
        y = (X @ W1) @ W2
        y.backward(np.ones(y.shape))
    if kind not in ("forward", "backward"):
        raise ValueError(f"two_layer_matmul_flops: kind must be 'forward' or 'backward', got {kind!r}")
    return c.flops[kind]


#: The quantities the site's worked answers quote, as ``[[value exercises.NAME arg=number]]``.
QUANTITIES: dict[str, Callable[..., Any]] = {
    "diamond_paths": diamond_paths,
    "diamond_path_multiplications": diamond_path_multiplications,
    "diamond_backward_multiplications": diamond_backward_multiplications,
    "diamond_forward_nodes": lambda depth: diamond_sweep_nodes(depth, "forward"),
    "diamond_backward_nodes": lambda depth: diamond_sweep_nodes(depth, "reverse"),
    "jacobian_sweeps_forward": lambda n, m: jacobian_sweeps(n, m, "forward"),
    "jacobian_sweeps_reverse": lambda n, m: jacobian_sweeps(n, m, "reverse"),
    "chain_saved_bytes": chain_saved_bytes,
    "chain_segment_bytes": chain_segment_bytes,
    "receipt_nodes": receipt_nodes,
    "receipt_recomputed": receipt_recomputed,
    "receipt_backward_nodes": receipt_backward_nodes,
    "paths_graph_grad": paths_graph_grad,
    "cube_paths": cube_paths,
    "cube_grad": cube_grad,
    "softmax_loss_grad": softmax_loss_grad,
    "neuron_output": neuron_output,
    "neuron_sigmoid_local": neuron_sigmoid_local,
    "neuron_grad_w": neuron_grad_w,
    "neuron_grad_x": neuron_grad_x,
    "neuron_nodes": neuron_nodes,
    "neuron_input_grads": neuron_input_grads,
    "softmax_probability": softmax_probability,
    "two_layer_parameters": two_layer_parameters,
    "two_layer_numerical_evaluations": two_layer_numerical_evaluations,
    "affine_dx_shape": lambda n, d, m: affine_grad_shapes(n, d, m)[0],
    "affine_dw_shape": lambda n, d, m: affine_grad_shapes(n, d, m)[1],
    "affine_db_shape": lambda n, d, m: affine_grad_shapes(n, d, m)[2],
    "relative_error": relative_error,
    "matmul_flops_forward": lambda batch, **sizes: two_layer_matmul_flops(batch, "forward", **sizes),
    "matmul_flops_backward": lambda batch, **sizes: two_layer_matmul_flops(batch, "backward", **sizes),
}


def quantity(name: str, **arguments: float) -> Any:
    """The quantity ``name`` of :data:`QUANTITIES`, integral arguments passed as ``int``.

    Examples
    --------
    >>> quantity("chain_saved_bytes", layers=2, width=3, batch=4.0)   # 2 · 2 · 4·3 · 8 bytes + 8
    392
    """
    if name not in QUANTITIES:
        raise KeyError(f"no exercise quantity {name!r}; known: {', '.join(QUANTITIES)}")
    args = {k: int(v) if float(v).is_integer() else v for k, v in arguments.items()}
    return QUANTITIES[name](**args)


# --------------------------------------------------------------------------------------------
# The exercises of the notebooks, and the checker
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """One notebook exercise: how to judge an answer, and a hint in each language."""

    judge: Callable[[Any], bool]
    hint: dict[str, str]
    wants_function: bool = False


def _same_numbers(expected: Callable[[], Any]) -> Callable[[Any], bool]:
    """A judge: the answer has the shape of ``expected()`` (worked out when judging) and its values."""

    def judge(answer: Any) -> bool:
        want = np.asarray(expected(), dtype=float)
        got = np.asarray(answer, dtype=float)
        return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-9))

    return judge


class _Unanswered(Exception):
    """The learner's function returned None: its body is still ``...``."""


def _call(fn: Any, *args: Any) -> Any:
    result = fn(*args)
    if result is None:
        raise _Unanswered
    return result


def _judge_mul_backward(fn: Any) -> bool:
    """Your ``mul_backward(dout, x, y)`` against the engine's multiply node, on random numbers."""
    rng = np.random.default_rng(1)
    for dout, a, b in rng.uniform(-5, 5, (5, 3)):
        x, y = Variable(a), Variable(b)
        (x * y).backward(dout)
        dx, dy = _call(fn, dout, a, b)
        if not np.allclose([dx, dy], [_grad(x).item(), _grad(y).item()]):
            return False
    return True


def _judge_softmax_backward(fn: Any) -> bool:
    """Your ``softmax_loss_backward(scores, labels)`` against the engine's rule, on a random batch."""
    rng = np.random.default_rng(2)
    scores, labels = rng.standard_normal((4, 3)), rng.integers(0, 3, 4)
    a = Variable(scores.copy())
    F.softmax_cross_entropy(a, labels).backward()
    got = np.asarray(_call(fn, scores.copy(), labels.copy()), dtype=float)
    want = _grad(a)
    return got.shape == want.shape and bool(np.allclose(got, want))


def _judge_relative_error(fn: Any) -> bool:
    """Your ``relative_error(backprop, numerical)`` against :func:`~graphgrad.gradient_check`."""
    rng = np.random.default_rng(3)
    w = rng.standard_normal(6)
    check = gradient_check(lambda v: F.sum(F.tanh(v * 3.0)), w, h=1e-2)  # a coarse h: visible errors
    got = float(_call(fn, check.backprop[0], check.numerical[0]))
    return math.isclose(got, check.max_rel_diff, rel_tol=1e-6)


def _not_a_number(answer: Any) -> bool:
    try:
        np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return True
    return False


#: Every exercise the notebooks check, by name (``page.exercise``).
EXERCISES: dict[str, Exercise] = {
    # Receipt of six kinds, the third kind's price changes: nodes that run again.
    "computational_graphs.recompute": Exercise(
        _same_numbers(lambda: receipt_recomputed(6, 3)),
        {
            "en": "Follow the edges from the first price to the payment: every node on the way "
            "gets a new input and runs again (its multiply node, each add node after it, the tax "
            "node); a node none of them feeds keeps its output.",
            "zh": "从第一种水果的单价沿边走到支付金额：路上的每个节点输入变了，都要重新计算（它的乘法节点、"
            "后面的每个加法节点、消费税节点）；其他节点的输出保持不变。",
        },
    ),
    # ∂e/∂b for e = (a + b)(b + 1) at a = 1, b = 4, as a sum over paths.
    "chain_rule.paths": Exercise(
        _same_numbers(lambda: paths_graph_grad(1, 4)),
        {
            "en": "b reaches e along two paths, through c = a + b and through d = b + 1. Each path "
            "contributes the product of the local derivatives on its edges; add the two.",
            "zh": "b 沿两条路径到达 e：经过 c = a + b 和经过 d = b + 1。每条路径贡献它各边局部导数的乘积，"
            "两条路径的贡献相加。",
        },
    ),
    # ∂y/∂x for the neuron y = sigmoid(x w + b) at x = 2, w = −0.5, b = 1.3.
    "draw_your_own_graph.neuron_grad": Exercise(
        _same_numbers(lambda: neuron_grad_x(2.0, -0.5, 1.3)),
        {
            "en": "Go backward from y: the sigmoid node passes on 1 × y(1 − y), the add node passes "
            "that on unchanged, and the multiply node gives x the upstream derivative times the other "
            "input, w. Here x·w + b = 0.3, so y = sigmoid(0.3).",
            "zh": "从 y 往回走：sigmoid 节点传下去 1 × y(1 − y)，加法节点原样传下去，乘法节点给 x 的是"
            "上游导数乘以另一个输入 w。这里 x·w + b = 0.3，所以 y = sigmoid(0.3)。",
        },
    ),
    # A function mul_backward(dout, x, y) -> (dx, dy).
    "backward_propagation.mul_backward": Exercise(
        _judge_mul_backward,
        {
            "en": "Return two numbers, (dx, dy). Each input gets the upstream derivative times the "
            "other input (the multiply node swaps them).",
            "zh": "返回两个数 (dx, dy)。每个输入得到的是上游导数乘以另一个输入（翻转值）。",
        },
        wants_function=True,
    ),
    # A function softmax_loss_backward(scores, labels) -> dL/dscores (mean loss).
    "layers.softmax_loss_backward": Exercise(
        _judge_softmax_backward,
        {
            "en": "Compute the softmax of each row (subtract the row's maximum before exp), turn the "
            "labels into one-hot rows, and remember that the loss is the mean over the batch: "
            "(y − t) / N.",
            "zh": "对每一行求 softmax（先减去该行的最大值再取 exp），把标签变成 one-hot 行，"
            "并记住损失是 mini-batch 上的平均值：(y − t) / N。",
        },
        wants_function=True,
    ),
    # (forward-mode sweeps, backward sweeps) for the Jacobian of f: R^200 -> R^3.
    "efficiency.sweeps": Exercise(
        _same_numbers(lambda: (jacobian_sweeps(200, 3, "forward"), jacobian_sweeps(200, 3, "reverse"))),
        {
            "en": "Give two numbers, (forward-mode sweeps, backward sweeps). A forward-mode sweep "
            "gives one column of the Jacobian (one input), a backward sweep one row (one output).",
            "zh": "给出两个数（前向模式的遍数，反向模式的遍数）。前向模式一遍得到雅可比矩阵的一列"
            "（对应一个输入），反向模式一遍得到一行（对应一个输出）。",
        },
    ),
    # Bytes kept by 36 layers tanh(h W), width 32, batch 128: (plain, 6 checkpointed segments).
    "efficiency.checkpoint_bytes": Exercise(
        _same_numbers(lambda: (chain_saved_bytes(36, 32, 128), chain_saved_bytes(36, 32, 128, 6))),
        {
            "en": "Give two numbers, (plain, checkpointed). Without checkpoints every layer keeps two "
            "arrays of batch × width float64 values (8 bytes each); with them only the output of "
            "each segment stays. Don't forget the sum at the end: one more float64.",
            "zh": "给出两个数（不用检查点，用检查点）。不用检查点时每层保存两个 batch × width 的 float64 "
            "数组（每个数 8 字节）；用检查点时只保留每段的输出。别忘了最后的求和：再加一个 float64。",
        },
    ),
    # Backward flops of the two matrix products of a 64-50-10 network, batch 100.
    "measurements.backward_flops": Exercise(
        _same_numbers(lambda: two_layer_matmul_flops(100, "backward", inputs=64)),
        {
            "en": "An (m, k) by (k, n) product costs 2·m·k·n flops, and backward computes one such "
            "product per input that needs a gradient. The data X is a constant: it needs none.",
            "zh": "(m, k) 乘 (k, n) 的矩阵乘积是 2·m·k·n 次浮点运算；反向传播为每个需要梯度的输入计算"
            "一个这样的乘积。数据 X 是常量，不需要梯度。",
        },
    ),
    # A function relative_error(backprop, numerical), as gradient_check computes it.
    "training.relative_error": Exercise(
        _judge_relative_error,
        {
            "en": "Divide each element's |backprop − numerical| by the larger of the two absolute "
            "values (at least 1e-8), then take the largest over all elements.",
            "zh": "对每个元素，用 |反向传播 − 数值微分| 除以两者绝对值中较大的那个（至少取 1e-8），"
            "再取所有元素中的最大值。",
        },
        wants_function=True,
    ),
}

_WORDS = {
    "en": {
        "right": "Right.",
        "wrong": "Not yet. Hint: {hint}",
        "empty": "Fill in your answer first (replace the ...), then run this cell again.",
        "error": "Your answer raised {error}. Hint: {hint}",
        "function": "This exercise wants a function: define it with def, then pass its name.",
    },
    "zh": {
        "right": "正确。",
        "wrong": "还不对。提示：{hint}",
        "empty": "请先填写你的答案（替换 ...），再运行这个单元格。",
        "error": "你的答案引发了 {error}。提示：{hint}",
        "function": "这道练习要的是一个函数：先用 def 定义它，再把函数名传进来。",
    },
}


class Verdict:
    """What :func:`check` says: true when the answer is right; shown as its message.

    Examples
    --------
    >>> v = check("efficiency.sweeps", (1000, 10))
    >>> bool(v), v.right
    (False, False)
    """

    def __init__(self, right: bool, message: str) -> None:
        self.right = right
        self.message = message

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        return self.message


def check(name: str, answer: Any, lang: str = "en") -> Verdict:
    """Say whether ``answer`` to the exercise ``name`` is right, with a hint if it is not.

    The right answer is worked out with the engine each time and never shown.

    Parameters
    ----------
    name : str
        The exercise, ``page.exercise`` (see :data:`EXERCISES`).
    answer : number, tuple of numbers or function
        What the exercise asks for; ``...`` (not filled in yet) is reported as such.
    lang : {"en", "zh"}
        The language of the message.

    Returns
    -------
    Verdict
        True when right; its text is the message.

    Examples
    --------
    >>> check("efficiency.sweeps", (200, 3))   # sweeps for the Jacobian of f: ℝ²⁰⁰ → ℝ³
    Right.
    >>> check("backward_propagation.mul_backward", lambda dout, x, y: (dout * x, dout * y))
    Not yet. Hint: Return two numbers, (dx, dy). Each input gets the upstream derivative ...
    >>> check("training.relative_error", ...)
    Fill in your answer first (replace the ...), then run this cell again.
    """
    if lang not in LANGS:
        raise ValueError(f"check: unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    if name not in EXERCISES:
        raise KeyError(f"check: no exercise {name!r}; the exercises are {', '.join(EXERCISES)}")
    words, exercise = _WORDS[lang], EXERCISES[name]
    if answer is ... or answer is None:
        return Verdict(False, words["empty"])
    if exercise.wants_function and not callable(answer):
        return Verdict(False, words["function"])
    if not exercise.wants_function and _not_a_number(answer):
        return Verdict(False, words["wrong"].format(hint=exercise.hint[lang]))
    try:
        right = exercise.judge(answer)
    except _Unanswered:
        return Verdict(False, words["empty"])
    except Exception as exc:  # the learner's own function failed: say so, with the hint
        error = f"{type(exc).__name__}: {exc}"
        return Verdict(False, words["error"].format(error=error, hint=exercise.hint[lang]))
    if right:
        return Verdict(True, words["right"])
    return Verdict(False, words["wrong"].format(hint=exercise.hint[lang]))
