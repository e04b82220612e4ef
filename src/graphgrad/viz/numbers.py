"""How a diagram writes a number or an array: 220, 2.2, 0.1966, −1, ``(2, 3)``.

One module, so that the model, the prose and the node names all write a value the same way.
"""

from __future__ import annotations

import math

import numpy as np

#: Arrays with at most this many elements show their values; larger ones only their shape.
SMALL = 6
MINUS = "\u2212"


def format_number(x: float) -> str:
    """A number as people write it: 220, 2.2, 0.1966, −1, 1.5e−7.

    Four significant digits at most, trailing zeros dropped, floating-point
    noise hidden (``220.00000000000003`` is ``220``), a true minus sign.

    Examples
    --------
    >>> format_number(220.00000000000003), format_number(3.3000000000000003), format_number(-1.0)
    ('220', '3.3', '−1')
    >>> format_number(0.19661193324148185), format_number(123456.7), format_number(2.5e-07)
    ('0.1966', '123457', '2.5e−7')
    """
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    if x == 0:
        return "0"
    sign, a = (MINUS, -x) if x < 0 else ("", x)
    if 1e-4 <= a < 1e9:
        nearest = round(a)
        if nearest and abs(a - nearest) <= 1e-9 * a:
            return sign + str(int(nearest))
        decimals = max(0, 3 - math.floor(math.log10(a)))
        body = f"{a:.{decimals}f}"
        if "." in body:
            body = body.rstrip("0").rstrip(".")
        return sign + body
    mantissa, exponent = f"{a:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    exp = int(exponent)
    return f"{sign}{mantissa}e{MINUS if exp < 0 else ''}{abs(exp)}"


def format_shape(shape: tuple[int, ...]) -> str:
    """``(2, 3)``; ``(3,)`` for one dimension."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def format_array(a: np.ndarray) -> str:
    r"""A value for a label: a number, or a shape plus (when small) the values, one row a line.

    Examples
    --------
    >>> format_array(np.array(2.0))
    '2'
    >>> format_array(np.array([0.25, 2.0]))
    '(2,)\n[0.25, 2]'
    """
    a = np.asarray(a)
    if a.size == 1 and a.ndim == 0:
        return format_number(a.item())
    lines = [format_shape(a.shape)]
    if 0 < a.size <= SMALL:
        rows = a.reshape(-1, a.shape[-1]) if a.ndim >= 1 else a.reshape(1, 1)
        lines += ["[" + ", ".join(format_number(v) for v in row) + "]" for row in rows]
    return "\n".join(lines)
