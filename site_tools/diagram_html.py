"""The HTML of ``[[diagram …]]`` and ``[[steps …]]`` tokens: figures and step-throughs.

:mod:`site_tools.tokens` finds the tokens and calls :func:`render_diagram` and
:func:`render_steps` (the drawing itself is :mod:`site_tools.diagrams`' job):

- ``[[diagram buy_apple backward]]`` (mode ``forward`` when left out; optional
  ``highlight=NODE``, a node id such as ``f2`` or the name of the variable
  the node computes, such as ``all_price``) becomes a figure with the light
  and the dark SVG (Material shows one of them through the ``#only-light`` /
  ``#only-dark`` URL suffixes), alt text in the page's language and the class
  ``gg-zoom`` that docs/assets/javascripts/zoom.js makes zoomable.
  Other modes (``tangent``, ``symbolic``, ``paths``: site_tools.figures)
  are drawn for any example a page asks them of;
- ``[[steps buy_apple]]`` becomes a step-through of backward propagation:
  one frame per backward step with its caption, and Previous/Next buttons
  and a "Step k of n" status that docs/assets/javascripts/steps.js brings to
  life (without JavaScript every frame is shown, one after another);
  ``[[steps buy_apple_orange tangent]]`` steps through forward mode instead,
  sweep by sweep, on the same widget, and ``[[steps buy_apple passes]]`` both passes.

The files, alt text and captions come from ``manifest.json``, which
:func:`site_tools.diagrams.build_diagrams` writes next to the SVG files (the site hook
runs it before the build).  Image URLs are made relative to the page by MkDocs'
own file objects, so they work at ``/``, at ``/zh/`` and under any sub-path.
A name or mode that does not exist raises :class:`~site_tools.tokens.TokenError` saying what
exists; the tokens module adds the page and the line.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path, PurePosixPath

from graphgrad.viz.model import build_model
from site_tools import figure_words
from site_tools.markdown import parse_args
from site_tools.tokens import Page, Token, TokenError

DIAGRAM_DIR = PurePosixPath("assets", "diagrams")  # under docs_dir, where build_diagrams draws
SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')

_manifest_cache: dict[str, tuple[float, dict]] = {}


def load_manifest(docs_dir: str) -> dict:
    path = Path(docs_dir) / DIAGRAM_DIR / "manifest.json"
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise TokenError(
            f"{path} does not exist; the diagrams were not built "
            "(is Graphviz installed? run `python scripts/build_diagrams.py`)"
        ) from None
    cached = _manifest_cache.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = (mtime, json.loads(path.read_text(encoding="utf-8")))
        _manifest_cache[str(path)] = cached
    return cached[1]


class _Page:
    """Everything one page's figures need: its language, the manifest, URLs relative to it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.lang = page.lang
        self.manifest = load_manifest(page.docs_dir)
        self.ui = _ui(self.lang)

    def fail(self, message: str) -> TokenError:
        return TokenError(message)

    def url(self, name: str) -> str:
        return self.page.asset_url((DIAGRAM_DIR / name).as_posix())

    def img(self, name: str, theme: str, alt: str, extra: str = "") -> str:
        path = Path(self.page.docs_dir) / DIAGRAM_DIR / name
        size = ""
        try:
            m = SIZE.search(path.read_text(encoding="utf-8")[:2000])
        except FileNotFoundError:
            raise self.fail(
                f"diagram file {name} is missing; run `python scripts/build_diagrams.py`"
            ) from None
        if m:
            w, h = (round(float(v) * 4 / 3) for v in m.groups())  # pt -> CSS px
            # --gg-w: the drawn width, so that diagrams.css can keep a phone from shrinking the text
            size = f' width="{w}" height="{h}" style="--gg-w: {w}px"'
        return (
            f'<img class="gg-zoom{extra}" src="{html.escape(self.url(name))}#only-{theme}" '
            f'alt="{html.escape(alt)}"{size} loading="lazy" decoding="async">'
        )

    def pair(self, files: dict, alt: str) -> str:
        by_theme = files[self.lang]
        return "\n".join(self.img(by_theme[t], t, alt) for t in ("light", "dark"))


def _ui(lang: str) -> dict[str, str]:
    return {key: figure_words.text(key, lang) for key in ("previous", "next", "steps_label")}


def _example(ctx: _Page, name: str | None) -> dict:
    """The manifest entry of the example ``name``, or a TokenError saying which exist."""
    from site_tools.diagrams import examples

    if not name:
        raise ctx.fail("it names no diagram; write e.g. [[diagram buy_apple forward]]")
    if name not in examples():
        raise ctx.fail(f"unknown diagram {name!r}; choose one of {', '.join(examples())}")
    return _drawn(ctx, ctx.manifest["diagrams"].get(name))


def _drawn(ctx: _Page, record: dict | None) -> dict:
    """A manifest record that must exist: the pre-build draws what every page shows."""
    if record is None:
        raise ctx.fail("not drawn; the diagrams are drawn before the build from the pages' tokens "
                       "(run `python scripts/build_diagrams.py`)")  # fmt: skip
    return record


def _highlight(ctx: _Page, name: str, entry: dict, mode: str, node: str) -> dict:
    from site_tools.diagrams import examples, highlight_names

    if mode not in ("forward", "backward"):
        raise ctx.fail("highlight works with the forward and backward modes only")
    names = highlight_names(build_model(examples()[name](), "en"))
    if node not in names:
        raise ctx.fail(f"unknown highlight node {node!r}; choose one of {', '.join(names)}")
    highlights = entry.get("highlights", {}).get(mode, {})
    key = next((k for k, h in highlights.items() if node == k or node in h["aliases"]), None)
    return _drawn(ctx, highlights.get(key))


def render_diagram(token: Token, page: Page) -> str:
    """The figure of ``[[diagram NAME [MODE] [highlight=NODE]]]``, nested when the token is indented."""
    from site_tools.diagrams import DIAGRAM_MODES

    ctx = _Page(page)
    words, options = parse_args(token.args)
    unknown = sorted(set(options) - {"highlight"})
    if unknown or len(words) > 2:
        raise ctx.fail("cannot read it; write [[diagram NAME [MODE] [highlight=NODE]]]")
    entry = _example(ctx, words[0] if words else None)
    mode = words[1] if len(words) > 1 else "forward"
    if mode not in DIAGRAM_MODES:
        modes = ", ".join(map(repr, DIAGRAM_MODES))
        raise ctx.fail(f"unknown mode {mode!r} for {words[0]!r}; choose one of {modes}")
    node = options.get("highlight")
    if node is not None:
        target = _highlight(ctx, words[0], entry, mode, node)
    else:
        target = _drawn(ctx, entry.get(mode))
    alt = target["alt"][ctx.lang]
    if token.indent:
        # Inside an admonition or a list Python-Markdown does not see raw HTML blocks: the
        # figure would land inside a <p>. A span (shown as a block by diagrams.css) is valid there.
        return f'<span class="gg-diagram gg-diagram--nested">\n{ctx.pair(target["files"], alt)}\n</span>'
    return f'<figure class="gg-diagram">\n{ctx.pair(target["files"], alt)}\n</figure>'


def render_steps(token: Token, page: Page) -> str:
    """The step-through widget of ``[[steps NAME [tangent|passes]]]``."""
    from site_tools.diagrams import STEP_KINDS

    ctx = _Page(page)
    words, options = parse_args(token.args)
    if options or len(words) not in (1, 2):
        raise ctx.fail("cannot read it; write [[steps NAME]] or [[steps NAME tangent|passes]]")
    entry = _example(ctx, words[0])
    kind = words[1] if len(words) > 1 else ""
    if kind not in STEP_KINDS:
        kinds = ", ".join(repr(k) for k in STEP_KINDS if k)
        raise ctx.fail(f"no step-through {kind!r} for {words[0]!r}; choose none (backward) or {kinds}")
    steps = _drawn(ctx, entry.get(f"steps_{kind}" if kind else "steps"))
    frames = steps["frames"]
    last = len(frames) - 1
    esc = html.escape
    label = esc(steps["label"][ctx.lang] if "label" in steps else ctx.ui["steps_label"])
    out = [f'<div class="gg-steps" data-gg-steps role="group" aria-label="{label}">']
    out.append('<div class="gg-steps-frames">')
    for k, frame in enumerate(frames):
        caption = frame["alt"][ctx.lang]
        if "status" in frame:
            status = frame["status"][ctx.lang]
        else:
            status = figure_words.text("step_of", ctx.lang, k=k, n=last)
        out.append(f'<figure class="gg-steps-frame" data-step="{k}" data-status="{esc(status)}">')
        out.append(ctx.pair(frame["files"], caption))
        out.append(f"<figcaption>{esc(caption)}</figcaption>")
        out.append("</figure>")
    first = esc(
        frames[0]["status"][ctx.lang]
        if "status" in frames[0]
        else figure_words.text("step_of", ctx.lang, k=0, n=last)
    )
    out += [
        "</div>",
        '<div class="gg-steps-controls" hidden>',
        f'<button type="button" class="md-button gg-steps-prev">{esc(ctx.ui["previous"])}</button>',
        f'<span class="gg-steps-status">{first}</span>',  # steps.js announces the captions
        '<button type="button" class="md-button md-button--primary gg-steps-next">'
        f"{esc(ctx.ui['next'])}</button>",
        "</div>",
        "</div>",
    ]
    return "\n".join(out)
