"""The efficiency study: quick modes of the three scripts, the JSON they write, plots, errors, TwoLayerNet.

No assertion here depends on a wall time: timings are measured (the quick
modes really run) but only deterministic counts, values and file contents
are checked.
"""

from __future__ import annotations

import gc
import gzip
import json
import re
import shutil
import subprocess
import sys
import textwrap
import weakref
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from graphgrad.nn import SGD, TwoLayerNet
from site_tools.bench import caching, engine, results, studies, timing
from site_tools.bench.plots import LANGS, PLOTS, THEMES, build_plots, render
from site_tools.datasets import load_digits, load_mnist
from site_tools.paths import REPO as ROOT  # noqa: E402

SCRIPTS = ROOT / "scripts"
COMMITTED = ROOT / "benchmarks" / "results"


def run_script(name: str, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / name), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> Path:
    """Run the quick mode of all three scripts once; the JSON directory they wrote."""
    out = tmp_path_factory.mktemp("results")
    plots = tmp_path_factory.mktemp("plots")
    for script, extra in (
        ("bench_gradients.py", ["--no-plots"]),
        ("bench_engine.py", ["--plots", plots]),  # one script also draws, through the script
        ("train_two_layer.py", ["--no-plots"]),
        ("bench_memory.py", ["--no-plots"]),
    ):
        proc = run_script(script, "--quick", "--no-progress", "--out", out, *extra)
        assert proc.returncode == 0, f"{script} failed:\n{proc.stdout}\n{proc.stderr}"
    assert sorted(p.name for p in plots.glob("*.svg")) == sorted(
        f"engine-step-{lang}-{theme}.svg" for lang in LANGS for theme in THEMES
    )
    return out


# ---------------------------------------------------------------------------
# What the quick runs wrote
# ---------------------------------------------------------------------------


def test_quick_runs_write_valid_json_with_the_machine(quick):
    for study in ("gradients", "caching", "step_size", "engine", "training", "memory"):
        data = results.load(quick, study)
        assert data["quick"] is True
        machine = data["machine"]
        assert machine["numpy"] == np.__version__
        assert machine["versions"]["graphgrad"]
        assert machine["cpu_count"] >= 1
        assert "blas_env" in machine
    assert not list(quick.glob(".*.tmp")), "a temporary file was left behind"


def test_gradient_counts_scale_as_n_squared_and_n(quick):
    r = results.load(quick, "gradients")["results"]
    slopes = r["slopes"]["flops"]
    assert 1.85 <= slopes["numerical"] <= 2.1
    assert 1.85 <= slopes["forward"] <= 2.1
    assert 0.9 <= slopes["reverse"] <= 1.1
    # evaluations: 2n and n passes grow like n; reverse mode is one forward + one backward pass always
    assert r["slopes"]["evaluations"]["numerical"] == pytest.approx(1.0, abs=1e-9)
    assert r["slopes"]["evaluations"]["reverse"] == pytest.approx(0.0, abs=1e-9)
    n = r["n"]
    assert r["methods"]["numerical"]["sweeps"] == [2 * k for k in n]
    assert r["methods"]["forward"]["sweeps"] == n
    assert r["methods"]["reverse"]["sweeps"] == [2] * len(n)
    # one gradient by reverse mode costs a small constant times one evaluation of f
    assert all(2 <= q <= 3.5 for q in r["flop_ratio_reverse_to_f"])
    for m in ("numerical", "forward"):
        timed, extra = r["methods"][m]["timed_coordinates"], r["methods"][m]["extrapolated"]
        assert extra == [t < k for t, k in zip(timed, n, strict=True)]
    assert any(r["methods"]["numerical"]["extrapolated"]), "the quick run should exercise extrapolation"


def test_the_three_gradients_agree(quick):
    a = results.load(quick, "gradients")["results"]["agreement"]
    assert a["agree"] is True
    assert max(a["numerical_max_rel_diff"]) < 1e-6
    assert max(a["forward_max_rel_diff"]) < 1e-12


def test_caching_counts_follow_the_exact_formulas(quick):
    r = results.load(quick, "caching")["results"]
    for i, d in enumerate(r["depth"]):
        f = caching.formulas(d)
        assert r["paths"][i] == 2**d
        assert r["path_multiplications"][i] == 2**d * (2 * d - 1) == f["path_multiplications"]
        assert r["path_additions"][i] == 2**d - 1
        assert r["reverse_multiplications"][i] == 4 * d - 2
        assert r["reverse_additions"][i] == d
        assert r["edges"][i] == 4 * d
    assert r["path_multiplications"][:5] == [2, 12, 40, 112, 288]
    assert r["values_agree"] is True
    assert r["reverse_growth_per_depth"] == pytest.approx(4.0)


def test_caching_small_graph_by_hand():
    x, y = caching.stacked_diamonds(2, 0.3)
    y.backward()
    by_path = caching.path_sum(y, x)
    rev = caching.reverse_accumulation(y, x)
    assert by_path["paths"] == 4 and by_path["multiplications"] == 12 and by_path["additions"] == 3
    assert rev["multiplications"] == 6 and rev["additions"] == 2
    assert by_path["value"] == pytest.approx(float(x.grad), rel=1e-14)
    assert rev["value"] == pytest.approx(float(x.grad), rel=1e-14)


def test_step_size_minimum_sits_between_truncation_and_round_off(quick):
    r = results.load(quick, "step_size")["results"]
    best = r["best_h"]["central_float64"]
    assert 1e-6 <= best <= 3.2e-5, best  # near ε^(1/3) ≈ 6e-6
    assert r["best_h"]["forward_float64"] < best  # forward difference wants a smaller h (√ε)
    assert r["best_h"]["central_float32"] >= 1e-3  # float32: much larger h
    book = r["book_h_error"]
    assert book["central_float64"] < 1e-7  # the book's h is fine in float64 ...
    assert book["central_float32"] > 10 * r["best_error"]["central_float32"] > 0  # ... poor in float32
    assert book["central_float32"] > 1e4 * book["central_float64"]
    curve = r["curves"]["central_float64"]
    i = r["h"].index(best)
    assert curve[0] > curve[i] < curve[-1]  # error rises on both sides


def test_engine_results_have_ratios_and_notes(quick):
    r = results.load(quick, "engine")["results"]
    assert r["ratios"]["numpy"] > 0
    assert r["reverse_to_forward"] > 0
    assert r["step"]["gradient_max_abs_diff_vs_numpy"] < 1e-12
    assert r["scalar"]["nodes"] > 1000  # quick mode: a smaller scalar graph
    assert r["ratios_cpu"]["numpy"] > 0 and r["ratios"]["numpy_book"] > 0
    assert "allocator" not in r and "default_allocator" not in r  # the process's default settings
    assert set(r["step"]["page_faults_per_call"]) == set(r["step"]["samples_s"])
    assert all(f >= 0 for f in r["step"]["page_faults_per_call"].values())
    # The scalar graphs are timed before the step imports PyTorch (its objects slow every collection).
    assert r["scalar"]["torch_imported_during_scalar_timing"] is False
    assert r["scalar"]["gc_off_median_s"]["graphgrad"] > 0
    chain = r["chain"]["graphgrad"]
    assert chain["grad_rel_error"] < 1e-9 and chain["forward_s"] > 0 and chain["backward_s"] > 0
    assert set(r["step"]["cpu_samples_s"]) == set(r["step"]["samples_s"])
    for peer in ("torch", "micrograd"):
        installed = results._version(peer) is not None
        assert (r["ratios"][peer] is None) is not installed
        assert peer in r["notes"]
        if not installed:
            assert "not installed" in r["notes"][peer]


def test_gradient_study_runs_with_the_default_allocator(quick):
    r = results.load(quick, "gradients")["results"]
    assert "allocator" not in r and "steady_allocator" not in vars(timing)


def test_timing_keeps_the_garbage_collector_on_unless_told_and_collects_first():
    seen = []

    def note():
        seen.append((gc.isenabled(), gc.get_count()[0]))

    junk = [[] for _ in range(500)]  # tracked objects that raise the young generation's count
    timing.time_both(note)
    timing.time_both(note, garbage_collector=False)
    del junk
    (on, young_on), (off, _) = seen
    assert on and not off and gc.isenabled()  # default settings, and restored afterwards
    assert young_on < 50  # an untimed collection ran just before the timing


def test_timing_in_a_loop_leaves_the_garbage_of_an_untimed_call_to_the_timed_ones():
    class Node:
        pass

    made: list[weakref.ref] = []
    previous_alive: list[bool] = []

    def build():
        if made:
            previous_alive.append(made[-1]() is not None)
        node = Node()
        node.me = node  # a reference cycle: only the garbage collector frees it
        made.append(weakref.ref(node))

    timing.time_both(build, number=2, in_a_loop=True)
    assert len(made) == 3  # one untimed call, then the two timed ones
    assert previous_alive == [True, True]  # each timed call starts with its predecessor's cycle unfreed
    made.clear()
    previous_alive.clear()
    timing.time_both(build, number=2)
    assert len(made) == 2


def test_training_reaches_95_percent_after_a_passing_gradient_check(quick):
    r = results.load(quick, "training")["results"]
    assert r["test_accuracy"] >= 0.95
    assert set(r["gradient_check"]) == {"W1", "b1", "W2", "b2"}
    assert max(v["max_abs_diff"] for v in r["gradient_check"].values()) < 1e-6
    h = r["history"]
    assert len(h["epoch"]) == len(h["test_accuracy"]) == len(h["loss"])
    assert h["loss"][-1] < h["loss"][0]


def test_memory_study_keeps_n_values_plain_and_about_sqrt_n_with_checkpoints(quick):
    r = results.load(quick, "memory")["results"]
    value = r["batch"] * r["width"] * 8  # one float64 value of a layer
    assert r["depth"] == [4, 9, 16]
    assert r["segment"] == [2, 3, 4]
    assert all(r["identical"])
    # plain: two values per layer (the product and tanh's output) plus the scalar loss
    assert r["bytes_plain"] == [2 * d * value + 8 for d in r["depth"]]
    # checkpointed: one value per segment boundary, plus the loss
    assert r["bytes_ckpt"] == [-(-d // s) * value + 8 for d, s in zip(r["depth"], r["segment"], strict=True)]
    # of it the backward rules read: tanh's output per layer (the product is read by nobody) ...
    assert r["needed_plain"] == [d * value for d in r["depth"]]
    # ... and, checkpointed, the boundaries that enter a segment (not the batch, not the last output)
    segments = [-(-d // s) for d, s in zip(r["depth"], r["segment"], strict=True)]
    assert r["needed_ckpt"] == [(n - 1) * value for n in segments]
    if r["torch"] is not None:  # PyTorch's autograd saves the same tensors
        assert r["torch_plain"] == r["needed_plain"] and r["torch_ckpt"] == r["needed_ckpt"]
    else:
        assert r["torch_plain"] == [None] * len(r["depth"])
    assert r["slopes"]["plain"] == pytest.approx(1, abs=0.01)
    assert r["slopes"]["ckpt"] == pytest.approx(0.5, abs=0.1)
    assert all(p > 0 for p in r["peak_plain"] + r["peak_ckpt"])
    assert r["peak_ckpt"][-1] < r["peak_plain"][-1]
    # the peak during a gradient is more than the bytes at rest: the gradients and a recomputed segment
    peaks, at_rest = r["peak_plain"] + r["peak_ckpt"], r["bytes_plain"] + r["bytes_ckpt"]
    assert all(p > b for p, b in zip(peaks, at_rest, strict=True))
    assert r["by_batch"]["slope"] == pytest.approx(1, abs=0.01)
    s = studies.summary(quick, allow_quick=True)
    assert s["memory_depth_max"] == 16 and s["memory_slope_plain"] == 1.0 and s["memory_time_ratio"] > 0


def test_engine_reports_the_chain_and_the_cost_of_a_constant(quick):
    data = results.load(quick, "engine")
    r = data["results"]
    constant = r["constant"]
    assert constant["nodes"] == engine.QUICK["constant_nodes"]
    gg = constant["graphgrad"]
    assert gg["per_node_us"] > 0 and gg["premade_constant_per_node_us"] > 0
    assert gg["wrap_us"] == pytest.approx(gg["per_node_us"] - gg["premade_constant_per_node_us"])
    torch_installed = results._version("torch") is not None
    assert ("torch" in constant) is torch_installed and ("torch" in r["chain"]) is torch_installed
    assert ("ratios" in r["chain"]) is torch_installed
    line = engine.report(data)
    assert f"{r['chain']['nodes']:,}-node chain" in line and "µs per node in CPU time" in line
    assert ("PyTorch not installed" in line) is not torch_installed
    s = engine.summary(r)
    assert s["engine_constant_us_graphgrad"] > 0 and "engine_constant_wrap_us" in s
    assert s["engine_constant_repeats"] == constant["repeats"] == engine.QUICK["constant_repeats"]
    assert ("engine_constant_us_torch" in s) is torch_installed
    # Results from before the constant's study (the committed run until the next) summarise without it.
    older = {**r}
    del older["constant"]
    assert not any(k.startswith("engine_constant") for k in engine.summary(older))


def test_summary_of_quick_results(quick):
    s = studies.summary(quick, allow_quick=True)
    assert s["grad_slope_flops_numerical"] == pytest.approx(2, abs=0.15)
    assert s["grad_slope_flops_reverse"] == pytest.approx(1, abs=0.1)
    assert s["caching_reverse_mults_max"] == 4 * s["caching_depth_max"] - 2
    assert s["train_test_accuracy_pct"] >= 95
    assert 1e-6 <= s["step_best_h_central_float64"] <= 3.2e-5
    assert s["engine_ratio_numpy"] > 0


def test_each_study_keeps_its_file_keys_run_report_and_summary_together(quick):
    for name, study in studies.STUDIES.items():
        assert study.NAME == name and study.FILE == f"{name}.json"
        data = results.load(quick, name)
        line = study.report(data)
        assert line and "n/a" not in line
        keys = study.summary(data["results"])
        prefix = {"gradients": "grad_", "step_size": "step_", "training": "train_"}.get(name, f"{name}_")
        assert keys and all(k.startswith(prefix) for k in keys), (name, keys)


def test_a_report_without_a_peer_says_not_installed(quick):
    data = results.load(quick, "engine")
    data["results"]["ratios"].update(torch=None, micrograd=None)
    line = engine.report(data)
    assert "graphgrad/torch not installed" in line and "graphgrad/micrograd not installed" in line
    assert "n/a" not in line


# ---------------------------------------------------------------------------
# Committed results and plots
# ---------------------------------------------------------------------------


def test_committed_results_are_full_runs_and_summarise():
    for study in studies.STUDIES:
        assert results.load(COMMITTED, study)["quick"] is False
    s = studies.summary(COMMITTED)
    assert s["grad_n_min"] <= 100 and s["grad_n_max"] >= 90_000
    assert 1.9 <= s["grad_slope_flops_numerical"] <= 2.1
    assert 0.95 <= s["grad_slope_flops_reverse"] <= 1.05
    assert s["train_test_accuracy_pct"] >= 95
    assert all(isinstance(v, (int, float, type(None))) for v in s.values())
    assert studies.summary() == s  # the default is the checkout's committed results


def test_every_headline_number_is_quoted_by_a_page():
    quoted = set()
    for page in (ROOT / "docs").rglob("*.md"):
        quoted |= set(re.findall(r"\[\[bench\s+([A-Za-z0-9_]+)", page.read_text(encoding="utf-8")))
    unquoted = sorted(set(studies.summary()) - quoted)
    assert unquoted == [], f"summary keys no page quotes (drop them or quote them): {unquoted}"


EXPECTED_PLOTS = {f"{name}-{lang}-{theme}.svg" for name in PLOTS for lang in LANGS for theme in THEMES}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict]:
    """All plots drawn once from the committed JSON."""
    out = tmp_path_factory.mktemp("plots")
    return out, build_plots(COMMITTED, out)


def test_plots_build_from_committed_json(built):
    tmp_path, first = built
    expected = EXPECTED_PLOTS
    assert set(first["written"]) == expected and first["unchanged"] == []
    for name in expected:
        root = ET.parse(tmp_path / name).getroot()
        assert root.tag.endswith("svg")
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "<dc:date>" not in text
        lang = name.split("-")[-2]
        assert f"<dc:language>{'zh-Hans' if lang == 'zh' else 'en'}</dc:language>" in text
    assert "求一次完整梯度" in (tmp_path / "gradient-cost-flops-zh-light.svg").read_text(encoding="utf-8")
    # unchanged inputs: nothing is drawn again
    again = build_plots(COMMITTED, tmp_path)
    assert again["written"] == [] and set(again["unchanged"]) == expected


def test_editing_diagram_words_redraws_no_plot(built, tmp_path, monkeypatch):
    """Plot words and diagram words are hashed apart: a new diagram sentence leaves the plots alone,
    a new plot word redraws the plots."""
    import graphgrad.labels
    from site_tools import plot_words

    out, _ = built
    edited = tmp_path / "labels.py"
    edited.write_text(Path(graphgrad.labels.__file__).read_text(encoding="utf-8") + "\n# edited\n")
    monkeypatch.setattr(graphgrad.labels, "__file__", str(edited))
    again = build_plots(COMMITTED, out, ["caching"])
    assert again["written"] == [] and len(again["unchanged"]) == 4
    words = tmp_path / "plot_words.py"
    words.write_text(Path(plot_words.__file__).read_text(encoding="utf-8") + "\n# edited\n")
    monkeypatch.setattr(plot_words, "__file__", str(words))
    redrawn = build_plots(COMMITTED, tmp_path / "redrawn", ["caching"])
    assert len(redrawn["written"]) == 4
    assert build_plots(COMMITTED, out, ["caching"])["unchanged"] == []  # the cache key changed


def test_plots_are_deterministic(built):
    out, _ = built
    data = results.load(COMMITTED, "caching")
    svg = render("caching-multiplications", data, "zh", "dark")
    assert svg == (out / "caching-multiplications-zh-dark.svg").read_bytes()


def test_dark_plots_are_transparent_and_light_ones_white(built):
    out, _ = built
    for name in PLOTS:
        light = (out / f"{name}-en-light.svg").read_text(encoding="utf-8")
        dark = (out / f"{name}-en-dark.svg").read_text(encoding="utf-8")
        assert "fill: #ffffff" in light
        assert "fill: #ffffff" not in dark


# ---------------------------------------------------------------------------
# Errors: one line, non-zero exit
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"study": "gradients"}', "not a graphgrad results file"),
        ('{"study": "gradients", "schema": 1, "machine": {}, "results": {}}', "results are missing"),
        ('{"study": "caching", "schema": 1, "machine": {}, "results": {}}', "expected 'gradients'"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_corrupt_json_gives_one_line_error_and_nonzero_exit(tmp_path, content, problem):
    (tmp_path / "gradients.json").write_text(content, encoding="utf-8")
    proc = run_script(
        "bench_gradients.py",
        "--plots-only",
        "--only",
        "gradients",
        "--out",
        tmp_path,
        "--plots",
        tmp_path / "p",
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("bench_gradients.py: error: ")
    assert "gradients.json" in lines[0] and problem in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_json_gives_one_line_error(tmp_path):
    proc = run_script("bench_engine.py", "--plots-only", "--out", tmp_path, "--plots", tmp_path / "p")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"bench_engine.py: error: {tmp_path / 'engine.json'}: file not found; "
        "write it with python scripts/bench_engine.py"
    ]


def test_bad_arguments(tmp_path):
    assert run_script("bench_gradients.py", "--only", "nonsense").returncode == 2
    proc = run_script("train_two_layer.py", "--iterations", "0", "--out", tmp_path, "--no-plots")
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
        "train_two_layer.py: error: --iterations must be at least 1, got 0"
    ]
    proc = run_script("train_two_layer.py", "--mnist", tmp_path / "nope", "--out", tmp_path)
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    assert "no such file or directory" in proc.stderr


def test_quick_run_without_out_leaves_the_committed_results_alone():
    committed = (COMMITTED / "caching.json").read_bytes()
    proc = run_script("bench_gradients.py", "--quick", "--only", "caching", "--no-plots", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    written = Path(proc.stdout.split(" -> ")[-1].strip())
    try:
        assert written.name == "caching.json" and written.parent.name.startswith("graphgrad-quick-")
        assert not written.is_relative_to(ROOT)
        assert json.loads(written.read_text(encoding="utf-8"))["quick"] is True
    finally:
        shutil.rmtree(written.parent)
    assert (COMMITTED / "caching.json").read_bytes() == committed


def test_site_refuses_quick_results(quick, tmp_path):
    from site_tools.facts import FactError, bench_value

    with pytest.raises(results.ResultsError, match=r"--quick run, not fit to publish.*bench_gradients.py"):
        studies.summary(quick)
    with pytest.raises(FactError, match="--quick run"):
        bench_value("caching_depth_max", quick)
    with pytest.raises(results.ResultsError, match="--quick run"):
        build_plots(quick, tmp_path, ["caching"])


def test_unwritable_out_fails_before_measuring(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = run_script("bench_engine.py", "--out", blocker / "results", "--no-plots")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("bench_engine.py: error: cannot create the --out folder") and "--out DIR" in line
    assert proc.stdout == ""  # nothing was measured


def test_missing_matplotlib_names_the_extra(monkeypatch, capsys, tmp_path):
    from site_tools.bench import cli

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    code = cli.main(["--plots-only", "--out", str(COMMITTED), "--plots", str(tmp_path)], "bench_engine.py",
                    "", ("engine",))  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err == [
        "bench_engine.py: error: drawing the plots needs matplotlib: "
        "pip install -e '.[bench]' (or pass --no-plots)"
    ]


def test_help_describes_every_script():
    for script in ("bench_gradients.py", "bench_engine.py", "train_two_layer.py", "bench_memory.py"):
        proc = run_script(script, "--help")
        assert proc.returncode == 0
        assert "--quick" in proc.stdout and "--out" in proc.stdout and "--plots" in proc.stdout


def test_write_json_is_atomic(tmp_path):
    path = tmp_path / "x.json"
    results.write_json(path, {"a": 1.0, "b": float("nan")})
    assert json.loads(path.read_text()) == {"a": 1.0, "b": None}
    with pytest.raises(TypeError):
        results.write_json(path, {"a": object()})
    assert json.loads(path.read_text()) == {"a": 1.0, "b": None}  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


# ---------------------------------------------------------------------------
# The network and its data
# ---------------------------------------------------------------------------


def test_two_layer_net_gradient_check_on_digits():
    (x, t), _ = load_digits()
    net = TwoLayerNet(64, 10, 10, seed=1)  # the quick training run checks the full-size net
    check = net.gradient_check(x[:3], t[:3])
    assert set(check) == {"W1", "b1", "W2", "b2"}
    assert max(v["max_abs_diff"] for v in check.values()) < 1e-6
    assert all(v["mean_abs_diff"] <= v["max_abs_diff"] for v in check.values())


def test_two_layer_net_book_interface():
    net = TwoLayerNet(4, 3, 2, seed=0)
    x = np.arange(8.0).reshape(2, 4) / 8
    one_hot = np.array([[1, 0], [0, 1]])
    assert net.loss(x, one_hot) == pytest.approx(net.loss(x, np.array([0, 1])))
    assert net.predict(x).shape == (2, 2)
    assert 0 <= net.accuracy(x, one_hot) <= 1
    before = {k: v.copy() for k, v in net.params.items()}
    SGD(lr=0.1).update(net.params, net.gradient(x, one_hot))
    assert all(not np.array_equal(before[k], net.params[k]) for k in ("W1", "W2", "b2"))
    with pytest.raises(ValueError, match=r"shape \(N, 4\)"):
        net.predict(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="positive integer"):
        TwoLayerNet(0, 3, 2)
    with pytest.raises(ValueError, match="learning rate"):
        SGD(lr=0)


def test_load_digits_is_a_deterministic_stratified_split():
    (x1, t1), (xt1, tt1) = load_digits(seed=0)
    (x2, t2), (xt2, tt2) = load_digits(seed=0)
    assert np.array_equal(x1, x2) and np.array_equal(tt1, tt2)
    assert x1.shape[1] == 64 and len(x1) + len(xt1) == 1797
    assert 0 <= x1.min() and x1.max() <= 1
    assert set(np.unique(tt1)) == set(range(10))
    assert abs(len(xt1) / 1797 - 0.2) < 0.01


def _idx(dims: tuple[int, ...], data: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)
    return header + data.astype(np.uint8).tobytes()


def _fake_mnist(directory: Path, compress: bool = False) -> None:
    rng = np.random.default_rng(0)
    files = {
        "train-images-idx3-ubyte": _idx((5, 28, 28), rng.integers(0, 256, (5, 28, 28))),
        "train-labels-idx1-ubyte": _idx((5,), np.arange(5)),
        "t10k-images-idx3-ubyte": _idx((3, 28, 28), rng.integers(0, 256, (3, 28, 28))),
        "t10k-labels-idx1-ubyte": _idx((3,), np.array([7, 8, 9])),
    }
    for name, content in files.items():
        if compress:
            (directory / f"{name}.gz").write_bytes(gzip.compress(content))
        else:
            (directory / name).write_bytes(content)


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_from_idx_files(tmp_path, compress):
    _fake_mnist(tmp_path, compress)
    (x, t), (xt, tt) = load_mnist(tmp_path)
    assert x.shape == (5, 784) and xt.shape == (3, 784)
    assert list(t) == [0, 1, 2, 3, 4] and list(tt) == [7, 8, 9]
    assert 0 <= x.min() and x.max() <= 1


def test_load_mnist_from_npz(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "mnist.npz"
    np.savez(
        path,
        x_train=rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
        y_train=np.array([1, 2, 3, 4]),
        x_test=rng.integers(0, 256, (2, 28, 28), dtype=np.uint8),
        y_test=np.array([5, 6]),
    )
    (x, t), (xt, tt) = load_mnist(path)
    assert x.shape == (4, 784) and list(tt) == [5, 6]


def test_load_mnist_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_mnist(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte"):
        load_mnist(tmp_path)
    _fake_mnist(tmp_path)
    bad = tmp_path / "t10k-labels-idx1-ubyte"
    bad.write_bytes(b"\x00\x00\x08\x03garbage")
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte.*bad header"):
        load_mnist(tmp_path)
    bad.write_bytes(_idx((3,), np.array([1, 2, 3]))[:-1])
    with pytest.raises(ValueError, match="header says"):
        load_mnist(tmp_path)
    npz = tmp_path / "x.npz"
    np.savez(npz, x_train=np.zeros((2, 784)))
    with pytest.raises(ValueError, match="no array 't_train' or 'y_train'"):
        load_mnist(npz)
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="junk.npz"):
        load_mnist(junk)


# ---------------------------------------------------------------------------
# Optional peers: the micrograd code path, with a stand-in module
# ---------------------------------------------------------------------------

FAKE_MICROGRAD = textwrap.dedent(
    '''
    """A minimal stand-in with micrograd's Value interface (tests only)."""
    import math


    class Value:
        def __init__(self, data, _children=(), _backward=None):
            self.data, self.grad, self._prev = data, 0.0, _children
            self._backward = _backward or (lambda: None)

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))
            def _backward():
                self.grad += out.grad
                other.grad += out.grad
            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))
            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad
            out._backward = _backward
            return out

        __radd__ = __add__
        __rmul__ = __mul__

        def __neg__(self):
            return self * -1

        def __sub__(self, other):
            return self + (-other)

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))
            def _backward():
                self.grad += (self.data > 0) * out.grad
            out._backward = _backward
            return out

        def backward(self):
            order, seen, stack = [], set(), [(self, False)]
            while stack:
                v, done = stack.pop()
                if done:
                    order.append(v)
                elif id(v) not in seen:
                    seen.add(id(v))
                    stack.append((v, True))
                    stack.extend((c, False) for c in v._prev)
            self.grad = 1.0
            for v in reversed(order):
                v._backward()
    '''
)


def test_engine_compares_with_micrograd_when_installed(tmp_path, monkeypatch):
    from site_tools.bench import engine

    package = tmp_path / "micrograd"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "engine.py").write_text(FAKE_MICROGRAD)
    monkeypatch.syspath_prepend(str(tmp_path))
    r = engine.run(quick=True, progress=False, repeats=1, scalar_repeats=1, scalar_samples=1)["results"]
    assert r["ratios"]["micrograd"] > 0 and r["ratios_gc_off"]["micrograd"] > 0
    assert r["scalar"]["gradient_max_abs_diff_vs_micrograd"] < 1e-12
    assert "micrograd" in r["notes"] and "not installed" not in r["notes"]["micrograd"]
