"""Issue 9's ten cases: each once gave a wrong number without an error.

Every test here gives the right number or a clear error.  The expected
values come from closed forms or numpy, never from graphgrad itself.
"""

import threading

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.config import watching
from graphgrad.layers import AddLayer, MulLayer, SoftmaxWithLoss


def _softmax(x):
    z = np.exp(x - x.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


# 1. softmax_cross_entropy with rows of t that are not one-hot -----------------------------


@pytest.mark.parametrize(
    "t",
    [[[1.0, 1.0, 0.0]], [[0.0, 0.0, 0.0]], [[-1.0, 0.5, 2.0]], [[0.2, 0.3, 0.5]]],
    ids=["multi-hot", "all-zero", "negative", "soft"],
)
def test_cross_entropy_with_any_target_rows(t):
    x_data, t = np.array([[1.0, 2.0, 3.0]]), np.array(t)
    x = gg.Variable(x_data)
    loss = gg.softmax_cross_entropy(x, t)
    loss.backward()
    y = _softmax(x_data)
    n = len(x_data)
    assert loss.item() == pytest.approx(-(t * np.log(y)).sum() / n, abs=1e-12)
    # (softmax · Σt − t) / N, not (softmax − t) / N
    assert x.grad == pytest.approx((y * t.sum(axis=1, keepdims=True) - t) / n, abs=1e-12)


def test_cross_entropy_gradient_for_soft_targets():
    x_data = np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]])
    t = gg.Variable(np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]))
    gg.softmax_cross_entropy(x_data, t).backward()
    assert t.grad == pytest.approx(-np.log(_softmax(x_data)) / 2, abs=1e-12)


# 2. data changed after the graph was built ------------------------------------------------


def test_changing_the_callers_array_does_not_change_the_gradient():
    a = np.array([1.0, 2.0])
    x = gg.Variable(a)
    y = gg.sum(x * x)
    a[:] = [10, 20]
    y.backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_writing_into_data_is_refused():
    x = gg.Variable(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="read-only"):
        x.data[:] = [10, 20]


def test_float_and_integer_arrays_are_both_copied():
    for a in (np.array([1.0, 2.0]), np.array([1, 2])):
        x = gg.Variable(a)
        assert not np.shares_memory(x.data, a)


def test_changing_a_constant_array_after_the_graph_used_it_does_not_change_the_gradient():
    c = np.array([3.0, 4.0])
    x = gg.Variable(np.array([1.0, 2.0]))
    y = gg.sum(x * c)
    c[:] = 0
    y.backward()
    assert x.grad.tolist() == [3.0, 4.0]


def _inputs_seen(compute):
    """The input values of every node that ``compute()`` evaluates."""
    seen = []
    with watching(lambda event, f: seen.extend(v.data for v in f.inputs)):
        compute()
    return seen


def test_constants_are_copied_only_when_a_graph_will_read_them_again():
    c = np.array([3.0, 4.0])
    x = gg.Variable(np.array([1.0, 2.0]))
    # Recorded: the node keeps its own copy (the test above shows why).
    assert not any(np.shares_memory(v, c) for v in _inputs_seen(lambda: x * c))
    # No graph (no input needs a gradient, or no_grad): nothing reads c later, so no copy.
    assert any(np.shares_memory(v, c) for v in _inputs_seen(lambda: gg.mul(c, c)))
    with gg.no_grad():
        assert any(np.shares_memory(v, c) for v in _inputs_seen(lambda: x * c))
    assert all(not v.flags.writeable for v in _inputs_seen(lambda: gg.mul(c, c)))  # still read-only
    assert c.flags.writeable  # the caller's array is untouched


def test_rebinding_data_between_forward_and_backward_names_the_variable():
    x = gg.Variable(np.array([1.0, 2.0]), name="w")
    y = gg.sum(x * x)
    x.data = np.array([10.0, 20.0])
    with pytest.raises(RuntimeError, match="data of variable 'w' was assigned a new value"):
        y.backward()
    assert x.grad is None  # nothing half-written


def test_rebinding_is_caught_deep_in_a_graph_and_only_after_use():
    # backward skips the comparison for nodes built after the last assignment: check both sides.
    a, b = gg.Variable(2.0, name="a"), gg.Variable(3.0, name="b")
    b.data = 4.0  # before the graph: fine
    h = a * b
    other = gg.Variable(1.0)
    y = (h + 1.0) * a
    other.data = 5.0  # a variable outside the graph: fine
    y.backward()
    assert (a.grad.item(), b.grad.item()) == (2 * 2.0 * 4.0 + 1.0, 4.0)
    z = (a * b + 1.0) * 3.0
    b.data = 7.0  # an input of the first node of a three-node chain
    with pytest.raises(RuntimeError, match="data of variable 'b' was assigned a new value"):
        z.backward()
    b.data = 4.0  # the same value again is still a new assignment
    with pytest.raises(RuntimeError, match="variable 'b'"):
        z.backward()


def test_rebinding_data_to_garbage_fails_at_once():
    x = gg.Variable(1.0)
    with pytest.raises(TypeError, match="Variable.data: data must be a number"):
        x.data = "abc"
    assert x.data == 1.0


# 3. backward accumulates ------------------------------------------------------------------


def test_two_losses_sharing_a_parameter_and_micro_batches_add_up():
    w = gg.Variable(np.array([1.0, -2.0]))
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    for part in (x[:2], x[2:]):  # gradient accumulation over two micro-batches
        gg.sum(part @ w).backward()
    assert w.grad.tolist() == x.sum(axis=0).tolist()
    w.cleargrad()
    gg.sum(x @ w).backward()
    assert w.grad.tolist() == x.sum(axis=0).tolist()


# 4. gradients never share memory ----------------------------------------------------------


def test_gradients_are_separate_writable_arrays():
    a, b = gg.Variable(np.ones(3)), gg.Variable(np.ones(3))
    y = a + b
    g = np.array([1.0, 2.0, 3.0])
    y.backward(g, retain_grad=True)
    arrays = [a.grad, b.grad, y.grad, g]
    for i, p in enumerate(arrays):
        for q in arrays[i + 1 :]:
            assert not np.shares_memory(p, q)
    a.grad *= 5
    assert b.grad.tolist() == [1.0, 2.0, 3.0] and g.tolist() == [1.0, 2.0, 3.0]


def test_add_layer_returns_writable_arrays_of_its_own():
    layer = AddLayer()
    layer.forward(np.ones((2, 3)), np.ones((2, 3)))
    dout = np.ones((2, 3))
    dx, dy = layer.backward(dout)
    dx *= 2  # must not fail, must not touch dy or dout
    assert dy.tolist() == dout.tolist() == np.ones((2, 3)).tolist()


# 5. sigmoid in both tails -----------------------------------------------------------------


@pytest.mark.parametrize("x", [-40.0, -30.0, -20.0, 20.0, 30.0, 40.0])
def test_sigmoid_is_accurate_in_both_tails(x):
    v = gg.Variable(x)
    y = gg.sigmoid(v)
    y.backward()
    exact = 1 / (1 + np.exp(-x)) if x >= 0 else np.exp(x) / (1 + np.exp(x))
    assert y.item() == pytest.approx(exact, rel=1e-15, abs=0)
    assert v.grad.item() == pytest.approx(np.exp(-abs(x)) / (1 + np.exp(-abs(x))) ** 2, rel=1e-14, abs=0)


def test_log_sigmoid_far_in_the_negative_tail():
    x = gg.Variable(-40.0)
    y = gg.log(gg.sigmoid(x))
    y.backward()
    # log σ(x) = x − log(1 + eˣ); d/dx = 1 − σ(x)
    assert y.item() == pytest.approx(-40 - np.log1p(np.exp(-40.0)), rel=1e-15)
    assert x.grad.item() == pytest.approx(1.0, rel=1e-15)


# 6. one Function object called twice -----------------------------------------------------


def test_reusing_a_function_object_is_an_error():
    class Square(gg.Function):
        name = "square"

        def forward(self, x):
            return x * x

        def backward(self, gy):
            return (gy * 2 * self.inputs[0].data,)

    f = Square()
    x = gg.Variable(3.0)
    with pytest.raises(RuntimeError, match="Square: this Function object was already called"):
        f(f(x))


# 7. grad mode per thread, backward without a graph --------------------------------------


def test_no_grad_in_one_thread_leaves_other_threads_recording():
    inside, outside = threading.Event(), threading.Event()
    result = {}

    def other():
        inside.wait(5)
        x = gg.Variable(3.0)
        y = x * x
        y.backward()
        result["grad"] = x.grad.item()
        outside.set()

    t = threading.Thread(target=other)
    t.start()
    with gg.no_grad():
        inside.set()
        outside.wait(5)
    t.join()
    assert result["grad"] == 6.0


def test_backward_on_a_result_built_under_no_grad_raises():
    x = gg.Variable(3.0)
    with gg.no_grad():
        y = x * x
    with pytest.raises(RuntimeError, match="does not depend on any variable that requires a gradient"):
        y.backward()


# 8. constants take the dtype of the array they meet --------------------------------------


@pytest.mark.parametrize(
    "f",
    [
        lambda x: x * 2.5,
        lambda x: x / 2,
        lambda x: x**2,
        lambda x: 1 - x,
        lambda x: gg.mean(x),
        lambda x: gg.mean_squared_error(x, np.zeros(3, np.float32)),
    ],
    ids=["mul", "div", "pow", "rsub", "mean", "mse"],
)
def test_python_numbers_keep_float32(f):
    x = gg.Variable(np.array([1.0, 2.0, 3.0], dtype=np.float32))
    y = f(x)
    assert y.dtype == np.float32
    gg.sum(y).backward()
    assert x.grad.dtype == np.float32


def test_a_gradient_keeps_its_variables_dtype():
    x = gg.Variable(np.ones(2, dtype=np.float32))
    y = gg.sum(x * np.array([1.0, 2.0]))  # a float64 array promotes the value, as numpy does
    assert y.dtype == np.float64
    y.backward()
    assert x.grad.dtype == np.float32


# 9. edge cases ------------------------------------------------------------------------------


def test_derivative_of_x_to_the_zero_at_zero_is_zero():
    x = gg.Variable(0.0)
    (x**0).backward()
    assert x.grad.item() == 0.0


def test_derivative_of_zero_to_the_y_with_respect_to_y_is_zero():
    x, y = gg.Variable(0.0), gg.Variable(2.0)
    (x**y).backward()
    assert y.grad.item() == 0.0 and x.grad.item() == 0.0


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
@pytest.mark.parametrize(
    "make",
    [lambda: np.matrix([[1.0, 2.0]]), lambda: np.ma.masked_array([1.0, 2.0], mask=[0, 1])],
    ids=["matrix", "masked"],
)
def test_matrix_and_masked_arrays_are_rejected(make):
    data = make()
    with pytest.raises(TypeError, match="pass a plain array"):
        gg.Variable(data)
    with pytest.raises(TypeError, match="pass a plain array"):
        gg.Variable(np.ones((1, 2))) * data
    with pytest.raises(TypeError, match="^Variable: .*pass a plain array"):  # no graph, no copy: refused
        gg.mul(data, data)


# 10. errors that named nothing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: gg.mean(gg.Variable(np.ones((2, 3))), axis=2), ValueError,
         r"sum: axis 2 is out of range for shape \(2, 3\)"),
        (lambda: gg.sum(gg.Variable(np.ones((2, 3))), axis=1.5), TypeError,
         r"sum: axis must be an integer or a tuple of integers, got 1.5"),
        (lambda: gg.reshape(gg.Variable(np.ones(6)), "6"), TypeError,
         r"reshape: shape must be an integer or a tuple of integers, got '6'"),
        (lambda: gg.sum(gg.Variable(np.ones(3)), axis=(0, 0)), ValueError, r"repeats an axis"),
    ],
)  # fmt: skip
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_reshape_takes_an_integer_as_numpy_does():
    assert gg.reshape(gg.Variable(np.ones((2, 3))), 6).shape == (6,)


def test_mul_layer_backward_with_a_wrongly_shaped_dout():
    layer = MulLayer()
    layer.forward(np.ones((2, 3)), np.ones((2, 3)))
    message = r"MulLayer.backward: dout has shape \(3, 2\), but the layer's output"
    with pytest.raises(ValueError, match=message):
        layer.backward(np.ones((3, 2)))


def test_softmax_with_loss_y_after_a_no_grad_forward():
    layer = SoftmaxWithLoss()
    x = np.array([[0.0, np.log(3.0)]])
    with gg.no_grad():
        layer.forward(x, np.array([1]))
    assert layer.y == pytest.approx(np.array([[0.25, 0.75]]))
    with pytest.raises(RuntimeError, match="no_grad"):
        layer.backward()


def test_a_name_that_looks_like_html_is_drawn_as_written():
    pytest.importorskip("graphviz", reason="the graphviz Python package draws diagrams")
    from graphgrad import viz

    x = gg.Variable(2.0, name="<b>x</b>")
    y = x * 3
    y.backward(retain_grad=True)
    source = viz.to_dot(y, mode="backward").source
    assert '"<b>x</b>"' in source  # quoted text, not an HTML-like label


# ===========================================================================================
# Issue 21's eleven cases: a second differential probe found these wrong numbers.
# ===========================================================================================


def _mlp_pieces(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=(3, 2))


# 1. checkpoint and the Variables its fn captures -----------------------------------------


@pytest.mark.parametrize("data_is_variable", [False, True])
def test_checkpoint_gives_captured_variables_the_plain_graphs_gradient(data_is_variable):
    x_data, W1_data, W2_data = _mlp_pieces()
    W1, W2 = gg.Variable(W1_data), gg.Variable(W2_data)

    def block(h):  # the usual closure: the segment's argument is the batch, W1 is captured
        return gg.tanh(h @ W1)

    def loss(segment):
        x = gg.Variable(x_data) if data_is_variable else x_data
        return gg.sum(segment(x) @ W2), x

    plain, x_plain = loss(block)
    plain.backward()
    expected = W1.grad.copy(), W2.grad.copy()
    W1.cleargrad(), W2.cleargrad()
    ckpt, x_ckpt = loss(lambda x: gg.checkpoint(block, x))
    ckpt.backward()
    assert ckpt.item() == plain.item()
    assert np.array_equal(W1.grad, expected[0]) and np.array_equal(W2.grad, expected[1])
    if data_is_variable:
        assert np.array_equal(x_ckpt.grad, x_plain.grad)


def test_checkpoint_of_a_closure_over_an_intermediate_does_not_walk_its_graph_twice():
    a = gg.Variable(np.array([0.5, -1.0]))
    s = gg.tanh(a)  # an intermediate of the outer graph, captured by the segment
    g = gg.Variable(np.array([2.0, 3.0]))
    plain = gg.sum((g * s) * s)
    plain.backward()
    expected = a.grad.copy(), g.grad.copy()
    a.cleargrad(), g.cleargrad()
    ckpt = gg.sum(gg.checkpoint(lambda h: h * s, g) * s)
    ckpt.backward()
    assert np.allclose(a.grad, expected[0], rtol=1e-15, atol=0)
    assert np.array_equal(g.grad, expected[1])
    assert s.grad is None  # the captured intermediate is not treated as an input


# 2. identity segment ---------------------------------------------------------------------


def test_checkpoint_of_the_identity_passes_the_gradient_through():
    x = gg.Variable(np.array([1.0, -2.0, 3.0]))
    gg.sum(gg.checkpoint(lambda h: h, x) * np.array([4.0, 5.0, 6.0])).backward()
    assert x.grad.tolist() == [4.0, 5.0, 6.0]


# 3. NaN arriving at a checkpoint ---------------------------------------------------------


def test_a_nan_gradient_flows_through_a_checkpoint_as_through_the_plain_graph():
    def block(h):
        return h * 2.0

    for segment in (block, lambda h: gg.checkpoint(block, h)):
        x = gg.Variable(np.array([1.0, 0.0]))
        with np.errstate(divide="ignore", invalid="ignore"):
            gg.sum(gg.log(segment(x))).backward()  # d/dh log h at h = 0: inf
        assert x.grad[0] == 1.0 and np.isinf(x.grad[1])


# 4. the version check covers the outputs a backward rule reads --------------------------


@pytest.mark.parametrize(
    "make",
    [gg.exp, gg.tanh, gg.softmax, lambda x: gg.max(x), lambda x: 1.0 / x, lambda x: 2.0**x],
    ids=["exp", "tanh", "softmax", "max", "div", "pow"],
)
def test_assigning_to_an_output_that_backward_reads_is_caught(make):
    x = gg.Variable(np.array([0.5, 1.0]))
    y = make(x)
    y.data = np.full(y.shape, 7.0)
    with pytest.raises(RuntimeError, match="assigned a new value after the graph used it"):
        gg.sum(y * 1.0).backward()


def test_assigning_to_an_output_nobody_reads_is_allowed():
    x = gg.Variable(np.array([0.5, 1.0]))
    y = x + 1.0  # add's rule reads neither its inputs nor its output
    y.data = np.array([7.0, 7.0])
    gg.sum(y).backward()
    assert x.grad.tolist() == [1.0, 1.0]


# 5. index arrays are frozen -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [(np.array([0, 1]), [1.0, 1.0, 0.0, 0.0]), (np.array([True, False, True, False]), [1.0, 0.0, 1.0, 0.0])],
    ids=["indices", "mask"],
)
def test_changing_an_index_array_after_use_does_not_change_the_gradient(key, expected):
    x = gg.Variable(np.arange(4.0))
    y = gg.sum(x[key])
    key[:] = key[::-1] if key.dtype == bool else 3
    y.backward()
    assert x.grad.tolist() == expected


def test_changing_an_index_list_after_use_does_not_change_the_gradient():
    key = [0, 1]
    x = gg.Variable(np.arange(4.0))
    y = gg.sum(x[key])
    key[0] = 3
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0, 0.0, 0.0]


# 6. float16 counts ----------------------------------------------------------------------


def test_mean_of_many_float16_values():
    x = gg.Variable(np.full(100_000, 0.01, dtype=np.float16))
    m = gg.mean(x)
    m.backward()
    assert m.dtype == np.float16 and x.grad.dtype == np.float16
    assert m.item() == pytest.approx(float(np.float16(0.01)), rel=1e-3)
    assert np.all(x.grad == np.float16(1 / 100_000))


def test_softmax_cross_entropy_over_many_float16_rows():
    n = 70_000
    x = gg.Variable(np.zeros((n, 2), dtype=np.float16))
    loss = gg.softmax_cross_entropy(x, np.zeros(n))
    loss.backward()
    assert loss.dtype == np.float16
    assert loss.item() == pytest.approx(np.log(2), rel=1e-3)
    assert np.all(x.grad[:, 0] == np.float16(-0.5 / n)) and np.all(x.grad[:, 1] == np.float16(0.5 / n))


# 7. truth value and == ------------------------------------------------------------------


def test_truth_value_follows_numpy():
    assert not gg.Variable([0.0])
    assert gg.Variable(2.0)
    with pytest.raises(ValueError, match="ambiguous"):
        bool(gg.Variable([1.0, 2.0]))


def test_equality_is_elementwise_and_builds_no_graph():
    x = gg.Variable([0.0, 1.0])
    assert (x == 0).tolist() == [True, False]
    assert (x != 0).tolist() == [False, True]
    assert type(x == 0) is np.ndarray
    assert gg.Variable([0.0]) == 0
    assert len({x, gg.Variable([0.0, 1.0])}) == 2  # still usable as a dict key, by identity


# 8. forward mode leaves no tangent behind ----------------------------------------------


def test_a_variable_made_in_an_earlier_jvp_has_no_tangent_in_a_later_one():
    made = []

    def f(x):
        c = x * 2.0
        made.append(c)
        return c

    gg.jvp(f, 1.0, 1.0)
    c = made[0]
    assert c.tangent is None
    _, t = gg.jvp(lambda x: x + c, 1.0, 1.0)
    assert t.item() == 1.0


@pytest.mark.parametrize("f", [lambda x: x, lambda x: x.reshape(2, 1)], ids=["identity", "reshape"])
def test_the_returned_tangent_is_not_the_callers_array(f):
    v = np.array([1.0, 2.0])
    _, t = gg.jvp(f, np.zeros(2), v)
    assert not np.shares_memory(t, v)


# 9. numerical_gradient ------------------------------------------------------------------


def test_numerical_gradient_refuses_an_integer_array_that_f_reads_itself():
    x = np.array([3, 4])
    with pytest.raises(TypeError, match="integer"):
        gg.numerical_gradient(lambda _: (x.astype(float) ** 2).sum(), x)


def test_numerical_gradient_divides_by_the_step_actually_taken():
    x = np.array([1000.0], dtype=np.float32)
    g = gg.numerical_gradient(lambda p: float(p[0]) * 2.0, x)
    assert g[0] == pytest.approx(2.0, rel=1e-12)


# 10. NaN is not hidden by relu and maximum ---------------------------------------------


def test_relu_passes_the_gradient_at_nan():
    x = gg.Variable(np.array([np.nan, -1.0, 2.0]))
    gg.sum(gg.relu(x)).backward()
    assert x.grad[1:].tolist() == [0.0, 1.0]
    assert x.grad[0] == 1.0  # as in PyTorch: the upstream gradient passes at NaN


def test_maximum_passes_the_gradient_to_both_inputs_at_nan():
    a, b = gg.Variable(np.array([np.nan, 1.0])), gg.Variable(np.array([0.0, np.nan]))
    gg.sum(gg.maximum(a, b)).backward()
    assert a.grad.tolist() == [1.0, 1.0] and b.grad.tolist() == [1.0, 1.0]


# 11. numpy scalars, lists and 0-d arrays are constants like Python numbers ---------------


@pytest.mark.parametrize(
    "c", [np.float32(2), np.float64(2), np.int64(2), [2.0, 2.0], np.array(2.0)],
    ids=["float32", "float64", "int64", "list", "0-d"],
)
def test_constants_keep_a_float32_variable_float32(c):
    x = gg.Variable(np.array([1.0, 3.0], dtype=np.float32))
    for y in (x * c, c * x, x + c, x / c, x - c, gg.maximum(x, c)):
        assert y.dtype == np.float32
