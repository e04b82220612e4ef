"""Numbers that the site's prose quotes, computed when the site is built.

A page never types a result by hand.  It writes a token, and the build
replaces the token with the number the engine (or a committed benchmark
result) produces:

- ``[[value buy_apple.price]]`` — the value of the variable ``price`` in
  :func:`graphgrad.examples.buy_apple` (``220``);
- ``[[value buy_apple.apple.grad]]`` — its gradient (``2.2``);
- ``[[value buy_apple.price apple=200]]`` — the same example run with other inputs (``440``):
  keyword arguments of the example's function, for "what if" questions;
- ``[[value exercises.diamond_paths depth=3]]`` — a quantity the engine works out for an
  exercise (:data:`graphgrad.exercises.QUANTITIES`: paths, sweeps, saved bytes, …), so a worked
  answer quotes what the notebook's checker also computes (``8``);
- ``[[bench grad_slope_flops_reverse]]`` — a headline number from the
  benchmark results (see :func:`site_tools.bench.studies.summary`).

So the prose can never disagree with the code: change the engine and the
page changes with it; break an example and the build fails.

Examples
--------
>>> from site_tools.facts import substitute
>>> substitute("Two apples cost [[value buy_apple.price]]; d(price)/d(tax) is [[value buy_apple.tax.grad]].")
'Two apples cost 220; d(price)/d(tax) is 200.'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from graphgrad.core import Variable, graph_nodes
from graphgrad.examples import EXAMPLES
from graphgrad.viz.model import format_number
from site_tools.figure_examples import FIGURES
from site_tools.tokens import TokenError


class FactError(TokenError):
    """A token names something that does not exist."""


@cache
def _example(name: str, arguments: tuple[tuple[str, float], ...] = ()) -> dict[str, Variable]:
    every = {**EXAMPLES, **FIGURES}
    if name not in every:
        raise FactError(f"unknown example {name!r}; known: {', '.join(every)}")
    try:
        output = every[name](**dict(arguments))
    except TypeError as exc:
        raise FactError(f"example {name!r} cannot take {dict(arguments)}: {exc}") from None
    variables, _ = graph_nodes(output)
    return {v.name: v for v in variables if v.name}


@cache
def _quantity(name: str, arguments: tuple[tuple[str, float], ...]) -> Any:
    """A quantity of :mod:`graphgrad.exercises`, e.g. ``exercises.chain_saved_bytes layers=50 …``."""
    from graphgrad.exercises import QUANTITIES, quantity

    if name not in QUANTITIES:
        raise FactError(f"unknown exercise quantity {name!r}; known: {', '.join(QUANTITIES)}")
    try:
        return quantity(name, **dict(arguments))
    except TypeError as exc:
        raise FactError(f"exercises.{name} cannot take {dict(arguments)}: {exc}") from None


def _arguments(text: str) -> tuple[tuple[str, float], ...]:
    """``" apple=200 tax=1.08"`` → ``(("apple", 200.0), ("tax", 1.08))``."""
    pairs = []
    for item in text.split():
        key, _, number = item.partition("=")
        try:
            pairs.append((key, float(number)))
        except ValueError:
            raise FactError(f"{item!r}: the value of {key!r} is not a number") from None
    return tuple(pairs)


def example_value(path: str, arguments: str | tuple[tuple[str, float], ...] = ()) -> float | np.ndarray:
    """The value or gradient that ``"example.variable[.grad]"`` names.

    Examples
    --------
    >>> from site_tools.facts import example_value
    >>> round(example_value("buy_apple_orange.tax.grad"), 10)
    650.0
    >>> round(example_value("buy_apple_orange.price", "apple=200"), 10)
    935.0
    """
    if isinstance(arguments, str):
        arguments = _arguments(arguments)
    parts = path.split(".")
    if parts[0] == "exercises" and len(parts) == 2:
        return _quantity(parts[1], arguments)
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("grad", "data")):
        raise FactError(f"{path!r} is not of the form example.variable or example.variable.grad")
    variables = _example(parts[0], arguments)
    if parts[1] not in variables:
        raise FactError(
            f"example {parts[0]!r} has no variable {parts[1]!r}; it has: {', '.join(variables)}"
        )
    var = variables[parts[1]]
    value = var.grad if len(parts) == 3 and parts[2] == "grad" else var.data
    return value.item() if value.size == 1 else value


def bench_value(key: str, results_dir: str | Path | None = None) -> Any:
    """A headline number from the committed benchmark results."""
    from site_tools.bench.results import ResultsError
    from site_tools.bench.studies import summary

    try:
        facts = summary(results_dir)
    except ResultsError as exc:  # a missing or corrupt results file: one line naming it
        raise FactError(str(exc)) from None
    if key not in facts:
        raise FactError(f"no benchmark result {key!r}; known: {', '.join(facts)}")
    return facts[key]


def render(value: Any) -> str:
    """Format an example's value for prose exactly as its diagram labels it (220, 2.2, 0.1966).

    A count (an ``int``, as the exercises' quantities give) keeps every digit, grouped
    (``13,107,208``); a shape is written as Python prints it (``(5, 3)``).

    >>> render(13107208), render((5, 3)), render(0.1966119)
    ('13,107,208', '(5, 3)', '0.1966')
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{int(value):,}"
    if isinstance(value, tuple) and all(isinstance(v, (int, np.integer)) for v in value):
        return str(tuple(int(v) for v in value))
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return format_number(float(value))
    raise FactError(f"cannot quote a value of type {type(value).__name__} in prose")


def render_bench(value: Any) -> str:
    """Format a benchmark number for prose: ``63,350,767,616``, ``2.4``, ``10⁻⁵``."""
    from site_tools.bench.results import format_measurement

    if value is None:
        raise FactError("that benchmark result was not measured (its peer library was not installed)")
    return format_measurement(value)


def render_value_token(args: str) -> str:
    """The text of ``[[value ARGS]]``: ``"buy_apple.price apple=200"`` → ``"440"``."""
    from site_tools.markdown import parse_args

    words, options = parse_args(args)
    if len(words) != 1 or not all(k.isidentifier() for k in options):
        raise FactError("cannot read it; write [[value example.variable]], [[value example.variable.grad]] "
                        "or [[value example.variable name=number …]]")  # fmt: skip
    arguments = " ".join(f"{k}={v}" for k, v in options.items())
    return render(example_value(words[0], arguments))


def render_bench_token(args: str) -> str:
    """The text of ``[[bench KEY]]``: a committed benchmark number, formatted for prose."""
    words = args.split()
    if len(words) != 1 or "=" in args:
        raise FactError("cannot read it; write [[bench key]] (one key, no arguments)")
    return render_bench(bench_value(words[0]))


def substitute(markdown: str) -> str:
    """Replace every ``[[value …]]`` and ``[[bench …]]`` token in ``markdown`` (:mod:`site_tools.tokens`)."""
    from site_tools.tokens import substitute as fill_in

    return fill_in(markdown)
