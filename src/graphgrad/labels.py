"""English and Chinese words for everything graphgrad draws or describes.

One catalogue, one translation per term.  The terms come from the
project's glossary, ``glossary.csv`` in this package (one row per term:
``en, zh, note, note_zh, key``; it follows the Chinese edition of *Deep
Learning from Scratch*, and the site shows it as its Glossary page): a row
with a ``key`` is the catalogue's word for that identifier.  Diagrams (:mod:`graphgrad.viz`), their alt
text and captions take their words from here, so a term is never translated
two ways.  (The site's figures, step-throughs and plots keep their own sentences beside
their code, in the repository's site wing.)

Variable names in :mod:`graphgrad.examples` are identifiers (``"apple_num"``);
:func:`term` turns one into words.  An identifier missing from the catalogue
is shown as it is, which suits the book's single letters (``x``, ``W``, ``t``).

Examples
--------
>>> from graphgrad.labels import term, text
>>> term("apple_num", "en"), term("apple_num", "zh")
('number of apples', '苹果的个数')
>>> text("mode_backward", "zh")
'反向传播'
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

LANGS = ("en", "zh")

#: The columns of ``glossary.csv``.
GLOSSARY_COLUMNS = ("en", "zh", "note", "note_zh", "key")


@cache
def glossary() -> tuple[dict[str, str], ...]:
    """The project's glossary, one dict per row (``en``, ``zh``, ``note``, ``note_zh``, ``key``).

    >>> from graphgrad.labels import glossary
    >>> next(row["zh"] for row in glossary() if row["en"] == "chain rule")
    '链式法则'
    """
    glossary_csv = resources.files("graphgrad").joinpath("glossary.csv")
    with glossary_csv.open(encoding="utf-8", newline="") as f:  # type: ignore[call-overload]  # csv wants newline=""
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != GLOSSARY_COLUMNS:
            raise ValueError(f"glossary.csv: the header must be {','.join(GLOSSARY_COLUMNS)}")
        return tuple(dict(row) for row in reader)


def _keyed(prefix: str = "") -> dict[str, tuple[str, str]]:
    """Glossary rows whose key starts with ``prefix``: key without the prefix -> (English, 简体中文)."""
    return {
        row["key"].removeprefix(prefix): (row["en"], row["zh"])
        for row in glossary()
        if row["key"] and row["key"].startswith(prefix) and (prefix or ":" not in row["key"])
    }


#: Named quantities of the examples: identifier -> (English, 简体中文), from the glossary's keyed rows.
TERMS: dict[str, tuple[str, str]] = {k: v for k, v in _keyed().items() if not k.startswith("mode_")}

#: Titles of the examples in :data:`graphgrad.examples.EXAMPLES`.
EXAMPLE_TITLES: dict[str, tuple[str, str]] = {
    "buy_apple": ("Buying apples", "买苹果"),
    "buy_apple_orange": ("Buying apples and oranges", "买苹果和橘子"),
    "mul_node": ("A multiply node", "乘法节点"),
    "add_node": ("An add node", "加法节点"),
    "chain_rule": ("The chain rule: z = t², t = x + y", "链式法则：z = t²，t = x + y"),
    "sigmoid_graph": ("The sigmoid function as a computational graph", "sigmoid 函数的计算图"),
    "affine_softmax_loss": (
        "An Affine layer followed by a Softmax-with-Loss layer",
        "Affine 层与 Softmax-with-Loss 层",
    ),
}

#: Node text of operations the book draws under a name of its own (the same in both languages):
#: the matrix product is the book's ``dot`` node (``np.dot``), the loss its Softmax-with-Loss layer.
OP_LABELS: dict[str, str] = {
    "matmul": "dot",
    "softmax_cross_entropy": "Softmax-with-Loss",
}

#: Names of operation nodes by ``Function.name``; others are called "the <symbol> node".
NODE_NAMES: dict[str, tuple[str, str]] = {
    name: (f"the {en}", zh) for name, (en, zh) in _keyed("node:").items()
}

#: Sentences and interface words; ``{placeholders}`` are filled by :func:`text`.
TEXTS: dict[str, tuple[str, str]] = {
    "input": ("input", "输入"),
    "output": ("output", "输出"),
    "hidden_ops": ("{n:,} earlier operations not shown", "前面还有 {n:,} 个运算没有画出"),
    "node": ("the {label} node", "“{label}”节点"),
    "and": (" and ", "和"),
    "list_sep": (", ", "、"),
    "mode_forward": _keyed()["mode_forward"],
    "mode_backward": _keyed()["mode_backward"],
    "computational_graph": ("Computational graph", "计算图"),
    "title": ("{graph}: {title}, {mode}.", "{graph}：{title}，{mode}。"),
    "forward_node": (
        "{node} takes {inputs} and outputs {output}.",
        "{node}输入{inputs}，输出{output}。",
    ),
    "backward_intro": (
        "Values flow left to right as in forward propagation; gradients, drawn in red, flow right "
        "to left, starting from {seed} at {output}.",
        "数值和正向传播时一样从左往右传；红色的是导数，从右往左传，起点是{output}处的 {seed}。",
    ),
    "backward_node": (
        "{node} receives {upstream} from upstream and passes on {passes}.",
        "{node}从上游接收{upstream}，{passes}。",
    ),
    "pass_to": ("{grad} to {target}", "向{target}传递{grad}"),
    "result": ("Result: {grads}.", "结果：{grads}。"),
    "named_value": ("{name} = {value}", "{name} = {value}"),
    "named_array": ("{name} ({value})", "{name}（{value}）"),
    "value_of": ("the value {value}", "值 {value}"),
    "output_of": ("the output of {node}", "{node}的输出"),
    "step_start": (
        "Before backward propagation: forward propagation has computed every value, and the "
        "gradient of {output} with respect to itself is {seed}.",
        "反向传播开始之前：正向传播已经算出所有的值，{output}关于自身的导数是 {seed}。",
    ),
    "step_node": ("Step {k} of {n}: {sentence}", "第 {k} 步（共 {n} 步）：{sentence}"),
    "highlight": (
        "{node} is highlighted with its inputs and output: a local computation.",
        "突出显示{node}及其输入和输出：局部计算。",
    ),
    "highlight_input": ("{name} is highlighted with the nodes it feeds.", "突出显示{name}及其连接的节点。"),
    "vector": ("a vector of {n} numbers", "含 {n} 个数的向量"),
    "array": ("a {shape} array", "{shape} 的数组"),
}



def check_lang(lang: str) -> str:
    """Return ``lang`` if graphgrad speaks it, else raise a clear ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(map(repr, LANGS))}")
    return lang


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGS.index(check_lang(lang))]


def term(name: str, lang: str) -> str:
    """Words for the identifier ``name`` in ``lang`` (the identifier itself if not catalogued)."""
    pair = TERMS.get(name)
    return _pick(pair, lang) if pair else (check_lang(lang) and name)


def text(key: str, lang: str, **fields: object) -> str:
    """The sentence or word ``key`` in ``lang``, with ``{fields}`` filled in."""
    return _pick(TEXTS[key], lang).format(**fields)


#: Language names for error messages.
LANG_NAMES = {"en": "English", "zh": "Chinese"}


def example_title(example: str, lang: str) -> str:
    """Title of an example: one of :data:`graphgrad.examples.EXAMPLES` must have one in ``lang``.

    Another name (a figure's) is its own title when it has none.

    Raises
    ------
    ValueError
        For an example of ``EXAMPLES`` without a title in ``lang`` in :data:`EXAMPLE_TITLES`
        (its diagrams would be headed "计算图：square_plus"): the site build stops on it.
    """
    pair = EXAMPLE_TITLES.get(example)
    if pair and _pick(pair, lang).strip():
        return _pick(pair, lang)
    from graphgrad.examples import EXAMPLES  # examples import the engine, not this module

    if example in EXAMPLES:
        raise ValueError(
            f"example {example!r} has no {LANG_NAMES[lang]} title: add "
            f'"{example}": ("English title", "中文标题") to EXAMPLE_TITLES in graphgrad/labels.py'
        )
    return example


def node_name(function_name: str, label: str, lang: str) -> str:
    """How prose refers to an operation node: "the multiply node", "“exp”节点"."""
    pair = NODE_NAMES.get(function_name)
    return _pick(pair, lang) if pair else text("node", lang, label=label)


_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_PANGU_BEFORE = re.compile(f"([{_CJK}])((?!/∂)[A-Za-z0-9\u2212∂(\\[@/+×*])")  # not in ∂损失/∂W
_PANGU_AFTER = re.compile(f"([A-Za-z0-9)\\]])([{_CJK}])")


def spaced(s: str) -> str:
    """Chinese text with a space between Chinese characters and Latin letters or digits.

    >>> spaced("苹果的个数2，给x传递3")
    '苹果的个数 2，给 x 传递 3'
    >>> spaced("∂z/∂x = 1 和∂损失/∂W")
    '∂z/∂x = 1 和 ∂损失/∂W'
    """
    return _PANGU_AFTER.sub(r"\1 \2", _PANGU_BEFORE.sub(r"\1 \2", s))


def sentence(s: str, lang: str) -> str:
    """``s`` ready to stand as a sentence: capitalized in English, spaced in Chinese."""
    if lang == "zh":
        return spaced(s)
    return s[:1].upper() + s[1:]


def join(items: list[str], lang: str, clauses: bool = False) -> str:
    """``a``, ``a and b``, ``a, b and c`` (``a、b和c`` in Chinese; ``a，b，c`` for clauses)."""
    if len(items) <= 1:
        return "".join(items)
    if clauses and lang == "zh":
        return "，".join(items)
    return text("list_sep", lang).join(items[:-1]) + text("and", lang) + items[-1]
