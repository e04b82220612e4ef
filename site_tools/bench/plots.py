"""SVG plots of the studies, drawn from the results JSON, in English and Chinese, light and dark.

:func:`build_plots` is what the site build calls.  For every plot it writes
four files into ``out_dir``::

    {name}-{lang}-{theme}.svg     lang: en, zh    theme: light, dark

with these names (and the results file each reads):

- ``gradient-cost-flops``, ``gradient-cost-time`` (gradients.json)
- ``caching-multiplications`` (caching.json)
- ``step-size-error`` (step_size.json)
- ``engine-step`` (engine.json)
- ``training-accuracy`` (training.json)
- ``memory`` (memory.json)

Output is deterministic (fixed SVG hash salt, no date, text drawn as paths
so the reader needs no CJK font), and a plot whose inputs have not changed
is not drawn again: a manifest in ``out_dir`` keeps the hash of the JSON, of
this module's source and of the matplotlib version behind each file.  Light
plots have a white background, dark ones a transparent background.

Chinese labels use the terms of the project glossary and the font
"Noto Sans CJK SC" (DejaVu Sans as fallback).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphgrad.labels import LANGS
from site_tools import plot_words
from site_tools.files import write_atomic
from site_tools.plot_words import PLOT_TEXTS

from . import results as R

THEMES = ("light", "dark")
MANIFEST = ".plots-manifest.json"

# ---------------------------------------------------------------------------
# Words (en / zh, glossary terms)
# ---------------------------------------------------------------------------

#: The catalogue's plot words, by key and language (``T["depth"]["zh"]``).
T: dict[str, dict[str, str]] = {k: dict(zip(LANGS, pair, strict=True)) for k, pair in PLOT_TEXTS.items()}

# Colour per method, light and dark (Okabe–Ito palette, distinguishable with colour blindness).
COLORS = {
    "light": {"numerical": "#D55E00", "forward": "#7B52AE", "reverse": "#009E73", "f": "#777777",
              "c64": "#0072B2", "f64": "#56B4E9", "c32": "#D55E00", "f32": "#E69F00"},
    "dark": {"numerical": "#FF8A3D", "forward": "#B79CFF", "reverse": "#3DDC97", "f": "#AAAAAA",
             "c64": "#5FB4FF", "f64": "#9AD7F5", "c32": "#FF8A3D", "f32": "#FFC44D"},
}  # fmt: skip
INK = {"light": "#222222", "dark": "#E6E6E6"}
GRID = {"light": "#DDDDDD", "dark": "#555555"}


def _fonts(lang: str) -> list[str]:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    wanted = ["Noto Sans CJK SC", "DejaVu Sans"] if lang == "zh" else ["DejaVu Sans"]
    return [f for f in wanted if f in available] or ["DejaVu Sans"]


def _style(lang: str, theme: str) -> dict[str, Any]:
    ink = INK[theme]
    return {
        "svg.hashsalt": "graphgrad",
        "svg.fonttype": "path",
        "font.family": _fonts(lang),
        "mathtext.fontset": "dejavusans",
        "font.size": 10,
        "axes.unicode_minus": lang == "en",
        "text.color": ink,
        "axes.labelcolor": ink,
        "axes.edgecolor": ink,
        "xtick.color": ink,
        "ytick.color": ink,
        "axes.facecolor": "none",
        "figure.facecolor": "white" if theme == "light" else "none",
        "savefig.facecolor": "white" if theme == "light" else "none",
        "savefig.transparent": theme == "dark",
        "grid.color": GRID[theme],
        "grid.linewidth": 0.6,
        "axes.grid": True,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "path.simplify": False,
    }


def _fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


# ---------------------------------------------------------------------------
# The plots: each takes (ax, data, lang, theme) and returns nothing
# ---------------------------------------------------------------------------


def _gradient_flops(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    ax = fig.subplots()
    c = COLORS[theme]
    for m, marker in (("numerical", "o"), ("forward", "s"), ("reverse", "^")):
        label = f"{T[m][lang]}{T['sep'][lang]}{T['slope'][lang]} {_fmt(r['slopes']['flops'][m])}"
        ax.loglog(r["n"], r["methods"][m]["flops"], marker=marker, color=c[m], label=label)
    ax.loglog(r["n"], r["f"]["flops"], ls="--", color=c["f"], label=T["f"][lang])
    ax.set(xlabel=T["n"][lang], ylabel=T["flops"][lang], title=T["title_flops"][lang])
    ax.legend(loc="upper left", fontsize=8)


def _gradient_time(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    ax = fig.subplots()
    c = COLORS[theme]
    n = r["n"]
    for m, marker in (("numerical", "o"), ("forward", "s"), ("reverse", "^")):
        times, extra = r["methods"][m]["time_s"], r["methods"][m]["extrapolated"]
        slope = r["slopes"]["time"][m]
        ax.loglog(n, times, color=c[m])
        label = f"{T[m][lang]}{T['sep'][lang]}{T['slope'][lang]} {_fmt(slope)}"
        ax.plot([], [], marker=marker, color=c[m], label=label)
        for xi, yi, ex in zip(n, times, extra, strict=True):
            ax.loglog([xi], [yi], marker=marker, color=c[m], markerfacecolor="none" if ex else c[m], ls="")
    ax.loglog(n, r["f"]["time_s"], ls="--", color=c["f"], label=T["f"][lang])
    ax.set(xlabel=T["n"][lang], ylabel=T["time"][lang], title=T["title_time"][lang])
    fit = T["slope_fit"][lang].format(n=f"{r['slopes']['time_fit_n_min']:,}")
    ax.legend(loc="upper left", fontsize=8, title=fit, title_fontsize=8, alignment="left")
    if any(any(r["methods"][m]["extrapolated"]) for m in ("numerical", "forward")):
        ax.text(
            0.99, 0.02, T["extrapolated"][lang], transform=ax.transAxes, ha="right", va="bottom", fontsize=7
        )


def _caching(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    ax = fig.subplots()
    c = COLORS[theme]
    ax.semilogy(
        r["depth"], r["path_multiplications"], marker="o", color=c["numerical"], label=T["paths"][lang]
    )
    ax.semilogy(
        r["depth"], r["reverse_multiplications"], marker="^", color=c["reverse"], label=T["reuse"][lang]
    )
    ax.set(xlabel=T["depth"][lang], ylabel=T["mults"][lang], title=T["title_caching"][lang])
    ax.legend(loc="upper left", fontsize=8)


def _step_size(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    ax = fig.subplots()
    c = COLORS[theme]
    styles = {
        "central_float64": (c["c64"], "-", "o"),
        "forward_float64": (c["f64"], "--", "s"),
        "central_float32": (c["c32"], "-", "o"),
        "forward_float32": (c["f32"], "--", "s"),
    }
    for key, (color, ls, marker) in styles.items():
        method, dtype = key.split("_")
        name = T["central" if method == "central" else "forward_diff"][lang]
        label = f"{name}{T['sep'][lang]}{dtype}"
        ax.loglog(r["h"], r["curves"][key], ls=ls, marker=marker, ms=3, color=color, label=label)
    ax.axvline(r["book_h"], color=INK[theme], lw=0.8, ls=":")
    ax.text(
        r["book_h"] * 1.3, 0.98, T["book_h"][lang], transform=ax.get_xaxis_transform(), va="top", fontsize=8
    )
    ax.text(0.02, 0.03, "← " + T["roundoff"][lang], transform=ax.transAxes, fontsize=8, color=INK[theme])
    ax.text(0.98, 0.03, T["truncation"][lang] + " →", transform=ax.transAxes, fontsize=8, ha="right")
    ax.set(xlabel=T["h"][lang], ylabel=T["rel_error"][lang], title=T["title_step"][lang])
    fig.legend(loc="outside lower center", fontsize=8, ncols=2)


def _engine(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]["step"]
    ax = fig.subplots()
    c = COLORS[theme]
    names = ("graphgrad", "numpy", "numpy_book", "torch")
    libs = [lib for lib in names if r["median_s"].get(lib) is not None]
    y = list(range(len(libs)))[::-1]
    step = [1e3 * r["median_s"][lib] for lib in libs]
    fwd = [1e3 * (r["forward_median_s"].get(lib) or 0.0) for lib in libs]
    ax.barh([v + 0.2 for v in y], step, height=0.38, color=c["reverse"], label=T["eng_step"][lang])
    ax.barh([v - 0.2 for v in y], fwd, height=0.38, color=c["f"], label=T["eng_forward"][lang])
    ratios = data["results"]["ratios"]
    for v, s, lib in zip(y, step, libs, strict=True):
        note = "" if lib == "graphgrad" else T["ratio"][lang].format(r=ratios[lib])
        ax.text(s, v + 0.2, f" {s:.2f}{note}", va="center", fontsize=8)
    ax.set_yticks(y, [T[lib][lang] for lib in libs])
    ax.set(xlabel=T["ms"][lang], title=T["title_engine"][lang])
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, max(step) * 1.45)
    fig.legend(loc="outside lower center", fontsize=8, ncols=2)


def _training(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    h = r["history"]
    ax = fig.subplots()
    c = COLORS[theme]
    ax.plot(h["epoch"], h["train_accuracy"], color=c["f64"], label=T["train"][lang])
    ax.plot(h["epoch"], h["test_accuracy"], color=c["c32"], ls="--", label=T["test"][lang])
    ax.axhline(0.95, color=INK[theme], lw=0.8, ls=":")
    ax.text(h["epoch"][0], 0.95, " 95%", va="bottom", ha="left", fontsize=8)
    title = "title_train_mnist" if r.get("dataset") == "mnist" else "title_train_digits"
    ax.set(xlabel=T["epoch"][lang], ylabel=T["accuracy"][lang], title=T[title][lang], ylim=(0.5, 1.005))
    ax.legend(loc="lower right", fontsize=8)


def _memory(fig: Any, data: dict[str, Any], lang: str, theme: str) -> None:
    r = data["results"]
    kept, clock = fig.subplots(1, 2)
    c = COLORS[theme]
    mb = [b / 1e6 for b in r["bytes_plain"]]
    mb_ckpt = [b / 1e6 for b in r["bytes_ckpt"]]
    slopes = r["slopes"]
    kept.loglog(
        r["depth"],
        mb,
        marker="o",
        color=c["numerical"],
        label=f"{T['mem_plain'][lang]}{T['sep'][lang]}{T['slope'][lang]} {_fmt(slopes['plain'])}",
    )
    kept.loglog(
        r["depth"],
        mb_ckpt,
        marker="^",
        color=c["reverse"],
        label=f"{T['mem_ckpt'][lang]}{T['sep'][lang]}{T['slope'][lang]} {_fmt(slopes['ckpt'])}",
    )
    for key, color in (("needed_plain", c["numerical"]), ("needed_ckpt", c["reverse"])):
        if key in r:  # what the backward rules read, of what is kept
            mb_read = [b / 1e6 for b in r[key]]
            kept.loglog(r["depth"], mb_read, ls=":", color=color, label=T[f"mem_{key}"][lang])
    kept.loglog(
        r["depth"],
        [b / 1e6 for b in r["peak_plain"]],
        ls="--",
        color=c["numerical"],
        label=T["mem_peak_plain"][lang],
    )
    kept.loglog(
        r["depth"],
        [b / 1e6 for b in r["peak_ckpt"]],
        ls="--",
        color=c["reverse"],
        label=T["mem_peak_ckpt"][lang],
    )
    kept.set(xlabel=T["layers"][lang], ylabel=T["mb"][lang], title=T["title_memory"][lang])
    kept.legend(loc="upper left", fontsize=7)
    clock.plot(
        r["depth"],
        [1e3 * s for s in r["cpu_seconds_plain"]],
        marker="o",
        color=c["numerical"],
        label=T["plain"][lang],
    )
    clock.plot(
        r["depth"],
        [1e3 * s for s in r["cpu_seconds_ckpt"]],
        marker="^",
        color=c["reverse"],
        label=T["ckpt"][lang],
    )
    clock.set(xlabel=T["layers"][lang], ylabel=T["ms_gradient"][lang], title=T["title_memory_time"][lang])
    clock.legend(loc="upper left", fontsize=7)


#: name → (study, draw function, figure size in inches)
PLOTS: dict[str, tuple[str, Callable[..., None], tuple[float, float]]] = {
    "gradient-cost-flops": ("gradients", _gradient_flops, (7.0, 4.6)),
    "gradient-cost-time": ("gradients", _gradient_time, (7.0, 4.6)),
    "caching-multiplications": ("caching", _caching, (7.0, 4.2)),
    "step-size-error": ("step_size", _step_size, (7.0, 5.0)),
    "engine-step": ("engine", _engine, (7.0, 4.2)),
    "training-accuracy": ("training", _training, (7.0, 4.0)),
    "memory": ("memory", _memory, (8.0, 4.2)),
}


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def matplotlib_or_advice() -> Any:
    """The ``matplotlib`` module, or an ImportError that says which extra to install."""
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise ImportError(
            "drawing the plots needs matplotlib: pip install -e '.[bench]' (or pass --no-plots)"
        ) from None
    return matplotlib


def render(name: str, data: dict[str, Any], lang: str, theme: str) -> bytes:
    """One plot as SVG bytes."""
    import io

    matplotlib = matplotlib_or_advice()
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _, draw, size = PLOTS[name]
    with matplotlib.rc_context(_style(lang, theme)):
        fig = plt.figure(figsize=size, layout="constrained")
        try:
            draw(fig, data, lang, theme)
            title = fig.axes[0].get_title() if fig.axes else name
            metadata = {"Date": None, "Title": title, "Language": "zh-Hans" if lang == "zh" else "en"}
            buf = io.BytesIO()
            fig.savefig(buf, format="svg", metadata=metadata)
        finally:
            plt.close(fig)
    return buf.getvalue()


def _code_hash() -> str:
    matplotlib = matplotlib_or_advice()
    source = Path(__file__).read_bytes() + Path(plot_words.__file__).read_bytes()
    return hashlib.sha256(source + matplotlib.__version__.encode()).hexdigest()


def build_plots(
    results_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    studies: list[str] | None = None,
    force: bool = False,
    allow_quick: bool = False,
) -> dict[str, Any]:
    """Draw every plot of ``studies`` (default: all) from the JSON in ``results_dir`` into ``out_dir``.

    Unchanged plots (same JSON, same plotting code, same matplotlib) are
    skipped unless ``force``.  Results of a ``--quick`` run are refused
    unless ``allow_quick`` (the site never shows quick numbers).  Returns ``{"written": [...], "unchanged":
    [...]}`` (file names).

    Raises
    ------
    ResultsError
        A results file is missing or corrupt (one-line message naming it).
    """
    out = Path(out_dir)
    from .studies import STUDIES

    wanted = list(STUDIES) if studies is None else list(studies)
    unknown = [s for s in wanted if s not in STUDIES]
    if unknown:
        raise ValueError(f"unknown studies {unknown}; known: {list(STUDIES)}")
    loaded = {s: R.load(results_dir, s, allow_quick) for s in wanted}  # validate all before drawing any
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            manifest = {}
    except (OSError, ValueError):
        manifest = {}
    code = _code_hash()
    written, unchanged = [], []
    for name, (study, _, _) in PLOTS.items():
        if study not in loaded:
            continue
        data_text = json.dumps(loaded[study], sort_keys=True)
        for lang in LANGS:
            for theme in THEMES:
                fname = f"{name}-{lang}-{theme}.svg"
                key = hashlib.sha256(f"{code}\0{lang}\0{theme}\0{data_text}".encode()).hexdigest()
                if not force and manifest.get(fname) == key and (out / fname).exists():
                    unchanged.append(fname)
                    continue
                write_atomic(out / fname, render(name, loaded[study], lang, theme))
                manifest[fname] = key
                written.append(fname)
    if written:
        write_atomic(manifest_path, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return {"written": written, "unchanged": unchanged}
