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
input at once.  That reuse is the whole reason backpropagation is efficient.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from graphgrad import counting

# ---------------------------------------------------------------------------
# Global switches
# ---------------------------------------------------------------------------


class Config:
    """Process-wide switches.

    Attributes
    ----------
    enable_backprop : bool
        When False, functions do not record the graph (see :func:`no_grad`).
    forward_mode : bool
        When True, functions also push tangents forward (see
        :func:`graphgrad.jvp`).
    """

    enable_backprop: bool = True
    forward_mode: bool = False


@contextmanager
def using_config(name: str, value: bool) -> Iterator[None]:
    """Set one :class:`Config` switch inside a ``with`` block."""
    old = getattr(Config, name)
    setattr(Config, name, value)
    try:
        yield
    finally:
        setattr(Config, name, old)


def no_grad() -> Any:
    """Run code without recording the graph.

    Inside the block results have no ``creator``, so nothing can be
    backpropagated and nothing is kept alive for it: use it for inference,
    parameter updates and numerical differentiation.

    Examples
    --------
    >>> import graphgrad as gg
    >>> x = gg.Variable(3.0)
    >>> with gg.no_grad():
    ...     y = x * x
    >>> y.creator is None
    True
    """
    return using_config("enable_backprop", False)


# ---------------------------------------------------------------------------
# Variable
# ---------------------------------------------------------------------------


def as_array(data: Any, *, where: str = "Variable") -> np.ndarray:
    """Turn ``data`` into a floating-point numpy array, or explain why not.

    Booleans and integers become float64 (so that derivatives are
    meaningful); float16/32/64 arrays keep their precision.
    """
    if type(data) is np.ndarray and data.dtype.kind == "f":
        return data  # the common case, first
    if isinstance(data, Variable):
        return data.data
    if isinstance(data, np.ndarray):
        arr = data
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


class Variable:
    """A node of the computational graph that holds a value.

    Parameters
    ----------
    data : number or array_like
        The value.  Python numbers, booleans and integer arrays are
        converted to float64.
    name : str, optional
        A name for diagrams and error messages, such as ``"apple"``.

    Attributes
    ----------
    data : numpy.ndarray
        The value computed by forward propagation.
    grad : numpy.ndarray or None
        The derivative of the last output that :meth:`backward` was called
        on, with respect to this variable; same shape as ``data``.  ``None``
        until then.
    creator : Function or None
        The function whose output this is; ``None`` for inputs.
    requires_grad : bool
        False for constants that the engine wraps for you (the ``2`` in
        ``x * 2``); backward gives them no gradient.

    Examples
    --------
    The book's first example: two apples at 100 each with 10% tax.

    >>> import graphgrad as gg
    >>> apple, num, tax = gg.Variable(100, "apple"), gg.Variable(2, "num"), gg.Variable(1.1, "tax")
    >>> price = apple * num * tax
    >>> round(float(price), 10)
    220.0
    >>> price.backward()
    >>> round(float(apple.grad), 10), round(float(num.grad), 10), round(float(tax.grad), 10)
    (2.2, 110.0, 200.0)
    """

    __slots__ = ("data", "name", "grad", "creator", "requires_grad", "tangent", "__weakref__")
    __array_ufunc__ = None  # make ``ndarray * Variable`` call Variable.__rmul__

    def __init__(self, data: Any, name: str | None = None) -> None:
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Variable: name must be a string, got {type(name).__name__}")
        self.data: np.ndarray = as_array(data)
        self.name = name
        self.grad: np.ndarray | None = None
        self.creator: Function | None = None
        self.requires_grad = True
        self.tangent: np.ndarray | None = None

    # -- numpy-like properties ------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of ``data``."""
        return self.data.shape

    @property
    def ndim(self) -> int:
        """Number of dimensions of ``data``."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """Number of elements of ``data``."""
        return self.data.size

    @property
    def dtype(self) -> np.dtype:
        """dtype of ``data``."""
        return self.data.dtype

    @property
    def T(self) -> Variable:  # noqa: N802 - numpy's name
        """Transpose (a graph node, like :func:`graphgrad.transpose`)."""
        return F.transpose(self)

    def __len__(self) -> int:
        return len(self.data)

    def __float__(self) -> float:
        return float(self.data)

    def item(self) -> float:
        """The value of a one-element variable as a Python float."""
        return self.data.item()

    def __repr__(self) -> str:
        body = np.array2string(self.data, precision=6, separator=", ", prefix="Variable(")
        name = f", name={self.name!r}" if self.name else ""
        return f"Variable({body}{name})"

    def _repr_svg_(self) -> str | None:
        """Show the graph as a diagram in Jupyter (needs Graphviz; text otherwise)."""
        from graphgrad import viz

        mode = "backward" if self.grad is not None else "forward"
        try:
            return viz.render_svg(self, mode=mode)
        except (ImportError, viz.GraphvizNotFound):
            return None  # Jupyter then shows repr()

    # -- graph ----------------------------------------------------------------
    def cleargrad(self) -> None:
        """Forget the gradient (``grad`` becomes ``None``)."""
        self.grad = None

    def backward(self, grad: Any = None, *, retain_grad: bool = True) -> None:
        """Backpropagate from this variable to every variable it depends on.

        Parameters
        ----------
        grad : array_like, optional
            The seed: the derivative of the final quantity with respect to
            this variable, i.e. the upstream derivative that enters the graph
            at its output.  Defaults to 1 for a scalar output; required, with
            this variable's shape, otherwise.
        retain_grad : bool, default True
            Keep the gradient of every intermediate variable and the
            gradient that flowed along every edge (what a backward diagram
            shows).  ``False`` frees intermediate gradients as soon as they
            have been used, for large networks.

        Notes
        -----
        Nodes are visited in reverse topological order, computed with an
        explicit stack rather than recursion, so graphs of any depth work.

        Before propagating, the gradients of every variable in the graph are
        reset.  Gradients therefore never pile up across calls: calling
        ``backward()`` twice gives the same gradients as calling it once, and
        ``x.grad`` always means "d(this output)/dx".  A variable used several
        times *within* one graph (``x * x``, a diamond) still accumulates the
        contributions of every path, as the chain rule requires.

        Examples
        --------
        >>> import graphgrad as gg
        >>> x = gg.Variable(3.0)
        >>> y = x * x          # x is used twice: dy/dx = 2x
        >>> y.backward(); y.backward()
        >>> float(x.grad)
        6.0
        """
        seed = self._seed(grad)
        order = topological_order(self)
        for f in order:
            for x in f.inputs:
                x.grad = None
            f.input_grads = None
        self.grad = seed
        for f in order:
            y = f.output()
            gy = y.grad
            gxs = tuple([np.asarray(g) for g in f.backward(gy)])
            if counting._active:
                counting.record("backward", f.name, f.flops("backward"))
            if retain_grad:
                f.input_grads = gxs
            elif y is not self:
                y.grad = None
            for x, gx in zip(f.inputs, gxs, strict=True):
                if not x.requires_grad:
                    continue
                x.grad = gx if x.grad is None else x.grad + gx

    def _seed(self, grad: Any) -> np.ndarray:
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward: the output has shape {self.shape}, not a single number; "
                    "pass a seed gradient of that shape, e.g. y.backward(np.ones(y.shape)), "
                    "or reduce the output to a scalar first (graphgrad.sum)"
                )
            return np.ones_like(self.data)
        g = as_array(grad, where="backward seed")
        if g.shape != self.shape:
            raise ValueError(
                f"backward: the seed gradient has shape {g.shape}, but the output has shape {self.shape}"
            )
        if not np.all(np.isfinite(g)):
            raise ValueError("backward: the seed gradient contains NaN or infinity")
        return g.astype(self.dtype, copy=False)

    def leaves(self) -> dict[str, Variable]:
        """The named input variables this variable depends on, by name.

        Examples
        --------
        >>> from graphgrad.examples import buy_apple
        >>> price = buy_apple()
        >>> sorted(price.leaves())
        ['apple', 'apple_num', 'tax']
        >>> round(float(price.leaves()["tax"].grad), 10)
        200.0
        """
        variables, _ = graph_nodes(self)
        return {v.name: v for v in variables if v.creator is None and v.name}

    # -- operators (the rules live in graphgrad.functions) -------------------
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


def as_variable(obj: Any) -> Variable:
    """Return ``obj`` if it is a Variable, else wrap it as a constant."""
    if isinstance(obj, Variable):
        return obj
    v = Variable(obj)
    v.requires_grad = False
    return v


# ---------------------------------------------------------------------------
# Function
# ---------------------------------------------------------------------------


class Function:
    """A node of the graph that computes: one primitive operation.

    A subclass defines three local rules and nothing else:

    - :meth:`forward` computes the output value from the input values;
    - :meth:`backward` takes the upstream derivative ``gy`` (dL/dy) and
      returns the derivative for each input (dL/dx = gy · dy/dx, a
      vector-Jacobian product);
    - :meth:`jvp` takes a tangent for each input (dx/dt, or ``None`` for
      zero) and returns the output tangent (dy/dt = dy/dx · dx/dt, a
      Jacobian-vector product) for forward mode.

    Both derivative methods apply the chain rule for this one node only;
    the graph traversal in :meth:`Variable.backward` and in
    :func:`graphgrad.jvp` does the rest.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"mul"``.
    symbol : str
        What a diagram writes in the node's circle, e.g. ``"×"``.
    inputs : tuple of Variable
    output : weakref to Variable
        Weak, so that a graph is freed as soon as nothing but the graph
        refers to its output.
    input_grads : tuple of numpy.ndarray or None
        After backward: the gradient that flowed along each input edge.

    Examples
    --------
    A new primitive needs only its local rules.  Squaring, with local
    derivative 2x:

    >>> import graphgrad as gg
    >>> class Square(gg.Function):
    ...     name, symbol, cost = "square", "²", (1, 2, 2)
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
    #: Flops per output element for (forward, backward, jvp); see counting.py.
    cost: tuple[float, float, float] = (1, 1, 1)

    inputs: tuple[Variable, ...]
    output: weakref.ReferenceType[Variable]
    input_grads: tuple[np.ndarray, ...] | None = None

    def __call__(self, *args: Any) -> Variable:
        inputs = tuple([a if isinstance(a, Variable) else as_variable(a) for a in args])
        xs = [x.data for x in inputs]
        self.check(*xs)
        y = Variable(self.forward(*xs))
        self.inputs = inputs
        self.output = weakref.ref(y)
        if counting._active:
            counting.record("forward", self.name, self.flops("forward"))
        if Config.forward_mode:
            tangents = [x.tangent for x in inputs]
            if any(t is not None for t in tangents):
                y.tangent = np.asarray(self.jvp(*tangents))
                if counting._active:
                    counting.record("jvp", self.name, self.flops("jvp"))
        if Config.enable_backprop:
            y.creator = self
        return y

    def check(self, *xs: np.ndarray) -> None:
        """Raise a clear error if the inputs cannot go through this function."""

    def forward(self, *xs: np.ndarray) -> np.ndarray:
        """Output value from input values."""
        raise NotImplementedError

    def backward(self, gy: np.ndarray) -> tuple[np.ndarray, ...]:
        """Gradients for the inputs from the upstream gradient ``gy``."""
        raise NotImplementedError

    def jvp(self, *tangents: np.ndarray | None) -> np.ndarray:
        """Output tangent from input tangents (``None`` means zero)."""
        raise NotImplementedError

    def flops(self, kind: str) -> int:
        """Estimated floating-point operations of one evaluation of ``kind``."""
        per_element = self.cost[counting.KINDS.index(kind)]
        return int(per_element * self._cost_size())

    def _cost_size(self) -> int:
        """How many elements the per-element ``cost`` applies to."""
        return self.output().size

    def label(self) -> str:
        """Text for a diagram node: the symbol plus any fixed parameter."""
        return self.symbol

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.symbol}>"


# ---------------------------------------------------------------------------
# Walking the graph
# ---------------------------------------------------------------------------


def topological_order(output: Variable) -> list[Function]:
    """Functions that ``output`` depends on, each after all of its consumers.

    This is the order backward propagation needs: a node may pass a
    gradient on only once every path above it has delivered its share.
    The depth-first search uses an explicit stack, not recursion, so a chain
    of a million nodes is no problem.
    """
    order: list[Function] = []
    seen: set[int] = set()
    stack: list[tuple[Function, bool]] = []
    if output.creator is not None:
        stack.append((output.creator, False))
    while stack:
        f, children_done = stack.pop()
        if children_done:
            order.append(f)
            continue
        if id(f) in seen:
            continue
        seen.add(id(f))
        stack.append((f, True))
        for x in reversed(f.inputs):
            if x.creator is not None and id(x.creator) not in seen:
                stack.append((x.creator, False))
    order.reverse()
    return order


def graph_nodes(output: Variable) -> tuple[list[Variable], list[Function]]:
    """All variables and functions of the graph that ends at ``output``.

    Both lists are in forward (execution-compatible) order and are the same
    on every run, which is what makes diagrams reproducible: functions in
    topological order from the inputs, variables in order of first use.
    """
    functions = topological_order(output)[::-1]
    variables: list[Variable] = []
    seen: set[int] = set()
    for f in functions:
        for v in (*f.inputs, f.output()):
            if id(v) not in seen:
                seen.add(id(v))
                variables.append(v)
    if id(output) not in seen:
        variables.append(output)
    return variables, functions


# The operators above call the primitives; importing here avoids a cycle.
from graphgrad import functions as F  # noqa: E402
