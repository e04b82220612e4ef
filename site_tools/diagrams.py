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
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


#: ``draw(lang, theme)`` → the DOT source of one frame in that language and theme.
DrawFn = Callable[[str, str], str]


@dataclass
class Frame:
    """One picture the site shows, in every language and theme.

    The manifest and the list of SVG files are both derived from the list of
    frames, so the example × mode × language × theme grid is walked once.

    ``place`` is where the frame's record goes in its example's manifest
    entry (``("backward",)``, ``("highlights", "forward", "f1")``); a frame
    of a step-through (``step`` set) is appended to ``entry[place[0]]["frames"]``
    and ``group`` holds fields of that step-through (its label).
    """

    example: str
    stem: str
    place: tuple[str, ...]
    alt: dict[str, str]
    draw: DrawFn
    extra: dict[str, Any] = field(default_factory=dict)
    step: int | None = None
    group: dict[str, Any] = field(default_factory=dict)

    def specs(self) -> list[Spec]:
        return [
            Spec(f"{self.stem}.{lang}.{theme}.svg", self.draw(lang, theme), self.example)
            for lang in labels.LANGS
            for theme in THEMES
        ]


def _by_lang(make: Callable[[str], Any]) -> dict[str, Any]:
    return {lang: make(lang) for lang in labels.LANGS}


def _mode_frame(example: str, models: dict, titles: dict, mode: str) -> Frame:
    """The whole graph, forward or backward."""
    return Frame(
        example,
        f"{example}-{mode}",
        (mode,),
        _by_lang(lambda lang: prose.describe_model(models[lang], mode, lang, titles[lang])),
        lambda lang, theme: draw(models[lang], mode, lang, theme).source,
    )


def _step_frames(example: str, models: dict) -> list[Frame]:
    """Backward propagation node by node: frame 0 is the start, the last one the result."""
    captions = _by_lang(lambda lang: prose.step_captions(models[lang], lang))
    return [
        Frame(
            example,
            f"{example}-step-{k:02d}",
            ("steps",),
            _by_lang(lambda lang, k=k: captions[lang][k]),
            lambda lang, theme, k=k: draw(
                models[lang], "backward", lang, theme, step_emphasis(models[lang], k), step=k
            ).source,
            step=k,
        )
        for k in range(len(models["en"].order) + 1)
    ]


def _highlight_frames(example: str, models: dict, titles: dict) -> list[Frame]:
    """Each operation node with its inputs and output, in both modes (a local computation)."""
    frames = []
    for mode in MODES:
        for op in (n.id for n in models["en"].nodes if n.kind == "op"):
            y = models["en"].by_id[op].function.output()
            frames.append(
                Frame(
                    example,
                    f"{example}-{mode}-highlight-{op}",
                    ("highlights", mode, op),
                    _by_lang(
                        lambda lang, mode=mode, op=op: prose.describe_highlight(
                            models[lang], op, mode, lang, titles[lang]
                        )
                    ),
                    lambda lang, theme, mode=mode, op=op: draw(
                        models[lang], mode, lang, theme, highlight_emphasis(models[lang], op)
                    ).source,
                    extra={"aliases": [y.name] if y is not None and y.name else []},
                )
            )
    return frames


def _tangent_frames(example: str, models: dict) -> list[Frame]:
    """Forward mode: the first sweep complete, and a step-through sweep by sweep."""
    sweeps = _by_lang(lambda lang: figures.tangent_frames(models[lang], lang))
    statuses = _by_lang(lambda lang: figures.tangent_statuses(models[lang], lang))
    first = len(models["en"].order)  # the first sweep, complete
    out = [
        Frame(
            example,
            f"{example}-tangent",
            ("tangent",),
            _by_lang(lambda lang: sweeps[lang][first].alt),
            lambda lang, theme: figures.draw_figure(
                sweeps[lang][first], lang, theme, sweeps[lang][first].title
            ).source,
        )
    ]
    label = _by_lang(lambda lang: labels.text("steps_label_tangent", lang))
    for k in range(len(sweeps["en"])):
        out.append(
            Frame(
                example,
                f"{example}-tangent-step-{k:02d}",
                ("steps_tangent",),
                _by_lang(lambda lang, k=k: sweeps[lang][k].alt),
                lambda lang, theme, k=k: figures.draw_figure(
                    sweeps[lang][k], lang, theme, statuses[lang][k]
                ).source,
                extra={"status": _by_lang(lambda lang, k=k: statuses[lang][k])},
                step=k,
                group={"label": label},
            )
        )
    return out


def _passes_frames(example: str, models: dict) -> list[Frame]:
    """Both passes, node by node (:mod:`graphgrad.viz.walkthrough`)."""
    frames = _by_lang(lambda lang: walkthrough.passes_frames(models[lang], lang))
    label = _by_lang(lambda lang: labels.text("passes_label", lang))

    def source(lang: str, theme: str, k: int) -> str:
        f = frames[lang][k]
        return draw(models[lang], "backward", lang, theme, f.emphasis, f.step, f.values).source

    return [
        Frame(
            example,
            f"{example}-passes-{k:02d}",
            ("steps_passes",),
            _by_lang(lambda lang, k=k: frames[lang][k].caption),
            lambda lang, theme, k=k: source(lang, theme, k),
            extra={"status": _by_lang(lambda lang, k=k: frames[lang][k].status)},
            step=k,
            group={"label": label},
        )
        for k in range(len(frames["en"]))
    ]


def _figure_frame(example: str, models: dict, mode: str) -> Frame:
    """The chain rule in symbols, or every path of the graph in its own colour."""
    if mode == "symbolic":
        options = SYMBOLIC_OPTIONS.get(example, {})
        figs = _by_lang(lambda lang: figures.symbolic_figure(models[lang], lang, **options))
    elif mode == "paths":
        figs = _by_lang(lambda lang: figures.paths_figure(models[lang], lang))
    else:
        raise ValueError(f"unknown diagram mode {mode!r} for {example!r}")
    return Frame(
        example,
        f"{example}-{mode}",
        (mode,),
        {lang: f.alt for lang, f in figs.items()},
        lambda lang, theme: figures.draw_figure(figs[lang], lang, theme).source,
    )


def diagram_frames() -> tuple[list[Frame], dict[str, dict[str, str]]]:
    """Every frame of every example (one walk over examples and modes), and the examples' titles.

    The book's examples get forward, backward, the backward step-through and
    the highlights; :data:`FIGURE_MODES` adds the figures of
    :mod:`graphgrad.viz.figures` (and, for a figure-only example, says which
    of forward and backward it gets).
    """
    from graphgrad.examples import EXAMPLES, FIGURES

    frames: list[Frame] = []
    titles: dict[str, dict[str, str]] = {}
    for example, make in {**EXAMPLES, **FIGURES}.items():
        book = example in EXAMPLES
        modes = [*(MODES if book else ()), *FIGURE_MODES.get(example, ())]
        if not modes:
            continue
        output = make()
        models = {lang: build_model(output, lang) for lang in labels.LANGS}
        titles[example] = title = {lang: labels.example_title(example, lang) for lang in labels.LANGS}
        for mode in dict.fromkeys(modes):  # in order, once
            if mode in MODES:
                frames.append(_mode_frame(example, models, title, mode))
            elif mode == "tangent":
                frames += _tangent_frames(example, models)
            elif mode == "passes":
                frames += _passes_frames(example, models)
            else:
                frames.append(_figure_frame(example, models, mode))
        if book:
            frames += _step_frames(example, models)
            frames += _highlight_frames(example, models, title)
    frames += _diamond_paths_frames(titles)
    return frames, titles


def _diamond_paths_frames(titles: dict[str, dict[str, str]]) -> list[Frame]:
    """The diamonds' paths listed, then one backward sweep (:mod:`site_tools.diamond_paths`)."""
    from site_tools import diamond_paths

    out = []
    for walk in diamond_paths.step_throughs():
        example, by_lang = walk["example"], walk["frames"]
        titles[example] = walk["title"]
        for k in range(len(by_lang["en"])):
            out.append(
                Frame(
                    example,
                    f"{example}-paths-{k:02d}",
                    ("steps_paths",),
                    _by_lang(lambda lang, k=k, by_lang=by_lang: by_lang[lang][k]["caption"]),
                    lambda lang, theme, k=k, by_lang=by_lang: by_lang[lang][k]["source"](theme),
                    extra={"status": _by_lang(lambda lang, k=k, by_lang=by_lang: by_lang[lang][k]["status"])},
                    step=k,
                    group={"label": walk["title"]},
                )
            )
    return out


def manifest_of(frames: list[Frame], titles: dict[str, dict[str, str]]) -> dict:
    """The manifest the page hook reads: per example, each frame's files and alt text."""
    diagrams: dict[str, dict] = {}
    for frame in frames:
        entry = diagrams.setdefault(frame.example, {"title": titles[frame.example]})
        record = {"files": _files(frame.stem), "alt": frame.alt, **frame.extra}
        if frame.step is not None:
            steps = entry.setdefault(frame.place[0], {"frames": []})
            steps.update(frame.group)
            steps["frames"].append(record)
            steps["count"] = len(steps["frames"])
            continue
        node = entry
        for key in frame.place[:-1]:
            node = node.setdefault(key, {})
        node[frame.place[-1]] = record
    return {"version": 1, "langs": list(labels.LANGS), "themes": list(THEMES), "diagrams": diagrams}


def diagram_specs(only: Iterable[str] | None = None) -> tuple[list[Spec], dict]:
    """Every diagram's file name and DOT source, and the manifest that lists them.

    ``only`` restricts the specs (not the manifest) to some examples.  Both
    come from one list of frames (:func:`diagram_frames`).
    """
    frames, titles = diagram_frames()
    wanted = set(titles) if only is None else set(only)
    unknown = sorted(wanted - set(titles))
    if unknown:
        raise ValueError(f"unknown diagram {unknown[0]!r}; choose one of {', '.join(titles)}")
    specs = [spec for frame in frames if frame.example in wanted for spec in frame.specs()]
    return specs, manifest_of(frames, titles)


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
