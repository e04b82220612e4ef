"""MkDocs hook: draw the site's diagrams and benchmark plots before each build.

- :func:`site_tools.diagrams.build_diagrams` draws every diagram into ``docs/assets/diagrams``;
- :func:`site_tools.bench.plots.build_plots` draws every plot from the committed JSON in
  ``benchmarks/results`` (:data:`site_tools.paths.RESULTS`) into ``docs/assets/plots``.

Both cache by content hash and leave unchanged files untouched, or ``mkdocs serve`` would see
its own output as a change and rebuild forever.

What a builder reports as a problem (Graphviz missing or failing, an output folder that cannot
be written, a corrupt results file) stops the build with one error line, not a traceback; the
build stops before MkDocs cleans the site folder, so nothing is half-written.
"""

from __future__ import annotations

import logging
from pathlib import Path

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.exceptions import PluginError

from site_tools.bench.plots import build_plots
from site_tools.bench.results import ResultsError
from site_tools.diagrams import build_diagrams
from site_tools.paths import RESULTS

log = logging.getLogger("mkdocs.hooks.diagrams")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())  # dot's own messages can span several lines


def on_pre_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # the i18n plugin's nested build of another language: all is drawn already
    assets = Path(config.docs_dir) / "assets"
    try:
        log.info("diagrams: %s", build_diagrams(out_dir=str(assets / "diagrams")))
    except (OSError, ValueError, RuntimeError) as exc:  # GraphvizNotFound is a RuntimeError
        raise PluginError(f"diagrams: {_one_line(exc)}") from None
    try:
        done = build_plots(RESULTS, assets / "plots")
    except (OSError, ValueError, ResultsError) as exc:
        raise PluginError(f"plots: {_one_line(exc)}") from None
    log.info("plots: %d drawn, %d unchanged", len(done["written"]), len(done["unchanged"]))
