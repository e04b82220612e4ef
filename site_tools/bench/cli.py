"""Command-line front end shared by ``scripts/bench_*.py`` and ``scripts/train_two_layer.py``.

Each script names its studies and calls :func:`main`; everything else —
options, running, writing JSON, drawing plots, reporting errors in one line
with a non-zero exit code — happens here, where tests can reach it.

Exit codes: 0 success, 1 a run or a results file failed (message on
stderr), 2 bad command-line arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from site_tools import paths

from . import results as R

#: Defaults, relative to the repository root (the scripts' parent directory).


def _studies() -> dict[str, Any]:
    from . import caching, engine, gradients, memory, step_size, training

    return {
        "gradients": gradients,
        "caching": caching,
        "step_size": step_size,
        "engine": engine,
        "training": training,
        "memory": memory,
    }


def build_parser(prog: str, description: str, studies: Sequence[str]) -> argparse.ArgumentParser:
    """The options every script shares."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            f"Writes {', '.join(R.FILES[s] for s in studies)} into --out and SVG plots "
            "(English and Chinese, light and dark) into --plots.\n"
            "Exit codes: 0 success, 1 failure (one-line message), 2 bad arguments."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few repeats: runs in seconds (used by the tests)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=paths.RESULTS,
        metavar="DIR",
        help="directory for the results JSON (default: benchmarks/results/ in the repository)",
    )
    plots = parser.add_mutually_exclusive_group()
    plots.add_argument(
        "--plots",
        type=Path,
        default=paths.PLOTS,
        metavar="DIR",
        help="directory for the SVG plots (default: docs/assets/plots/ in the repository)",
    )
    plots.add_argument("--no-plots", action="store_true", help="do not draw plots")
    parser.add_argument(
        "--plots-only",
        action="store_true",
        help="do not measure: redraw the plots from the JSON already in --out",
    )
    if len(studies) > 1:
        parser.add_argument(
            "--only",
            choices=list(studies),
            action="append",
            metavar="STUDY",
            help=f"run only this study (repeatable; one of: {', '.join(studies)})",
        )
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(
    argv: Sequence[str] | None,
    prog: str,
    description: str,
    studies: Sequence[str],
    report: Callable[[str, dict[str, Any]], str],
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
    prepare: Callable[[argparse.Namespace], dict[str, Any]] | None = None,
) -> int:
    """Parse ``argv``, run ``studies``, write JSON and plots; return the exit code.

    ``report(study, data)`` returns the line printed after a study ran;
    ``extra`` adds script-specific options and ``prepare(args)`` turns them
    into keyword arguments for the studies' ``run``.
    """
    parser = build_parser(prog, description, studies)
    if extra is not None:
        extra(parser)
    args = parser.parse_args(argv)
    chosen = list(getattr(args, "only", None) or studies)
    try:
        if not args.plots_only:
            kwargs = prepare(args) if prepare is not None else {}
            filename = kwargs.pop("filename", None)
            modules = _studies()
            for study in chosen:
                data = modules[study].run(quick=args.quick, progress=not args.no_progress, **kwargs)
                path = R.save(args.out, data, filename)
                print(f"{study}: {report(study, data)} -> {path}")
        if not args.no_plots:
            from .plots import build_plots

            plot_studies = [s for s in chosen if (args.out / R.FILES[s]).exists() or args.plots_only]
            summary = build_plots(args.out, args.plots, plot_studies)
            written, unchanged = len(summary["written"]), len(summary["unchanged"])
            print(f"plots: {written} written, {unchanged} unchanged -> {args.plots}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except (R.ResultsError, ValueError, OSError, ImportError) as exc:
        return _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return 0


def _train_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mnist",
        type=Path,
        metavar="PATH",
        help="train on MNIST instead: a directory with the four idx files (optionally .gz) or an .npz "
        "file (x_train, y_train, x_test, y_test); results go to training-mnist.json",
    )
    parser.add_argument(
        "--iterations", type=int, metavar="N", help="number of SGD iterations (default: 10000, quick: 4000)"
    )


def _train_prepare(args: argparse.Namespace) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if args.iterations is not None:
        if args.iterations < 1:
            raise ValueError(f"--iterations must be at least 1, got {args.iterations}")
        kwargs["iterations"] = args.iterations
    if args.mnist is not None:
        from graphgrad.nn import load_mnist

        kwargs.update(data=load_mnist(args.mnist), dataset="mnist", filename="training-mnist.json")
        args.no_plots = True  # the plots show the committed 8×8-digits run
    return kwargs


def main_train(argv: Sequence[str] | None) -> int:
    """``scripts/train_two_layer.py``."""
    return main(
        argv,
        prog="train_two_layer.py",
        description=(
            "Train the book's TwoLayerNet with graphgrad on real handwritten digits: gradient check "
            "first, then mini-batch SGD with the book's settings (scikit-learn's bundled 8x8 digits by "
            "default, or MNIST files you supply with --mnist)."
        ),
        studies=("training",),
        report=report,
        extra=_train_options,
        prepare=_train_prepare,
    )


# ---------------------------------------------------------------------------
# One-line reports
# ---------------------------------------------------------------------------


def _f(x: float | None, spec: str = ".2f") -> str:
    return "n/a" if x is None else format(x, spec)


def report(study: str, data: dict[str, Any]) -> str:
    """A one-line summary of a study's results, for the terminal."""
    r = data["results"]
    if study == "gradients":
        s = r["slopes"]["flops"]
        return (
            f"flop slopes numerical {_f(s['numerical'])}, forward {_f(s['forward'])}, "
            f"reverse {_f(s['reverse'])}; n = {r['n'][0]:,}..{r['n'][-1]:,}; "
            f"gradients agree: {r['agreement']['agree']}"
        )
    if study == "caching":
        return (
            f"depth {r['depth'][-1]}: {r['path_multiplications'][-1]:,} multiplications path by path, "
            f"{r['reverse_multiplications'][-1]} by backpropagation"
        )
    if study == "step_size":
        b = r["best_h"]
        return (
            f"best h: central {b['central_float64']:.0e} (float64), {b['central_float32']:.0e} (float32); "
            f"error at h = 1e-4: {r['book_h_error']['central_float64']:.1e} (float64), "
            f"{r['book_h_error']['central_float32']:.1e} (float32)"
        )
    if study == "engine":
        q = r["ratios"]
        return (
            f"graphgrad/tight numpy {_f(q['numpy'])}x, graphgrad/book-style numpy {_f(q['numpy_book'])}x, "
            f"graphgrad/torch {_f(q['torch'])}x, graphgrad/micrograd {_f(q['micrograd'])}x, "
            f"reverse/forward {_f(r['reverse_to_forward'])}"
        )
    if study == "memory":
        from . import memory

        return memory.report(data)
    if study == "training":
        worst = max(v["max_abs_diff"] for v in r["gradient_check"].values())
        return (
            f"gradient check max diff {worst:.1e}; test accuracy {100 * r['test_accuracy']:.1f}% "
            f"after {r['iterations']} iterations in {r['train_seconds']:.1f} s"
        )
    return ""
