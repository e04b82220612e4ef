"""scripts/build_diagrams.py as a user runs it: full set, hash cache, --check, --only, clear errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from site_support import manifest_images

from graphgrad.core import topological_order
from graphgrad.examples import EXAMPLES, FIGURES
from site_tools.diagrams import FIGURE_MODES, build_diagrams
from site_tools.diamond_paths import DEPTHS as DIAMOND_DEPTHS
from site_tools.paths import REPO  # noqa: E402

SCRIPT = REPO / "scripts" / "build_diagrams.py"

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300
    )


def expected_count() -> int:
    n = 0
    for make in EXAMPLES.values():
        order = topological_order(make())
        n += 2 + (len(order) + 1) + 2 * len(order)  # forward, backward, frames, highlights per mode
    every = {**EXAMPLES, **FIGURES}
    for example, modes in FIGURE_MODES.items():
        graph = every[example]()
        inputs = [v for v in graph.named_inputs().values() if v.requires_grad]
        for mode in modes:
            if mode == "passes":  # frames only: start + each node, forward then backward
                n += 2 * (len(topological_order(graph)) + 1)
                continue
            # tangent: one diagram; frames: sweep 1 node by node (n_ops + 1), then one per further sweep
            n += 1 + (len(topological_order(graph)) + 1 + len(inputs) - 1 if mode == "tangent" else 0)
    for depth in DIAMOND_DEPTHS:  # the diamonds' paths, then backward: start, 2^d paths, each node, result
        n += 1 + 2**depth + len(topological_order(FIGURES["diamonds"](depth))) + 1
    return n * 4  # en/zh × light/dark


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("diagrams")
    first = run("--out", str(out))
    return out, first


def test_full_set_rendered_then_nothing_new(built):
    out, first = built
    assert first.returncode == 0, first.stderr
    n = expected_count()
    assert f"{n} rendered, 0 unchanged" in first.stdout
    svgs = sorted(p.name for p in out.glob("*.svg"))
    assert len(svgs) == n
    for name in ("buy_apple-forward.en.light.svg", "buy_apple-backward.zh.dark.svg",
                 "buy_apple-step-00.zh.light.svg", "buy_apple-step-02.en.dark.svg",
                 "buy_apple_orange-forward-highlight-f2.zh.light.svg",
                 "buy_apple_orange-tangent.en.light.svg", "buy_apple_orange-tangent-step-08.zh.dark.svg",
                 "chain_rule-symbolic.zh.light.svg", "paths_graph-paths.en.dark.svg",
                 "diamonds-backward.zh.light.svg", "diamonds_d3-paths-00.zh.light.svg",
                 "diamonds_d3-paths-18.en.dark.svg"):  # fmt: skip
        assert name in svgs
    mtimes = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    second = run("--out", str(out))
    assert second.returncode == 0 and f"0 rendered, {n} unchanged" in second.stdout
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes  # nothing rewritten


def test_manifest_lists_files_alt_text_and_steps(built):
    out, _ = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    apple = manifest["diagrams"]["buy_apple"]
    assert apple["backward"]["files"]["zh"]["dark"] == "buy_apple-backward.zh.dark.svg"
    assert "支付金额" in apple["backward"]["alt"]["zh"] and "2.2" in apple["backward"]["alt"]["en"]
    assert apple["steps"]["count"] == 3 == len(apple["steps"]["frames"])
    assert apple["steps"]["frames"][2]["files"]["en"]["light"] == "buy_apple-step-02.en.light.svg"
    assert manifest["diagrams"]["buy_apple_orange"]["highlights"]["forward"]["f2"]["aliases"] == ["all_price"]
    tangent = manifest["diagrams"]["buy_apple_orange"]["steps_tangent"]
    assert tangent["count"] == 4 + 1 + 4 == len(tangent["frames"])  # 4 nodes of sweep 1, then sweeps 2-5
    assert tangent["frames"][-1]["status"] == {"en": "Sweep 5 of 5", "zh": "第 5 趟，共 5 趟"}
    assert "消费税" in tangent["frames"][-1]["alt"]["zh"] and "650" in tangent["frames"][-1]["alt"]["zh"]
    for entry in manifest["diagrams"].values():
        for mode in ("forward", "backward", "tangent", "symbolic", "paths"):
            if mode not in entry:
                continue
            for lang in ("en", "zh"):
                for name in entry[mode]["files"][lang].values():
                    assert (out / name).is_file()


def test_identical_bytes_from_a_second_cold_build(built, tmp_path):
    out, _ = built
    build_diagrams(tmp_path, only="buy_apple_orange")
    for path in tmp_path.glob("*.svg"):
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name
    svg = (out / "buy_apple-backward.en.light.svg").read_text(encoding="utf-8")
    assert "Generated by graphviz" not in svg


def test_check_exit_codes_and_stale_files(built, tmp_path):
    out, _ = built
    ok = run("--check", "--out", str(out))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    shutil.copytree(out, tmp_path / "copy")
    copy = tmp_path / "copy"
    (copy / "buy_apple-forward.zh.dark.svg").unlink()
    stale = run("--check", "--out", str(copy))
    assert stale.returncode == 1 and "buy_apple-forward.zh.dark.svg" in stale.stdout
    assert not (copy / "buy_apple-forward.zh.dark.svg").exists()  # --check changes nothing
    # a diagram that no longer exists is removed by a build, and only files the builder made
    hashes = json.loads((copy / ".diagram-hashes.json").read_text(encoding="utf-8"))
    hashes["old-example-forward.en.light.svg"] = "0"
    (copy / ".diagram-hashes.json").write_text(json.dumps(hashes), encoding="utf-8")
    (copy / "old-example-forward.en.light.svg").write_text("<svg/>", encoding="utf-8")
    (copy / "keep-me.svg").write_text("<svg/>", encoding="utf-8")
    assert run("--check", "--out", str(copy)).returncode == 1
    rebuilt = run("--out", str(copy))
    assert rebuilt.returncode == 0 and "1 rendered" in rebuilt.stdout and "1 removed" in rebuilt.stdout
    assert not (copy / "old-example-forward.en.light.svg").exists() and (copy / "keep-me.svg").exists()
    assert run("--check", "--out", str(copy)).returncode == 0
    assert run("--check", "--out", str(tmp_path / "empty")).returncode == 1


def test_only_renders_one_example(tmp_path):
    done = run("--only", "mul_node", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    names = {p.name for p in tmp_path.glob("*.svg")}
    assert names and all(n.startswith("mul_node-") for n in names)
    diamond_walks = {f"diamonds_d{d}" for d in DIAMOND_DEPTHS}
    assert set(json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["diagrams"]) == set(
        EXAMPLES
    ) | set(FIGURES) | diamond_walks


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_unknown_name_is_a_one_line_error(tmp_path):
    line = one_line_error(run("--only", "buy_banana", "--out", str(tmp_path)))
    assert "unknown diagram 'buy_banana'" in line and "buy_apple" in line
    assert not any(tmp_path.iterdir())


def test_unwritable_output_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    line = one_line_error(run("--only", "mul_node", "--out", str(blocker / "diagrams")))
    assert "cannot create the diagram directory" in line


def test_missing_dot_is_a_clear_error(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))  # a PATH without dot
    line = one_line_error(run("--only", "mul_node", "--out", str(tmp_path / "out"), env=env))
    assert "`dot` program was not found" in line and "install Graphviz" in line


def test_manifest_and_svg_files_come_from_one_list_of_frames():
    from site_tools.diagrams import diagram_frames, diagram_specs

    specs, manifest = diagram_specs()
    listed = {
        f
        for entry in manifest_images(manifest["diagrams"])
        for by_theme in entry["files"].values()
        for f in by_theme.values()
    }
    assert listed == {s.file for s in specs}
    frames, _ = diagram_frames()
    assert len(specs) == 4 * len(frames) == len({s.file for s in specs})  # 2 languages × 2 themes
