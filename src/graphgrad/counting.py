"""Count what a computation costs, deterministically.

Wall-clock time depends on the machine and on whatever else it is doing.
Counts do not: the same code always runs the same primitives on arrays of the
same shapes.  ``count_ops`` is how the site compares numerical
differentiation, forward mode and reverse mode without a stopwatch.

One table, :data:`FLOPS`, estimates the floating-point operations (flops)
of every primitive in :mod:`graphgrad.functions`.  The convention is simple
and stated once: every elementwise arithmetic operation or elementary function
(``exp``, ``log``, ``tanh``, a comparison) counts as one flop, a reduction
over ``n`` numbers counts ``n``, and a matrix product of an ``(m, k)`` and a
``(k, n)`` matrix counts ``2·m·k·n`` (one multiply and one add per term).
Copies, reshapes and transposes are free.  The engine reports each
evaluation through :func:`graphgrad.config.watching`; the rules themselves know
nothing about counting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graphgrad.config import watching

#: The three kinds of work a primitive can do.
KINDS = ("forward", "backward", "jvp")

#: Flops per element of each primitive: ``(forward, backward, jvp)``, where
#: backward lists the cost for each input *that needs a gradient* and jvp the
#: cost for each input *that carries a tangent* (two tangents also cost one
#: add to combine).  So work skipped for a constant is not counted either.
#: Per element of the output, except the reductions in :data:`PER_INPUT_ELEMENT`.
#: ``matmul`` is counted by :func:`flops` itself (2·m·k·n per product).
FLOPS: dict[str, tuple[float, tuple[float, ...], tuple[float, ...]]] = {
    "add": (1, (0, 0), (0, 0)),
    "sub": (1, (0, 1), (0, 0)),
    "mul": (1, (1, 1), (1, 1)),
    "div": (1, (1, 3), (1, 2)),
    "pow": (1, (3, 3), (3, 3)),
    "maximum": (1, (2, 2), (2, 2)),
    "neg": (1, (1,), (1,)),
    "exp": (1, (1,), (1,)),
    "log": (1, (1,), (1,)),
    "tanh": (1, (3,), (3,)),
    "sigmoid": (4, (3,), (3,)),
    "relu": (1, (1,), (1,)),
    "abs": (1, (1,), (1,)),
    "reshape": (0, (0,), (0,)),
    "transpose": (0, (0,), (0,)),
    "get_item": (0, (1,), (0,)),
    "broadcast_to": (0, (1,), (0,)),
    "sum_to": (1, (0,), (1,)),
    "sum": (1, (0,), (1,)),
    "max": (1, (2,), (2,)),
    "softmax": (4, (4,), (4,)),
    "softmax_cross_entropy": (5, (3, 1), (3, 2)),
}

#: Reductions: their cost is per element of the (larger) input.
PER_INPUT_ELEMENT = {"sum", "sum_to", "max", "softmax_cross_entropy"}

#: Nodes whose inner primitives count their own work (see :func:`graphgrad.checkpoint`).
COUNTED_INSIDE = {"checkpoint"}

#: An operation missing from :data:`FLOPS` (one you wrote) counts one flop per
#: output element for its forward pass and for each input of backward and jvp.
DEFAULT_FLOPS = (1, (1,), (1,))


def flops(kind: str, f: Any) -> int:
    """Estimated flops of one ``kind`` evaluation of the function node ``f``.

    Examples
    --------
    >>> import numpy as np
    >>> import graphgrad as gg
    >>> x, W = np.ones((2, 3)), gg.Variable(np.ones((3, 4)))
    >>> y = x @ W                          # x is a constant: only dL/dW is needed
    >>> flops("forward", y.creator), flops("backward", y.creator)   # 2·2·3·4 each
    (48, 48)
    """
    if f.name in COUNTED_INSIDE:
        return 0
    active = _active_inputs(kind, f)
    if f.name == "matmul":
        x, W = (v._data for v in f.inputs)
        mkn = (x.size // x.shape[-1]) * x.shape[-1] * (W.shape[1] if W.ndim == 2 else 1)
        if kind == "forward":
            return 2 * mkn
        n = sum(active)
        return 2 * mkn * n + (f.output().size if kind == "jvp" and n == 2 else 0)
    forward, backward, jvp = FLOPS.get(f.name, DEFAULT_FLOPS)
    size = f.inputs[0].size if f.name in PER_INPUT_ELEMENT else f.output().size
    if kind == "forward":
        return int(forward * size)
    per_input = backward if kind == "backward" else jvp
    costs = [per_input[min(i, len(per_input) - 1)] for i, on in enumerate(active) if on]
    combine = max(len(costs) - 1, 0) if kind == "jvp" else 0
    return int((sum(costs) + combine) * size)


def _active_inputs(kind: str, f: Any) -> list[bool]:
    """Which inputs take part: those that need a gradient (backward) or carry a tangent (jvp)."""
    if kind == "backward":
        return list(f.needs_input_grad)
    return [x.tangent is not None for x in f.inputs]


@dataclass(eq=False)
class OpCounts:
    """What ran inside one :func:`count_ops` block.

    Attributes
    ----------
    forward, backward, jvp : int
        How many primitive evaluations of each kind ran: forward
        evaluations, vector-Jacobian products (one per node visited by
        backward) and Jacobian-vector products (forward mode).
    flops : dict of str to int
        Estimated floating-point operations for each kind.
    by_op : collections.Counter
        Evaluations per ``(kind, operation name)``, e.g. ``("forward", "mul")``.

    Examples
    --------
    >>> import numpy as np
    >>> import graphgrad as gg
    >>> W = gg.Variable(np.ones((3, 4)))
    >>> with gg.count_ops() as c:
    ...     loss = gg.sum(gg.tanh(gg.Variable(np.ones((2, 3))) @ W))
    ...     loss.backward()
    >>> c.by_op["forward", "matmul"], c.flops["forward"]   # 2·2·3·4 + 8 + 8
    (1, 64)
    >>> c.flops["backward"]      # matmul 2·48 (both inputs need a gradient), tanh 3·8, sum 0
    120
    >>> print(c)
    3 forward, 3 backward, 0 jvp evaluations; 184 flops
    """

    forward: int = 0
    backward: int = 0
    jvp: int = 0
    flops: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    by_op: Counter = field(default_factory=Counter)

    @property
    def evaluations(self) -> int:
        """All primitive evaluations of every kind."""
        return self.forward + self.backward + self.jvp

    @property
    def total_flops(self) -> int:
        """Estimated flops of every kind together."""
        return sum(self.flops.values())

    def add(self, kind: str, op: str, flops: int) -> None:
        """Record one evaluation of ``op`` of the given kind."""
        setattr(self, kind, getattr(self, kind) + 1)
        self.flops[kind] += int(flops)
        self.by_op[kind, op] += 1

    def watch(self, event: str, f: Any) -> None:
        """Record what the engine reports (see :func:`graphgrad.config.watching`)."""
        self.add(event, f.name, flops(event, f))

    def __str__(self) -> str:
        return (
            f"{self.forward} forward, {self.backward} backward, {self.jvp} jvp evaluations; "
            f"{self.total_flops:,} flops"
        )


@contextmanager
def count_ops() -> Iterator[OpCounts]:
    """Count the primitive evaluations and flops that run inside the block.

    Blocks may be nested; an inner block's work also counts in the outer one.
    Counting belongs to the thread that opened the block.

    Yields
    ------
    OpCounts
        Filled in as the block runs.

    Examples
    --------
    The book's apple example, ``100 × 2 × 1.1``, is two multiplications
    forward; backward visits the same two nodes.

    >>> import graphgrad as gg
    >>> apple, num, tax = gg.Variable(100.0), gg.Variable(2.0), gg.Variable(1.1)
    >>> with gg.count_ops() as c:
    ...     price = apple * num * tax
    ...     price.backward()
    >>> c.forward, c.backward, c.jvp
    (2, 2, 0)
    >>> c.flops
    {'forward': 2, 'backward': 4, 'jvp': 0}

    A constant gets no gradient work: with the price of an apple fixed,
    backward does half the multiplications of the first node.

    >>> with gg.count_ops() as c:
    ...     price = 100.0 * num * tax
    ...     price.backward()
    >>> c.flops["backward"]
    3
    """
    counts = OpCounts()
    with watching(counts.watch):
        yield counts
