"""Alt text and captions: a diagram told in words, in English or Chinese.

The sentences are generated from the same :class:`~graphgrad.viz.model.Model`
as the drawing, so they always state the numbers the diagram shows.
"""

from __future__ import annotations

import numpy as np

from graphgrad import labels
from graphgrad.viz.model import Edge, Model, format_number


def _amount(a: np.ndarray, lang: str) -> str:
    """A number as digits; an array by its size: "a vector of 3 numbers", "a 2 × 3 array"."""
    a = np.asarray(a)
    if a.ndim == 0:
        return format_number(a.item())
    if a.ndim == 1:
        return labels.text("vector", lang, n=a.shape[0])
    return labels.text("array", lang, shape=" × ".join(map(str, a.shape)))


def _named(name: str, value: np.ndarray, lang: str) -> str:
    key = "named_value" if np.ndim(value) == 0 else "named_array"
    return labels.text(key, lang, name=name, value=_amount(value, lang))


def _gradient(output: str, name: str, value: np.ndarray, lang: str) -> str:
    """A gradient written as one: ``∂z/∂x = 8``, ``∂(total payment)/∂(price per apple) = 2.2``."""
    def symbol(words: str) -> str:
        return words if words.isidentifier() else f"({words})"

    return _named(f"∂{symbol(output)}/∂{symbol(name)}", value, lang)


def _unnamed(model: Model, edge: Edge, lang: str) -> str:
    """An intermediate value without a name: "the value 1.368", "the output of the @ node"."""
    if np.ndim(edge.value) == 0:
        return labels.text("value_of", lang, value=_amount(edge.value, lang))
    return labels.text("output_of", lang, node=model.by_id[edge.src].words)


def _value_words(model: Model, edge: Edge, lang: str) -> str:
    """The value an edge carries, named: "apple = 100", "price of the apples = 200", "the value 0.3679"."""
    for end in (edge.src, edge.dst):
        node = model.by_id[end]
        if node.kind != "op":
            return _named(node.words, edge.value, lang)
    if edge.variable.name:
        return _named(labels.term(edge.variable.name, lang), edge.value, lang)
    return _unnamed(model, edge, lang)


def _target_words(model: Model, edge: Edge, lang: str) -> str:
    """Where a gradient goes: the input's name, or the intermediate value's name or value."""
    node = model.by_id[edge.src]
    if node.kind != "op":
        return node.words
    if edge.variable.name:
        return labels.term(edge.variable.name, lang)
    return _unnamed(model, edge, lang)


def forward_sentence(model: Model, op: str, lang: str) -> str:
    """The sentence that says what operation node ``op`` computes in the forward pass."""
    ins = [_value_words(model, e, lang) for e in model.edges_into(op)]
    outs = model.edges_out_of(op)
    out = ""
    if outs:
        e = outs[0]
        named = model.by_id[e.dst].kind != "op" or e.variable.name
        out = _value_words(model, e, lang) if named else _amount(e.value, lang)
    node = model.by_id[op].words
    text = labels.text("forward_node", lang, node=node, inputs=labels.join(ins, lang), output=out)
    return labels.sentence(text, lang)


def upstream(model: Model, op: str) -> np.ndarray | None:
    """The gradient that reaches ``op`` from above: the sum over its outgoing edges."""
    grads = [e.grad for e in model.edges_out_of(op)]
    if not grads or any(g is None for g in grads):
        return None
    total = grads[0]
    for g in grads[1:]:
        total = total + g
    return total


def backward_sentence(model: Model, op: str, lang: str) -> str:
    """The sentence that says what operation node ``op`` receives and passes on in the backward pass."""
    up = upstream(model, op)
    passes = [
        labels.text("pass_to", lang, grad=_amount(e.grad, lang), target=_target_words(model, e, lang))
        for e in model.edges_into(op)
        if e.grad is not None
    ]
    text = labels.text(
        "backward_node",
        lang,
        node=model.by_id[op].words,
        upstream=_amount(up, lang) if up is not None else "?",
        passes=labels.join(passes, lang, clauses=True),
    )
    return labels.sentence(text, lang)


def _header(model: Model, mode: str, lang: str, title: str | None) -> str:
    graph = labels.text("computational_graph", lang)
    title = title or model.by_id[model.nodes[-1].id].words
    text = labels.text("title", lang, graph=graph, title=title, mode=labels.text(f"mode_{mode}", lang))
    return labels.sentence(text, lang)


def _seed_edge(model: Model) -> Edge | None:
    return next((e for e in model.edges if e.step == 0), None)


def describe_model(model: Model, mode: str, lang: str, title: str | None = None) -> str:
    """A paragraph that says what the diagram shows, node by node."""
    parts = [_header(model, mode, lang, title)]
    if mode == "forward":
        ops = [n.id for n in model.nodes if n.kind == "op"]
        parts += [forward_sentence(model, op, lang) for op in ops]
        return " ".join(parts) if lang == "en" else "".join(parts)
    seed = _seed_edge(model)
    out = model.nodes[-1].words
    if seed is not None and seed.grad is not None:
        intro = labels.text("backward_intro", lang, seed=_amount(seed.grad, lang), output=out)
        parts.append(labels.sentence(intro, lang))
    parts += [backward_sentence(model, op, lang) for op in model.order]
    results = [
        _gradient(out, n.words, n.variable.grad, lang)
        for n in model.nodes
        if n.kind == "input" and n.variable.grad is not None
    ]
    if results:
        parts.append(labels.sentence(labels.text("result", lang, grads=labels.join(results, lang)), lang))
    return " ".join(parts) if lang == "en" else "".join(parts)


def describe_highlight(model: Model, node_id: str, mode: str, lang: str, title: str | None = None) -> str:
    """The text alternative of a diagram with ``node_id`` emphasised."""
    node = model.by_id[node_id]
    parts = [_header(model, mode, lang, title)]
    if node.kind == "op":
        parts.append(labels.sentence(labels.text("highlight", lang, node=node.words), lang))
        parts.append(forward_sentence(model, node_id, lang))
        if mode == "backward":
            parts.append(backward_sentence(model, node_id, lang))
    else:
        parts.append(labels.sentence(labels.text("highlight_input", lang, name=node.words), lang))
    return " ".join(parts) if lang == "en" else "".join(parts)


def step_captions(model: Model, lang: str) -> list[str]:
    """One caption per backward frame: frame 0 is the start, frame k follows the k-th node."""
    seed = _seed_edge(model)
    first = labels.text(
        "step_start",
        lang,
        output=model.nodes[-1].words,
        seed=_amount(seed.grad, lang) if seed is not None and seed.grad is not None else "1",
    )
    n = len(model.order)
    return [labels.sentence(first, lang)] + [
        labels.sentence(
            labels.text("step_node", lang, k=k, n=n, sentence=backward_sentence(model, op, lang)), lang
        )
        for k, op in enumerate(model.order, start=1)
    ]
