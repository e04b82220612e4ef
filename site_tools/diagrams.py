"""Render every diagram the site needs, and only those whose DOT source changed.

For each example of :data:`graphgrad.examples.EXAMPLES`, in each language
and theme, :func:`build_diagrams` writes into ``out_dir``::

    {example}-forward.{lang}.{theme}.svg
    {example}-backward.{lang}.{theme}.svg
    {example}-step-{k:02d}.{lang}.{theme}.svg               k = 0 (start) … n (complete)
    {example}-{mode}-highlight-{node}.{lang}.{theme}.svg   one per operation node and mode
    manifest.json                                          file names, alt text, step counts

and, for the examples listed in :data:`FIGURE_MODES` (including the
figure-only ones of :data:`graphgrad.examples.FIGURES`), the modes of
:mod:`graphgrad.viz.figures`::

    {example}-tangent.{lang}.{theme}.svg                   forward mode, the first input seeded
    {example}-tangent-step-{k:02d}.{lang}.{theme}.svg      the first sweep node by node, then one per sweep
    {example}-symbolic.{lang}.{theme}.svg                  the chain rule in symbols
    {example}-paths.{lang}.{theme}.svg                     every path from one input, coloured

The theme comes last in each name so that mkdocs-static-i18n does not take
``.en``/``.zh`` for a page-language suffix.  ``.diagram-hashes.json`` keeps
the hash of each diagram's DOT source: a diagram whose source is unchanged
and whose file exists is not rendered again, and files of diagrams that no
longer exist are removed.  Unchanged files are never rewritten, so
``mkdocs serve`` does not see its own output as a change.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graphgrad import labels
from graphgrad.viz import figures, prose, walkthrough
from graphgrad.viz.dot import MODES, THEMES, draw, highlight_emphasis, step_emphasis
from graphgrad.viz.model import build_model
from graphgrad.viz.render import DOT_ARGS, dot_to_svgs, find_dot
from site_tools.files import write_atomic
from site_tools.paths import DIAGRAMS

MANIFEST = "manifest.json"
HASHES = ".diagram-hashes.json"
#: Bump when the SVG post-processing changes, so every diagram is rendered again.
RENDER_VERSION = "3"


#: Extra modes per example; figure-only examples also choose which of forward/backward they get.
FIGURE_MODES: dict[str, tuple[str, ...]] = {
    "buy_apple": ("passes",),
    "buy_apple_orange": ("tangent", "passes"),
    "chain_rule": ("tangent", "symbolic"),
    "abstract_node": ("symbolic",),
    "paths_graph": ("forward", "backward", "paths"),
    "diamonds": ("forward", "backward"),
    # The gradient-flow patterns (backward-propagation page): one small backward diagram each.
    "max_node": ("backward",),
    "relu_node": ("backward",),
    "fork_node": ("backward",),
}
#: What enters the output of a symbolic diagram (default: ∂z/∂z for an output z).
SYMBOLIC_OPTIONS: dict[str, dict[str, str]] = {"abstract_node": {"seed": "E", "op_label": "f"}}


@dataclass
class Spec:
    """One SVG file to produce: its name and its DOT source."""

    file: str
    source: str
    example: str

    @property
    def digest(self) -> str:
        key = "\0".join([RENDER_VERSION, " ".join(DOT_ARGS), self.source])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class BuildSummary:
    """What :func:`build_diagrams` did (or, with ``check=True``, would do)."""

    rendered: int = 0
    unchanged: int = 0
    removed: int = 0
    #: With ``check=True``: diagrams missing or out of date, files to remove, manifest to rewrite.
    stale: int = 0
    seconds: float = 0.0
    stale_files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.rendered + self.unchanged

    def __str__(self) -> str:
        if self.stale_files or (self.rendered == 0 and self.stale):
            return f"{self.stale} stale, {self.unchanged} up to date ({self.seconds:.2f} s)"
        return (
            f"{self.rendered} rendered, {self.unchanged} unchanged, {self.removed} removed "
            f"({self.seconds:.2f} s)"
        )


def _files(stem: str) -> dict[str, dict[str, str]]:
    return {lang: {theme: f"{stem}.{lang}.{theme}.svg" for theme in THEMES} for lang in labels.LANGS}


def diagram_specs(only: Iterable[str] | None = None) -> tuple[list[Spec], dict]:
    """Every diagram's file name and DOT source, and the manifest that lists them.

    ``only`` restricts the specs (not the manifest) to some examples.
    """
    from graphgrad.examples import EXAMPLES, FIGURES

    every = {**EXAMPLES, **FIGURES}
    wanted = set(every) if only is None else set(only)
    unknown = sorted(wanted - set(every))
    if unknown:
        raise ValueError(f"unknown diagram {unknown[0]!r}; choose one of {', '.join(every)}")
    specs: list[Spec] = []
    manifest: dict = {"version": 1, "langs": list(labels.LANGS), "themes": list(THEMES), "diagrams": {}}
    for example, make in EXAMPLES.items():
        output = make()
        models = {lang: build_model(output, lang) for lang in labels.LANGS}
        entry: dict = {"title": {lang: labels.example_title(example, lang) for lang in labels.LANGS}}
        ops = [n.id for n in models["en"].nodes if n.kind == "op"]
        n_steps = len(models["en"].order)
        for mode in MODES:
            entry[mode] = {
                "files": _files(f"{example}-{mode}"),
                "alt": {
                    lang: prose.describe_model(models[lang], mode, lang, entry["title"][lang])
                    for lang in labels.LANGS
                },
            }
        captions = {lang: prose.step_captions(models[lang], lang) for lang in labels.LANGS}
        entry["steps"] = {
            "count": n_steps + 1,
            "frames": [
                {
                    "files": _files(f"{example}-step-{k:02d}"),
                    "alt": {lang: captions[lang][k] for lang in captions},
                }
                for k in range(n_steps + 1)
            ],
        }
        entry["highlights"] = {}
        for mode in MODES:
            entry["highlights"][mode] = {}
            for op in ops:
                f = models["en"].by_id[op].function
                y = f.output()
                entry["highlights"][mode][op] = {
                    "files": _files(f"{example}-{mode}-highlight-{op}"),
                    "aliases": [y.name] if y is not None and y.name else [],
                    "alt": {
                        lang: prose.describe_highlight(models[lang], op, mode, lang, entry["title"][lang])
                        for lang in labels.LANGS
                    },
                }
        manifest["diagrams"][example] = entry
        if example not in wanted:
            continue
        for lang, model in models.items():
            for theme in THEMES:
                suffix = f".{lang}.{theme}.svg"
                for mode in MODES:
                    source = draw(model, mode, lang, theme).source
                    specs.append(Spec(f"{example}-{mode}{suffix}", source, example))
                for k in range(n_steps + 1):
                    source = draw(model, "backward", lang, theme, step_emphasis(model, k), step=k).source
                    specs.append(Spec(f"{example}-step-{k:02d}{suffix}", source, example))
                for mode in MODES:
                    for op in ops:
                        source = draw(model, mode, lang, theme, highlight_emphasis(model, op)).source
                        specs.append(Spec(f"{example}-{mode}-highlight-{op}{suffix}", source, example))
    for example, make in every.items():
        modes = FIGURE_MODES.get(example, ())
        if not modes:
            continue
        new_specs = _figure_specs(example, make(), modes, manifest)
        if example in wanted:
            specs += new_specs
    return specs, manifest


def _figure_specs(example: str, output, modes: tuple[str, ...], manifest: dict) -> list[Spec]:
    """Manifest entries and specs for the modes of :mod:`graphgrad.viz.figures` (and, for a
    figure-only example, plain forward/backward diagrams)."""
    models = {lang: build_model(output, lang) for lang in labels.LANGS}
    entry = manifest["diagrams"].setdefault(
        example, {"title": {lang: labels.example_title(example, lang) for lang in labels.LANGS}}
    )
    specs: list[Spec] = []
    for mode in modes:
        if mode in MODES:
            entry[mode] = {
                "files": _files(f"{example}-{mode}"),
                "alt": {
                    lang: prose.describe_model(models[lang], mode, lang, entry["title"][lang])
                    for lang in labels.LANGS
                },
            }
            for lang in labels.LANGS:
                for theme in THEMES:
                    source = draw(models[lang], mode, lang, theme).source
                    specs.append(Spec(f"{example}-{mode}.{lang}.{theme}.svg", source, example))
            continue
        if mode == "tangent":
            frames = {lang: figures.tangent_frames(models[lang], lang) for lang in labels.LANGS}
            statuses = {lang: figures.tangent_statuses(models[lang], lang) for lang in labels.LANGS}
            last_of_first = len(models["en"].order)  # the first sweep, complete
            one = {lang: frames[lang][last_of_first] for lang in labels.LANGS}
            entry["tangent"] = {
                "files": _files(f"{example}-tangent"),
                "alt": {k: f.alt for k, f in one.items()},
            }
            entry["steps_tangent"] = {
                "count": len(frames["en"]),
                "label": {lang: labels.text("steps_label_tangent", lang) for lang in labels.LANGS},
                "frames": [
                    {
                        "files": _files(f"{example}-tangent-step-{k:02d}"),
                        "alt": {lang: frames[lang][k].alt for lang in labels.LANGS},
                        "status": {lang: statuses[lang][k] for lang in labels.LANGS},
                    }
                    for k in range(len(frames["en"]))
                ],
            }
            for lang in labels.LANGS:
                for theme in THEMES:
                    fig = one[lang]
                    source = figures.draw_figure(fig, lang, theme, fig.title).source
                    specs.append(Spec(f"{example}-tangent.{lang}.{theme}.svg", source, example))
                    for k, fig in enumerate(frames[lang]):
                        caption = statuses[lang][k]
                        source = figures.draw_figure(fig, lang, theme, caption).source
                        specs.append(
                            Spec(f"{example}-tangent-step-{k:02d}.{lang}.{theme}.svg", source, example)
                        )
            continue
        if mode == "passes":  # both passes, node by node: graphgrad.viz.walkthrough
            frames = {lang: walkthrough.passes_frames(models[lang], lang) for lang in labels.LANGS}
            entry["steps_passes"] = {
                "count": len(frames["en"]),
                "label": {lang: labels.text("passes_label", lang) for lang in labels.LANGS},
                "frames": [
                    {
                        "files": _files(f"{example}-passes-{k:02d}"),
                        "alt": {lang: frames[lang][k].caption for lang in labels.LANGS},
                        "status": {lang: frames[lang][k].status for lang in labels.LANGS},
                    }
                    for k in range(len(frames["en"]))
                ],
            }
            for lang in labels.LANGS:
                for theme in THEMES:
                    for k, f in enumerate(frames[lang]):
                        graph = draw(models[lang], "backward", lang, theme, f.emphasis, f.step, f.values)
                        source = graph.source
                        specs.append(Spec(f"{example}-passes-{k:02d}.{lang}.{theme}.svg", source, example))
            continue
        if mode == "symbolic":
            options = SYMBOLIC_OPTIONS.get(example, {})
            figs = {lang: figures.symbolic_figure(models[lang], lang, **options) for lang in labels.LANGS}
        elif mode == "paths":
            figs = {lang: figures.paths_figure(models[lang], lang) for lang in labels.LANGS}
        else:
            raise ValueError(f"unknown diagram mode {mode!r} for {example!r}")
        entry[mode] = {"files": _files(f"{example}-{mode}"), "alt": {k: f.alt for k, f in figs.items()}}
        for lang in labels.LANGS:
            for theme in THEMES:
                source = figures.draw_figure(figs[lang], lang, theme).source
                specs.append(Spec(f"{example}-{mode}.{lang}.{theme}.svg", source, example))
    return specs


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds it; True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True


def _load_hashes(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / HASHES).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_diagrams(
    out_dir: str | Path = DIAGRAMS,
    only: str | Iterable[str] | None = None,
    check: bool = False,
    jobs: int | None = None,
) -> BuildSummary:
    """Render the site's diagrams into ``out_dir``, skipping those whose DOT source is unchanged.

    Parameters
    ----------
    out_dir : path
        Where the SVG files, ``manifest.json`` and the hash cache go.
    only : str or iterable of str, optional
        Example names (keys of ``graphgrad.examples.EXAMPLES``) to render;
        others are neither rendered nor removed.
    check : bool
        Change nothing; count what is missing or out of date in ``stale``.
    jobs : int, optional
        How many ``dot`` processes run at once (default: one per CPU).

    Raises
    ------
    ValueError
        For an unknown example name.
    GraphvizNotFound
        When something needs rendering and ``dot`` is not installed.
    OSError
        When ``out_dir`` cannot be created or written.
    """
    start = time.perf_counter()
    if isinstance(only, str):
        only = [only]
    specs, manifest = diagram_specs(only)
    out = Path(out_dir)
    hashes = _load_hashes(out) if out.is_dir() else {}
    todo = [s for s in specs if hashes.get(s.file) != s.digest or not (out / s.file).is_file()]
    summary = BuildSummary(unchanged=len(specs) - len(todo))
    expected = {s.file for s in specs}
    gone = [] if only is not None else sorted(f for f in hashes if f not in expected)
    manifest_text = _dump(manifest)

    if check:
        stale = [s.file for s in todo] + [f for f in gone if (out / f).exists()]
        try:
            if (out / MANIFEST).read_text(encoding="utf-8") != manifest_text:
                stale.append(MANIFEST)
        except FileNotFoundError:
            stale.append(MANIFEST)
        summary.stale, summary.stale_files = len(stale), stale
        summary.seconds = time.perf_counter() - start
        return summary

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(f"cannot create the diagram directory {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise PermissionError(f"cannot write to the diagram directory {out}")
    if todo:
        dot = find_dot()
        workers = max(1, min(jobs or os.cpu_count() or 2, len(todo)))
        batches = [todo[i::workers] for i in range(workers)]

        def render(batch: list[Spec]) -> list[Spec]:
            for spec, svg in zip(batch, dot_to_svgs([s.source for s in batch], dot), strict=True):
                _write_if_changed(out / spec.file, svg)
            return batch

        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for batch in pool.map(render, batches):
                    for spec in batch:
                        hashes[spec.file] = spec.digest
                    summary.rendered += len(batch)
        finally:
            _write_if_changed(out / HASHES, _dump(hashes))
    for name in gone:
        (out / name).unlink(missing_ok=True)
        hashes.pop(name, None)
        summary.removed += 1
    _write_if_changed(out / HASHES, _dump(hashes))
    _write_if_changed(out / MANIFEST, manifest_text)
    summary.seconds = time.perf_counter() - start
    return summary
