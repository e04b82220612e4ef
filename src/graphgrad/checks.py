"""The safety checks and bookkeeping of the graph, each called in one line of :mod:`graphgrad.core`.

The backward pass itself is :func:`graphgrad.core.backpropagate`.

- :func:`seed_of`: the gradient the pass starts from (or why there is none);
- :func:`check_unchanged`: no value a rule reads was assigned anew since the forward pass.
  Every assignment to a Variable's ``data`` takes a new number (its version, as in
  PyTorch); a Function notes the latest number before it reads its inputs, so the
  backward pass can tell which values changed since;
- :func:`checked`: a rule's gradient has its input's shape and dtype (or a clear error);
- :func:`retain`, :func:`hand_out`, :func:`add_grad`: the gradients users see, none sharing memory;
- :func:`reused` and :func:`check_can_be_constant`: the two mistakes a graph's nodes refuse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from graphgrad.arrays import as_array

if TYPE_CHECKING:
    from graphgrad.core import Function, Variable

#: What a backward rule may return: an array, or numpy's scalar for a 0-d array (``0-d * 0-d``).
GRADIENT_TYPES = frozenset({np.ndarray, np.float64, np.float32, np.float16})


def seed_of(y: Variable, grad: Any) -> np.ndarray:
    """The seed gradient of ``y``: 1 for a single number, else ``grad`` checked."""
    if not y.requires_grad:
        raise RuntimeError(
            "backward: this result does not depend on any variable that requires a gradient "
            "(was it computed under no_grad(), or from constants only?)"
        )
    if grad is None:
        if y._data.size != 1:
            raise ValueError(
                f"backward: the output has shape {y.shape}, not a single number; pass a seed gradient "
                "of that shape, e.g. y.backward(np.ones(y.shape)), or reduce it first (graphgrad.sum)"
            )
        return np.ones(y._data.shape, y._data.dtype)
    g = as_array(grad, where="backward seed")
    if g.shape != y.shape:
        raise ValueError(
            f"backward: the seed gradient has shape {g.shape}, but the output has shape {y.shape}"
        )
    if not np.all(np.isfinite(g)):
        raise ValueError("backward: the seed gradient contains NaN or infinity")
    return g.astype(y.dtype, copy=True)


def check_unchanged(order: list[Function], last_assignment: int) -> None:
    """Raise if a value a node's rule reads was assigned anew after the node ran."""
    for f in order:
        if f._assignment == last_assignment:
            continue  # nothing was assigned since f ran
        y = f.output() if f.reads_output else None
        for x in (*f.inputs, y) if y is not None else f.inputs:
            if x._version > f._assignment:
                which = "the output" if x is y else "an input"
                who = f"variable {x.name!r}" if x.name else f"{which} of {f.name}"
                raise RuntimeError(
                    f"backward: the data of {who} was assigned a new value after the graph used it, "
                    "so this graph's gradient would be wrong; run the forward pass again"
                )


def checked(gx: Any, x: Variable, f: Function) -> np.ndarray:
    """The gradient ``f.backward`` gave for input ``x``, as an array of ``x``'s shape and dtype."""
    if gx is None:
        raise RuntimeError(f"{f.name}: backward gave no gradient for an input that needs one")
    gx = np.asarray(gx)
    if gx.shape != x._data.shape:
        raise RuntimeError(f"{f.name}: backward gave a gradient of shape {gx.shape}, its input {x.shape}")
    return gx.astype(x._data.dtype, copy=False)  # a gradient keeps its variable's dtype


def retain(y: Variable, gy: Any, f: Function, gxs: tuple[Any, ...], handed_out: set[int]) -> None:
    """``backward(retain_grad=True)``: keep the gradient of ``y`` and of each edge into ``f``."""
    add_grad(y, gy, handed_out)
    f.input_grads = tuple([None if g is None else np.array(g) for g in gxs])


def hand_out(grads: dict[Variable, Any], handed_out: set[int]) -> None:
    """Give each variable left in ``grads`` (the inputs of the graph) its gradient."""
    for x, gx in grads.items():
        add_grad(x, gx, handed_out)


def add_grad(x: Variable, g: Any, handed_out: set[int]) -> None:
    """Add ``g`` to ``x.grad``, making sure no two gradients share memory."""
    if x.grad is not None:
        x.grad = np.asarray(x.grad + g)  # 0-d arithmetic gives numpy scalars: keep an array
        return
    if type(g) is not np.ndarray or id(g) in handed_out or g.base is not None or not g.flags.writeable:
        g = np.array(g)  # a copy: of a view, of a scalar, or of an array another gradient already is
    handed_out.add(id(g))
    x.grad = g


def reused(f: Function) -> RuntimeError:
    """The error for calling one Function object twice: a graph node is used once."""
    name = type(f).__name__
    return RuntimeError(
        f"{name}: this Function object was already called; a graph node "
        f"is used once, so create a new one for each call ({name}()(x))"
    )


def check_can_be_constant(x: Variable, requires_grad: bool) -> None:
    """Raise if ``x.requires_grad = False`` is set on a result (it would cut the graph in its middle)."""
    if x.creator is not None and not requires_grad:
        raise RuntimeError(
            "requires_grad: only an input (no creator) can become a constant; "
            "to cut the graph at a result use y.detach(), or build it under no_grad()"
        )
