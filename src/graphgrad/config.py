"""Switches that change what the engine does, one value per thread.

DeZero keeps such switches in a ``Config`` class; here each one is a
:class:`~contextvars.ContextVar`, so that ``with no_grad():`` in one thread
(or asyncio task) leaves the others recording as before.  The engine reads
the switches in :meth:`graphgrad.core.Function.__call__` and
:meth:`graphgrad.core.Variable.backward`; nothing else is global.
"""

from __future__ import annotations

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


def no_grad() -> Any:
    """Run code without recording the graph.

    Inside the block results have no ``creator``, so nothing can be
    backpropagated and nothing is kept alive for it: use it for inference,
    parameter updates and numerical differentiation.  The switch belongs to
    the current thread: other threads keep recording.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(3.0)
    >>> with gg.no_grad():
    ...     y = x * x
    >>> y.creator is None, y.requires_grad
    (True, False)
    """
    return using_config(enable_backprop, False)


@contextmanager
def watching(watch: Callable[[str, Function], None]) -> Iterator[None]:
    """Call ``watch(event, function)`` for every forward evaluation and backward step in the block."""
    with using_config(watchers, (*watchers.get(), watch)):
        yield
