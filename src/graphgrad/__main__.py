"""``python -m graphgrad``: run the book's examples and print values and gradients.

Examples
--------
>>> from graphgrad.__main__ import report
>>> print(report(["buy_apple"]))
buy_apple: price = 220
  d price / d apple     = 2.2
  d price / d apple_num = 110
  d price / d tax       = 200
"""

from __future__ import annotations

import argparse
import sys

from graphgrad import __version__
from graphgrad.examples import EXAMPLES
from graphgrad.viz.model import format_array


def report(names: list[str]) -> str:
    """Forward value and input gradients of each named example, as text."""
    lines = []
    for name in names:
        out = EXAMPLES[name]()
        leaves = out.named_inputs()
        width = max(len(k) for k in leaves)
        lines.append(f"{name}: {out.name} = {format_array(out.data)}")
        for key, var in leaves.items():
            grad = "no gradient (a constant)" if var.grad is None else format_array(var.grad)
            lead = f"  d {out.name} / d {key:<{width}} = "
            lines.append(lead + grad.replace("\n", "\n" + " " * len(lead)))
    return "\n".join(lines).replace("\u2212", "-")


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m graphgrad``; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m graphgrad",
        description="Run the book's computational-graph examples forward and backward "
        "and print the output value and the gradient of every input.",
    )
    parser.add_argument("--version", action="version", version=f"graphgrad {__version__}")
    parser.add_argument(
        "examples", nargs="*", metavar="EXAMPLE", help=f"which ones (default: all): {', '.join(EXAMPLES)}"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.examples if n not in EXAMPLES]
    if unknown:
        parser.error(f"unknown example {unknown[0]!r}; choose from {', '.join(EXAMPLES)}")
    print(report(args.examples or list(EXAMPLES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
