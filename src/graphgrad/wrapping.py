"""Arrays wrapped as Variables, cheaper than ``Variable()``: :func:`as_variable` and :func:`borrow`.

A :class:`~graphgrad.core.Variable` keeps its own read-only copy of what it is
given, so that nothing the caller does later can change a gradient.  These
helpers are for library code that knows when the copy is not needed (the
memory study, :class:`graphgrad.nn.TwoLayerNet`); a Function wraps the numbers
and arrays it is called on the same way (:func:`graphgrad.core.as_inputs`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphgrad.arrays import as_constant
from graphgrad.core import Variable

__all__ = ["as_variable", "borrow"]


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
