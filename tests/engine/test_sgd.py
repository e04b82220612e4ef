"""SGD keeps a scratch array per parameter between steps; the steps must still be exact."""

import numpy as np

from graphgrad.nn import SGD


def test_sgd_steps_are_exact_and_leave_the_gradients_alone():
    params = {"w": np.array([1.0, 2.0, 3.0]), "b": np.array(0.5)}
    sgd = SGD(lr=0.5)
    for step in range(1, 4):
        grads = {"w": np.array([2.0, 4.0, -2.0]), "b": np.array(1.0)}
        sgd.update(params, grads)
        assert grads["w"].tolist() == [2.0, 4.0, -2.0] and grads["b"] == 1.0
        assert params["w"].tolist() == [1.0 - step, 2.0 - 2 * step, 3.0 + step]
        assert params["b"] == 0.5 - 0.5 * step


def test_sgd_follows_a_parameter_that_changes_shape_or_dtype():
    sgd = SGD(lr=1.0)
    for shape, dtype in [((2,), np.float64), ((3,), np.float64), ((3,), np.float32)]:
        params = {"w": np.zeros(shape, dtype)}
        sgd.update(params, {"w": np.ones(shape, dtype)})
        assert params["w"].dtype == dtype and params["w"].tolist() == [-1.0] * shape[0]
