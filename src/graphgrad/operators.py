"""Python's operators and numpy's names on a Variable: ``x * y``, ``x.sum()``, ``x.shape``.

:class:`Operators` is the part of :class:`~graphgrad.core.Variable` that
makes it look like a numpy array.  It knows no derivatives: ``x * y`` calls
:func:`graphgrad.mul`, which creates a :class:`~graphgrad.functions.Mul`
node, whose local rules are the only place the derivative of a product is
written.  So a new operator here needs one line, and a new derivative
needs a new Function in :mod:`graphgrad.functions`.

The functions are built on Variable, and Variable on this module, so this
module cannot import them: :mod:`graphgrad.functions` hands itself over as
``F`` when it is imported (DeZero's ``setup_variable`` does the same job).
That keeps the engine's imports free of cycles.

Comparisons (``x < 0``, ``x == 0``) have no derivative: they return plain
boolean arrays, elementwise as in numpy, to use as masks.  A variable still
hashes by identity, so it can be a key of a dict or a member of a set, as the
backward pass needs.  The truth value follows numpy: ``bool(x)`` is the value
of a one-element variable and an error for more elements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from graphgrad.arrays import HoldsData, as_array

if TYPE_CHECKING:
    from graphgrad.core import Variable

#: :mod:`graphgrad.functions`, set by that package when it is imported.
F: Any = None

#: numpy ufuncs that have a graphgrad function of their own (``np.exp(x)`` is ``gg.exp(x)``).
_UFUNCS = {
    "add": "add", "subtract": "sub", "multiply": "mul", "divide": "div", "power": "pow",
    "negative": "neg", "exp": "exp", "log": "log", "tanh": "tanh", "absolute": "abs",
    "maximum": "maximum", "matmul": "matmul",
}  # fmt: skip
#: Comparisons: plain boolean arrays, no graph (as ``x < 0``).
_COMPARISONS = {"less", "less_equal", "greater", "greater_equal", "equal", "not_equal"}


class Operators(HoldsData):
    """Operators, numpy-like properties and methods of :class:`~graphgrad.core.Variable`.

    Each method that computes builds a graph node through
    :mod:`graphgrad.functions`; the properties only read ``data``.
    """

    __slots__ = ()
    name: str | None  # a slot of Variable

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """``np.exp(x)``, ``ndarray * x``: numpy's ufuncs go to graphgrad's functions, or raise."""
        if method == "__call__" and not kwargs and ufunc.__name__ in _COMPARISONS:
            return ufunc(*[a._data if isinstance(a, Operators) else a for a in inputs])
        name = _UFUNCS.get(ufunc.__name__) if method == "__call__" and not kwargs else None
        if name is None:
            call = f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            raise TypeError(
                f"{call} on a Variable: there is no graphgrad operation for it (with these arguments); "
                "use graphgrad's functions (gg.exp, gg.sum, ...) to get a gradient, "
                "or apply numpy to x.data for a plain array without one"
            )
        return getattr(F, name)(*inputs)

    def __repr__(self) -> str:
        body = np.array2string(self._data, precision=6, separator=", ", prefix="Variable(")
        return f"Variable({body}{f', name={self.name!r}' if self.name else ''})"

    # -- numpy-like properties ------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of ``data``."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """Number of dimensions of ``data``."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """Number of elements of ``data``."""
        return self._data.size

    @property
    def dtype(self) -> np.dtype:
        """The dtype of ``data``."""
        return self._data.dtype

    @property
    def T(self) -> Variable:  # noqa: N802 - numpy's name
        """Transpose (a graph node, like :func:`graphgrad.transpose`)."""
        return F.transpose(self)

    def __len__(self) -> int:
        return len(self._data)

    def __float__(self) -> float:
        return float(self._data)

    def __bool__(self) -> bool:
        return bool(self._data)  # numpy's rule: one element is its truth, more raise

    def item(self) -> float:
        """The value of a one-element variable as a Python float."""
        return self._data.item()

    def __format__(self, spec: str) -> str:
        """``f"{loss:.3f}"`` formats the number of a one-element variable."""
        if self._data.size == 1:
            return format(self._data.item(), spec)
        return format(repr(self), spec)

    # -- methods that build graph nodes -------------------------------------------
    def reshape(self, *shape: Any) -> Variable:
        """``x.reshape(2, 3)`` or ``x.reshape((2, 3))``, as in numpy."""
        return F.reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, *axes: Any) -> Variable:
        """``x.transpose()`` reverses the axes; ``x.transpose(1, 0)`` permutes them."""
        return F.transpose(self, (axes[0] if len(axes) == 1 else axes) if axes else None)

    def sum(self, axis: Any = None, keepdims: bool = False) -> Variable:
        """Sum over ``axis`` (all axes by default), like :func:`graphgrad.sum`."""
        return F.sum(self, axis, keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Variable:
        """Mean over ``axis`` (all axes by default), like :func:`graphgrad.mean`."""
        return F.mean(self, axis, keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Variable:
        """Largest element over ``axis``, like :func:`graphgrad.max`."""
        return F.max(self, axis, keepdims)

    def __getitem__(self, key: Any) -> Variable:
        return F.get_item(self, key)

    # -- operators ---------------------------------------------------------------
    def __add__(self, other: Any) -> Variable:
        return F.add(self, other)

    def __radd__(self, other: Any) -> Variable:
        return F.add(other, self)

    def __sub__(self, other: Any) -> Variable:
        return F.sub(self, other)

    def __rsub__(self, other: Any) -> Variable:
        return F.sub(other, self)

    def __mul__(self, other: Any) -> Variable:
        return F.mul(self, other)

    def __rmul__(self, other: Any) -> Variable:
        return F.mul(other, self)

    def __truediv__(self, other: Any) -> Variable:
        return F.div(self, other)

    def __rtruediv__(self, other: Any) -> Variable:
        return F.div(other, self)

    def __pow__(self, other: Any) -> Variable:
        return F.pow(self, other)

    def __rpow__(self, other: Any) -> Variable:
        return F.pow(other, self)

    def __matmul__(self, other: Any) -> Variable:
        return F.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Variable:
        return F.matmul(other, self)

    def __neg__(self) -> Variable:
        return F.neg(self)

    def __abs__(self) -> Variable:
        return F.abs(self)

    # -- comparisons: plain boolean arrays, no graph -------------------------------
    def __lt__(self, other: Any) -> np.ndarray:
        return self._data < as_array(other, where="<")

    def __le__(self, other: Any) -> np.ndarray:
        return self._data <= as_array(other, where="<=")

    def __gt__(self, other: Any) -> np.ndarray:
        return self._data > as_array(other, where=">")

    def __ge__(self, other: Any) -> np.ndarray:
        return self._data >= as_array(other, where=">=")

    def __eq__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self._data == as_array(other, where="==")

    def __ne__(self, other: Any) -> np.ndarray:  # type: ignore[override]
        return self._data != as_array(other, where="!=")

    __hash__ = object.__hash__  # by identity, so that dicts and sets of variables work
