"""Numerical differentiation: the derivative from its definition.

The derivative is the limit of ``(f(x + h) - f(x)) / h`` as ``h`` goes to
zero.  A computer cannot take the limit, so it uses a small ``h`` and the
*central* difference ``(f(x + h) - f(x - h)) / 2h``, whose truncation error
shrinks like h² instead of h.  Too small an ``h`` loses everything to
round-off error instead; the book's ``h = 1e-4`` is a sound compromise in
float64.

It needs two evaluations of ``f`` per input number, so a gradient of ``n``
parameters costs ``2n`` forward passes.  That is why it is only used to
*check* backpropagation (:func:`gradient_check`), never to train.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from graphgrad.arrays import as_array
from graphgrad.config import no_grad
from graphgrad.core import Variable


def _scalar(value: Any, where: str) -> float:
    data = value.data if isinstance(value, Variable) else np.asarray(value)
    if data.size != 1:
        raise ValueError(f"{where}: f must return a single number, got shape {data.shape}")
    return float(data.reshape(()))


def numerical_diff(f: Callable[[Any], Any], x: float, h: float = 1e-4) -> float:
    """Derivative of a one-variable function by the central difference.

    Parameters
    ----------
    f : callable
        Maps a number to a number (or a one-element Variable).
    x : float
        Where to differentiate.
    h : float, default 1e-4
        Step size.

    Examples
    --------
    The book's example ``f(x) = 0.01x² + 0.1x`` has derivative 0.2 at x = 5:

    >>> from graphgrad import numerical_diff
    >>> round(numerical_diff(lambda x: 0.01 * x**2 + 0.1 * x, 5.0), 10)
    0.2
    """
    if not h > 0:
        raise ValueError(f"numerical_diff: step size h must be positive, got {h}")
    with no_grad():
        return (_scalar(f(x + h), "numerical_diff") - _scalar(f(x - h), "numerical_diff")) / (2 * h)


def values_around(
    f: Callable[[np.ndarray], Any], x: np.ndarray, index: Any, h: float
) -> tuple[float, float]:
    """``f(x)`` with ``x[index]`` nudged up by ``h``, and with it nudged down by ``h``.

    The two evaluations a central difference needs for one element:
    ``(f_plus - f_minus) / 2h`` is the partial derivative along
    ``x[index]``.  ``x`` is changed in place while ``f`` runs (so ``f`` may
    ignore its argument and read ``x`` itself, as the book's
    ``lambda W: net.loss(x, t)`` does) and ``x[index]`` is restored exactly
    afterwards, even if ``f`` raises.  The step is taken in ``x``'s own
    dtype, which is what makes float32 differences as poor as they are.

    Parameters
    ----------
    f : callable
        Maps ``x`` to a single number (or a one-element Variable).
    x : numpy.ndarray
        A writeable float array.
    index : int or tuple of int
        Which element to nudge.
    h : float
        Step size.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.numerical import values_around
    >>> x = np.array([3.0, 4.0])
    >>> values_around(lambda p: (p**2).sum(), x, 0, 0.5)   # 3.5² + 16 and 2.5² + 16
    (28.25, 22.25)
    >>> x
    array([3., 4.])
    """
    original = x[index]
    try:
        x[index] = original + h
        f_plus = _scalar(f(x), "values_around")
        x[index] = original - h
        f_minus = _scalar(f(x), "values_around")
    finally:
        x[index] = original
    return f_plus, f_minus


def numerical_gradient(f: Callable[[np.ndarray], Any], x: Any, h: float = 1e-4) -> np.ndarray:
    """Gradient of ``f`` at ``x`` by central differences, one element at a time.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a single number.  As in the book,
        ``f`` may ignore its argument and read ``x`` itself (``lambda W:
        net.loss(x, t)``): a float array ``x`` is perturbed in place.
    x : array_like or Variable
        Where to differentiate.  Integer input is differentiated as float64.
    h : float, default 1e-4
        Step size.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``, float.

    Notes
    -----
    ``x`` is always left exactly as it was: every perturbed element is
    restored from a saved copy, not by subtracting ``h`` again (which would
    not round-trip in floating point).  Graph recording is switched off
    while ``f`` runs, so only forward passes are paid for.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad import numerical_gradient
    >>> x = np.array([3, 4])                      # integers work too
    >>> numerical_gradient(lambda p: (p**2).sum(), x).round(6)
    array([6., 8.])
    >>> x
    array([3, 4])
    """
    if not h > 0:
        raise ValueError(f"numerical_gradient: step size h must be positive, got {h}")
    data = x.data if isinstance(x, Variable) else x
    if isinstance(data, np.ndarray) and data.dtype.kind == "f" and data.flags.writeable:
        target = data  # perturb in place so closures that read x see it
    else:
        target = as_array(data, where="numerical_gradient").copy()
    grad = np.zeros(target.shape, dtype=np.float64)
    saved = target.copy()
    with no_grad():
        try:
            for i in np.ndindex(target.shape):
                f_plus, f_minus = values_around(f, target, i, h)
                grad[i] = (f_plus - f_minus) / _step_taken(saved[i], h)
        finally:
            np.copyto(target, saved)
    if target is not data and isinstance(data, np.ndarray) and data.dtype.kind in "biu" and not grad.any():
        raise TypeError(
            "numerical_gradient: x is an integer array, so it was nudged in a float copy, and f did "
            "not change; if f reads x itself (the book's lambda W: net.loss(x, t)), pass a float "
            "array, e.g. x = x.astype(float), and let f read that one"
        )
    return grad


def _step_taken(value: Any, h: float) -> float:
    """(x + h) − (x − h) as ``x``'s dtype stores them: 2h in float64, up to 22% more in float32."""
    return float(value + h) - float(value - h)


class GradientCheck(NamedTuple):
    """Result of :func:`gradient_check`.

    Attributes
    ----------
    max_abs_diff : float
        Largest |backprop − numerical| over every element of every input.
    max_rel_diff : float
        Largest |backprop − numerical| / max(|backprop|, |numerical|, 1e-8).
    backprop, numerical : list of numpy.ndarray
        The two gradients, one array per input.

    Examples
    --------
    >>> import graphgrad as gg
    >>> check = gg.gradient_check(lambda x: x * x, 3.0)
    >>> check.backprop[0].item(), round(check.numerical[0].item(), 6)
    (6.0, 6.0)
    """

    max_abs_diff: float
    max_rel_diff: float
    backprop: list[np.ndarray]
    numerical: list[np.ndarray]


def gradient_check(f: Callable[..., Variable], *inputs: Any, h: float = 1e-4) -> GradientCheck:
    """Compare backpropagation with numerical differentiation (梯度确认).

    Parameters
    ----------
    f : callable
        Takes one Variable per input and returns a scalar Variable.
    *inputs : array_like
        Points at which to compare.
    h : float, default 1e-4
        Step size of the central difference.

    Examples
    --------
    >>> import graphgrad as gg
    >>> check = gg.gradient_check(lambda a, b: gg.sum(gg.tanh(a * b)), [0.5, -1.0], [2.0, 0.3])
    >>> check.max_abs_diff < 1e-8
    True
    """
    if not inputs:
        raise ValueError("gradient_check: give at least one input")
    arrays = [as_array(x, where="gradient_check").astype(np.float64, copy=True) for x in inputs]
    variables = [Variable(a) for a in arrays]
    y = f(*variables)
    if not isinstance(y, Variable):
        raise TypeError(f"gradient_check: f must return a Variable, got {type(y).__name__}")
    y.backward()
    backprop = [
        np.zeros_like(a) if v.grad is None else v.grad for a, v in zip(arrays, variables, strict=True)
    ]

    numerical = []
    for i, a in enumerate(arrays):

        def f_i(p: np.ndarray, i: int = i) -> Variable:
            args = [Variable(p) if j == i else Variable(arrays[j]) for j in range(len(arrays))]
            return f(*args)

        numerical.append(numerical_gradient(f_i, a, h))
    max_abs = max_rel = 0.0
    for b, n in zip(backprop, numerical, strict=True):
        diff = np.abs(b - n)
        if diff.size:
            max_abs = max(max_abs, float(diff.max()))
            scale = np.maximum(np.maximum(np.abs(b), np.abs(n)), 1e-8)
            max_rel = max(max_rel, float((diff / scale).max()))
    return GradientCheck(max_abs, max_rel, backprop, numerical)
