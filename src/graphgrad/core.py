"""The computational graph: ``Variable`` holds values, ``Function`` computes, ``backpropagate`` walks back.

graphgrad is *define-by-run*: a :class:`Function` run on Variables returns a new Variable that
remembers the function that made it (its ``creator``), and the function remembers its inputs.
That chain *is* the computational graph of chapter 5 of *Deep Learning from Scratch*.
:func:`backpropagate` walks it back from the output: each node multiplies the upstream derivative
by its local one. Why one pass serves every input (reusing each upstream derivative is
one of the two reasons) and the conventions (gradients add up until ``cleargrad()``; numbers and
arrays are constants) are on the site's page "Backward propagation"; :mod:`graphgrad` maps the modules.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from graphgrad import arrays, checks, wrapping
from graphgrad.arrays import as_array, owned
from graphgrad.checks import GRADIENT_TYPES
from graphgrad.config import enable_backprop, no_grad, using_config, watchers, watching
from graphgrad.graph import graph_nodes, topological_order
from graphgrad.operators import Operators
from graphgrad.wrapping import as_inputs

# Also the names of the small modules core gathers (the API page "graphgrad.core" shows them).
__all__ = [
    "Variable", "Function", "backpropagate", "as_inputs", "topological_order", "graph_nodes",
    "no_grad", "using_config", "watching", "enable_backprop", "watchers", "as_array",
]  # fmt: skip


class Variable(Operators):
    """A node of the graph that holds a value, and after backward its gradient.

    Parameters
    ----------
    data : number or array_like
        The value: the Variable keeps its own read-only float copy.
    name : str, optional
        A name for diagrams and error messages, such as ``"apple"``.
    requires_grad : bool, default True
        False makes it a constant: backward gives it no gradient and no work.

    Attributes
    ----------
    grad : numpy.ndarray or None
        dL/d(this variable) after ``L.backward()``, summed over calls until :meth:`cleargrad`.
    creator : Function or None
        The function whose output this is; ``None`` for inputs.

    Examples
    --------
    The book's first example: two apples at 100 each with 10% tax.

    >>> import graphgrad as gg
    >>> apple, num, tax = gg.Variable(100, "apple"), gg.Variable(2, "num"), gg.Variable(1.1, "tax")
    >>> price = apple * num * tax
    >>> price.backward()
    >>> round(float(apple.grad), 10), round(float(num.grad), 10), round(float(tax.grad), 10)
    (2.2, 110.0, 200.0)
    """

    __slots__ = ("name", "grad", "creator", "_requires_grad", "tangent", "__weakref__")  # data: HoldsData
    grad: np.ndarray | None
    creator: Function | None
    tangent: np.ndarray | None  # forward mode's dx/dt (graphgrad.jvp)

    def __init__(self, data: Any, name: str | None = None, *, requires_grad: bool = True) -> None:
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Variable: name must be a string, got {type(name).__name__}")
        self._data, self._shown, self._version, self.name = owned(data, where="Variable"), None, 0, name
        self.grad = self.creator = self.tangent = None
        self._requires_grad = bool(requires_grad)

    @classmethod
    def _over(cls, array: np.ndarray, name: str | None = None, *, requires_grad: bool = False) -> Variable:
        """A Variable over ``array`` itself, no checks, no copy (``array`` is a read-only float array)."""
        v = object.__new__(cls)  # every node's output comes through here: no __init__, no checks
        v._data, v._shown, v._version, v.name = array, None, 0, name
        v.grad = v.creator = v.tangent = None
        v._requires_grad = requires_grad
        return v

    @property
    def requires_grad(self) -> bool:
        """Whether a gradient flows to this variable (settable on inputs only)."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        checks.check_can_be_constant(self, value)
        self._requires_grad = bool(value)

    def cleargrad(self) -> None:
        """Forget the gradient, so that the next backward starts from zero."""
        self.grad = None

    def detach(self) -> Variable:
        """The same value as a new input that requires no gradient (shares the read-only data)."""
        return Variable._over(self._data)

    def backward(self, grad: Any = None, *, retain_grad: bool = False) -> None:
        """Backpropagate from this variable to every variable it depends on (gradients add up).

        ``grad`` is the seed, dL/d(this variable), by default 1 for a single number;
        ``retain_grad=True`` also keeps the gradient of every intermediate variable
        and of every edge in ``Function.input_grads`` (what a backward diagram shows).
        """
        backpropagate(self, checks.seed_of(self, grad), retain_grad=retain_grad)

    def named_inputs(self) -> dict[str, Variable]:
        """The named inputs of the graph (variables without a creator), by name."""
        variables, _ = graph_nodes(self)
        return {v.name: v for v in variables if v.creator is None and v.name}


class Function:
    """A node of the graph that computes: one primitive operation.

    A subclass gives its local rules: :meth:`forward` (the value), :meth:`backward` (upstream
    gradient ``gy`` to one gradient per input, ``gy`` × local derivative, or ``None`` where
    ``needs_input_grad`` is False) and :meth:`jvp` (input tangents to the output tangent, for
    forward mode). ``reads_inputs`` and ``reads_output`` say which values ``backward`` reads.
    A Function object is one node: call a new one each time.

    Examples
    --------
    Squaring, with local derivative 2x:

    >>> import graphgrad as gg
    >>> class Square(gg.Function):
    ...     name, symbol = "square", "²"
    ...     def forward(self, x):
    ...         return x * x
    ...     def backward(self, gy):
    ...         return (gy * 2 * self.inputs[0].data,)
    ...     def jvp(self, t):
    ...         return 2 * self.inputs[0].data * t
    >>> x = gg.Variable(3.0)
    >>> y = Square()(x)
    >>> y.backward()
    >>> y.item(), x.grad.item()
    (9.0, 6.0)
    """

    name = "function"  # also its row in graphgrad.counting.FLOPS
    symbol = "f"  # what a diagram writes in the node
    reads_inputs: tuple[int, ...] | None = None  # inputs whose values backward reads (None: all)
    reads_output = False  # whether backward reads the output's value (exp, tanh, softmax, div)

    # Set when the node runs.  Slots, not a dict: a graph has one Function per node.
    __slots__ = ("inputs", "output", "needs_input_grad", "input_grads", "_assignment")
    inputs: tuple[Variable, ...]
    output: Callable[[], Variable]  # a weak reference: the graph is freed when its output is
    needs_input_grad: tuple[bool, ...]  # one of a few shared tuples (_NEEDS), not one per node
    input_grads: tuple[np.ndarray | None, ...] | None  # each edge's gradient, after retain_grad
    _assignment: int  # the last data assignment before this node read its inputs

    def __new__(cls, *args: Any, **kwargs: Any) -> Function:
        """A node that has not run yet: ``_assignment`` is -1 until it runs (cheaper to test than a slot)."""
        f = super().__new__(cls)
        f._assignment = -1
        return f

    def __call__(self, *args: Any) -> Variable:
        """Run this node on ``args`` (Variables, numbers or arrays) and return its output Variable."""
        if self._assignment >= 0:
            raise checks.reused(self)
        assignment = arrays.last_assignment  # before the inputs are read (see arrays.HoldsData)
        inputs = args
        for a in args:
            if not isinstance(a, Variable):  # numbers and arrays become constants
                inputs = as_inputs(args)
                break
        xs, needs = [], []
        for x in inputs:
            xs.append(x._data)
            needs.append(x._requires_grad)
        self.check(*xs)
        y = np.asarray(self.forward(*xs))  # numpy gives a scalar for a 0-d result
        if y.dtype.kind != "f":
            y = as_array(y, where=self.name)
        y.setflags(write=False)  # a value in the graph must not change under the gradient
        out = Variable._over(y)
        self.inputs, self.output, self._assignment = inputs, weakref.ref(out), assignment  # type: ignore[assignment]
        needs_t = tuple(needs)
        self.needs_input_grad, self.input_grads = _NEEDS.setdefault(needs_t, needs_t), None
        if True in needs and enable_backprop.get():
            out.creator, out._requires_grad = self, True  # record the graph
        for watch in watchers.get():
            watch("forward", self)
        return out

    def check(self, *xs: np.ndarray) -> None:
        """Raise a clear error if the inputs cannot go through this function."""

    def forward(self, *xs: np.ndarray) -> np.ndarray:
        """Output value from input values."""
        raise NotImplementedError

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray | None, ...]:
        """Gradients for the inputs from the upstream gradient ``gy``."""
        raise NotImplementedError

    def jvp(self, *tangents: np.ndarray | None) -> np.ndarray:
        """Output tangent from input tangents (``None`` means zero)."""
        raise NotImplementedError

    def saved_for_backward(self) -> list[np.ndarray]:
        """The arrays ``backward`` reads besides ``gy`` (see ``reads_inputs``, ``reads_output``)."""
        positions = range(len(self.inputs)) if self.reads_inputs is None else self.reads_inputs
        y = self.output() if self.reads_output else None
        return [self.inputs[i]._data for i in positions] + ([] if y is None else [y._data])

    def label(self) -> str:
        """Text for a diagram node: the symbol plus any fixed parameter."""
        return self.symbol

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.symbol}>"


_NEEDS: dict[tuple[bool, ...], tuple[bool, ...]] = {}


def backpropagate(y: Variable, seed: np.ndarray, *, retain_grad: bool = False) -> None:
    """The backward pass: from ``y``, whose gradient is ``seed``, back to every input.

    Each node is visited after all of its consumers (:func:`topological_order`),
    so its upstream gradient is complete: the local rule turns it into one
    gradient per input, and an input that feeds several nodes adds them up.
    """
    order = topological_order(y)
    checks.check_unchanged(order, arrays.last_assignment)
    grads: dict[Variable, Any] = {y: seed}  # this pass's gradient of each variable reached so far
    handed_out: set[int] = set()  # the arrays already given to a user-visible .grad
    watching_now = watchers.get()
    for f in order:
        out = f.output()
        gy = grads.pop(out)
        gxs: tuple[Any, ...] = f.backward(gy)  # for each input: upstream × local derivative
        for watch in watching_now:
            watch("backward", f)
        if retain_grad:
            checks.retain(out, gy, f, gxs, handed_out)
        for x, gx, needed in zip(f.inputs, gxs, f.needs_input_grad, strict=True):
            if needed:
                if type(gx) not in GRADIENT_TYPES or gx.shape != x._data.shape or gx.dtype != x._data.dtype:
                    gx = checks.checked(gx, x, f)  # converts it, or explains why it cannot
                grads[x] = grads[x] + gx if x in grads else gx  # the paths into x add up
    checks.hand_out(grads, handed_out)  # what is left: the inputs of the graph


wrapping.Variable = Variable  # type: ignore[misc]  # handed over: wrapping cannot import core
