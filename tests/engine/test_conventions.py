"""What users of DeZero, micrograd and PyTorch expect to find (issue 9)."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import graphgrad as gg

SRC = Path(__file__).resolve().parents[2] / "src" / "graphgrad"


def test_detach_gives_a_constant_with_the_same_value():
    x = gg.Variable(np.array([1.0, 2.0]))
    d = x.detach()
    assert d.data.tolist() == [1.0, 2.0] and not d.requires_grad and d.creator is None
    gg.sum(x * d).backward()
    assert x.grad.tolist() == [1.0, 2.0]  # d is constant: d(x·c)/dx = c
    assert d.grad is None


def test_requires_grad_false_makes_a_constant_and_saves_the_work():
    x = gg.Variable(np.ones((4, 3)), requires_grad=False)
    W = gg.Variable(np.ones((3, 2)))
    with gg.count_ops() as counts:
        gg.sum(x @ W).backward()
    assert x.grad is None and W.grad.tolist() == [[4.0, 4.0]] * 3
    # matmul backward: one product (for W) of 2·4·3·2 flops, not two; sum's backward is free
    assert counts.flops["backward"] == 2 * 4 * 3 * 2


def test_count_ops_shows_the_saving_of_a_constant_input():
    def backward_flops(x_requires_grad):
        x = gg.Variable(np.ones((100, 784)), requires_grad=x_requires_grad)
        W = gg.Variable(np.ones((784, 50)))
        with gg.count_ops() as counts:
            gg.sum(x @ W).backward()
        return counts.flops["backward"]

    assert backward_flops(True) == 2 * backward_flops(False) == 2 * 2 * 100 * 784 * 50


@pytest.mark.parametrize(
    "key", [0, -1, slice(1, None), (slice(1, None), 2), (Ellipsis, 0), np.array([0, 0, 2]), (1, [0, 2])]
)
def test_indexing_and_slicing_with_a_gradient(key):
    data = np.arange(12.0).reshape(3, 4)
    x = gg.Variable(data)
    y = x[key]
    assert np.array_equal(y.data, data[key])
    weights = np.arange(1.0, y.size + 1).reshape(y.shape)
    gg.sum(y * weights).backward()
    expected = np.zeros_like(data)
    np.add.at(expected, key, weights)  # numpy's own scatter-add: repeated indices add up
    assert np.array_equal(x.grad, expected)


def test_methods_beside_the_functions():
    data = np.arange(6.0).reshape(2, 3)
    x = gg.Variable(data)
    assert x.reshape(3, 2).shape == x.reshape((3, 2)).shape == (3, 2)
    assert x.transpose().shape == (3, 2) and x.transpose(1, 0).shape == (3, 2)
    assert x.sum().item() == 15.0 and x.sum(axis=0).data.tolist() == [3.0, 5.0, 7.0]
    assert x.mean(axis=1, keepdims=True).data.tolist() == [[1.0], [4.0]]
    assert x.max(axis=1).data.tolist() == [2.0, 5.0]
    (x.reshape(6).sum() + x.mean() + x.transpose().sum()).backward()
    assert np.allclose(x.grad, 2 + 1 / 6)


def test_maximum_routes_the_gradient_to_the_winner_and_splits_ties():
    a = gg.Variable(np.array([1.0, 5.0, 3.0]))
    b = gg.Variable(np.array([4.0, 2.0, 3.0]))
    y = gg.maximum(a, b)
    assert y.data.tolist() == [4.0, 5.0, 3.0]
    y.backward(np.array([10.0, 20.0, 30.0]))
    assert a.grad.tolist() == [0.0, 20.0, 15.0] and b.grad.tolist() == [10.0, 0.0, 15.0]


def test_maximum_with_a_constant_is_relu_like():
    x = gg.Variable(np.array([-1.0, 2.0]))
    gg.sum(gg.maximum(x, 0)).backward()
    assert x.grad.tolist() == [0.0, 1.0]


def test_max_routes_the_gradient_to_the_winner():
    x = gg.Variable(np.array([[1.0, 7.0, 7.0], [3.0, 2.0, 0.0]]))
    y = gg.max(x, axis=1)
    assert y.data.tolist() == [7.0, 3.0]
    y.backward(np.array([1.0, 1.0]))
    assert x.grad.tolist() == [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]]  # a tie shares
    x.cleargrad()
    gg.max(x).backward()
    assert x.grad.tolist() == [[0.0, 0.5, 0.5], [0.0, 0.0, 0.0]]


def test_abs_and_its_gradient():
    x = gg.Variable(np.array([-2.0, 0.0, 3.0]))
    y = abs(x)
    assert y.data.tolist() == [2.0, 0.0, 3.0]
    gg.sum(y).backward()
    assert x.grad.tolist() == [-1.0, 0.0, 1.0]


def test_comparisons_return_plain_boolean_arrays():
    x = gg.Variable(np.array([-1.0, 0.0, 2.0]))
    cases = [(x > 0, [False, False, True]), (x >= 0, [False, True, True]),
             (x < 0, [True, False, False]), (x <= np.zeros(3), [True, True, False]),
             (x == 0, [False, True, False]), (x != np.zeros(3), [True, False, True])]  # fmt: skip
    for mask, expected in cases:
        assert type(mask) is np.ndarray and mask.dtype == bool and mask.tolist() == expected
    assert x in {gg.Variable(1.0), x} and x in {x: 1}  # variables hash by identity: sets and dicts work


def test_format_of_a_single_number():
    loss = gg.sum(gg.Variable(np.array([0.5, 0.25])))
    assert f"{loss:.3f}" == "0.750"
    assert f"{gg.Variable(2.0):>6.1f}" == "   2.0"


def test_py_typed_marker_ships_with_the_package():
    assert (SRC / "py.typed").is_file()


#: The engine proper: the modules a learner reads first, which need numpy and nothing else.
ENGINE_MODULES = ("core.py", "config.py", "arrays.py", "operators.py", "graph.py")


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_the_engine_imports_nothing_but_numpy_the_standard_library_and_itself(module):
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "__future__"}
    assert third_party <= {"numpy", "graphgrad"}
    assert (module == "core.py") <= ("numpy" in third_party)  # not vacuous: core's numpy import is seen


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed (it is in the test extra: pip install -e '.[test]')")
    return subprocess.run(
        [ruff, "check", "--no-cache", "--output-format", "concise", *args],
        cwd=SRC.parents[1], input=stdin, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_engine_passes_the_complexity_and_docstring_rules():
    """Ruff's C90 (mccabe) and D (numpy-style docstrings) hold the engine readable, not a line cap."""
    proc = _ruff("src/graphgrad")  # the rules and their few exceptions are in pyproject.toml
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_complexity_and_docstring_rules_apply_to_the_engine():
    tangled = "def public(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12))
    proc = _ruff("--stdin-filename", "src/graphgrad/tangled.py", "-", stdin=tangled)
    assert "C901" in proc.stdout and "D103" in proc.stdout, proc.stdout + proc.stderr


def test_jupyter_display_is_capped():
    pytest.importorskip("graphviz", reason="the graphviz Python package draws diagrams")
    from graphgrad import viz
    from graphgrad.viz.model import build_model

    x = gg.Variable(1.0)
    y = x
    for _ in range(20_000):
        y = y * 1.0001
    model = build_model(y, "en", limit=viz.DISPLAY_LIMIT)
    assert model.hidden == 20_000 - 200
    assert sum(n.kind == "op" for n in model.nodes) == 200
    source = viz.draw(model, "forward", "en", "light").source
    assert "19,800 earlier operations not shown" in source


def test_core_reads_top_to_bottom_variable_function_backpropagate():
    """Issue 21: a core a learner reads in five minutes, in the book's order.

    Variable, then Function, then the backward pass; the pass is the walk and the
    accumulation, each safety check a call into :mod:`graphgrad.checks`.
    """
    source = (SRC / "core.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 260, "core.py grew: move prose to the site, helpers to their modules"
    tree = ast.parse(source)
    defined = [n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))]
    assert defined[:3] == ["Variable", "Function", "backpropagate"], defined
    walk = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "backpropagate")
    called = {ast.unparse(c.func) for c in ast.walk(walk) if isinstance(c, ast.Call)}
    assert {"checks.check_unchanged", "checks.checked", "checks.retain", "checks.hand_out"} <= called, called
    assert not any(isinstance(n, ast.Raise) for n in ast.walk(walk))  # its errors are the checks' own
