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

from graphgrad.core import Variable, as_array, no_grad, using_config


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
    with no_grad(), using_config("forward_mode", True):
        y = f(*variables)
    if not isinstance(y, Variable):
        raise TypeError(f"jvp: f must return a Variable, got {type(y).__name__}")
    tangent = np.zeros_like(y.data) if y.tangent is None else y.tangent
    return y.data, tangent
