"""Both passes of a small graph, one node at a time, with the arithmetic in words.

The frames of a ``[[steps NAME passes]]`` step-through: forward propagation first (only the
inputs are known; then each node computes its output, ``100 × 2 = 200``), then backward
propagation (the seed 1 at the output; then each node multiplies what arrives from upstream by
its local derivatives, ``upstream 1 × local 1.1 = 1.1``).  Every frame is drawn in backward mode
with what is not known yet kept invisible, so all frames share one layout and stepping through
them does not jump.

The arithmetic is spelled out for add and multiply nodes, the two the book's shopping examples
use; any other node is described as :mod:`graphgrad.viz.prose` describes it.

Examples
--------
>>> from graphgrad.examples import buy_apple
>>> from graphgrad.viz.model import build_model
>>> from site_tools.walkthrough import passes_frames
>>> frames = passes_frames(build_model(buy_apple(), "en"), "en")
>>> [f.caption for f in frames][1]
'The multiply node computes 100 × 2 = 200: price of the apples.'
>>> frames[3].caption.split(". ")[1]
'To price of the apples: upstream 1 × local 1.1 = 1.1; to consumption tax: upstream 1 × local 200 = 200.'
"""

from __future__ import annotations

from dataclasses import dataclass

from graphgrad import labels
from graphgrad.viz import prose
from graphgrad.viz.dot import Emphasis, step_emphasis
from graphgrad.viz.model import Model, format_number
from site_tools import figure_words as words

SYMBOLS = {"mul": "×", "add": "+"}


@dataclass(frozen=True)
class Frame:
    """One frame: what stands out, which values and gradients are known, and its words."""

    emphasis: Emphasis
    values: set[str] | None  # edge ids whose value is shown; None: all
    step: int  # backward frame (gradients known); -1: none yet
    caption: str
    status: str


def _simple(model: Model, op: str) -> bool:
    f = model.by_id[op].function
    return f is not None and f.name in SYMBOLS and len(model.edges_into(op)) == 2


def _num(x) -> str:
    return format_number(float(x))


def forward_caption(model: Model, op: str, lang: str) -> str:
    """The caption of a forward step.

    For example ``The multiply node computes 100 × 2 = 200: price of the apples.``
    """
    if not _simple(model, op):
        return prose.forward_sentence(model, op, lang)
    a, b = model.edges_into(op)
    out = model.edges_out_of(op)[0]
    sym = SYMBOLS[model.by_id[op].function.name]
    arithmetic = f"{_num(a.value)} {sym} {_num(b.value)} = {_num(out.value)}"
    node = model.by_id[op].words
    name = output_name(model, op, lang)
    if name:
        text = words.text("fwd_named", lang, node=node, arithmetic=arithmetic, name=name)
    else:
        text = words.text("fwd_node", lang, node=node, arithmetic=arithmetic)
    return labels.sentence(text, lang) + ("." if lang == "en" else "。")


def output_name(model: Model, op: str, lang: str) -> str | None:
    """What the node computes, in words (``price of the apples``), or None for an unnamed value."""
    out = model.edges_out_of(op)[0]
    if model.by_id[out.dst].kind != "op":
        return model.by_id[out.dst].words
    return labels.term(out.variable.name, lang) if out.variable.name else None


def backward_caption(model: Model, op: str, lang: str) -> str:
    """The caption of a backward step.

    For example ``… receives 1 from upstream. To x: upstream 1 × local 1.1 = 1.1; to y: …``
    """
    if not _simple(model, op):
        return prose.backward_sentence(model, op, lang)
    up = prose.upstream(model, op)
    a, b = model.edges_into(op)
    is_mul = model.by_id[op].function.name == "mul"
    parts = []
    for edge, other in ((a, b), (b, a)):
        if edge.grad is None:
            continue
        local = other.value if is_mul else 1
        parts.append(
            words.text(
                "bwd_pass", lang, target=prose._target_words(model, edge, lang), upstream=_num(up),
                local=_num(local), grad=_num(edge.grad),
            )
        )  # fmt: skip
    name = output_name(model, op, lang)
    node = model.by_id[op].words
    head = words.text("bwd_node" if name is None else "bwd_node_named", lang, node=node, name=name,
                      upstream=_num(up))  # fmt: skip
    if lang == "en":
        return f"{labels.sentence(head, lang)}. {labels.sentence('; '.join(parts), lang)}."
    return labels.spaced(f"{head}。{'；'.join(parts)}。")


def passes_frames(model: Model, lang: str) -> list[Frame]:
    """Frames of forward then backward propagation over ``model`` (a graph after ``backward()``)."""
    forward = list(reversed(model.order))
    n = len(forward)
    inputs = [e for e in model.edges if model.by_id[e.src].kind == "input"]
    known = {e.id for e in inputs}
    named = [
        labels.text("named_value", lang, name=model.by_id[e.src].words, value=_num(e.value)) for e in inputs
    ]
    sep = ", " if lang == "en" else "，"
    start = words.text("fwd_start", lang, inputs=sep.join(named))
    frames = [
        Frame(Emphasis(set(), set(), set(), False), set(known), -1,
              labels.sentence(start, lang) + ("." if lang == "en" else "。"),
              words.text("status_fwd_start", lang))
    ]  # fmt: skip
    seed = next((e for e in model.edges if e.step == 0), None)
    output = model.nodes[-1].words
    seed_text = _num(seed.grad) if seed is not None and seed.grad is not None else "1"
    for k, op in enumerate(forward, start=1):
        known |= {e.id for e in model.edges_out_of(op)}
        caption = forward_caption(model, op, lang)
        if k == n and seed_text == "1":  # the initial value ∂L/∂L = 1: said here, no frame of its own
            done = words.text("fwd_done", lang, output=output)
            caption += f" {labels.sentence(done, lang)}." if lang == "en" else f"{labels.spaced(done)}。"
        frames.append(
            Frame(Emphasis({op}, set(), set(), False), set(known), -1, caption,
                  words.text("status_fwd", lang, k=k, n=n))
        )  # fmt: skip
    if seed_text != "1":  # a value arriving from upstream, not the initial value: a frame says so
        start = labels.sentence(words.text("bwd_start", lang, output=output, seed=seed_text), lang)
        frames.append(
            Frame(step_emphasis(model, 0), None, 0, start + ("." if lang == "en" else "。"),
                  words.text("status_bwd_start", lang))
        )  # fmt: skip
    for k, op in enumerate(model.order, start=1):
        frames.append(
            Frame(step_emphasis(model, k), None, k, backward_caption(model, op, lang),
                  words.text("status_bwd", lang, k=k, n=n))
        )  # fmt: skip
    return frames
