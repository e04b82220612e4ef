"""What a Variable may hold: user data checked and turned into read-only float arrays.

A value in the graph must not change between the forward pass that used it
and the backward pass that needs it, or the gradient would be silently
wrong.  So a :class:`~graphgrad.core.Variable` keeps its own copy of what
you pass in (:func:`owned`; :func:`graphgrad.wrapping.borrow` is the one
exception), and every value in the graph is read-only (:func:`frozen`):
writing into one raises an error that says what to write instead
(:class:`ReadOnlyValue`).  Assigning a Variable's ``data`` anew is allowed,
and takes a version number, so that the backward pass of a graph that read
the old value raises instead of giving a wrong gradient.

Bad input is refused here with a message that names the problem: strings,
objects, ragged lists, complex numbers, ``np.matrix`` (whose ``*`` is a
matrix product) and masked arrays (whose mask would be lost).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

#: Each assignment to a Variable's ``data`` takes a new number, its version (as in PyTorch).
_assignments = itertools.count(1)
#: The number of the latest assignment: a Function notes it before it reads its inputs, so the
#: backward pass can tell which values changed since (:func:`graphgrad.checks.check_unchanged`).
last_assignment = 0


class HoldsData:
    """The part of :class:`~graphgrad.core.Variable` this module knows: its value, read-only.

    :func:`as_array` takes the value out of a Variable through this base
    class, so this module, which Variable is built on, need not import it.
    """

    __slots__ = ("_data", "_shown", "_version")
    _data: np.ndarray
    _shown: ReadOnlyValue | None  # the read-only view that .data shows, made when first asked for
    _version: int  # the assignment that gave it its value (0: none since it was made)

    @property
    def data(self) -> np.ndarray:
        """The value (a read-only numpy array; ``p.data -= ...`` says what to write instead)."""
        if self._shown is None:
            self._shown = self._data.view(ReadOnlyValue)
        return self._shown

    @data.setter
    def data(self, value: Any) -> None:
        global last_assignment
        self._data, self._shown = owned(value, where="Variable.data"), None
        self._version = last_assignment = next(_assignments)


def as_array(data: Any, *, where: str = "Variable") -> np.ndarray:
    """Turn ``data`` into a floating-point numpy array, or explain why not.

    Booleans and integers become float64 (so that derivatives are
    meaningful); float16/32/64 arrays keep their precision.  A Variable
    gives its value.  The result may be ``data`` itself: callers that keep
    it make their own copy.

    Examples
    --------
    >>> from graphgrad.arrays import as_array
    >>> as_array([1, 2])
    array([1., 2.])
    >>> as_array("3")
    Traceback (most recent call last):
    ...
    TypeError: Variable: data must be a number or a numeric numpy array, got str
    """
    if type(data) is np.ndarray and data.dtype.kind == "f":
        return data  # the common cases first
    if isinstance(data, (float, np.floating)):
        return np.asarray(data)
    if isinstance(data, HoldsData):  # a Variable
        return data._data
    if isinstance(data, (np.matrix, np.ma.MaskedArray)):
        raise TypeError(
            f"{where}: got a {type(data).__name__}, whose operators mean something else "
            "(np.matrix makes * a matrix product; a masked array's mask would be lost); "
            "pass a plain array, e.g. np.asarray(data)"
        )
    if isinstance(data, np.ndarray):
        arr = np.asarray(data)
    elif isinstance(data, (bool, int, float, np.number, np.bool_, list, tuple)):
        try:
            arr = np.asarray(data)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(f"{where}: data is not a rectangular numeric array ({exc})") from None
    else:
        raise TypeError(f"{where}: data must be a number or a numeric numpy array, got {type(data).__name__}")
    if arr.dtype.kind in "biu":
        return arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{where}: data must be real numbers (bool, int or float), got an array of dtype {arr.dtype}"
        )
    return arr


def owned(data: Any, where: str) -> np.ndarray:
    """``data`` as a read-only float array of our own, never the caller's array."""
    arr = as_array(data, where=where)
    if isinstance(data, np.ndarray) and np.may_share_memory(arr, data):  # not already a new array
        arr = arr.copy()
    return frozen(arr)


#: What ``y * 2.5`` may multiply by: a Python number or a numpy scalar.
NUMBERS = (float, int, np.floating, np.integer, np.bool_)


def constant(number: Any, dtype: np.dtype) -> np.ndarray:
    """``number`` as a read-only 0-d array of ``dtype``: ``y * 2.5`` keeps the dtype of ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from graphgrad.arrays import constant
    >>> c = constant(2.5, np.dtype(np.float32))
    >>> c, c.flags.writeable
    (array(2.5, dtype=float32), False)
    """
    arr = np.array(number, dtype)
    arr.setflags(write=False)
    return arr


def as_constant(
    obj: Any, dtype: np.dtype | None = None, *, copy: bool = True, where: str = "Variable"
) -> np.ndarray:
    """A number or array used as a constant, as a read-only float array.

    Numbers, numpy scalars, lists and 0-d arrays take ``dtype`` (the dtype of
    the Variable they meet), as in PyTorch; an array of one or more
    dimensions keeps its own dtype (and numpy's promotion rules).  The array
    is our own copy, or with ``copy=False`` a read-only view of the caller's.
    """
    if dtype is not None and isinstance(obj, NUMBERS):
        return constant(obj, dtype)
    arr = as_array(obj, where=where)
    takes_dtype = not isinstance(obj, np.ndarray) or obj.ndim == 0
    if dtype is not None and takes_dtype and arr.dtype != dtype:
        arr = arr.astype(dtype)  # a new array
    elif isinstance(obj, np.ndarray) and np.may_share_memory(arr, obj):
        arr = arr.copy() if copy else arr.view()
    return frozen(arr)


def frozen(arr: np.ndarray) -> np.ndarray:
    """``arr``, made read-only: a value in the graph must not change under the gradient."""
    arr.setflags(write=False)
    return arr


class ReadOnlyValue(np.ndarray):
    """What ``Variable.data`` shows: the value, read-only, whose in-place operators say what to write.

    ``p.data -= lr * p.grad`` would write into a value that a graph may still
    need; numpy's own message ("output array is read-only") does not say
    what to do instead, this one does.  Arithmetic on it gives plain arrays.

    Examples
    --------
    >>> import graphgrad as gg
    >>> p = gg.Variable([1.0, 2.0])
    >>> p.data * 2
    array([2., 4.])
    >>> p.data -= 0.5  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Variable.data is read-only: instead of p.data -= lr * p.grad, write p.data = ...
    """

    def __array_wrap__(self, obj: np.ndarray, context: Any = None, return_scalar: bool = False) -> Any:
        return obj[()] if return_scalar else obj  # results of arithmetic are plain arrays

    def __repr__(self) -> str:
        return repr(self.view(np.ndarray))

    def _in_place(self, name: str, other: Any) -> Any:
        if not self.flags.writeable:
            op = {"__isub__": "-", "__iadd__": "+", "__imul__": "*", "__itruediv__": "/"}.get(name, "@")
            raise ValueError(
                f"Variable.data is read-only: instead of p.data {op}= lr * p.grad, "
                f"write p.data = p.data {op} lr * p.grad (a new array)"
            )
        return getattr(super(), name)(other)

    def __iadd__(self, other: Any) -> Any:  # type: ignore[misc]
        return self._in_place("__iadd__", other)

    def __isub__(self, other: Any) -> Any:  # type: ignore[misc]
        return self._in_place("__isub__", other)

    def __imul__(self, other: Any) -> Any:  # type: ignore[misc]
        return self._in_place("__imul__", other)

    def __itruediv__(self, other: Any) -> Any:  # type: ignore[misc]
        return self._in_place("__itruediv__", other)
