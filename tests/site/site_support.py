"""Helpers for the tests of the built site: its pages, its HTML, a local server, a clean copy.

- :func:`site_path` is the sub-path GitHub Pages serves the site from (``/graphgrad/``, from
  ``site_url`` in mkdocs.yml); :class:`SiteServer` serves a built site under that sub-path from
  127.0.0.1 on a free port, like GitHub Pages (404.html for what does not exist).
- :func:`built_pages` lists the pages of a built site; :func:`parse_html` gives a page's links,
  resources and element ids.
- :func:`find_chromium` and :data:`CHROMIUM_ARGS` start Debian's Chromium under Playwright.
- :func:`clean_copy` copies the repository as a fresh clone would have it (no generated files).
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from site_tools.paths import REPO  # noqa: E402
from site_tools.site_config import site_config  # noqa: E402

LANGS = ("en", "zh")


def in_ci() -> bool:
    """True when the ``CI`` environment variable says so (GitHub Actions and most CIs set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def site_url() -> str:
    """``site_url`` as mkdocs.yml gives it (its ``!ENV`` variable, else its default)."""
    return site_config().site_url


def site_path() -> str:
    """The sub-path the site is served from on GitHub Pages, e.g. ``/graphgrad/``."""
    return site_config().site_path


# --------------------------------------------------------------------------------------------
# Pages of a built site
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitePage:
    """One page of the built site: ``url`` relative to the site root (``zh/chain-rule/``)."""

    url: str
    lang: str

    @property
    def twin(self) -> str:
        """The same page in the other language."""
        return self.url.removeprefix("zh/") if self.lang == "zh" else "zh/" + self.url

    @property
    def id(self) -> str:
        return f"{self.lang}:/{self.url}"


def built_pages(site: Path) -> list[SitePage]:
    """Every page of a built site, both languages: each index.html outside assets/ (not 404.html)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        url = rel.removesuffix("index.html")
        pages.append(SitePage(url, "zh" if url.startswith("zh/") else "en"))
    return pages


def source_pages(docs: Path = REPO / "docs") -> list[SitePage]:
    """The pages the Markdown sources promise (``page.md`` -> ``page/``, ``page.zh.md`` -> ``zh/page/``).

    Known before anything is built, so the browser tests can be parametrized by page; a test
    checks that the built site has exactly these pages.
    """
    pages = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        if rel.parts[0] in ("hooks", "overrides", "assets"):
            continue
        name = rel.name.removesuffix(".md")
        lang = "en"
        if name.endswith(".zh"):
            lang, name = "zh", name.removesuffix(".zh")
        parent = rel.parent.as_posix()
        parts = [] if parent == "." else [parent]
        if name not in ("index", "README"):
            parts.append(name)
        url = "".join(p + "/" for p in parts)
        pages.append(SitePage(("zh/" if lang == "zh" else "") + url, lang))
    return sorted(pages, key=lambda p: (p.lang, p.url))


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

#: (tag, attribute) pairs whose URL the browser loads by itself (not a link the reader follows).
RESOURCE_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("embed", "src"),
    ("object", "data"),
    ("track", "src"),
}
#: ``<link rel>`` values that make the browser contact the linked URL's host (not canonical, alternate).
LOADING_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
    "shortcut", "manifest", "apple-touch-icon",
}  # fmt: skip


@dataclass
class Ref:
    """A URL in a page: the tag and attribute it is in, and whether the browser loads it."""

    tag: str
    attr: str
    url: str
    loads: bool
    line: int


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    lang: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        if tag == "html":
            self.page.lang = a.get("lang", "")
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.page.ids.add(a["name"])
        if tag in ("a", "area") and "href" in a:
            self.page.refs.append(Ref(tag, "href", a["href"], False, line))
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            self.page.refs.append(Ref(tag, "href", a["href"], bool(rels & LOADING_RELS), line))
        for t, attr in RESOURCE_ATTRS:
            if tag == t and attr in a:
                self.page.refs.append(Ref(tag, attr, a[attr], True, line))
        if "srcset" in a:
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    self.page.refs.append(Ref(tag, "srcset", candidate.split()[0], True, line))


def manifest_images(node) -> list[dict]:
    """Every entry of the diagram manifest that lists drawn files (modes, highlights, steps, ...)."""
    if isinstance(node, dict):
        found = [node] if "files" in node else []
        return found + [e for value in node.values() for e in manifest_images(value)]
    if isinstance(node, list):
        return [e for value in node for e in manifest_images(value)]
    return []


def parse_html(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def target_file(site: Path, url_path: str) -> Path | None:
    """The file that GitHub Pages serves for ``url_path`` (relative to the site root), or None."""
    rel = unquote(url_path)
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    return None


# --------------------------------------------------------------------------------------------
# A local server under the GitHub Pages sub-path
# --------------------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    server_version = "graphgrad-test"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".json": "application/json",
        ".js": "text/javascript",
    }

    def translate_path(self, path):
        plain = path.split("?", 1)[0].split("#", 1)[0]
        if plain + "/" == self.prefix:
            return super().translate_path("/")  # /graphgrad -> redirect to /graphgrad/
        if not plain.startswith(self.prefix):
            return os.path.join(self.directory, ".outside-the-site-path.404")  # no such file: 404
        return super().translate_path("/" + plain[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        # Like GitHub Pages: the site's own 404.html, with status 404.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.server.not_found.append(self.path)  # type: ignore[attr-defined]

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # quiet; failures are reported by the tests
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page mid-download closes its connection: not an error to print."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """Serves ``site`` at ``http://127.0.0.1:PORT{prefix}`` from a thread; a free port is chosen.

    Everything outside ``prefix`` is a 404, so a link that escapes the sub-path GitHub Pages uses
    fails here as it would there. ``not_found`` records every path that was answered with 404.
    """

    def __init__(self, site: Path, prefix: str) -> None:
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.httpd = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        self.httpd.daemon_threads = True
        self.httpd.not_found = []  # type: ignore[attr-defined]
        self.site = site
        self.prefix = prefix
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base = self.origin + prefix
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    @property
    def not_found(self) -> list[str]:
        return self.httpd.not_found  # type: ignore[attr-defined]

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=10)


# --------------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------------

#: Debian's Chromium under Playwright, headless, in containers, with no network of its own:
#: no background requests, and no host but 127.0.0.1 resolves (the tests also block and record
#: every other request, so any attempt is reported, not just prevented).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def find_chromium() -> str | None:
    """Path of Chromium: ``$GRAPHGRAD_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    explicit = os.environ.get("GRAPHGRAD_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


# --------------------------------------------------------------------------------------------
# A clean copy of the repository
# --------------------------------------------------------------------------------------------


def _gitignore_patterns(repo: Path) -> list[str]:
    lines = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "!"))]


def _ignored(rel: PurePosixPath, is_dir: bool, patterns: list[str]) -> bool:
    """The subset of .gitignore rules this repository uses: names anywhere, or anchored paths."""
    for pattern in patterns:
        dir_only = pattern.endswith("/")
        pat = pattern.rstrip("/")
        if dir_only and not is_dir:
            continue
        if "/" in pat:  # anchored at the repository root
            if fnmatch.fnmatchcase(rel.as_posix(), pat.lstrip("/")):
                return True
        elif fnmatch.fnmatchcase(rel.name, pat):
            return True
    return False


def clean_copy(dest: Path, repo: Path = REPO) -> Path:
    """Copy the working tree to ``dest`` without .git and without anything .gitignore names.

    That is what a fresh clone holds (plus uncommitted edits): no virtual environment, no built
    site, no generated diagrams or plots, no caches.
    """
    patterns = _gitignore_patterns(repo)

    def ignore(directory: str, names: list[str]) -> set[str]:
        base = PurePosixPath(Path(directory).relative_to(repo).as_posix())
        skip = set()
        for name in names:
            rel = base / name if base.as_posix() != "." else PurePosixPath(name)
            if name == ".git" or _ignored(rel, (Path(directory) / name).is_dir(), patterns):
                skip.add(name)
        return skip

    shutil.copytree(repo, dest, ignore=ignore, symlinks=True)
    return dest


# --------------------------------------------------------------------------------------------
# Phone width (tests/site/test_browser.py checks every page; test_phone.py the zoom)
# --------------------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
#: Smallest share of its drawn size a diagram may be shown at: its 13-pt labels stay ≥ 10 px.
READABLE = 0.59

PHONE_LAYOUT_JS = """() => {
  const W = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > W) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px > ${W} px`);
  }
  const diagrams = Array.from(document.querySelectorAll('img.gg-zoom, .gg-editable-svg svg'))
    .filter(el => el.checkVisibility());
  for (const el of diagrams) {
    const drawn = el.tagName === 'IMG' ? parseFloat(el.getAttribute('width'))
                                       : parseFloat(getComputedStyle(el).getPropertyValue('--gg-w'));
    const shown = el.getBoundingClientRect().width;
    const name = (el.getAttribute('src') || 'editable graph').split('/').pop();
    if (!(drawn > 0)) { problems.push(`${name}: no drawn width`); continue; }
    if (shown / drawn < READABLE) {
      problems.push(`${name}: shown at ${Math.round(100 * shown / drawn)} % of its size`);
    }
    const box = el.closest('.gg-diagram, .gg-steps-frame, .gg-editable-svg');
    if (shown > W && !(box && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))) {
      problems.push(`${name}: wider than the screen and not in a scrolling box`);
    }
  }
  return {problems, diagrams: diagrams.length};
}""".replace("READABLE", str(READABLE))


def phone_problems(page) -> tuple[list[str], int]:
    """Lay a loaded Playwright ``page`` out at phone width: (problems, diagrams checked).

    The viewport goes back to what it was afterwards.
    """
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        result = page.evaluate(PHONE_LAYOUT_JS)
    finally:
        page.set_viewport_size(before)
    return result["problems"], result["diagrams"]


def teaching_sources(docs: Path = REPO / "docs") -> list[tuple[str, str]]:
    """(source path under docs/, language) of every lesson: each has a notebook and questions.

    Not the home page, the glossary or the API reference (:func:`site_tools.notebooks.is_teaching_page`).
    """
    from site_tools.notebooks import is_teaching_page

    found = []
    for page in source_pages(docs):
        url = page.url.removeprefix("zh/")
        suffix = ".zh.md" if page.lang == "zh" else ".md"
        name = url.rstrip("/") + suffix
        if not (docs / name).is_file():  # a section's page: reference/ is reference/index.md
            name = url + "index" + suffix
        if is_teaching_page(name):
            found.append((name, page.lang))
    return found
