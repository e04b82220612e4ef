"""Bad input gets a clear error that names the operation and the problem."""

import numpy as np
import pytest

import graphgrad as gg
from graphgrad.layers import MulLayer


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: gg.Variable(np.ones((2, 3))) + gg.Variable(np.ones(4)),
            r"add: cannot broadcast shapes \(2, 3\) and \(4,\)",
        ),
        (
            lambda: gg.Variable(np.ones((2, 3))) * np.ones((3, 2)),
            r"mul: cannot broadcast shapes \(2, 3\) and \(3, 2\)",
        ),
        (
            lambda: gg.Variable(np.ones((2, 3))) @ gg.Variable(np.ones((4, 5))),
            r"matmul: shapes \(2, 3\) and \(4, 5\) are not aligned",
        ),
        (lambda: gg.matmul(np.ones((2, 2, 2)), np.ones((2, 2))), r"matmul: only 1-D and 2-D"),
        (
            lambda: gg.reshape(gg.Variable(np.ones(6)), (4,)),
            r"reshape: cannot reshape shape \(6,\) \(6 elements\) into \(4,\)",
        ),
        (
            lambda: gg.broadcast_to(gg.Variable(np.ones(3)), (2, 4)),
            r"broadcast_to: cannot broadcast shape \(3,\) to \(2, 4\)",
        ),
        (
            lambda: gg.sum_to(gg.Variable(np.ones((2, 3))), (4,)),
            r"sum_to: cannot sum shape \(2, 3\) down to \(4,\)",
        ),
        (lambda: gg.sum(gg.Variable(np.ones(3)), axis=2), r"sum: axis 2 is out of range for shape \(3,\)"),
        (lambda: gg.softmax(gg.Variable(np.ones(3)), axis=1), r"softmax: axis 1 is out of range"),
        (lambda: gg.transpose(gg.Variable(np.ones((2, 3))), (0, 2)), r"transpose: axes \(0, 2\) do not fit"),
        (
            lambda: gg.softmax_cross_entropy(np.ones((2, 3)), np.array([0, 1, 2])),
            r"softmax_cross_entropy: labels of shape \(3,\) do not fit scores of shape \(2, 3\)",
        ),
        (
            lambda: gg.softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3])),
            r"class indices must be whole numbers from 0 to 2",
        ),
        (lambda: gg.log(gg.Variable([-1.0, 2.0])), r"log: input has negative values"),
    ],
)
def test_shape_and_domain_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("abc", r"Variable: data must be a number or a numeric numpy array, got str"),
        (None, r"got NoneType"),
        ({"a": 1}, r"got dict"),
        (np.array(["a", "b"]), r"dtype <U1"),
        (np.array([1 + 2j]), r"dtype complex128"),
        ([[1, 2], [3]], r"not a rectangular numeric array"),
    ],
)
def test_non_numeric_data(data, message):
    with pytest.raises(TypeError, match=message):
        gg.Variable(data)


def test_non_numeric_operand():
    with pytest.raises(TypeError, match="got str"):
        gg.Variable(1.0) + "x"


def test_name_must_be_a_string():
    with pytest.raises(TypeError, match="name must be a string"):
        gg.Variable(1.0, name=3)


def test_backward_on_non_scalar_needs_a_seed():
    y = gg.Variable(np.ones((2, 3))) * 2
    with pytest.raises(ValueError, match=r"backward: the output has shape \(2, 3\), not a single number"):
        y.backward()


def test_seed_of_the_wrong_shape():
    y = gg.Variable(np.ones((2, 3))) * 2
    with pytest.raises(
        ValueError, match=r"seed gradient has shape \(3,\), but the output has shape \(2, 3\)"
    ):
        y.backward(np.ones(3))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_seed(bad):
    x = gg.Variable(np.ones(2))
    y = x * 2
    with pytest.raises(ValueError, match="seed gradient contains NaN or infinity"):
        y.backward(np.array([1.0, bad]))
    assert x.grad is None  # nothing half-done


def test_numerical_gradient_needs_a_scalar_function_and_positive_step():
    with pytest.raises(ValueError, match=r"f must return a single number, got shape \(2,\)"):
        gg.numerical_gradient(lambda x: x * 2, np.ones(2))
    with pytest.raises(ValueError, match="step size h must be positive"):
        gg.numerical_gradient(lambda x: x.sum(), np.ones(2), h=0)
    with pytest.raises(ValueError, match="step size h must be positive"):
        gg.numerical_diff(lambda x: x, 1.0, h=-1)


def test_jvp_errors():
    with pytest.raises(ValueError, match=r"jvp: tangent 0 has shape \(3,\), but input 0 has shape \(2,\)"):
        gg.jvp(lambda x: gg.sum(x), np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="one tangent per input"):
        gg.jvp(lambda a, b: a * b, (1.0, 2.0), (1.0,))
    with pytest.raises(TypeError, match="f must return a Variable"):
        gg.jvp(lambda x: 3.0, 1.0, 1.0)


def test_gradient_check_errors():
    with pytest.raises(ValueError, match="at least one input"):
        gg.gradient_check(lambda: gg.Variable(1.0))
    with pytest.raises(TypeError, match="f must return a Variable"):
        gg.gradient_check(lambda x: 1.0, 2.0)


def test_layer_backward_before_forward():
    with pytest.raises(RuntimeError, match="MulLayer.backward: call forward first"):
        MulLayer().backward(1.0)


# Issue 21: clear errors where a user trips ---------------------------------------------


def test_requires_grad_false_on_a_result_is_refused():
    x = gg.Variable(2.0)
    y = x * 3.0
    with pytest.raises(RuntimeError, match=r"only an input .* y\.detach\(\)"):
        y.requires_grad = False
    x.requires_grad = False  # an input may become a constant
    assert not x.requires_grad


def test_one_no_grad_object_can_be_used_again_and_nested():
    guard = gg.no_grad()
    x = gg.Variable(3.0)
    for _ in range(2):
        with guard:
            with guard:
                assert (x * x).creator is None
            assert (x * x).creator is None
        assert (x * x).creator is not None


@pytest.mark.parametrize("decorate", [gg.no_grad, gg.no_grad()], ids=["bare", "called"])
def test_no_grad_decorates_with_or_without_parentheses(decorate):
    @decorate
    def square(v):
        """Square without a graph."""
        return v * v

    y = square(gg.Variable(3.0))
    assert y.item() == 9.0 and y.creator is None
    assert square.__doc__ == "Square without a graph."
    assert (gg.Variable(3.0) * 2.0).creator is not None  # recording is back on afterwards


@pytest.mark.parametrize("update", ["-=", "+=", "*=", "/="])
def test_updating_data_in_place_says_what_to_write_instead(update):
    p = gg.Variable(np.ones(3))
    gg.sum(p * p).backward()
    with pytest.raises(ValueError, match=r"p\.data = p\.data [-+*/] lr \* p\.grad"):
        exec(f"p.data {update} 0.1 * p.grad", {"p": p})
    assert p.data.tolist() == [1.0, 1.0, 1.0]


def test_numpy_ufuncs_on_a_variable_go_to_the_engines_functions():
    w = gg.Variable(np.array([0.0, 1.0]))
    for ufunc, function in [(np.exp, gg.exp), (np.tanh, gg.tanh), (np.negative, gg.neg), (np.abs, gg.abs)]:
        y = ufunc(w)
        assert isinstance(y, gg.Variable) and type(y.creator) is type(function(w).creator)
    y = np.multiply(np.array([2.0, 3.0]), w)  # also what ndarray * Variable calls
    gg.sum(y).backward()
    assert isinstance(y, gg.Variable) and w.grad.tolist() == [2.0, 3.0]
    assert (np.array([0.0, 2.0]) > w).tolist() == [False, True]  # comparisons: plain boolean arrays


def test_a_numpy_ufunc_the_engine_lacks_is_named():
    w = gg.Variable(np.array([0.0, 1.0]))
    with pytest.raises(TypeError, match=r"np\.sin .* no graphgrad operation"):
        np.sin(w)
    with pytest.raises(TypeError, match=r"np\.add\.reduce"):
        np.add.reduce(w)
