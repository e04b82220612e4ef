"""How alt text and captions name an operation node: in words, not in its drawn symbol.

A diagram draws ``x ** 2`` as a node labelled ``**2``; a sentence (and a screen reader) says
"the square node". The drawn label stays as it is; only the words change.

Examples
--------
>>> import graphgrad as gg
>>> from graphgrad.viz.node_words import node_words
>>> x = gg.Variable(3.0, name="x")
>>> [node_words(y.creator, "en") for y in (x ** 2, x * -1, 1 / x)]
['the square node', 'the multiply-by-−1 node', 'the reciprocal node']
>>> [node_words(y.creator, "en") for y in (x - 2, -x, x + x)]
['the subtract-2 node', 'the negate node', 'the add node']
>>> node_words((x ** 2).creator, "zh"), node_words((x * 3).creator, "zh")
('平方节点', '“乘以 3”节点')
"""

from __future__ import annotations

from graphgrad import labels
from graphgrad.core import Function, Variable
from graphgrad.viz.numbers import format_number

#: Names of operations in words, by ``Function.name`` (when no scalar constant is folded in).
NAMES: dict[str, tuple[str, str]] = {
    "sub": ("the subtract node", "减法节点"),
    "div": ("the divide node", "除法节点"),
    "pow": ("the power node", "幂节点"),
    "neg": ("the negate node", "取负节点"),
    "sum": ("the sum node", "求和节点"),
    "abs": ("the absolute-value node", "绝对值节点"),
    "get_item": ("the indexing node", "索引节点"),
    "transpose": ("the transpose node", "转置节点"),
    "broadcast_to": ("the broadcast node", "广播节点"),
}

#: With a scalar constant ``{c}`` folded in on the right (``x ** 2``) or the left (``2 * x``).
RIGHT: dict[str, tuple[str, str]] = {
    "add": ("the add-{c} node", "“加 {c}”节点"),
    "sub": ("the subtract-{c} node", "“减 {c}”节点"),
    "mul": ("the multiply-by-{c} node", "“乘以 {c}”节点"),
    "div": ("the divide-by-{c} node", "“除以 {c}”节点"),
    "pow": ("the power-{c} node", "“{c} 次方”节点"),
    "maximum": ("the max-with-{c} node", "“与 {c} 取最大”节点"),
}
LEFT: dict[str, tuple[str, str]] = {
    **RIGHT,
    "sub": ("the subtract-from-{c} node", "“从 {c} 中减去”节点"),
    "div": ("the divide-{c}-by node", "“{c} 除以”节点"),
    "pow": ("the {c}-to-the-power node", "“{c} 的幂”节点"),
}
#: Constants with a name of their own.
SPECIAL: dict[tuple[str, str, str], tuple[str, str]] = {
    ("pow", "right", "2"): ("the square node", "平方节点"),
    ("pow", "right", "3"): ("the cube node", "立方节点"),
    ("div", "left", "1"): ("the reciprocal node", "倒数节点"),
}


def folded(v: Variable) -> bool:
    """A scalar constant the engine wrapped (the 2 in ``t ** 2``): drawn inside its operation."""
    return v.creator is None and not v.requires_grad and v.name is None and v.data.size == 1


def node_words(f: Function, lang: str) -> str:
    """How prose names the operation node of ``f``: "the square node", "the add node", "“exp”节点"."""
    pick = 0 if labels.check_lang(lang) == "en" else 1
    side = None
    if len(f.inputs) == 2:
        a, b = f.inputs
        if folded(b) and not folded(a):
            side, c = "right", format_number(b.data.item())
        elif folded(a) and not folded(b):
            side, c = "left", format_number(a.data.item())
    if side is not None:
        special = SPECIAL.get((f.name, side, c))
        if special:
            return special[pick]
        table = RIGHT if side == "right" else LEFT
        if f.name in table:
            return table[f.name][pick].format(c=c)
    if f.name in labels.NODE_NAMES:
        return labels.NODE_NAMES[f.name][pick]
    if f.name in NAMES:
        return NAMES[f.name][pick]
    return labels.text("node", lang, label=labels.OP_LABELS.get(f.name, f.label()))
