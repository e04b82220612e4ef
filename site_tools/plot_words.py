"""The words of the efficiency study's plots, in English and Chinese.

Axis labels, titles and legends of :mod:`site_tools.bench.plots`, one
``(English, 简体中文)`` pair per key, with the glossary's terms.  They live apart
from the engine's diagram words (:mod:`graphgrad.labels`) so that editing one
kind does not redraw the other: the plots' cache is keyed on this file.

Examples
--------
>>> from site_tools.plot_words import PLOT_TEXTS
>>> PLOT_TEXTS["central"]
('central difference', '中心差分')
"""

from __future__ import annotations

#: Axis labels, titles and legends of the efficiency study's plots (:mod:`site_tools.bench.plots`).
PLOT_TEXTS: dict[str, tuple[str, str]] = {
    "n": ("number of parameters n", "参数个数 n"),
    "flops": ("floating-point operations (count_ops)", "浮点运算次数（count_ops）"),
    "time": ("wall time per gradient (s), median", "求一次梯度的运行时间（秒，中位数）"),
    "title_flops": ("Operation count of one full gradient", "求一次完整梯度的运算次数"),
    "title_time": ("Time for one full gradient", "求一次完整梯度的时间"),
    "numerical": ("central difference (2n evaluations of f)", "中心差分（计算 2n 次 f）"),
    "forward": ("forward-mode AD (n JVPs)", "前向模式自动微分（n 次 JVP）"),
    "reverse": (
        "reverse-mode AD (1 forward + 1 backward pass)",
        "反向模式自动微分（1 次正向传播 + 1 次反向传播）",
    ),
    "f": ("one evaluation of f", "计算一次 f"),
    "sep": (", ", "，"),  # between the parts of one legend entry
    "slope": ("slope", "斜率"),
    "slope_fit": ("slopes of the fitted lines for n ≥ {n}", "斜率：对 n ≥ {n} 的点做直线拟合"),
    "extrapolated": (
        "hollow markers: timed on a sample of coordinates, scaled to n",
        "空心标记：抽样部分参数计时，再按 n 外推",
    ),
    "depth": ("depth d (stacked diamonds)", "深度 d（叠起来的菱形个数）"),
    "mults": ("multiplications", "乘法次数"),
    "title_caching": ("Chain rule path by path vs. backpropagation", "逐条路径应用链式法则与反向传播的比较"),
    "paths": ("every path separately: $2^d\\,(2d-1)$", "逐条路径分别相乘：$2^d\\,(2d-1)$"),
    "reuse": ("backpropagation, reusing upstream gradients: $4d-2$", "反向传播，复用上游导数：$4d-2$"),
    "h": ("step size h", "步长 h"),
    "rel_error": ("relative error of the gradient", "梯度的相对误差"),
    "title_step": ("Numerical differentiation: error vs. step size", "数值微分的误差与步长"),
    "central": ("central difference", "中心差分"),
    "forward_diff": ("forward difference", "前向差分"),
    "book_h": ("the book's h = 10⁻⁴", "书中的 h = 10⁻⁴"),
    "truncation": ("truncation error", "截断误差"),
    "roundoff": ("round-off error", "舍入误差"),
    "title_engine": (
        "One training step, 784-50-10 network, mini-batch of 100",
        "784-50-10 网络训练一步（mini-batch 为 100）",
    ),
    "ms": ("time (ms), median", "时间（毫秒，中位数）"),
    "eng_forward": ("forward propagation (loss only)", "正向传播（仅损失函数）"),
    "eng_step": ("training step (forward + backward + update)", "训练一步（正向传播 + 反向传播 + 参数更新）"),
    "graphgrad": ("graphgrad", "graphgrad"),
    "ratio": ("  (graphgrad takes {r:.2f}×)", "（graphgrad 用时是它的 {r:.2f} 倍）"),
    "numpy": ("numpy by hand\n(tightest step)", "numpy 手写\n（最精简的一步）"),
    "numpy_book": ("numpy by hand\n(the book's layers)", "numpy 手写\n（书中的层）"),
    "torch": ("PyTorch (CPU)", "PyTorch（CPU）"),
    "epoch": ("epoch", "epoch"),
    "accuracy": ("accuracy", "识别精度"),
    "train": ("training data", "训练数据"),
    "test": ("test data", "测试数据"),
    "title_train_digits": ("Two-layer network on 8×8 handwritten digits", "两层神经网络识别 8×8 手写数字"),
    "title_train_mnist": ("Two-layer network on MNIST", "两层神经网络识别 MNIST"),
    "mem_plain": ("kept at rest until backward, plain graph", "反向传播之前保存的值，普通计算图"),
    "mem_ckpt": ("kept at rest until backward, √n checkpoints", "反向传播之前保存的值，√n 个检查点"),
    "mem_needed_plain": ("of it read by backward rules, plain graph", "其中反向传播规则读取的，普通计算图"),
    "mem_needed_ckpt": ("of it read by backward rules, √n checkpoints",
                        "其中反向传播规则读取的，√n 个检查点"),
    "mem_peak_plain": ("peak during one gradient, plain graph", "求一次梯度时的峰值，普通计算图"),
    "mem_peak_ckpt": ("peak during one gradient, √n checkpoints", "求一次梯度时的峰值，√n 个检查点"),
    "plain": ("plain graph", "普通计算图"),
    "ckpt": ("√n checkpoints (recomputed in backward)", "√n 个检查点（反向传播时重算）"),
    "layers": ("number of layers (depth)", "层数（深度）"),
    "mb": ("memory (MB)", "内存（MB）"),
    "title_memory": ("What reverse mode keeps in memory", "反向模式占用的内存"),
    "ms_gradient": ("CPU time per gradient (ms), median", "求一次梯度的 CPU 时间（毫秒），中位数"),
    "title_memory_time": ("The price of checkpointing: time", "检查点的代价：时间"),
}

