"""Numbers and arrays as Variables: :func:`as_inputs`, :func:`as_variable` and :func:`borrow`.

A Function called on numbers or arrays makes them constants first (:func:`as_inputs`): ``y * 2.5``
multiplies by a Variable that needs no gradient. A :class:`~graphgrad.core.Variable` keeps its
own read-only copy of what it is given, so that nothing the caller does later can change a
gradient; :func:`as_variable` and :func:`borrow` are for library code that knows when the copy
is not needed (the memory study, :class:`graphgrad.nn.TwoLayerNet`).

:mod:`graphgrad.core` calls :func:`as_inputs`, so this module cannot import core: core hands
``Variable`` over when it is imported (as :mod:`graphgrad.functions` hands itself over to
:mod:`graphgrad.operators`), and the engine's imports stay free of cycles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from graphgrad.arrays import NUMBERS, as_constant, constant
from graphgrad.config import enable_backprop

if TYPE_CHECKING:
    from graphgrad.core import Variable
else:
    Variable = None  # set by graphgrad.core when it is imported

__all__ = ["as_inputs", "as_variable", "borrow"]


def as_inputs(args: tuple[Any, ...]) -> tuple[Variable, ...]:
    """A Function's arguments as Variables: numbers and arrays become constants (``arrays.as_constant``)."""
    dtype = None
    for a in args:
        if isinstance(a, Variable):
            dtype = a._data.dtype  # a number takes the dtype of the first Variable: y * 2.5 keeps y's
            break
    inputs = []
    for a in args:
        if isinstance(a, Variable):
            inputs.append(a)
        elif dtype is not None and isinstance(a, NUMBERS):  # the common case first: y * 2.5
            inputs.append(Variable._over(constant(a, dtype)))
        else:  # an array is copied if a graph will read it, else borrowed
            joins = enable_backprop.get() and any(isinstance(v, Variable) and v.requires_grad for v in args)
            inputs.append(Variable._over(as_constant(a, dtype, copy=joins)))
    return tuple(inputs)


def as_variable(obj: Any, dtype: np.dtype | None = None, *, copy: bool = True) -> Variable:
    """Return ``obj`` if it is a Variable, else wrap it as a constant (see ``arrays.as_constant``).

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.wrapping import as_variable
    >>> c = as_variable(np.arange(3))
    >>> c.data, c.requires_grad
    (array([0., 1., 2.]), False)
    """
    return obj if isinstance(obj, Variable) else Variable._over(as_constant(obj, dtype, copy=copy))


def borrow(array: np.ndarray, name: str | None = None, *, requires_grad: bool = True) -> Variable:
    """A Variable over ``array`` itself (a read-only view), without the copy ``Variable()`` makes.

    Only for code that runs the backward pass before it hands control back, so
    that nothing can write into ``array`` in between (``nn.TwoLayerNet`` does).

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.wrapping import borrow
    >>> w = np.ones(2)
    >>> v = borrow(w, "w")
    >>> bool(np.shares_memory(v.data, w)), v.data.flags.writeable
    (True, False)
    """
    return Variable._over(as_constant(array, copy=False, where="borrow"), name, requires_grad=requires_grad)
