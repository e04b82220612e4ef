"""Count what a computation costs, deterministically.

Wall-clock time depends on the machine and on whatever else it is doing.
Counts do not: the same code always runs the same primitives on arrays of the
same shapes.  ``count_ops`` is how the site compares numerical
differentiation, forward mode and reverse mode without a stopwatch.

Every primitive in :mod:`graphgrad.functions` reports an estimate of the
floating-point operations (flops) it performs.  The convention is simple and
stated once: every elementwise arithmetic operation or elementary function
(``exp``, ``log``, ``tanh``, a comparison) counts as one flop, a reduction
over ``n`` numbers counts ``n``, and a matrix product of an ``(m, k)`` and a
``(k, n)`` matrix counts ``2·m·k·n`` (one multiply and one add per term).
Copies, reshapes and transposes are free.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: The three kinds of work a primitive can do.
KINDS = ("forward", "backward", "jvp")


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
    >>> c.flops["backward"]      # matmul 2·48, tanh 3·8, sum 0
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

    def __str__(self) -> str:
        return (
            f"{self.forward} forward, {self.backward} backward, {self.jvp} jvp evaluations; "
            f"{self.total_flops:,} flops"
        )


_active: list[OpCounts] = []


def record(kind: str, op: str, flops: int) -> None:
    """Add one evaluation to every active counter (called by the engine)."""
    for counts in _active:
        counts.add(kind, op, flops)


@contextmanager
def count_ops() -> Iterator[OpCounts]:
    """Count the primitive evaluations and flops that run inside the block.

    Blocks may be nested; an inner block's work also counts in the outer one.

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
    """
    counts = OpCounts()
    _active.append(counts)
    try:
        yield counts
    finally:
        _active.remove(counts)
