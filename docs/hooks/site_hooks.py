"""The site's one MkDocs hook module: every event the site handles, in the order it happens.

Each handler is a few lines that call the site wing (``site_tools/``, at the repository root),
where the logic is tested:

- ``on_config``: the page language of this build for mkdocstrings and the theme
  (:mod:`site_tools.i18n`), the heading anchors' tooltip in that language;
- ``on_pre_build``: draw the diagrams the pages show, the reason-two figure's graphs and the
  benchmark plots (:mod:`site_tools.diagrams`, :mod:`site_tools.reason_two`,
  :mod:`site_tools.bench.plots`), cached by content hash;
- ``on_page_markdown``: the ``[[…]]`` tokens (:mod:`site_tools.tokens`: one pattern, one table
  of handlers; every error names page:line), the page's notebook (:mod:`site_tools.notebooks`),
  console sessions that copy without prompts (:mod:`site_tools.code_blocks`);
- ``on_page_content``, ``on_post_page``: Chinese typesetting (:mod:`site_tools.typesetting`),
  what Material's script would change as the page loads, written in at build time
  (:mod:`site_tools.page_load`: copy buttons, table wrappers), the notebook file, the language
  switcher's fixes, the math typeset with KaTeX at build time (:mod:`site_tools.math_render`:
  no math script runs in a reader's browser);
- ``on_nav``, ``on_post_build``: the printable edition, ``print.html`` beside each language's
  home page, every lesson in order (:mod:`site_tools.print_edition`), once all languages are built;
- ``on_serve``: a rebuild that fails shows its error over the last good pages
  (:mod:`site_tools.serve`) instead of keeping the browser waiting.

A diagram's way from a page to a picture: before the pages are built, ``on_pre_build`` reads
every page's ``[[diagram …]]``/``[[steps …]]`` tokens and draws those pictures
(site_tools/diagrams.py: example → engine run → DOT → ``dot`` → SVG, skipped when the DOT
source's hash is unchanged); then ``on_page_markdown`` meets the token ``[[diagram buy_apple
backward]]``, ``HANDLERS["diagram"]`` in site_tools/tokens.py calls
:func:`site_tools.diagram_html.render_diagram`, and the page shows the light and dark SVG.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path, PurePosixPath

_ROOT = str(Path(__file__).resolve().parents[2])  # the repository root, where site_tools/ sits
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from site_tools import i18n, notebooks, page_load, tokens, typesetting  # noqa: E402
from site_tools.code_blocks import console_fences  # noqa: E402
from site_tools.math_render import MathError, typeset_page  # noqa: E402

log = logging.getLogger("mkdocs.hooks.site")

#: The heading anchors' tooltip in each language of the site.
PERMALINK_TITLES = {"en": "Permanent link", "zh": "永久链接"}

_H1 = re.compile(r"^# .+$", re.MULTILINE)
_notebooks: dict[str, str] = {}  # page -> notebook text, written once the page is
_lessons: list[str] = []  # the teaching pages in the order of the navigation, for print.html


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())  # dot's own messages can span several lines


@event_priority(100)  # before mkdocstrings (0) reads theme.language
def on_config(config, **kwargs):
    config = i18n.on_config(config)
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = PERMALINK_TITLES.get(config.theme["language"], PERMALINK_TITLES["en"])
    return config


def on_pre_build(config, **kwargs):
    from site_tools import reason_two
    from site_tools.bench.plots import build_plots
    from site_tools.bench.results import ResultsError
    from site_tools.diagrams import build_diagrams, page_texts
    from site_tools.paths import RESULTS

    if _nested_build(config):
        return  # the i18n plugin's nested build of another language: all is drawn already
    assets = Path(config.docs_dir) / "assets"
    # Stop before MkDocs cleans the site folder, so nothing is half-written.
    try:
        pages = page_texts(config.docs_dir)  # only what the pages show is drawn
        log.info("diagrams: %s", build_diagrams(out_dir=str(assets / "diagrams"), pages=pages))
    except (OSError, ValueError, RuntimeError) as exc:  # GraphvizNotFound is a RuntimeError
        raise PluginError(f"diagrams: {_one_line(exc)}") from None
    try:
        log.info("reason-two figure: %s", reason_two.render_svgs(assets / "sweeps"))
    except (OSError, RuntimeError) as exc:
        raise PluginError(f"reason-two figure: {_one_line(exc)}") from None
    try:
        done = build_plots(RESULTS, assets / "plots")
    except (OSError, ValueError, ResultsError) as exc:
        raise PluginError(f"plots: {_one_line(exc)}") from None
    log.info("plots: %d drawn, %d unchanged", len(done["written"]), len(done["unchanged"]))


def on_page_markdown(markdown, page, config, files, **kwargs):
    src = page.file.src_uri
    lang = i18n.page_language(src, getattr(page.file, "locale", None))
    where = tokens.Page(src, lang, config.docs_dir, page.url, page.file, files)
    try:
        out = tokens.expand(markdown, where)
        if notebooks.is_teaching_page(src):  # the notebook is made from the page as written
            _notebooks[src] = _notebook(markdown, where, config)
            out = _with_notebook_link(out, src, lang)
    except tokens.TokenError as exc:
        raise PluginError(str(exc)) from None
    except ValueError as exc:  # what the notebook cannot write
        raise PluginError(f"{src}: notebook: {exc}") from None
    return console_fences(out) if ">>>" in out else out


def _notebook(markdown: str, where: tokens.Page, config) -> str:
    # site_url, repo_url and docs_dir: all the notebook knows about the site (a fork's too).
    return notebooks.page_notebook(
        markdown, where.src, notebooks.NotebookSite.from_config(config),
        substitute_tokens=lambda text: tokens.substitute(text, where.src),
    )  # fmt: skip


def _with_notebook_link(markdown: str, src: str, lang: str) -> str:
    """A "Download this page as a notebook" link under the page's title."""
    link = (
        f'<p class="gg-notebook"><a href="{html.escape(notebooks.notebook_name(src))}" download>'
        f"{html.escape(notebooks.LINK_TEXT[lang])}</a></p>"
    )
    match = _H1.search(markdown)
    if match is None:
        return link + "\n\n" + markdown
    return markdown[: match.end()] + "\n\n" + link + "\n" + markdown[match.end() :]


@event_priority(-100)  # last: after every other hook and plugin has written the content
def on_page_content(html, page, config, files, **kwargs):
    lang = i18n.page_language(page.file.src_uri, getattr(page.file, "locale", None))
    return page_load.prepare(typesetting.upright_emphasis(typesetting.join_soft_breaks(html)), lang)


@event_priority(0)  # after mkdocs-static-i18n (priority 50) has chosen this page's alternates
def on_page_context(context, page, config, nav, **kwargs):
    return i18n.on_page_context(context, page, config, nav)


def on_template_context(context, template_name, config, **kwargs):
    return i18n.on_template_context(context, template_name, config)


def on_post_page(output, page, config, **kwargs):
    text = _notebooks.pop(page.file.src_uri, None)
    if text is not None:
        folder = Path(config.site_dir) / PurePosixPath(page.file.dest_uri).parent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / notebooks.notebook_name(page.file.src_uri)).write_text(text, encoding="utf-8")
    output = typesetting.dedupe_title(i18n.on_post_page(output, page, config))
    # The math typeset here, on the finished page, after the search plugin indexed its text (so
    # the index keeps the short TeX, not KaTeX's markup); a page without math loads no KaTeX.
    try:
        return typeset_page(output, page.file.src_path)
    except MathError as exc:
        raise PluginError(str(exc)) from None


def _nested_build(config) -> bool:
    plugin = config.plugins.get("i18n")
    return plugin is not None and getattr(plugin, "building", False)


def on_nav(nav, config, files, **kwargs):
    from mkdocs.structure.pages import Page as MkDocsPage

    if not _nested_build(config):  # the other language's build has the same lessons
        _lessons[:] = [
            page.file.src_uri
            for page in nav.pages
            if isinstance(page, MkDocsPage) and notebooks.is_teaching_page(page.file.src_uri)
        ]
    return nav


@event_priority(-200)  # after the i18n plugin's on_post_build, which builds the other languages
def on_post_build(config, **kwargs):
    from site_tools.print_edition import write_print_editions

    if _nested_build(config):
        return
    try:
        written = write_print_editions(Path(config.site_dir), list(_lessons))
    except (OSError, ValueError) as exc:
        raise PluginError(f"print edition: {_one_line(exc)}") from None
    log.info("print edition: %s", ", ".join(p.relative_to(config.site_dir).as_posix() for p in written))


def on_serve(server, config, builder, **kwargs):
    from site_tools.serve import keep_serving

    keep_serving(server)  # a failed rebuild shows its error over the last good pages, never hangs
    return server


def on_post_template(output_content, template_name, config, **kwargs):
    return i18n.on_post_template(output_content, template_name, config)
