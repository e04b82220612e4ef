"""Forward-mode automatic differentiation: push one direction through the graph.

Forward mode applies the chain rule too, but left to right.  Every input
carries a *tangent* ``v`` (a direction), and every primitive turns the
tangents of its inputs into the tangent of its output with its
Jacobian-vector product.  After one forward sweep the output carries
``J·v``: the derivative of the output along ``v``.

One sweep gives one directional derivative.  The full gradient of a scalar
function of ``n`` inputs takes ``n`` sweeps, one per unit direction, while
reverse mode (backpropagation) gets all ``n`` partial derivatives from one
backward pass.  That difference, not the chain rule, is what makes
backpropagation the efficient choice for training.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from graphgrad.arrays import as_array
from graphgrad.config import no_grad, watchers, watching
from graphgrad.core import Function, Variable


def _push_tangent(event: str, f: Function) -> None:
    """After each forward evaluation: the output's tangent from the inputs' tangents (J·v)."""
    if event != "forward":
        return
    tangents = [x.tangent for x in f.inputs]
    if any(t is not None for t in tangents):
        f.output().tangent = np.asarray(f.jvp(*tangents))
        for watch in watchers.get():
            watch("jvp", f)  # e.g. count_ops


def jvp(f: Callable[..., Any], x: Any, v: Any) -> tuple[np.ndarray, np.ndarray]:
    """Value and Jacobian-vector product of ``f`` at ``x`` along ``v``.

    Parameters
    ----------
    f : callable
        Takes a Variable (or one Variable per element of ``x`` when ``x`` is
        a tuple) and returns a Variable built from graphgrad operations.
    x : array_like or tuple of array_like
        The point.
    v : array_like or tuple of array_like
        The direction, shaped like ``x``.

    Returns
    -------
    value : numpy.ndarray
        ``f(x)``.
    tangent : numpy.ndarray
        ``J·v``, shaped like ``f(x)``.

    Notes
    -----
    Both come from a single forward sweep; no graph is recorded.

    Examples
    --------
    The derivative of ``x²`` at 3 along direction 1:

    >>> from graphgrad import jvp
    >>> jvp(lambda x: x * x, 3.0, 1.0)
    (array(9.), array(6.))
    """
    xs, vs = (x, v) if isinstance(x, tuple) else ((x,), (v,))
    if not isinstance(vs, tuple) or len(vs) != len(xs):
        raise ValueError(f"jvp: give one tangent per input ({len(xs)} inputs)")
    variables = []
    for i, (xi, vi) in enumerate(zip(xs, vs, strict=True)):
        var = Variable(as_array(xi, where="jvp"))
        tangent = as_array(vi, where="jvp tangent")
        if tangent.shape != var.shape:
            raise ValueError(
                f"jvp: tangent {i} has shape {tangent.shape}, but input {i} has shape {var.shape}"
            )
        var.tangent = tangent.astype(var.dtype, copy=False)
        variables.append(var)
    made: list[Callable[[], Variable]] = []  # every result of this sweep
    with no_grad(), watching(_push_tangent), watching(lambda event, fn: made.append(fn.output)):
        y = f(*variables)
    if not isinstance(y, Variable):
        raise TypeError(f"jvp: f must return a Variable, got {type(y).__name__}")
    tangent = np.zeros_like(y._data) if y.tangent is None else y.tangent
    if any(np.may_share_memory(tangent, v) for v in vs if isinstance(v, np.ndarray)):
        tangent = tangent.copy()  # the caller's direction stays the caller's
    for v in (*variables, *(ref() for ref in made)):  # kept from this call, a variable must not
        if v is not None:  # carry its tangent into a later one
            v.tangent = None
    return y._data, tangent
