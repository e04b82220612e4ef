"""Benchmark results: JSON files, their validation, the machine they came from, headline numbers.

Every study writes one JSON file into the results directory
(``benchmarks/results/`` in the repository)::

    {"study": "gradients", "schema": 1, "quick": false,
     "machine": {...}, "config": {...}, "results": {...}}

Files are written atomically (a temporary file in the same directory, then a
rename), so an interrupted run never leaves half a file behind.  Reading
validates the envelope and the keys each study's plots and summary need
(the study's ``REQUIRED``); any problem raises :class:`ResultsError` with a
one-line message that names the file.

Each study module (:data:`site_tools.bench.studies.STUDIES`) names its own
file, the keys it needs and the headline numbers the pages quote; this module
rounds and formats those numbers (:func:`sig`, :func:`dec`, :func:`format_measurement`).
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from site_tools.files import write_atomic

from . import timing

SCHEMA = 1


class ResultsError(Exception):
    """A results file is missing, unreadable or not what its study writes."""


# ---------------------------------------------------------------------------
# Writing and reading
# ---------------------------------------------------------------------------


def _finite(obj: Any, where: str) -> Any:
    """Replace NaN/inf (not valid JSON) by None, recursively."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {str(k): _finite(v, where) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v, where) for v in obj]
    if hasattr(obj, "item") and hasattr(obj, "dtype"):  # numpy scalar
        return _finite(obj.item(), where)
    return obj


_SCALAR_LIST = re.compile(r"\[\n[^\[\]{}]*?\n *\]")


def _compact_lists(text: str) -> str:
    """Put each list of plain values on one line (readable diffs, a tenth of the lines)."""
    return _SCALAR_LIST.sub(
        lambda m: "[" + ", ".join(v.strip() for v in m.group(0)[1:-1].split(",\n")) + "]", text
    )


def write_json(path: str | os.PathLike[str], data: dict[str, Any]) -> Path:
    """Write ``data`` as pretty, key-sorted JSON, atomically (temp file + rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        _compact_lists(json.dumps(_finite(data, str(path)), indent=1, sort_keys=True, ensure_ascii=False))
        + "\n"
    )
    write_atomic(path, text)
    return path


def read_json(path: str | os.PathLike[str], study: str | None = None) -> dict[str, Any]:
    """Read and validate one results file.

    Raises
    ------
    ResultsError
        One line naming the file and the problem: missing, unreadable, not
        JSON, not a results file, another study's file, or missing keys.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: file not found (run the benchmark script that writes it)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: cannot read the file ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    validate(data, path, study)
    return data


def validate(data: Any, path: str | os.PathLike[str], study: str | None = None) -> None:
    """Check the envelope and the study's required keys; raise :class:`ResultsError`."""
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: expected a JSON object, found {type(data).__name__}")
    for key in ("study", "schema", "machine", "results"):
        if key not in data:
            raise ResultsError(f"{path}: not a graphgrad results file (no {key!r} key)")
    if data["schema"] != SCHEMA:
        raise ResultsError(f"{path}: schema version {data['schema']!r}, this graphgrad reads {SCHEMA}")
    kind = data["study"]
    studies = _studies()
    if kind not in studies:
        raise ResultsError(f"{path}: unknown study {kind!r}")
    if study is not None and kind != study:
        raise ResultsError(f"{path}: holds results of study {kind!r}, expected {study!r}")
    results = data["results"]
    if not isinstance(results, dict):
        raise ResultsError(f"{path}: 'results' must be an object")
    missing = [k for k in studies[kind].REQUIRED if k not in results]
    if missing:
        raise ResultsError(f"{path}: results are missing {', '.join(map(repr, missing))}")


def load(results_dir: str | os.PathLike[str], study: str, allow_quick: bool = True) -> dict[str, Any]:
    """Read ``study``'s file from ``results_dir``.

    With ``allow_quick=False`` (what the site build asks for) results of a
    ``--quick`` run raise :class:`ResultsError`: they are not numbers to publish.
    """
    module = _studies()[study]
    path = Path(results_dir) / module.FILE
    if not path.exists():
        raise ResultsError(f"{path}: file not found; write it with python {module.SCRIPT}")
    data = read_json(path, study)
    if data.get("quick") and not allow_quick:
        raise ResultsError(
            f"{path}: results of a --quick run, not fit to publish; "
            f"rerun without --quick: python {module.SCRIPT}"
        )
    return data


def envelope(study: str, config: dict[str, Any], results: dict[str, Any], quick: bool) -> dict[str, Any]:
    """Wrap a study's results with the machine description and schema version."""
    return {
        "study": study,
        "schema": SCHEMA,
        "quick": bool(quick),
        "machine": machine_info(),
        "config": config,
        "results": results,
    }


def save(results_dir: str | os.PathLike[str], data: dict[str, Any], filename: str | None = None) -> Path:
    """Validate ``data`` and write it to its study's file (or ``filename``) in ``results_dir``."""
    path = Path(results_dir) / (filename or _studies()[data["study"]].FILE)
    validate(data, path)
    return write_json(path, data)


# ---------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_info() -> list[dict[str, Any]]:
    """The BLAS/OpenMP libraries numpy loaded, with their thread counts (via threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ModuleNotFoundError:
        return []
    keep = ("user_api", "internal_api", "version", "num_threads", "threading_layer", "architecture")
    return [{k: lib.get(k) for k in keep} for lib in threadpool_info()]


def machine_info() -> dict[str, Any]:
    """Where and with what a result was measured: platform, CPU, Python, numpy/BLAS, library versions.

    No host name or user name is recorded.
    """
    import numpy as np

    env = {
        k: os.environ[k]
        for k in sorted(os.environ)
        if k.startswith(("OPENBLAS_", "OMP_", "MKL_", "BLIS_", "VECLIB_", "NUMEXPR_"))
    }
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "numpy": np.__version__,
        "load_average": timing.load_average(),
        "blas": blas_info(),
        "blas_env": env,
        "versions": {
            d: _version(d)
            for d in (
                "graphgrad",
                "numpy",
                "matplotlib",
                "scikit-learn",
                "tqdm",
                "threadpoolctl",
                "torch",
                "micrograd",
            )
        },
    }


# ---------------------------------------------------------------------------
# Headline numbers for the prose
# ---------------------------------------------------------------------------


def sig(x: float | None, digits: int = 2) -> float | int | None:
    """Round to ``digits`` significant figures; large whole results become ints (None stays None).

    >>> from site_tools.bench.results import sig
    >>> sig(0.012345), sig(1234.5), sig(6.5e-09, 1), sig(None)
    (0.012, 1200, 7e-09, None)
    """
    if x is None or x == 0 or not math.isfinite(x):
        return x
    r = round(x, digits - 1 - math.floor(math.log10(abs(x))))
    return int(r) if abs(r) >= 100 else float(r)


def dec(x: float | None, places: int = 2) -> float | None:
    """Round to ``places`` decimals (ratios and slopes: 1.26, 2.0); -0.0 becomes 0.0.

    >>> from site_tools.bench.results import dec
    >>> dec(1.2649), dec(-0.001), dec(None)
    (1.26, 0.0, None)
    """
    return None if x is None else round(x, places) + 0.0


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_measurement(value: Any) -> str:
    """A summary number as prose writes it: ``63,350,767,616``, ``2.4``, ``6.5 × 10⁻⁹``, ``–`` for None.

    Examples
    --------
    >>> from site_tools.bench.results import format_measurement as fmt
    >>> fmt(63350767616), fmt(2.0), fmt(6.5e-09), fmt(None)
    ('63,350,767,616', '2', '6.5 × 10⁻⁹', '–')
    >>> fmt(1e-05), fmt(0.003), fmt(96.7)
    ('10⁻⁵', '0.003', '96.7')
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e6):
        exponent = math.floor(math.log10(abs(value)))
        mantissa = round(value / 10**exponent, 2)
        if abs(mantissa) >= 10:
            mantissa, exponent = mantissa / 10, exponent + 1
        power = "10" + str(exponent).translate(_SUPERSCRIPT)
        return power if mantissa == 1 else f"{mantissa:g} × {power}"
    return f"{value:g}" if abs(value) < 1e3 else f"{value:,.0f}"


def _studies() -> dict[str, Any]:
    from .studies import STUDIES  # the study modules import this one

    return STUDIES
