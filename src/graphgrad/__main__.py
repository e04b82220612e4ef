"""``python -m graphgrad``: run the book's examples and print values and gradients.

Examples
--------
>>> from graphgrad.__main__ import report
>>> print(report(["buy_apple"]))
buy_apple: price = 220
  d price / d apple     = 2.2
  d price / d apple_num = 110
  d price / d tax       = 200
>>> print(report(["affine_softmax_loss"]))  # doctest: +ELLIPSIS
affine_softmax_loss: loss = 0.7513
  d loss / d X: array of shape (2,)
      [-0.148, -0.148]
  d loss / d W: array of shape (2, 3)
      [0.1272, 0.1897, -0.3169]
      [0.1908, 0.2846, -0.4754]
  d loss / d b: array of shape (3,)
      [0.212, 0.3162, -0.5282]
  d loss / d t: no gradient (a constant)
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from graphgrad import __version__
from graphgrad.examples import EXAMPLES
from graphgrad.viz.model import format_array, format_shape


def gradient_words(grad) -> list[str]:
    """A gradient in words: ``= 2.2`` for a number; its shape, then its values, for an array.

    >>> gradient_words(np.array([0.25, 2.0]))
    [': array of shape (2,)', '[0.25, 2]']
    >>> gradient_words(None)
    [': no gradient (a constant)']
    """
    if grad is None:
        return [": no gradient (a constant)"]
    grad = np.asarray(grad)
    if grad.ndim == 0:
        return [" = " + format_array(grad)]
    values = format_array(grad).split("\n")[1:]  # after the shape: the rows, when small
    return [f": array of shape {format_shape(grad.shape)}", *values]


def report(names: list[str]) -> str:
    """Forward value and input gradients of each named example, as text."""
    lines = []
    for name in names:
        out = EXAMPLES[name]()
        leaves = out.named_inputs()
        lines.append(f"{name}: {out.name} = {format_array(out.data)}")
        scalars = [key for key, var in leaves.items() if var.grad is not None and np.ndim(var.grad) == 0]
        width = max((len(k) for k in scalars), default=0)
        for key, var in leaves.items():
            first, *rest = gradient_words(var.grad)
            pad = width if first.startswith(" = ") else 0
            lines.append(f"  d {out.name} / d {key:<{pad}}{first}")
            lines += ["      " + row for row in rest]
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
