"""MkDocs hook: draw the site's diagrams with the engine before each build.

Calls ``graphgrad.viz.build_diagrams(out_dir="docs/assets/diagrams")`` when that function exists.
The builder caches each diagram by the hash of its DOT source and must leave unchanged files
untouched, or ``mkdocs serve`` would see its own output as a change and rebuild forever.

What the builder reports as a problem (Graphviz missing or failing, an output folder that cannot
be written) stops the build with one error line, not a traceback; the build stops before MkDocs
cleans the site folder, so nothing is half-written.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.diagrams")


def on_pre_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # the i18n plugin's nested build of another language: diagrams are already drawn
    try:
        viz = importlib.import_module("graphgrad.viz")
    except ModuleNotFoundError as exc:
        if exc.name not in ("graphgrad", "graphgrad.viz"):
            raise
        log.info("diagrams: graphgrad.viz is not available yet, no diagrams drawn")
        return
    build = getattr(viz, "build_diagrams", None)
    if build is None:
        log.info("diagrams: graphgrad.viz.build_diagrams does not exist yet, no diagrams drawn")
        return
    out_dir = Path(config.docs_dir) / "assets" / "diagrams"
    try:
        summary = build(out_dir=str(out_dir))
    except (OSError, ValueError, RuntimeError) as exc:  # GraphvizNotFound is a RuntimeError
        message = " ".join(str(exc).split())  # one line, even when dot's own message has several
        raise PluginError(f"diagrams: {message}") from None
    log.info("diagrams: %s", summary)
