"""An example graph needs a title in both languages, or the site build stops and says so.

Without a Chinese title its diagrams would be headed "计算图：square_plus" (CONTRIBUTING.md,
"Add an example graph").
"""

from __future__ import annotations

import pytest

import graphgrad as gg
from graphgrad import examples, labels


def square_plus(x: float = 3.0) -> gg.Variable:
    vx = gg.Variable(x, "x")
    y = vx**2 + vx
    y.name = "y"
    y.backward(retain_grad=True)
    return y


def test_every_example_has_both_titles():
    for name in examples.EXAMPLES:
        assert all(labels.example_title(name, lang).strip() for lang in labels.LANGS), name


@pytest.mark.parametrize(("titles", "missing"), [(None, "English"), (("Square plus x", ""), "Chinese")])
def test_missing_title_is_an_error_naming_the_example(monkeypatch, titles, missing):
    monkeypatch.setitem(examples.EXAMPLES, "square_plus", square_plus)
    if titles is not None:
        monkeypatch.setitem(labels.EXAMPLE_TITLES, "square_plus", titles)
    lang = "en" if missing == "English" else "zh"
    with pytest.raises(ValueError, match=f"example 'square_plus' has no {missing} title: add "):
        labels.example_title("square_plus", lang)


def diagram_frames_of(example: str):
    """The diagram build's frames and titles, with ``example`` drawn on a page."""
    import inspect

    from site_tools import diagrams

    if inspect.signature(diagrams.diagram_frames).parameters:  # it draws only what pages show
        return diagrams.diagram_frames(diagrams.referenced([f"[[diagram {example} backward]]"]))
    return diagrams.diagram_frames()


def test_site_build_stops_on_a_missing_chinese_title(monkeypatch):
    monkeypatch.setitem(examples.EXAMPLES, "square_plus", square_plus)
    monkeypatch.setitem(labels.EXAMPLE_TITLES, "square_plus", ("Square plus x", ""))
    # ValueError is what docs/hooks/site_hooks.py turns into the failing build's one-line error.
    with pytest.raises(ValueError, match="'square_plus' has no Chinese title"):
        diagram_frames_of("square_plus")
    monkeypatch.setitem(labels.EXAMPLE_TITLES, "square_plus", ("Square plus x", "平方加 x"))
    frames, titles = diagram_frames_of("square_plus")
    assert titles["square_plus"] == {"en": "Square plus x", "zh": "平方加 x"}


def test_figure_without_a_title_keeps_its_name():
    assert labels.example_title("abstract_node", "zh") == "abstract_node"
