"""Draw the diagrams the pages show, and only those whose DOT source changed.

A diagram's way from a page to a picture, in three steps that this module takes:

1. **what the pages show**: :func:`referenced` reads every ``[[diagram …]]``, ``[[steps …]]``
   and ``[[editable …]]`` token of the pages (with the pages' own grammar,
   :mod:`site_tools.tokens`): nothing else is drawn, so no list of modes is kept by hand;
2. **engine run → DOT**: :func:`diagram_frames` runs each example that a page names
   (:data:`graphgrad.examples.EXAMPLES`, :data:`site_tools.figure_examples.FIGURES`) and
   turns the graph into one :class:`Frame` per picture: DOT source and alt text in each
   language and theme (:mod:`graphgrad.viz`; the site's own figures in :mod:`site_tools.figures`
   and :mod:`site_tools.walkthrough`);
3. **DOT → SVG**: :func:`build_diagrams` renders with Graphviz' ``dot`` the frames whose DOT
   source's hash changed, and writes ``manifest.json`` (derived from the same frames) for the
   page handler, :mod:`site_tools.diagram_html`.

File names in ``out_dir``::

    {example}-{mode}.{lang}.{theme}.svg                    mode: forward, backward, tangent, symbolic, paths
    {example}-{mode}-highlight-{node}.{lang}.{theme}.svg   [[diagram NAME MODE highlight=NODE]]
    {example}-step-{k:02d}.{lang}.{theme}.svg               [[steps NAME]]: k = 0 (start) … n (complete)
    {example}-tangent-step-{k:02d}.{lang}.{theme}.svg      [[steps NAME tangent]]: forward mode by sweeps
    {example}-passes-{k:02d}.{lang}.{theme}.svg            [[steps NAME passes]]: both passes node by node
    manifest.json                                          file names, alt text, step counts

The theme comes last in each name so that mkdocs-static-i18n does not take
``.en``/``.zh`` for a page-language suffix.  ``.diagram-hashes.json`` keeps
the hash of each diagram's DOT source: a diagram whose source is unchanged
and whose file exists is not rendered again, and files of diagrams that no
page shows any more are removed.  Unchanged files are never rewritten, so
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
from graphgrad.viz import prose
from graphgrad.viz.dot import MODES, THEMES, draw, highlight_emphasis, step_emphasis
from graphgrad.viz.model import build_model
from graphgrad.viz.render import DOT_ARGS, dot_to_svgs, find_dot
from site_tools import figure_words, figures, path_steps, walkthrough
from site_tools.figure_examples import FIGURE_TITLES, FIGURES
from site_tools.files import write_atomic
from site_tools.markdown import parse_args
from site_tools.paths import DIAGRAMS, DOCS

MANIFEST = "manifest.json"
HASHES = ".diagram-hashes.json"
#: Bump when the SVG post-processing changes, so every diagram is rendered again.
RENDER_VERSION = "3"


#: Every mode of ``[[diagram NAME MODE]]`` and every kind of ``[[steps NAME KIND]]`` ("": backward).
DIAGRAM_MODES = ("forward", "backward", "tangent", "symbolic", "paths")
STEP_KINDS = ("", "tangent", "passes", "paths")
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
    """Backward propagation node by node: frame 0 is the start, then each node with its arithmetic."""

    def captions_of(lang: str) -> list[str]:
        model = models[lang]
        first = prose.step_captions(model, lang)[0]
        return [first] + [walkthrough.backward_caption(model, op, lang) for op in model.order]

    captions = _by_lang(captions_of)
    last = len(models["en"].order)
    statuses = _by_lang(lambda lang: [figure_words.text("status_start", lang)] + [
        figure_words.text("step_of", lang, k=k, n=last) for k in range(1, last + 1)])  # fmt: skip
    return [
        Frame(
            example,
            f"{example}-step-{k:02d}",
            ("steps",),
            _by_lang(lambda lang, k=k: captions[lang][k]),
            lambda lang, theme, k=k: draw(
                models[lang], "backward", lang, theme, step_emphasis(models[lang], k), step=k
            ).source,
            extra={"status": _by_lang(lambda lang, k=k: statuses[lang][k])},
            step=k,
        )
        for k in range(len(models["en"].order) + 1)
    ]


def _highlight_frame(example: str, models: dict, titles: dict, mode: str, op: str) -> Frame:
    """One node with its inputs and output (a local computation), the rest dimmed."""
    node = models["en"].by_id[op]
    y = node.function.output() if node.function is not None else node.variable
    return Frame(
        example,
        f"{example}-{mode}-highlight-{op}",
        ("highlights", mode, op),
        _by_lang(lambda lang: prose.describe_highlight(models[lang], op, mode, lang, titles[lang])),
        lambda lang, theme: draw(
            models[lang], mode, lang, theme, highlight_emphasis(models[lang], op)
        ).source,
        extra={"aliases": [y.name] if y is not None and y.name else []},
    )


def _tangent_frame(example: str, models: dict) -> Frame:
    """Forward mode: the first sweep, complete."""
    first = _by_lang(lambda lang: figures.tangent_frames(models[lang], lang)[len(models[lang].order)])
    return Frame(
        example,
        f"{example}-tangent",
        ("tangent",),
        _by_lang(lambda lang: first[lang].alt),
        lambda lang, theme: figures.draw_figure(first[lang], lang, theme, first[lang].title).source,
    )


def _tangent_step_frames(example: str, models: dict) -> list[Frame]:
    """Forward mode stepped through: the first sweep node by node, then one frame per sweep."""
    sweeps = _by_lang(lambda lang: figures.tangent_frames(models[lang], lang))
    statuses = _by_lang(lambda lang: figures.tangent_statuses(models[lang], lang))
    captions = _by_lang(lambda lang: figures.tangent_step_captions(models[lang], lang))
    label = _by_lang(lambda lang: figure_words.text("steps_label_tangent", lang))
    return [
        Frame(
            example,
            f"{example}-tangent-step-{k:02d}",
            ("steps_tangent",),
            _by_lang(lambda lang, k=k: captions[lang][k]),
            lambda lang, theme, k=k: figures.draw_figure(
                sweeps[lang][k], lang, theme, statuses[lang][k]
            ).source,
            extra={"status": _by_lang(lambda lang, k=k: statuses[lang][k])},
            step=k,
            group={"label": label},
        )
        for k in range(len(sweeps["en"]))
    ]


def _passes_frames(example: str, models: dict) -> list[Frame]:
    """Both passes, node by node (:mod:`site_tools.walkthrough`)."""
    frames = _by_lang(lambda lang: walkthrough.passes_frames(models[lang], lang))
    label = _by_lang(lambda lang: figure_words.text("passes_label", lang))

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


def _path_step_frames(example: str, models: dict) -> list[Frame]:
    """The paths listed one by one, then one backward sweep (:mod:`site_tools.path_steps`)."""
    frames = _by_lang(lambda lang: path_steps.frames(models[lang], lang))
    label = _by_lang(lambda lang: path_steps.WORDS[lang]["label"])
    return [
        Frame(
            example,
            f"{example}-paths-step-{k:02d}",
            ("steps_paths",),
            _by_lang(lambda lang, k=k: frames[lang][k]["caption"]),
            lambda lang, theme, k=k: figures.draw_figure(frames[lang][k]["figure"], lang, theme).source,
            extra={"status": _by_lang(lambda lang, k=k: frames[lang][k]["status"])},
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


def _title(example: str, lang: str) -> str:
    """An example's title: the engine's for its examples, the site's for the figures' ones."""
    pair = FIGURE_TITLES.get(example)
    return pair[labels.LANGS.index(lang)] if pair else labels.example_title(example, lang)


@dataclass
class Wanted:
    """What the pages show of one example."""

    modes: set[str] = field(default_factory=set)  # [[diagram NAME MODE]]
    steps: set[str] = field(default_factory=set)  # [[steps NAME KIND]], "" for backward
    highlights: set[tuple[str, str]] = field(default_factory=set)  # (mode, node as written)


def referenced(pages: Iterable[str]) -> dict[str, Wanted]:
    """What the pages (their Markdown texts) show of each example, read with their token grammar.

    A token that names nothing is left out here; the page's own build reports it with its line.

    >>> wanted = referenced(["[[diagram chain_rule tangent]]", "[[steps buy_apple passes]]"])
    >>> sorted(wanted), wanted["chain_rule"].modes, wanted["buy_apple"].steps
    (['buy_apple', 'chain_rule'], {'tangent'}, {'passes'})
    """
    from site_tools.tokens import tokens

    wanted: dict[str, Wanted] = {}
    for text in pages:
        for t in tokens(text):
            if isinstance(t, tuple) or t.kind not in ("diagram", "steps", "editable") or not t.args:
                continue
            words, options = parse_args(t.args)
            w = wanted.setdefault(words[0], Wanted()) if words else Wanted()
            second = words[1] if len(words) > 1 else None
            if t.kind == "editable":
                w.modes.add("backward")  # the editable graph inlines the backward diagram
            elif t.kind == "steps":
                w.steps.add(second or "")
            elif "highlight" in options:
                w.highlights.add((second or "forward", options["highlight"]))
            else:
                w.modes.add(second or "forward")
    return wanted


def page_texts(docs_dir: str | Path) -> list[str]:
    """The Markdown of every page under ``docs_dir``."""
    return [p.read_text(encoding="utf-8") for p in sorted(Path(docs_dir).rglob("*.md"))]


def examples() -> dict[str, Callable[[], Any]]:
    """Every example a page can draw: the engine's and the site's figure-only ones."""
    from graphgrad.examples import EXAMPLES

    return {**EXAMPLES, **FIGURES}


def highlight_names(model) -> list[str]:
    """What ``highlight=`` accepts on a graph: operation node ids and the variables they compute."""
    ops = [n for n in model.nodes if n.kind == "op"]
    names = [y.name for n in ops if (y := n.function.output()) is not None and y.name]
    return [n.id for n in ops] + names


def _example_frames(example: str, want: Wanted, output) -> list[Frame]:
    """The frames of one example that the pages show, in a fixed order."""
    from graphgrad.viz.model import resolve

    models = {lang: build_model(output, lang) for lang in labels.LANGS}
    title = {lang: _title(example, lang) for lang in labels.LANGS}
    frames: list[Frame] = []
    for mode in (m for m in DIAGRAM_MODES if m in want.modes):
        if mode in MODES:
            frames.append(_mode_frame(example, models, title, mode))
        elif mode == "tangent":
            frames.append(_tangent_frame(example, models))
        else:
            frames.append(_figure_frame(example, models, mode))
    steps = {"": _step_frames, "tangent": _tangent_step_frames, "passes": _passes_frames,
             "paths": _path_step_frames}  # fmt: skip
    for kind in (k for k in STEP_KINDS if k in want.steps):
        frames += steps[kind](example, models)
    ops = set()
    for mode, node in sorted(want.highlights):
        if mode in MODES and node in highlight_names(models["en"]):
            ops.add((mode, resolve(models["en"], node)))
    frames += [_highlight_frame(example, models, title, mode, op) for mode, op in sorted(ops)]
    return frames


def diagram_frames(wanted: dict[str, Wanted]) -> tuple[list[Frame], dict[str, dict[str, str]]]:
    """The frames of every picture in ``wanted`` (see :func:`referenced`), and the examples' titles."""
    frames: list[Frame] = []
    titles: dict[str, dict[str, str]] = {}
    for example, make in examples().items():
        want = wanted.get(example)
        if want is None or not (want.modes & set(DIAGRAM_MODES) or want.steps & set(STEP_KINDS)
                                or want.highlights):  # fmt: skip
            continue
        titles[example] = {lang: _title(example, lang) for lang in labels.LANGS}
        frames += _example_frames(example, want, make())
    return frames, titles


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


def diagram_specs(
    only: Iterable[str] | None = None, pages: Iterable[str] | None = None
) -> tuple[list[Spec], dict]:
    """The file name and DOT source of every diagram the pages show, and the manifest that lists them.

    ``pages`` are Markdown texts (default: every page of the site); ``only`` restricts the
    specs (not the manifest) to some examples.  Both come from one list of frames.
    """
    wanted = referenced(page_texts(DOCS) if pages is None else pages)
    frames, titles = diagram_frames(wanted)
    chosen = set(titles) if only is None else set(only)
    unknown = sorted(chosen - set(examples()))
    if unknown:
        raise ValueError(f"unknown diagram {unknown[0]!r}; choose one of {', '.join(examples())}")
    specs = [spec for frame in frames if frame.example in chosen for spec in frame.specs()]
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
    pages: Iterable[str] | None = None,
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
    pages : iterable of str, optional
        The Markdown of the pages whose diagrams to draw (default: every page under ``docs/``).

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
    specs, manifest = diagram_specs(only, pages)
    out = Path(out_dir)
    hashes = _load_hashes(out) if out.is_dir() else {}
    todo = [s for s in specs if hashes.get(s.file) != s.digest or not (out / s.file).is_file()]
    gone = [] if only is not None else sorted(set(hashes) - {s.file for s in specs})
    summary = BuildSummary(unchanged=len(specs) - len(todo))
    if check:
        summary.stale_files = _stale(out, todo, gone, _dump(manifest))
        summary.stale = len(summary.stale_files)
    else:
        _writable(out)
        try:
            summary.rendered = _render(out, todo, hashes, jobs)
        finally:
            _write_if_changed(out / HASHES, _dump(hashes))  # what was rendered stays known
        summary.removed = _remove(out, gone, hashes)
        _write_if_changed(out / HASHES, _dump(hashes))
        _write_if_changed(out / MANIFEST, _dump(manifest))
    summary.seconds = time.perf_counter() - start
    return summary


def _stale(out: Path, todo: list[Spec], gone: list[str], manifest_text: str) -> list[str]:
    """What a build would change: files to render, files to remove, the manifest to rewrite."""
    stale = [s.file for s in todo] + [f for f in gone if (out / f).exists()]
    try:
        if (out / MANIFEST).read_text(encoding="utf-8") != manifest_text:
            stale.append(MANIFEST)
    except FileNotFoundError:
        stale.append(MANIFEST)
    return stale


def _writable(out: Path) -> None:
    """Create ``out`` if needed, or raise an OSError that names it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(f"cannot create the diagram directory {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise PermissionError(f"cannot write to the diagram directory {out}")


def _render(out: Path, todo: list[Spec], hashes: dict[str, str], jobs: int | None) -> int:
    """DOT → SVG for every spec in ``todo``, ``jobs`` dot processes at once; records each hash."""
    if not todo:
        return 0
    dot = find_dot()
    workers = max(1, min(jobs or os.cpu_count() or 2, len(todo)))
    batches = [todo[i::workers] for i in range(workers)]

    def render(batch: list[Spec]) -> list[Spec]:
        for spec, svg in zip(batch, dot_to_svgs([s.source for s in batch], dot), strict=True):
            _write_if_changed(out / spec.file, svg)
        return batch

    done = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(render, batches):
            for spec in batch:
                hashes[spec.file] = spec.digest
            done += len(batch)
    return done


def _remove(out: Path, gone: list[str], hashes: dict[str, str]) -> int:
    """Delete the files of diagrams no page shows any more (only files this builder made)."""
    for name in gone:
        (out / name).unlink(missing_ok=True)
        hashes.pop(name, None)
    return len(gone)
