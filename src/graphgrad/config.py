"""Switches that change what the engine does, one value per thread.

DeZero keeps such switches in a ``Config`` class; here each one is a
:class:`~contextvars.ContextVar`, so that ``with no_grad():`` in one thread
(or asyncio task) leaves the others recording as before.  The engine reads
the switches in :meth:`graphgrad.core.Function.__call__` and
:meth:`graphgrad.core.Variable.backward`; nothing else is global.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphgrad.core import Function

#: When False, functions do not record the graph (see :func:`no_grad`).
#: A ``ContextVar``, so that ``no_grad()`` in one thread leaves the others alone.
enable_backprop: ContextVar[bool] = ContextVar("enable_backprop", default=True)

#: Callbacks ``watch(event, function)`` told about each ``"forward"`` evaluation
#: and each ``"backward"`` step.  Forward mode (:mod:`graphgrad.forward_mode`)
#: and :func:`graphgrad.count_ops` use them; the engine itself needs none.
watchers: ContextVar[tuple[Callable[[str, Function], None], ...]] = ContextVar("watchers", default=())


@contextmanager
def using_config(switch: ContextVar[Any], value: Any) -> Iterator[None]:
    """Set one switch (for this thread only) inside a ``with`` block."""
    token = switch.set(value)
    try:
        yield
    finally:
        switch.reset(token)


class _NoGrad:
    """The object :func:`no_grad` returns: a reusable context manager and decorator."""

    def __init__(self) -> None:
        self._tokens = threading.local()  # one stack per thread: the switch is per thread too

    def __enter__(self) -> None:
        stack = self._tokens.__dict__.setdefault("stack", [])
        stack.append(enable_backprop.set(False))

    def __exit__(self, *exc: object) -> None:
        enable_backprop.reset(self._tokens.stack.pop())

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def without_graph(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return without_graph


def no_grad(func: Callable[..., Any] | None = None) -> Any:
    """Run code without recording the graph.

    Inside the block results have no ``creator``, so nothing can be
    backpropagated and nothing is kept alive for it: use it for inference,
    parameter updates and numerical differentiation.  The switch belongs to
    the current thread: other threads keep recording.  The object can be
    used again and nested, and it decorates a function with or without
    parentheses (``@no_grad`` or ``@no_grad()``).

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(3.0)
    >>> with gg.no_grad():
    ...     y = x * x
    >>> y.creator is None, y.requires_grad
    (True, False)
    >>> @gg.no_grad
    ... def predict(v):
    ...     return v * 2.0
    >>> predict(x).creator is None
    True
    """
    return _NoGrad() if func is None else _NoGrad()(func)


@contextmanager
def watching(watch: Callable[[str, Function], None]) -> Iterator[None]:
    """Call ``watch(event, function)`` for every forward evaluation and backward step in the block."""
    with using_config(watchers, (*watchers.get(), watch)):
        yield
