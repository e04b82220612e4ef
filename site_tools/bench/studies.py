"""The studies by name, and the headline numbers of all of them together.

Every study module keeps what belongs to it side by side:

- ``NAME``, ``FILE`` and ``SCRIPT`` — its name, its results file and the script that runs it;
- ``REQUIRED`` — the keys of ``results`` its plots and summary read;
- ``run(quick=False, progress=True, **overrides)`` — measure, return the results envelope;
- ``report(data)`` — the one line the scripts print after a run;
- ``summary(results)`` — the headline numbers the pages quote as ``[[bench KEY]]``,
  rounded for prose, by flat name (each key starts with the study's prefix).

Examples
--------
>>> from site_tools.bench.studies import STUDIES, summary
>>> list(STUDIES)
['gradients', 'caching', 'step_size', 'engine', 'training', 'memory']
>>> summary()["caching_depth_max"]
30
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

from site_tools.paths import RESULTS

from . import caching, engine, gradients, memory, results, step_size, training

#: Every study module, by name, in the order the scripts run them.
STUDIES: dict[str, ModuleType] = {
    m.NAME: m for m in (gradients, caching, step_size, engine, training, memory)
}


def summary(results_dir: str | os.PathLike[str] | None = None, allow_quick: bool = False) -> dict[str, Any]:
    """Headline numbers of every study whose file is in ``results_dir``, by flat name.

    ``results_dir`` defaults to :data:`site_tools.paths.RESULTS`, the
    checkout's committed results.  A study whose file is absent is left
    out; a corrupt file, or results of a ``--quick`` run unless
    ``allow_quick``, raise :class:`~site_tools.bench.results.ResultsError`.
    """
    folder = RESULTS if results_dir is None else Path(results_dir)
    out: dict[str, Any] = {}
    for name, study in STUDIES.items():
        if (folder / study.FILE).exists():
            out.update(study.summary(results.load(folder, name, allow_quick)["results"]))
    return out
