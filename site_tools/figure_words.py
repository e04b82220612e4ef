"""The words of the site's figures and step-throughs, in English and Chinese.

The engine's own diagrams (:mod:`graphgrad.viz`: forward and backward, alt text, backward
captions) take their words from :mod:`graphgrad.labels`.  The site draws more: forward mode
sweep by sweep, the chain rule in symbols, paths (:mod:`site_tools.figures`), both passes node
by node (:mod:`site_tools.walkthrough`) and the step-through's buttons and counters
(:mod:`site_tools.diagram_html`).  Their sentences live here, one table, one translation per
entry; terms come from the glossary as everywhere else.

Examples
--------
>>> from site_tools.figure_words import text
>>> text("step_of", "zh", k=2, n=4)
'第 2 步（共 4 步）'
>>> text("fwd_node", "en", node="the multiply node", arithmetic="100 × 2 = 200")
'the multiply node computes 100 × 2 = 200'
"""

from __future__ import annotations

from graphgrad.labels import LANGS, check_lang

#: Sentences and interface words; ``{placeholders}`` are filled by :func:`text`.
FIGURE_TEXTS: dict[str, tuple[str, str]] = {
    "steps_label": ("Backward propagation, step by step", "反向传播，逐步演示"),
    "next": ("Next step", "下一步"),
    "previous": ("Previous step", "上一步"),
    # One status format per language: "Step k of n" / "第 k 步（共 n 步）"; "开始之前", never step 0.
    "step_of": ("Step {k} of {n}", "第 {k} 步（共 {n} 步）"),
    "status_start": ("Before the first step", "开始之前"),
    # Forward mode (site_tools.figures, mode "tangent")
    "sweep_title": (
        "Forward mode, sweep {s} of {n}: the tangent of {seed} is 1",
        "前向模式，第 {s} 趟（共 {n} 趟）：{seed}的切向量设为 1",
    ),
    "tangent_intro": (
        "The tangent starts as 1 at {seed} and 0 at every other input; blue arrows carry the tangents "
        "left to right, beside the values",
        "{seed}处的切向量为 1，其他输入处为 0；蓝色箭头在数值旁边把切向量从左向右传递",
    ),
    "tangent_node": ("{node} passes on the tangent {t}", "{node}传出切向量 {t}"),
    "tangent_result": (
        "Result of this sweep: one partial derivative, d({output})/d({seed}) = {t}",
        "这一趟的结果只有一个偏导数：{output}关于{seed}的导数是 {t}",
    ),
    "sweep_status_node": (
        "Sweep {s} of {n}, node {k} of {m}",
        "第 {s} 趟（共 {n} 趟），第 {k} 个节点（共 {m} 个）",
    ),
    "sweep_status": ("Sweep {s} of {n}", "第 {s} 趟（共 {n} 趟）"),
    "sweep_status_start": ("Sweep {s} of {n}, before the first node", "第 {s} 趟（共 {n} 趟），开始之前"),
    # One caption per frame of the forward-mode step-through, each replacing the one before.
    "tangent_start": (
        "Sweep {s} of {n}: the tangent of {seed} is 1, of every other input 0; blue arrows carry "
        "the tangents left to right",
        "第 {s} 趟（共 {n} 趟）：{seed}的切向量设为 1，其他输入设为 0；蓝色箭头把切向量从左向右传递",
    ),
    "tangent_step": ("{node} ({name}): {arithmetic}", "{node}（{name}）：{arithmetic}"),
    "tangent_done": (
        "so ∂({output})/∂({seed}) = {t}, one partial derivative per sweep",
        "所以 ∂({output})/∂({seed}) = {t}，一趟只得到一个偏导数",
    ),
    "tangent_sweep": ("Sweep {s} of {n}, {seed} set to 1", "第 {s} 趟（共 {n} 趟），{seed}的切向量设为 1"),
    "steps_label_tangent": ("Forward mode, sweep by sweep", "前向模式，逐趟演示"),
    "mode_tangent": ("forward mode", "前向模式"),
    # Symbols (mode "symbolic")
    "symbolic_title": (
        "The chain rule in symbols: each red arrow carries the product of local derivatives from "
        "the output down to its edge",
        "用符号表示链式法则：每个红色箭头上是从输出到这条边的局部导数之积",
    ),
    "symbolic_intro": (
        "Edges carry the names of the variables; backward propagation starts at the output",
        "边上写的是变量名；反向传播从输出开始",
    ),
    "symbolic_edge": ("at {name} arrives {grad}", "传到 {name} 的是 {grad}"),
    # Paths (mode "paths")
    "paths_title": (
        "{n} paths from {start} to {output}, each in its own colour; every edge carries its local derivative",
        "从 {start} 到 {output} 有 {n} 条路径，每条一种颜色；每条边上标出它的局部导数",
    ),
    "path_item": ("path {route}: {factors} = {product}", "路径 {route}：{factors} = {product}"),
    "paths_sum": (
        "the sum over the paths is ∂{output}/∂{start} = {total}",
        "各条路径之和就是 ∂{output}/∂{start} = {total}",
    ),
    # Both passes, node by node (site_tools.walkthrough, [[steps NAME passes]])
    "passes_label": ("Forward and backward propagation, step by step", "正向传播与反向传播，逐步演示"),
    "fwd_start": (
        "Forward propagation starts: only the inputs are known ({inputs})",
        "正向传播开始：此时只知道各个输入（{inputs}）",
    ),
    "fwd_node": ("{node} computes {arithmetic}", "{node}计算 {arithmetic}"),
    "fwd_named": ("{node} computes {arithmetic}: {name}", "{node}计算 {arithmetic}，得到{name}"),
    "fwd_done": (
        "Forward propagation is complete; backward propagation starts from ∂L/∂L = 1 at {output}",
        "正向传播完成；反向传播从{output}处的初始值 ∂L/∂L = 1 开始",
    ),
    "bwd_start": (
        "Backward propagation starts at the output ({output}) with {seed}, the derivative arriving "
        "from upstream",
        "反向传播从{output}开始，起点是从上游传来的导数 {seed}",
    ),
    "bwd_node": ("{node} receives {upstream} from upstream", "{node}从上游接收 {upstream}"),
    "bwd_node_named": (
        "{node} ({name}) receives {upstream} from upstream",
        "{node}（{name}）从上游接收 {upstream}",
    ),
    "bwd_pass": (
        "to {target}: upstream {upstream} × local {local} = {grad}",
        "传给{target}：上游 {upstream} × 局部导数 {local} = {grad}",
    ),
    "status_fwd_start": ("Forward propagation: before the first node", "正向传播：开始之前"),
    "status_fwd": ("Forward propagation: node {k} of {n}", "正向传播：第 {k} 个节点（共 {n} 个）"),
    "status_bwd_start": ("Backward propagation: before the first node", "反向传播：开始之前"),
    "status_bwd": ("Backward propagation: node {k} of {n}", "反向传播：第 {k} 个节点（共 {n} 个）"),
}


def text(key: str, lang: str, **fields: object) -> str:
    """The sentence or word ``key`` of :data:`FIGURE_TEXTS` in ``lang``, with ``{fields}`` filled in."""
    return FIGURE_TEXTS[key][LANGS.index(check_lang(lang))].format(**fields)
