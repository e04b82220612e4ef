"""The computational graph: ``Variable`` holds values, ``Function`` connects them.

graphgrad is *define-by-run*: there is no separate step that declares a
graph.  Every time a :class:`Function` runs on :class:`Variable` objects it
returns a new Variable that remembers the function that created it (its
``creator``), and the function remembers its inputs.  The chain of creators
*is* the computational graph of chapter 5 of *Deep Learning from Scratch*.

:meth:`Variable.backward` walks that graph from the output back to the
inputs.  Each node does only a local computation: it multiplies the
derivative that arrives from upstream by its own local derivative (a
vector-Jacobian product) and passes the result on.  Because each node is
visited once and each upstream derivative is reused by every node below it,
one backward pass yields the derivative of the output with respect to every
input at once.  That reuse is one of the two reasons backpropagation is efficient; the other is
the shape of the problem: a loss is one output of many inputs, and one backward pass serves one
output, where forward mode needs one pass per input.

The conventions are DeZero's and PyTorch's: gradients of the inputs
*accumulate* over ``backward()`` calls until :meth:`Variable.cleargrad`;
intermediate gradients are kept only when asked for (``retain_grad=True``);
plain numbers and numpy arrays are constants that get no gradient work.

This module holds the two kinds of node and the backward pass.  The rest
of the engine is in small modules with one job each, whose names are
importable from here too:

- :mod:`graphgrad.config`: the per-thread switches (:func:`no_grad`);
- :mod:`graphgrad.arrays`: what a Variable may hold (:func:`as_array`);
- :mod:`graphgrad.operators`: ``x * y``, ``x.sum()``, ``x.shape``;
- :mod:`graphgrad.graph`: walking the graph (:func:`topological_order`);
- :mod:`graphgrad.functions`: every derivative rule.
"""

from __future__ import annotations

import itertools
import weakref
from typing import Any

import numpy as np

from graphgrad.arrays import as_array, as_inputs, as_variable, borrow, owned
from graphgrad.config import enable_backprop, no_grad, using_config, watchers, watching
from graphgrad.graph import graph_nodes, topological_order
from graphgrad.operators import Operators

__all__ = [
    "Variable", "Function", "borrow", "as_variable", "topological_order", "graph_nodes",
    "no_grad", "using_config", "watching", "enable_backprop", "watchers", "as_array",
]  # fmt: skip

# ---------------------------------------------------------------------------
# Variable
# ---------------------------------------------------------------------------

# A version counter, as in PyTorch.  Every assignment to a Variable's ``data`` takes a new number
# from this counter (``next`` is atomic, so threads cannot take the same one): the variable keeps it
# as its ``_version`` and ``_last_assignment`` remembers the latest.  A function notes the latest
# number before it reads its inputs; an input with a higher version was assigned after the function
# used it.  If nothing was assigned since, backward needs no check (Function.check_inputs_unchanged).
_assignments = itertools.count(1)
_last_assignment = 0


class Variable(Operators):
    """A node of the computational graph that holds a value.

    Parameters
    ----------
    data : number or array_like
        The value.  Python numbers, booleans and integer arrays are
        converted to float64.  The Variable keeps its own read-only copy, so
        changing the array you passed in changes nothing here.
    name : str, optional
        A name for diagrams and error messages, such as ``"apple"``.
    requires_grad : bool, default True
        False makes this variable a constant: backward gives it no gradient
        and does no work for it.

    Attributes
    ----------
    data : numpy.ndarray
        The value computed by forward propagation (read-only).  Assigning a
        new value is allowed between graphs; doing it after a graph has used
        the old value makes that graph's ``backward()`` raise.
    grad : numpy.ndarray or None
        The derivative of the outputs that :meth:`backward` was called on,
        with respect to this variable, summed over those calls until
        :meth:`cleargrad`; same shape and dtype as ``data``.
    creator : Function or None
        The function whose output this is; ``None`` for inputs.
    requires_grad : bool
        Whether a gradient flows to this variable.  For a result: whether
        any of its inputs requires one (and the graph was recorded).

    Examples
    --------
    The book's first example: two apples at 100 each with 10% tax.

    >>> import graphgrad as gg
    >>> apple, num, tax = gg.Variable(100, "apple"), gg.Variable(2, "num"), gg.Variable(1.1, "tax")
    >>> price = apple * num * tax
    >>> f"{price:.1f}"
    '220.0'
    >>> price.backward()
    >>> round(float(apple.grad), 10), round(float(num.grad), 10), round(float(tax.grad), 10)
    (2.2, 110.0, 200.0)
    """

    __slots__ = ("_data", "_version", "name", "grad", "creator", "requires_grad", "tangent", "__weakref__")

    def __init__(self, data: Any, name: str | None = None, *, requires_grad: bool = True) -> None:
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Variable: name must be a string, got {type(name).__name__}")
        self._data = owned(data, where="Variable")
        self._version = 0  # no assignment since it was made
        self.name = name
        self.grad: np.ndarray | None = None
        self.creator: Function | None = None
        self.requires_grad = bool(requires_grad)
        self.tangent: np.ndarray | None = None

    @classmethod
    def _over(cls, array: np.ndarray, name: str | None = None, *, requires_grad: bool = False) -> Variable:
        """A Variable over ``array`` itself, no checks, no copy (``array`` is a read-only float array)."""
        v = cls.__new__(cls)
        v._data, v._version, v.name, v.grad, v.creator, v.tangent = array, 0, name, None, None, None
        v.requires_grad = requires_grad
        return v

    @property
    def data(self) -> np.ndarray:
        """The value (a read-only numpy array)."""
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        global _last_assignment
        self._data = owned(value, where="Variable.data")
        self._version = _last_assignment = next(_assignments)

    def __repr__(self) -> str:
        body = np.array2string(self._data, precision=6, separator=", ", prefix="Variable(")
        name = f", name={self.name!r}" if self.name else ""
        return f"Variable({body}{name})"

    # -- graph ----------------------------------------------------------------
    def cleargrad(self) -> None:
        """Forget the gradient (``grad`` becomes ``None``), so the next backward starts from zero."""
        self.grad = None

    def detach(self) -> Variable:
        """The same value as a new input that requires no gradient (shares the read-only data).

        Examples
        --------
        >>> import graphgrad as gg
        >>> x = gg.Variable(3.0)
        >>> y = x * x.detach()      # the second factor is a constant
        >>> y.backward()
        >>> x.grad.item()
        3.0
        """
        return Variable(self._data, requires_grad=False)

    def backward(self, grad: Any = None, *, retain_grad: bool = False) -> None:
        """Backpropagate from this variable to every variable it depends on.

        Parameters
        ----------
        grad : array_like, optional
            The seed: the derivative of the final quantity with respect to
            this variable, i.e. the upstream derivative that enters the graph
            at its output.  Defaults to 1 for a scalar output; required, with
            this variable's shape, otherwise.
        retain_grad : bool, default False
            Also keep the gradient of every intermediate variable (added to
            its ``grad``) and the gradient that flowed along every edge
            (``Function.input_grads``): what a backward diagram shows.  By
            default only the inputs (variables without a creator) get one.

        Notes
        -----
        Nodes are visited in reverse topological order, computed with an
        explicit stack rather than recursion, so graphs of any depth work.

        Gradients of the inputs *accumulate*: each call adds its gradient to
        ``grad``, as in DeZero and PyTorch, so two losses that share a
        parameter, or several micro-batches, add up.  Call
        :meth:`cleargrad` before a backward pass that should start from zero.
        A variable used several times *within* one graph (``x * x``, a
        diamond) gets the sum of the contributions of every path, as the
        chain rule requires.

        Every gradient you can reach is an array of its own.

        Raises
        ------
        RuntimeError
            If nothing in the graph requires a gradient (e.g. it was built
            under :func:`no_grad`), or if a variable's ``data`` was assigned
            a new value after the graph used it.

        Examples
        --------
        >>> import graphgrad as gg
        >>> x = gg.Variable(3.0)
        >>> y = x * x          # x is used twice: dy/dx = 2x
        >>> y.backward()
        >>> x.grad.item()
        6.0
        >>> y.backward()       # a second call adds another 6
        >>> x.grad.item()
        12.0
        >>> x.cleargrad(); y.backward(); x.grad.item()
        6.0
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward: this result does not depend on any variable that requires a gradient "
                "(was it computed under no_grad(), or from constants only?)"
            )
        seed = self._seed(grad)
        order = topological_order(self)
        last_assignment = _last_assignment
        for f in order:
            if f._assignment != last_assignment:  # some data was assigned after f ran
                f.check_inputs_unchanged()
        handed_out: set[int] = set()  # ids of the arrays already given to a user-visible .grad
        grads: dict[Variable, np.ndarray] = {self: seed}  # this pass's gradient of each variable
        watching_now = watchers.get()
        for f in order:
            y = f.output()
            gy = grads.pop(y)
            if retain_grad:
                _add_grad(y, gy, handed_out)
            gxs = f.backward(gy)
            for watch in watching_now:
                watch("backward", f)
            if retain_grad:
                f.input_grads = tuple([None if g is None else np.array(g) for g in gxs])
            for x, gx, needed in zip(f.inputs, gxs, f.needs_input_grad, strict=True):
                if not needed:
                    continue
                if type(gx) is not np.ndarray or gx.shape != x._data.shape or gx.dtype != x._data.dtype:
                    gx = _checked(gx, x, f)  # converts it, or explains why it cannot
                if x in grads:
                    gx = grads[x] + gx  # x feeds several nodes: the paths add up
                grads[x] = gx
        for x, gx in grads.items():  # what is left: the inputs of the graph
            _add_grad(x, gx, handed_out)

    def _seed(self, grad: Any) -> np.ndarray:
        if grad is None:
            if self._data.size != 1:
                raise ValueError(
                    f"backward: the output has shape {self.shape}, not a single number; "
                    "pass a seed gradient of that shape, e.g. y.backward(np.ones(y.shape)), "
                    "or reduce the output to a scalar first (graphgrad.sum)"
                )
            return np.ones(self._data.shape, self._data.dtype)
        g = as_array(grad, where="backward seed")
        if g.shape != self.shape:
            raise ValueError(
                f"backward: the seed gradient has shape {g.shape}, but the output has shape {self.shape}"
            )
        if not np.all(np.isfinite(g)):
            raise ValueError("backward: the seed gradient contains NaN or infinity")
        return g.astype(self.dtype, copy=True)

    def named_inputs(self) -> dict[str, Variable]:
        """The inputs of the graph (variables without a creator) that have a name, by name.

        Examples
        --------
        >>> from graphgrad.examples import buy_apple
        >>> price = buy_apple()
        >>> sorted(price.named_inputs())
        ['apple', 'apple_num', 'tax']
        >>> round(float(price.named_inputs()["tax"].grad), 10)
        200.0
        """
        variables, _ = graph_nodes(self)
        return {v.name: v for v in variables if v.creator is None and v.name}


def _checked(gx: Any, x: Variable, f: Function) -> np.ndarray:
    """The gradient ``f.backward`` gave for input ``x``, as an array of ``x``'s shape and dtype."""
    if type(gx) is not np.ndarray:
        if gx is None:
            raise RuntimeError(f"{f.name}: backward gave no gradient for an input that needs one")
        gx = np.asarray(gx)
    if gx.shape != x._data.shape:
        raise RuntimeError(
            f"{f.name}: backward gave a gradient of shape {gx.shape} for an input of shape {x.shape}"
        )
    if gx.dtype != x._data.dtype:
        gx = gx.astype(x._data.dtype)  # a gradient keeps its variable's dtype
    return gx


def _add_grad(x: Variable, g: np.ndarray, handed_out: set[int]) -> None:
    """Add ``g`` to ``x.grad``, making sure no two gradients share memory."""
    if x.grad is not None:
        x.grad = np.asarray(x.grad + g)  # 0-d arithmetic gives numpy scalars: keep an array
        return
    if type(g) is not np.ndarray or id(g) in handed_out or g.base is not None or not g.flags.writeable:
        g = np.array(g)  # a copy: of a view, of a scalar, or of an array another gradient already is
    handed_out.add(id(g))
    x.grad = g


# ---------------------------------------------------------------------------
# Function
# ---------------------------------------------------------------------------


class Function:
    """A node of the graph that computes: one primitive operation.

    A subclass defines three local rules and nothing else:

    - :meth:`forward` computes the output value from the input values;
    - :meth:`backward` takes the upstream derivative ``gy`` (dL/dy) and
      returns the derivative for each input (dL/dx = gy · dy/dx, a
      vector-Jacobian product), or ``None`` for an input whose entry in
      ``needs_input_grad`` is False: nobody asked for that one;
    - :meth:`jvp` takes a tangent for each input (dx/dt, or ``None`` for
      zero) and returns the output tangent (dy/dt = dy/dx · dx/dt, a
      Jacobian-vector product) for forward mode.

    Both derivative methods apply the chain rule for this one node only;
    the graph traversal in :meth:`Variable.backward` and in
    :func:`graphgrad.jvp` does the rest.  A Function object is used once:
    call a new one for each node (``Square()(x)``).

    Attributes
    ----------
    name : str
        Short name, e.g. ``"mul"`` (also the key of its row in
        :data:`graphgrad.counting.FLOPS`).
    symbol : str
        What a diagram writes in the node's circle, e.g. ``"×"``.
    inputs : tuple of Variable
    output : weakref to Variable
        Weak, so that a graph is freed as soon as nothing but the graph
        refers to its output.
    needs_input_grad : tuple of bool
        For each input, whether backward must compute its gradient.
    input_grads : tuple of numpy.ndarray or None
        After ``backward(retain_grad=True)``: the gradient that flowed along
        each input edge.

    Examples
    --------
    A new primitive needs only its local rules.  Squaring, with local
    derivative 2x:

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
    >>> gg.jvp(lambda v: Square()(v), 3.0, 1.0)
    (array(9.), array(6.))
    """

    name = "function"
    symbol = "f"

    inputs: tuple[Variable, ...] = ()
    output: weakref.ReferenceType[Variable]
    needs_input_grad: tuple[bool, ...] = ()
    input_grads: tuple[np.ndarray | None, ...] | None = None
    _assignment = -1  # the last data assignment before this function ran; -1: check the inputs

    def __call__(self, *args: Any) -> Variable:
        if self.inputs:
            raise RuntimeError(
                f"{type(self).__name__}: this Function object was already called; a graph node "
                f"is used once, so create a new one for each call ({type(self).__name__}()(x))"
            )
        # This runs once per node, so it does only what every node needs, written out.
        assignment = _last_assignment  # before the inputs are read (see Variable.data)
        inputs = args
        for a in args:
            if not isinstance(a, Variable):  # numbers and arrays become constants
                inputs = as_inputs(args)
                break
        xs = tuple([x._data for x in inputs])
        self.check(*xs)
        y = self.forward(*xs)
        if type(y) is not np.ndarray or y.dtype.kind != "f":
            y = as_array(y, where=self.name)  # e.g. numpy's scalar for a 0-d result
        y.setflags(write=False)  # a value in the graph must not change under the gradient
        out = Variable._over(y)  # a fresh array needs no copy, so not Variable(y)
        self.inputs, self.output, self._assignment = inputs, weakref.ref(out), assignment
        self.needs_input_grad = needs = tuple([x.requires_grad for x in inputs])
        if True in needs and enable_backprop.get():
            out.creator, out.requires_grad = self, True  # record the graph
        for watch in watchers.get():
            watch("forward", self)
        return out

    def check_inputs_unchanged(self) -> None:
        """Raise if an input's ``data`` was assigned a new value after this function used it."""
        for x in self.inputs:
            if x._version > self._assignment:
                who = f"variable {x.name!r}" if x.name else f"an input of {self.name}"
                raise RuntimeError(
                    f"backward: the data of {who} was assigned a new value after the graph used it, "
                    "so this graph's gradient would be wrong; run the forward pass again"
                )

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

    def label(self) -> str:
        """Text for a diagram node: the symbol plus any fixed parameter."""
        return self.symbol

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.symbol}>"
