"""Walking a recorded graph: the order backward propagation visits it in, and its nodes.

The graph is never stored as a list: it is the chain of ``creator`` links
from a Variable to the Function that made it, and of ``inputs`` links from
that Function to its arguments.  These two functions follow the links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphgrad.core import Function, Variable


def topological_order(output: Variable) -> list[Function]:
    """Functions that ``output`` depends on, each after all of its consumers.

    This is the order backward propagation needs: a node may pass a
    gradient on only once every path above it has delivered its share.
    The depth-first search uses an explicit stack, not recursion, so a chain
    of a million nodes is no problem.

    Examples
    --------
    >>> from graphgrad.core import topological_order
    >>> from graphgrad.examples import buy_apple
    >>> price = buy_apple()
    >>> [f.output().name for f in topological_order(price)]
    ['price', 'apple_price']
    """
    order: list[Function] = []
    seen: set[Function] = set()  # functions hash by identity
    stack: list[tuple[Function, bool]] = []
    if output.creator is not None:
        stack.append((output.creator, False))
    while stack:
        f, children_done = stack.pop()
        if children_done:
            order.append(f)
            continue
        if f in seen:
            continue
        seen.add(f)
        stack.append((f, True))
        for x in reversed(f.inputs):
            g = x.creator
            if g is not None and g not in seen:
                stack.append((g, False))
    order.reverse()
    return order


def graph_nodes(output: Variable) -> tuple[list[Variable], list[Function]]:
    """All variables and functions of the graph that ends at ``output``.

    Both lists are in forward (execution-compatible) order and are the same
    on every run, which is what makes diagrams reproducible: functions in
    topological order from the inputs, variables in order of first use.
    """
    functions = topological_order(output)[::-1]
    variables: list[Variable] = []
    seen: set[int] = set()
    for f in functions:
        for v in (*f.inputs, f.output()):
            if id(v) not in seen:
                seen.add(id(v))
                variables.append(v)
    if id(output) not in seen:
        variables.append(output)
    return variables, functions
