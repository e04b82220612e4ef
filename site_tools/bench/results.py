"""Benchmark results: JSON files, their validation, the machine they came from, headline numbers.

Every study writes one JSON file into the results directory
(``benchmarks/results/`` in the repository)::

    {"study": "gradients", "schema": 1, "quick": false,
     "machine": {...}, "config": {...}, "results": {...}}

Files are written atomically (a temporary file in the same directory, then a
rename), so an interrupted run never leaves half a file behind.  Reading
validates the envelope and the keys each study's plots and summary need; any
problem raises :class:`ResultsError` with a one-line message that names the
file.

:func:`summary` turns the files into the headline numbers the pages quote
(slopes, ratios, accuracy), rounded for prose, so that no number is ever
retyped by hand.
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
from site_tools.paths import RESULTS as DEFAULT_RESULTS

SCHEMA = 1


#: File name of each study's results.
FILES = {
    "gradients": "gradients.json",
    "caching": "caching.json",
    "step_size": "step_size.json",
    "engine": "engine.json",
    "training": "training.json",
    "memory": "memory.json",
}

#: Keys each study's ``results`` must contain (what plots and summary read).
REQUIRED = {
    "gradients": (
        "n",
        "methods",
        "slopes",
        "agreement",
        "time_ratio_reverse_to_f",
        "flop_ratio_reverse_to_f",
    ),
    "caching": ("depth", "paths", "path_multiplications", "reverse_multiplications"),
    "step_size": ("h", "curves", "best_h", "book_h"),
    "engine": ("step", "ratios", "reverse_to_forward"),
    "training": ("gradient_check", "history", "test_accuracy", "train_seconds"),
    "memory": (
        "depth",
        "bytes_plain",
        "bytes_ckpt",
        "peak_plain",
        "peak_ckpt",
        "seconds_plain",
        "seconds_ckpt",
    ),
}


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
    if kind not in REQUIRED:
        raise ResultsError(f"{path}: unknown study {kind!r}")
    if study is not None and kind != study:
        raise ResultsError(f"{path}: holds results of study {kind!r}, expected {study!r}")
    results = data["results"]
    if not isinstance(results, dict):
        raise ResultsError(f"{path}: 'results' must be an object")
    missing = [k for k in REQUIRED[kind] if k not in results]
    if missing:
        raise ResultsError(f"{path}: results are missing {', '.join(map(repr, missing))}")


def load(results_dir: str | os.PathLike[str], study: str) -> dict[str, Any]:
    """Read ``study``'s file from ``results_dir``."""
    return read_json(Path(results_dir) / FILES[study], study)


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
    path = Path(results_dir) / (filename or FILES[data["study"]])
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


def _load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


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
        "load_average": _load_average(),
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


def _sig(x: float | None, digits: int = 2) -> float | int | None:
    """Round to ``digits`` significant figures; large whole results become ints (None stays None)."""
    if x is None or x == 0 or not math.isfinite(x):
        return x
    r = round(x, digits - 1 - math.floor(math.log10(abs(x))))
    return int(r) if abs(r) >= 100 else float(r)


def _dec(x: float | None, places: int = 2) -> float | None:
    """Round to ``places`` decimals (ratios and slopes: 1.26, 2.0); -0.0 becomes 0.0."""
    return None if x is None else round(x, places) + 0.0


def summary(results_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Headline numbers of every study, rounded for prose, by flat name.

    ``results_dir`` defaults to :data:`site_tools.paths.RESULTS`, the checkout's
    committed results.

    Numbers are plain ints and floats: slopes and ratios to two decimals,
    everything else to two significant figures (one for errors and step
    sizes); :func:`summary_text` formats them.  A study whose file is
    absent is left out; a corrupt file raises :class:`ResultsError`.

    Keys (when the study's file exists):

    - ``grad_slope_flops_{numerical,forward,reverse}``: slope of log flops
      against log n (about 2, 2, 1); ``grad_slope_evals_…`` the same for
      primitive evaluations (1, 1, 0);
    - ``grad_slope_time_{…}``: the same for wall time, fitted where n ≥ 1000;
    - ``grad_n_min``, ``grad_n_max``: the range of parameter counts;
    - ``grad_seconds_max_{numerical,forward,reverse}``: time of one gradient at the largest n;
    - ``grad_speedup_max_{numerical,forward}``: that time over reverse mode's;
    - ``grad_time_reverse_to_f``, ``grad_flops_reverse_to_f``: cost of a
      gradient by reverse mode over one evaluation of f (median over n);
    - ``grad_max_rel_diff_numerical``, ``grad_max_rel_diff_forward``;
    - ``caching_depth_max``, ``caching_paths_max``, ``caching_path_mults_max``,
      ``caching_reverse_mults_max``, ``caching_ratio_max``,
      ``caching_path_mults_d10``, ``caching_reverse_mults_d10``;
    - ``step_best_h_{central,forward}_{float64,float32}``,
      ``step_err_best_…``, ``step_err_book_h_…``, ``step_book_h``,
      ``step_theory_h_central_float64`` (ε^(1/3));
    - ``engine_ratio_{numpy,numpy_book,torch,micrograd}`` (graphgrad's time over
      the peer's, ``numpy`` being the tightest hand-written step; None if the peer
      is not installed), ``engine_reverse_to_forward``, ``engine_backward_to_forward``,
      ``engine_step_ms_{graphgrad,numpy,numpy_book,torch}``,
      ``engine_scalar_ms_{graphgrad,micrograd}``, ``engine_scalar_nodes``,
      ``engine_chain_nodes``, ``engine_chain_{forward,backward}_s_{graphgrad,torch}``;
    - ``train_test_accuracy_pct``, ``train_train_accuracy_pct``,
      ``train_seconds``, ``train_iterations``, ``train_epochs``,
      ``train_gradcheck_{W1,b1,W2,b2}`` (the book's mean absolute difference),
      ``train_gradcheck_max``;
    - ``memory_…``: see :func:`site_tools.bench.memory.summary`.
    """
    results_dir = DEFAULT_RESULTS if results_dir is None else Path(results_dir)
    out: dict[str, Any] = {}
    present = {s for s, f in FILES.items() if (results_dir / f).exists()}
    if "gradients" in present:
        r = load(results_dir, "gradients")["results"]
        for m, v in r["slopes"]["flops"].items():
            out[f"grad_slope_flops_{m}"] = _dec(v)
        for m, v in r["slopes"]["evaluations"].items():
            out[f"grad_slope_evals_{m}"] = _dec(v)
        for m, v in r["slopes"]["time"].items():
            out[f"grad_slope_time_{m}"] = _dec(v)
        out["grad_n_min"], out["grad_n_max"] = min(r["n"]), max(r["n"])
        rev = r["methods"]["reverse"]["time_s"][-1]
        for m in ("numerical", "forward", "reverse"):
            out[f"grad_seconds_max_{m}"] = _sig(r["methods"][m]["time_s"][-1])
        for m in ("numerical", "forward"):
            out[f"grad_speedup_max_{m}"] = _sig(r["methods"][m]["time_s"][-1] / rev)
        out["grad_time_reverse_to_f"] = _dec(_median(r["time_ratio_reverse_to_f"]), 1)
        out["grad_flops_reverse_to_f"] = _dec(_median(r["flop_ratio_reverse_to_f"]), 1)
        out["grad_max_rel_diff_numerical"] = _sig(max(r["agreement"]["numerical_max_rel_diff"]), 1)
        out["grad_max_rel_diff_forward"] = _sig(max(r["agreement"]["forward_max_rel_diff"]), 1)
    if "caching" in present:
        r = load(results_dir, "caching")["results"]
        out["caching_depth_max"] = r["depth"][-1]
        out["caching_paths_max"] = r["paths"][-1]
        out["caching_path_mults_max"] = r["path_multiplications"][-1]
        out["caching_reverse_mults_max"] = r["reverse_multiplications"][-1]
        out["caching_ratio_max"] = _sig(r["path_multiplications"][-1] / r["reverse_multiplications"][-1])
        if 10 in r["depth"]:
            i = r["depth"].index(10)
            out["caching_path_mults_d10"] = r["path_multiplications"][i]
            out["caching_reverse_mults_d10"] = r["reverse_multiplications"][i]
    if "step_size" in present:
        r = load(results_dir, "step_size")["results"]
        for key, v in r["best_h"].items():
            out[f"step_best_h_{key}"] = _sig(v, 1)
        for key, v in r["best_error"].items():
            out[f"step_err_best_{key}"] = _sig(v, 1)
        for key, v in r["book_h_error"].items():
            out[f"step_err_book_h_{key}"] = _sig(v, 1)
        out["step_book_h"] = r["book_h"]
        out["step_theory_h_central_float64"] = _sig(r["machine_epsilon"]["float64"] ** (1 / 3), 1)
    if "engine" in present:
        r = load(results_dir, "engine")["results"]
        for name, v in r["ratios"].items():
            out[f"engine_ratio_{name}"] = _dec(v)
        for name, v in r.get("ratios_cpu", {}).items():
            out[f"engine_ratio_{name}_cpu"] = _dec(v)
        out["engine_reverse_to_forward"] = _dec(r["reverse_to_forward"])
        if "reverse_to_forward_cpu" in r:
            out["engine_reverse_to_forward_cpu"] = _dec(r["reverse_to_forward_cpu"])
        out["engine_backward_to_forward"] = _dec(r["backward_to_forward"])
        for name, t in r["step"]["median_s"].items():
            out[f"engine_step_ms_{name}"] = _sig(None if t is None else t * 1e3)
        for name, t in r["scalar"]["median_s"].items():
            out[f"engine_scalar_ms_{name}"] = _sig(None if t is None else t * 1e3)
        out["engine_scalar_nodes"] = r["scalar"]["nodes"]
        chain = r.get("chain", {})
        for lib in ("graphgrad", "torch"):
            if lib in chain:
                out[f"engine_chain_forward_s_{lib}"] = _sig(chain[lib]["forward_s"])
                out[f"engine_chain_backward_s_{lib}"] = _sig(chain[lib]["backward_s"])
        if chain:
            out["engine_chain_nodes"] = chain["nodes"]
    if "training" in present:
        r = load(results_dir, "training")["results"]
        out["train_test_accuracy_pct"] = round(100 * r["test_accuracy"], 1)
        out["train_train_accuracy_pct"] = round(100 * r["train_accuracy"], 1)
        out["train_seconds"] = _sig(r["train_seconds"])
        out["train_iterations"] = r["iterations"]
        out["train_epochs"] = round(r["epochs"])
        checks = r["gradient_check"]
        for k, v in checks.items():
            out[f"train_gradcheck_{k}"] = _sig(v["mean_abs_diff"])
        out["train_gradcheck_max"] = _sig(max(v["max_abs_diff"] for v in checks.values()))
    if "memory" in present:
        from . import memory

        out.update(memory.summary(load(results_dir, "memory")["results"], _sig, _dec))
    return out


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_number(value: Any) -> str:
    """A summary number as prose writes it: ``63,350,767,616``, ``2.4``, ``6.5 × 10⁻⁹``, ``–`` for None.

    Examples
    --------
    >>> from site_tools.bench.results import format_number
    >>> format_number(63350767616), format_number(2.0), format_number(6.5e-09), format_number(None)
    ('63,350,767,616', '2', '6.5 × 10⁻⁹', '–')
    >>> format_number(1e-05), format_number(0.003), format_number(96.7)
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


def summary_text(results_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """:func:`summary` with every number formatted by :func:`format_number`."""
    return {k: format_number(v) for k, v in summary(results_dir).items()}


def _median(values: list[float]) -> float:
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else 0.5 * (s[mid - 1] + s[mid])
