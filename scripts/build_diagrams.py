"""Render the diagrams the site's pages show (their [[diagram …]] and [[steps …]] tokens; en/zh; light/dark).

Usage::

    python scripts/build_diagrams.py                 # into docs/assets/diagrams
    python scripts/build_diagrams.py --only buy_apple_orange --out /tmp/diagrams
    python scripts/build_diagrams.py --check         # exit 1 if anything is missing or stale

Diagrams whose DOT source is unchanged are not rendered again.  The logic
lives in :func:`site_tools.diagrams.build_diagrams`; this script only parses
arguments and reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The site wing (site_tools/) sits at the repository root, beside this folder; graphgrad itself
# comes from the environment (pip install -e .) or, in a bare checkout, from src/.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from site_tools.paths import DIAGRAMS as DEFAULT_OUT  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_diagrams", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: %(default)s)"
    )
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="render only this example (repeatable)"
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    parser.add_argument("--jobs", type=int, default=None, help="dot processes at once (default: CPUs)")
    args = parser.parse_args(argv)

    try:
        from graphgrad.viz import GraphvizNotFound
        from site_tools.diagrams import build_diagrams

        summary = build_diagrams(args.out, only=args.only, check=args.check, jobs=args.jobs)
    except ImportError as exc:
        print(f"build_diagrams: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError, GraphvizNotFound, RuntimeError) as exc:
        message = " ".join(str(exc).split())  # one line, even when dot's own message has several
        print(f"build_diagrams: error: {message}", file=sys.stderr)
        return 2
    if args.check:
        if summary.stale:
            shown = ", ".join(summary.stale_files[:5]) + (" …" if summary.stale > 5 else "")
            print(f"build_diagrams: {summary.stale} diagram file(s) stale in {args.out}: {shown}")
            print("build_diagrams: run `python scripts/build_diagrams.py` to render them")
            return 1
        print(f"build_diagrams: all {summary.unchanged} diagrams in {args.out} are up to date")
        return 0
    print(f"build_diagrams: {summary} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
