"""The price of reverse mode, and how to pay less of it: memory.

Backward propagation needs values from the forward pass: the multiply node
multiplies the upstream derivative by the *other* input, ``tanh`` needs its
output, a matrix product needs both matrices.  So the graph keeps every
intermediate value alive until the backward pass has used it, and the memory
a graph holds grows with the length of the computation.

:func:`saved_bytes` measures that memory, and :func:`needed_bytes` the part
of it that the backward rules actually read.  :func:`checkpoint` trades it for
time: it runs a piece of the computation without recording its inner graph,
keeps only the piece's inputs and output, and runs the piece again during the
backward pass to get the values it needs.  Cutting a chain of ``n`` layers
into about ``√n`` checkpointed segments keeps about ``√n`` values instead of
``n`` (plus one segment's values while it is being recomputed), for the
price of one extra forward pass (Griewank and Walther, *Evaluating
Derivatives*, 2008, chapter 12; Chen et al., "Training deep nets with
sublinear memory cost", 2016).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from graphgrad.config import enable_backprop, no_grad, using_config, watching
from graphgrad.core import Function, Variable, backpropagate, graph_nodes
from graphgrad.wrapping import as_variable

__all__ = ["saved_bytes", "needed_bytes", "checkpoint", "Checkpoint"]


def _owner(a: np.ndarray) -> np.ndarray:
    """The array that owns ``a``'s memory (a view counts as its base)."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


def _leaf_owners(variables: list[Variable]) -> set[int]:
    """Ids of the arrays that own the graph's inputs (the caller holds those anyway)."""
    return {id(_owner(v._data)) for v in variables if v.creator is None}


def _total(arrays: list[np.ndarray], skip: set[int]) -> int:
    """Bytes of ``arrays``, each owner once, without the owners in ``skip``."""
    owners = {id(o): o for o in map(_owner, arrays) if id(o) not in skip}
    return int(sum(a.nbytes for a in owners.values()))


def saved_bytes(y: Variable) -> int:
    """Bytes of the arrays that the graph of ``y`` keeps: what it holds at rest until backward.

    Counted: the value of every variable a function computed (``y`` itself
    included), and every array a function stores for its backward rule (such
    as the probabilities of softmax-with-loss).  Not counted: the graph's
    inputs (parameters and data, which the caller holds anyway) and constants
    the engine wrapped.  An array and its views count once.

    Some of those values no backward rule reads (the product in ``tanh(h @ W)``:
    tanh's rule reads its output, the product's rule the matrices):
    :func:`needed_bytes` counts only what the rules read.

    Parameters
    ----------
    y : Variable
        The output of a recorded graph.

    Returns
    -------
    int
        Bytes; 0 for a variable that no function created.

    Examples
    --------
    Three float64 values of 1,000 elements each (``tanh``'s output, the
    product and ``y``):

    >>> import numpy as np
    >>> import graphgrad as gg
    >>> x = gg.Variable(np.ones(1000))
    >>> y = gg.tanh(x) * x * 2
    >>> gg.saved_bytes(y)
    24000
    """
    if not isinstance(y, Variable):
        raise TypeError(f"saved_bytes: expected a graphgrad Variable, got {type(y).__name__}")
    variables, functions = graph_nodes(y)
    arrays = [v._data for v in variables if v.creator is not None]
    stored = [getattr(f, "__dict__", {}).values() for f in functions]  # e.g. softmax-with-loss's arrays
    arrays += [value for values in stored for value in values if isinstance(value, np.ndarray)]
    return _total(arrays, skip=set())


def needed_bytes(y: Variable) -> int:
    """Bytes of the arrays that the backward rules of ``y``'s graph read: what backward needs.

    Each primitive declares what its rule reads (``reads_inputs``,
    ``reads_output``, :meth:`~graphgrad.Function.saved_for_backward`): tanh
    its output, a product the *other* factor (only if this one needs a
    gradient), softmax-with-loss its probabilities.  The graph's inputs and
    constants are not counted, as in :func:`saved_bytes`, which counts
    everything the graph keeps; this is what PyTorch's autograd saves
    (``torch.autograd.graph.saved_tensors_hooks`` sees the same arrays).

    Examples
    --------
    Of the three values of ``tanh(x) * x * 2`` only tanh's output is read:
    by tanh's rule, and by the product's rule for the gradient of ``x``.

    >>> import numpy as np
    >>> import graphgrad as gg
    >>> x = gg.Variable(np.ones(1000))
    >>> gg.saved_bytes(gg.tanh(x) * x * 2), gg.needed_bytes(gg.tanh(x) * x * 2)
    (24000, 8000)
    """
    if not isinstance(y, Variable):
        raise TypeError(f"needed_bytes: expected a graphgrad Variable, got {type(y).__name__}")
    variables, functions = graph_nodes(y)
    arrays = [a for f in functions for a in f.saved_for_backward()]
    return _total(arrays, skip=_leaf_owners(variables))


class Checkpoint(Function):
    """A segment of the graph kept as one node: its inner graph is recomputed in backward.

    Created by :func:`checkpoint`; see there.  The node's inputs are the
    arguments of ``fn`` followed by the Variables ``fn`` captures from outside
    (found on the first run), so that those get their gradient too.
    """

    name = "checkpoint"
    symbol = "ckpt"

    def __init__(self, fn: Callable[..., Any], n_args: int, value: np.ndarray) -> None:
        self.fn, self.n_args = fn, n_args
        self._value: np.ndarray | None = value  # computed by checkpoint() on the first run

    def forward(self, *xs: np.ndarray) -> np.ndarray:
        value, self._value = self._value, None  # handed over once, then not kept
        if value is None:
            raise RuntimeError("checkpoint: make the node with graphgrad.checkpoint(fn, *args)")
        return value

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray | None, ...]:
        args, captured = self.inputs[: self.n_args], self.inputs[self.n_args :]
        inner = [Variable._over(x._data, requires_grad=x.requires_grad) for x in args]
        with _cut_at(captured), using_config(enable_backprop, True):
            y = self.fn(*inner)  # the forward pass again, this time recording
            if isinstance(y, Variable) and y.requires_grad:
                backpropagate(y, gy)  # no seed checks: a NaN arriving here flows on, as in the plain graph
            grads = [v.grad for v in (*inner, *captured)]
        return tuple(
            g if g is not None or not need else np.zeros_like(x._data)
            for g, need, x in zip(grads, self.needs_input_grad, self.inputs, strict=True)
        )

    def jvp(self, *tangents: np.ndarray | None) -> np.ndarray:
        args = self.inputs[: self.n_args]
        inner = []
        for x, t in zip(args, tangents, strict=True):
            v = Variable._over(x._data)
            v.tangent = t
            inner.append(v)
        # The captured variables carry their own tangents (forward mode sets them on its inputs).
        with no_grad():  # called by forward mode, whose tangent pushing is still switched on
            y = self.fn(*inner)
        return np.zeros_like(y._data) if y.tangent is None else y.tangent

    def label(self) -> str:
        return getattr(self.fn, "__name__", self.symbol)


@contextmanager
def _cut_at(captured: tuple[Variable, ...]) -> Iterator[None]:
    """While recomputing a segment: its captured Variables act as inputs with no gradient yet.

    Their creators are hidden, so the segment's backward stops at them (the outer
    graph's walk goes on from there), and their ``grad`` collects only the segment's part.
    """
    kept = [(v, v.creator, v.grad) for v in captured]
    try:
        for v in captured:
            v.creator, v.grad = None, None
        yield
    finally:
        for v, creator, grad in kept:
            v.creator, v.grad = creator, grad


def _first_run(fn: Callable[..., Any], args: list[Variable]) -> tuple[np.ndarray, list[Variable]]:
    """``fn``'s value without a graph, and the Variables needing a gradient that it captures.

    Under :func:`no_grad` the segment's own results do not require a gradient,
    so every input that does is a Variable from outside the segment.
    """
    inner = [Variable._over(a._data) for a in args]
    captured: dict[int, Variable] = {}

    def note(event: str, f: Function) -> None:
        if event == "forward":
            for x in f.inputs:
                if x.requires_grad and id(x) not in captured:
                    captured[id(x)] = x

    with no_grad(), watching(note):
        y = fn(*inner)
    if not isinstance(y, Variable):
        raise TypeError(f"checkpoint: fn must return one graphgrad Variable, got {type(y).__name__}")
    if y.requires_grad and id(y) not in captured:  # fn returned a captured Variable itself
        captured[id(y)] = y
    return y._data, list(captured.values())


def checkpoint(fn: Callable[..., Variable], *args: Any) -> Variable:
    """``fn(*args)`` without keeping its inner graph; the backward pass recomputes it.

    The result is one graph node whose inputs are ``args``.  Forward, ``fn``
    runs once without recording (as under :func:`~graphgrad.no_grad`), so
    only the inputs and the output stay in memory.  When the backward pass
    reaches the node it runs ``fn`` again, this time recording, propagates the
    upstream derivative through that fresh graph, and frees it.  The
    gradients are those of the plain graph, from the same operations, at the
    cost of evaluating ``fn`` twice; they are equal to the last bit unless
    ``fn`` reads one outside value several times, whose gradient parts are
    then added in another order (as in PyTorch's checkpoint).

    Variables that ``fn`` captures (a closure over ``W1``, say) get their
    gradient too: the first run finds them, and they become inputs of the
    node, after ``args``.

    Parameters
    ----------
    fn : callable
        Takes one Variable per element of ``args`` and returns a Variable
        built from graphgrad operations (it may read other Variables too).
        It must compute the same thing each time it is called (no
        randomness of its own).
    *args : Variable or array_like
        Inputs; plain numbers and arrays are constants (no gradient).

    Returns
    -------
    Variable

    Examples
    --------
    >>> import numpy as np
    >>> import graphgrad as gg
    >>> def block(h):
    ...     return gg.tanh(h) * h
    >>> x = gg.Variable(np.linspace(-1, 1, 1000))
    >>> y_plain = gg.sum(block(block(x)))
    >>> y_ckpt = gg.sum(gg.checkpoint(block, gg.checkpoint(block, x)))
    >>> gg.saved_bytes(y_plain) > gg.saved_bytes(y_ckpt)
    True
    >>> y_plain.backward(); g_plain = x.grad.copy(); x.cleargrad()
    >>> y_ckpt.backward()
    >>> bool(np.array_equal(x.grad, g_plain))
    True
    """
    if not callable(fn):
        raise TypeError(f"checkpoint: fn must be callable, got {type(fn).__name__}")
    variables = [a if isinstance(a, Variable) else as_variable(a) for a in args]
    value, captured = _first_run(fn, variables)
    return Checkpoint(fn, len(variables), value)(*variables, *captured)
