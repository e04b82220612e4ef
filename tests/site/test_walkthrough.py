"""Both passes stepped through node by node ([[steps NAME passes]]): frames, arithmetic, highlight.

:mod:`site_tools.walkthrough` makes the frames; the site shows them on the
backward-propagation page for the apple graph and the apples-and-oranges graph.  These tests
check the captions' arithmetic against the engine in both languages, that each frame of the
built diagrams shows only what is known at that point and highlights the current node, and,
in Chromium, that the keyboard steps through the captions in order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_browser import browse  # noqa: F401 - the fixture, shared

from graphgrad.examples import buy_apple, buy_apple_orange
from graphgrad.viz.dot import PALETTES
from graphgrad.viz.model import build_model
from site_tools.walkthrough import passes_frames

GRAPHS = {"buy_apple": buy_apple, "buy_apple_orange": buy_apple_orange}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_captions_show_the_arithmetic(lang):
    apple = [f.caption for f in passes_frames(build_model(buy_apple(), lang), lang)]
    both = [f.caption for f in passes_frames(build_model(buy_apple_orange(), lang), lang)]
    # the start, then each node forward and each node backward; the last forward frame says that
    # backward propagation starts from the initial value ∂L/∂L = 1 (no frame of its own)
    assert len(apple) == 1 + 2 * 2 and len(both) == 1 + 2 * 4
    assert "100 × 2 = 200" in apple[1] and "200 × 1.1 = 220" in apple[2]
    assert "650 × 1.1 = 715" in both[4] and "200 + 450 = 650" in both[3] and "∂L/∂L = 1" in both[4]
    upstream = "upstream 1 × local 1.1 = 1.1" if lang == "en" else "上游 1 × 局部导数 1.1 = 1.1"
    assert upstream in apple[3] and upstream in both[5]
    local = "upstream 1.1 × local 100 = 110" if lang == "en" else "上游 1.1 × 局部导数 100 = 110"
    assert local in apple[4]
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in apple + both)


@pytest.mark.parametrize("example", sorted(GRAPHS))
def test_caption_numbers_are_the_engines(example):
    """Every 'a ∘ b = c' in a caption is true, and every c is a value or gradient of the graph."""
    model = build_model(GRAPHS[example](), "en")
    known = {round(float(e.value), 9) for e in model.edges} | {
        round(float(e.grad), 9) for e in model.edges if e.grad is not None
    }
    for frame in passes_frames(model, "en"):
        for a, op, b, c in re.findall(r"([\d.]+) ([×+]) ([\d.]+) = ([\d.]+)", frame.caption):
            result = float(a) * float(b) if op == "×" else float(a) + float(b)
            assert abs(result - float(c)) < 1e-9 * max(1, abs(result)), frame.caption
            assert round(float(c), 9) in known, frame.caption


def test_forward_frames_reveal_values_node_by_node():
    model = build_model(buy_apple_orange(), "en")
    frames = passes_frames(model, "en")
    n = len(model.order)
    forward = frames[: n + 1]
    sizes = [len(f.values) for f in forward]
    assert sizes == sorted(sizes) and len(set(sizes)) == n + 1, "each forward step reveals its output"
    assert forward[-1].values == {e.id for e in model.edges}
    assert all(f.step == -1 for f in forward), "no gradient before backward propagation"
    assert [f.step for f in frames[n + 1 :]] == list(range(1, n + 1))
    assert [next(iter(f.emphasis.nodes)) for f in forward[1:]] == model.order[::-1]


def _node_fills(svg: str) -> dict[str, str]:
    """Title (node id) → fill of its shape, for every operation node of an SVG diagram."""
    fills = {}
    for title, fill in re.findall(r'<title>(f\d+)</title>\n<(?:ellipse|path|polygon) fill="([^"]+)"', svg):
        fills[title] = fill
    return fills


@pytest.mark.parametrize("example", sorted(GRAPHS))
def test_built_frames_highlight_the_current_node(built_site: Path, example: str):
    diagrams = built_site / "assets" / "diagrams"
    manifest = json.loads((diagrams / "manifest.json").read_text(encoding="utf-8"))
    steps = manifest["diagrams"][example]["steps_passes"]
    model = build_model(GRAPHS[example](), "en")
    frames = passes_frames(model, "en")
    assert steps["count"] == len(frames)
    accent = PALETTES["light"].accent
    for k, (entry, frame) in enumerate(zip(steps["frames"], frames, strict=True)):
        assert entry["alt"]["en"] == frame.caption and entry["status"]["en"] == frame.status
        svg = (diagrams / entry["files"]["en"]["light"]).read_text(encoding="utf-8")
        lit = {node for node, fill in _node_fills(svg).items() if fill == accent}
        assert lit == frame.emphasis.nodes, f"frame {k}: highlighted {lit}, expected {frame.emphasis.nodes}"
        hidden = len(re.findall(r'<text [^>]*fill="none"', svg))
        assert hidden == (len(model.edges) - len(frame.values) if frame.values is not None else 0), k


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_keyboard_steps_through_both_passes(lang, browse, built_site):  # noqa: F811
    manifest = json.loads((built_site / "assets" / "diagrams" / "manifest.json").read_text(encoding="utf-8"))
    session = browse()
    session.goto(("zh/" if lang == "zh" else "") + "backward-propagation/")
    widgets = session.page.locator("[data-gg-steps]")
    for index, example in enumerate(["buy_apple", "buy_apple_orange"]):
        widget = widgets.nth(index)
        steps = manifest["diagrams"][example]["steps_passes"]
        frames = steps["frames"]
        assert widget.get_attribute("aria-label") == steps["label"][lang]
        widget.locator(".gg-steps-next").focus()
        seen = []
        for k in range(len(frames)):
            caption = widget.locator(".gg-steps-frame:not([hidden]) figcaption")
            status = widget.locator(".gg-steps-status").inner_text().strip()
            seen.append((" ".join(caption.inner_text().split()), status))
            if k < len(frames) - 1:
                session.page.keyboard.press("ArrowRight")
        want = [(" ".join(f["alt"][lang].split()), f["status"][lang]) for f in frames]
        assert seen == want, f"{example} ({lang}): the captions shown are not the frames'"
    session.assert_clean()


# --------------------------------------------------------------------------------------------
# Every frame of every step-through on the pages names its node and shows its arithmetic
# --------------------------------------------------------------------------------------------


def _step_throughs():
    """(example, kind, frames) of every step-through the pages show, frames as the manifest has them."""
    from site_tools.diagrams import diagram_frames, manifest_of, page_texts, referenced
    from site_tools.paths import DOCS

    frames, titles = diagram_frames(referenced(page_texts(DOCS)))
    diagrams = manifest_of(frames, titles)["diagrams"]
    found = [(name, key, entry[key]["frames"]) for name, entry in diagrams.items()
             for key in sorted(entry) if key.startswith("steps")]  # fmt: skip
    assert {key for _, key, _ in found} == {"steps", "steps_tangent", "steps_passes", "steps_paths"}
    return found


STEP_THROUGHS = _step_throughs()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("example", "kind", "frames"), STEP_THROUGHS, ids=[f"{e}-{k}" for e, k, _ in STEP_THROUGHS]
)
def test_every_frame_names_its_node_and_shows_its_arithmetic(example, kind, frames, lang):
    """Between the first frame (what starts) and the last (what resulted), every caption names a
    node of the graph in the page's language and shows a multiplication with its result, in one
    caption per frame that does not repeat the ones before; one status format per language."""
    from site_tools.diagrams import examples

    model = build_model(examples()[example](), lang)
    names = [n.words for n in model.nodes] + [n.label for n in model.nodes if n.kind != "op"]
    captions = [f["alt"][lang] for f in frames]
    statuses = [f["status"][lang] for f in frames]
    for k, caption in enumerate(captions[1:-1], start=1):
        assert any(name.lower() in caption.lower() for name in names), f"frame {k} names no node: {caption}"
        forward_add = kind == "steps_passes" and "+" in caption and "∂" not in caption  # 200 + 450 = 650
        assert ("×" in caption or forward_add) and "=" in caption, f"frame {k} shows no arithmetic: {caption}"
        assert caption not in captions[k + 1 :], f"frame {k} repeats: {caption}"
        assert captions[k - 1] not in caption, f"frame {k} adds to the caption before it: {caption}"
        if lang == "en":
            assert len(re.findall(r"[A-Za-z]+", caption)) <= 35, f"frame {k} is long: {caption}"
    assert "before the first" in statuses[0].lower() or "开始之前" in statuses[0], statuses[0]
    if lang == "zh":  # one status format: 第 k X（共 n X）; 开始之前, never 第 0 步 or "，共 n"
        assert not any(re.search(r"第 0 |，共 \d", s) for s in statuses), statuses
        assert all(re.search(r"（共 \d+ .）|开始之前|结果", s) for s in statuses), statuses
    else:
        assert not any(re.search(r"\b0 of\b", s) for s in statuses), statuses
