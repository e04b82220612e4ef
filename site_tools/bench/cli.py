"""Command-line front end shared by ``scripts/bench_*.py`` and ``scripts/train_two_layer.py``.

Each script names its studies and calls :func:`main`; everything else —
options, running, writing JSON, drawing plots, reporting errors in one line
with a non-zero exit code — happens here, where tests can reach it.

A ``--quick`` run never touches the committed results: without ``--out`` it
writes into a new temporary folder (and its plots beside the JSON), and the
site build refuses results marked quick.  Output folders are checked before
anything is measured, so a long run does not fail at its very end.

Exit codes: 0 success, 1 a run or a results file failed (message on
stderr), 2 bad command-line arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from site_tools import paths

from . import results as R
from .studies import STUDIES


def build_parser(prog: str, description: str, studies: Sequence[str]) -> argparse.ArgumentParser:
    """The options every script shares."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            f"Writes {', '.join(STUDIES[s].FILE for s in studies)} into --out and SVG plots "
            "(English and Chinese, light and dark) into --plots.\n"
            "Exit codes: 0 success, 1 failure (one-line message), 2 bad arguments."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few repeats: runs in seconds (used by the tests); without --out the "
        "results go to a new temporary folder, never over the committed ones",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="directory for the results JSON (default: benchmarks/results/ in the repository; "
        "with --quick a new temporary folder)",
    )
    plots = parser.add_mutually_exclusive_group()
    plots.add_argument(
        "--plots",
        type=Path,
        metavar="DIR",
        help="directory for the SVG plots (default: docs/assets/plots/ in the repository; "
        "with --quick and no --out, plots/ inside the temporary folder)",
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


def _fail(prog: str, message: str, code: int = 1) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return code


def _writable(folder: Path, option: str) -> None:
    """Create ``folder`` if needed and check that it can be written, or raise one clear line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(
            f"cannot create the {option} folder {folder} ({exc.strerror or exc}); "
            f"choose another one with {option} DIR"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(
            f"cannot write to the {option} folder {folder}; choose another one with {option} DIR"
        )


def resolve_outputs(args: argparse.Namespace) -> None:
    """Fill in the default ``--out`` and ``--plots`` (a temporary folder for a quick run)."""
    if args.out is None:
        if args.quick and not args.plots_only:
            args.out = Path(tempfile.mkdtemp(prefix="graphgrad-quick-"))
            if args.plots is None:
                args.plots = args.out / "plots"
        else:
            args.out = paths.RESULTS
    if args.plots is None:
        args.plots = paths.PLOTS


def main(
    argv: Sequence[str] | None,
    prog: str,
    description: str,
    studies: Sequence[str],
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
    prepare: Callable[[argparse.Namespace], dict[str, Any]] | None = None,
) -> int:
    """Parse ``argv``, run ``studies``, write JSON and plots; return the exit code.

    After each study ran, its ``report`` line is printed;
    ``extra`` adds script-specific options and ``prepare(args)`` turns them
    into keyword arguments for the studies' ``run``.
    """
    parser = build_parser(prog, description, studies)
    if extra is not None:
        extra(parser)
    args = parser.parse_args(argv)
    chosen = list(getattr(args, "only", None) or studies)
    try:
        resolve_outputs(args)
        if not args.plots_only:
            _writable(args.out, "--out")
        if not args.no_plots:
            from .plots import matplotlib_or_advice

            matplotlib_or_advice()  # before measuring for minutes
            _writable(args.plots, "--plots")
        if not args.plots_only:
            kwargs = prepare(args) if prepare is not None else {}
            filename = kwargs.pop("filename", None)
            for study in chosen:
                data = STUDIES[study].run(quick=args.quick, progress=not args.no_progress, **kwargs)
                path = R.save(args.out, data, filename)
                print(f"{study}: {STUDIES[study].report(data)} -> {path}")
        if not args.no_plots:
            from .plots import build_plots

            plot_studies = [s for s in chosen if (args.out / STUDIES[s].FILE).exists() or args.plots_only]
            summary = build_plots(args.out, args.plots, plot_studies, allow_quick=True)
            written, unchanged = len(summary["written"]), len(summary["unchanged"])
            print(f"plots: {written} written, {unchanged} unchanged -> {args.plots}")
    except KeyboardInterrupt:
        return _fail(prog, "interrupted", 130)
    except (R.ResultsError, ValueError, OSError, ImportError) as exc:
        return _fail(prog, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
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
        from site_tools.datasets import load_mnist

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
        extra=_train_options,
        prepare=_train_prepare,
    )
