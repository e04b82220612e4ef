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
from site_tools.diagrams import build_diagrams, examples, page_texts, referenced
from site_tools.markdown import parse_args
from site_tools.paths import DOCS, REPO
from site_tools.tokens import tokens

SCRIPT = REPO / "scripts" / "build_diagrams.py"

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300
    )


def paths_to_output(graph) -> int:
    """Paths from the input with the most of them to the output, counted over the recorded graph."""
    count = {id(graph): 1}  # paths from each variable up to the output
    for f in topological_order(graph):  # output first
        for x in f.inputs:
            count[id(x)] = count.get(id(x), 0) + count[id(f.output())]
    return max(count[id(v)] for v in graph.named_inputs().values())


def expected_count() -> int:
    """SVG files for what the pages show, counted from the pages' tokens and the examples' graphs."""
    pictures = set()
    for text in page_texts(DOCS):
        for token in tokens(text):
            if isinstance(token, tuple) or token.kind not in ("diagram", "steps", "editable"):
                continue
            words, options = parse_args(token.args)
            default = {"diagram": "forward", "steps": "", "editable": "backward"}[token.kind]
            mode = words[1] if len(words) > 1 and token.kind != "editable" else default
            pictures.add((token.kind == "steps", words[0], mode, options.get("highlight")))
    n = 0
    for steps, example, mode, _ in pictures:
        graph = examples()[example]()
        ops = len(topological_order(graph))
        inputs = [v for v in graph.named_inputs().values() if v.requires_grad]
        if steps:
            n += {"": ops + 1, "passes": 1 + 2 * ops, "tangent": ops + 1 + len(inputs) - 1,
                  "paths": 1 + paths_to_output(graph) + ops + 1}[mode]  # fmt: skip
        else:
            n += 1  # one picture: a mode, or one highlighted node
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
    assert n < 400  # only what the pages show (the diamonds step-throughs: 152); 604 if all were drawn
    assert f"{n} rendered, 0 unchanged" in first.stdout
    svgs = sorted(p.name for p in out.glob("*.svg"))
    assert len(svgs) == n
    for name in ("buy_apple-forward.en.light.svg", "buy_apple_orange-backward.zh.dark.svg",
                 "buy_apple_orange-step-00.zh.light.svg", "buy_apple_orange-step-04.en.dark.svg",
                 "buy_apple-passes-00.en.light.svg", "buy_apple_orange-forward-highlight-f2.zh.light.svg",
                 "chain_rule-tangent.en.light.svg", "buy_apple_orange-tangent-step-08.zh.dark.svg",
                 "chain_rule-symbolic.zh.light.svg", "paths_graph-paths.en.dark.svg",
                 "diamonds_d1-paths-step-00.zh.light.svg",
                 "diamonds_d3-paths-step-18.en.dark.svg"):  # fmt: skip
        assert name in svgs
    for name in ("buy_apple-backward.en.light.svg", "buy_apple_orange-tangent.en.light.svg",
                 "buy_apple_orange-backward-highlight-f2.en.light.svg", "mul_node-forward.en.light.svg"):
        assert name not in svgs  # no page shows them  # fmt: skip
    mtimes = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    second = run("--out", str(out))
    assert second.returncode == 0 and f"0 rendered, {n} unchanged" in second.stdout
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes  # nothing rewritten


def test_manifest_lists_files_alt_text_and_steps(built):
    out, _ = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    both = manifest["diagrams"]["buy_apple_orange"]
    assert both["backward"]["files"]["zh"]["dark"] == "buy_apple_orange-backward.zh.dark.svg"
    assert "支付金额" in both["backward"]["alt"]["zh"] and "2.2" in both["backward"]["alt"]["en"]
    assert both["steps"]["count"] == 5 == len(both["steps"]["frames"])
    assert both["steps"]["frames"][2]["files"]["en"]["light"] == "buy_apple_orange-step-02.en.light.svg"
    assert manifest["diagrams"]["buy_apple_orange"]["highlights"]["forward"]["f2"]["aliases"] == ["all_price"]
    tangent = manifest["diagrams"]["buy_apple_orange"]["steps_tangent"]
    assert tangent["count"] == 4 + 1 + 4 == len(tangent["frames"])  # 4 nodes of sweep 1, then sweeps 2-5
    assert tangent["frames"][-1]["status"] == {"en": "Sweep 5 of 5", "zh": "第 5 趟（共 5 趟）"}
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
    svg = (out / "buy_apple_orange-backward.en.light.svg").read_text(encoding="utf-8")
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
    shown = {t.args.split()[0] for text in page_texts(DOCS) for t in tokens(text)
             if not isinstance(t, tuple) and t.kind in ("diagram", "steps", "editable")}  # fmt: skip
    assert set(json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["diagrams"]) == shown


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
    frames, _ = diagram_frames(referenced(page_texts(DOCS)))
    assert len(specs) == 4 * len(frames) == len({s.file for s in specs})  # 2 languages × 2 themes
