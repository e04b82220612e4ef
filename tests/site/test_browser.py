"""The built site in a real browser: Debian's Chromium driven by Playwright for Python.

The site is served from 127.0.0.1 under the sub-path GitHub Pages uses (``/graphgrad/``, from
``site_url``) by the ``site_server`` fixture; ``chromium`` is one browser for the session. Every
request to any other host is blocked and recorded, and fails the test that made it, as does any
JavaScript error, console error, failed request or HTTP error response.

Screenshots go to ``test-artifacts/screenshots/`` (git-ignored; CI can keep them).
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_support import SCHEMES, describe, run_axe, scheme, set_scheme
from site_support import (
    REPO,
    SitePage,
    built_pages,
    manifest_images,
    parse_html,
    phone_problems,
    source_pages,
    target_file,
)

from site_tools.page_load import TABLE_CLASS

PAGES = source_pages()
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
AXE_ARTIFACTS = REPO / "test-artifacts" / "a11y"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
OUTSIDE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")

# --------------------------------------------------------------------------------------------
# A browsing session that records everything that goes wrong
# --------------------------------------------------------------------------------------------


class Session:
    """One browser context and page on the local site, with everything that went wrong.

    ``outside`` lists requests to hosts other than 127.0.0.1 (blocked); ``problems`` lists
    JavaScript errors, console errors, failed requests and HTTP error responses.
    """

    def __init__(self, browser, server, color_scheme: str = "light") -> None:
        self.server = server
        self.outside: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 800},
            color_scheme=color_scheme,
            reduced_motion="reduce",
            service_workers="block",
        )
        self.context.set_default_timeout(60_000)
        self.context.set_default_navigation_timeout(120_000)
        # Only URLs not on 127.0.0.1 are routed (the driver matches the pattern, so local requests
        # do not make a round trip through Python); they are recorded and aborted.
        self.context.route(OUTSIDE, self._route)
        self.context.on("request", self._request)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.problems.append(f"JavaScript error: {exc}"))
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        # Requests in flight, for settle(): Playwright's "networkidle" waits a fixed 500 ms after
        # the last one, which over a few hundred page loads was a minute of the suite.
        self.pending: set = set()
        self.page.on("request", lambda request: self.pending.add(request))
        self.page.on("requestfinished", lambda request: self.pending.discard(request))
        self.page.on("requestfailed", lambda request: self.pending.discard(request))

    # -- recorders ----------------------------------------------------------------------------

    @staticmethod
    def _local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"

    def _route(self, route) -> None:
        url = route.request.url
        if self._local(url):
            route.continue_()
        else:
            if url not in self.outside:
                self.outside.append(url)
            route.abort("blockedbyclient")

    def _request(self, request) -> None:
        # Also requests that routing might not see (workers): nothing may leave 127.0.0.1.
        if not self._local(request.url) and request.url not in self.outside:
            self.outside.append(request.url)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.problems.append(f"console error: {message.text} ({where} on {self.page.url})")

    def _failed(self, request) -> None:
        # An image the page stopped wanting (its src changed before it arrived) is cancelled:
        # not a fault. A missing image still shows up, as an HTTP 404 in _response.
        if request.resource_type == "image" and request.failure == "net::ERR_ABORTED":
            return
        if self._local(request.url):
            self.problems.append(f"request failed: {request.url} ({request.failure}) on {self.page.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url} on {self.page.url}")

    # -- actions ------------------------------------------------------------------------------

    def url(self, rel: str) -> str:
        return self.server.base + rel

    def goto(self, rel: str) -> None:
        response = self.page.goto(self.url(rel), wait_until="load")
        assert response is not None and response.status == 200, f"{rel}: HTTP {response and response.status}"
        self.settle()

    def settle(self) -> None:
        """Wait until the page has loaded every image (lazy ones too) and the network is idle."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(
            """() => document.querySelectorAll('img[loading="lazy"]')
                .forEach(i => { i.loading = 'eager'; })"""
        )
        self.page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
        self.wait_until_idle()
        self.page.evaluate("() => document.fonts.ready.then(() => true)")

    def wait_until_idle(self, quiet_ms: int = 100, timeout_s: float = 60) -> None:
        """Wait until no request has been in flight for ``quiet_ms`` (events arrive while waiting)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(quiet_ms)
            if not self.pending:
                self.page.wait_for_timeout(quiet_ms // 2)
                if not self.pending:
                    return
        raise AssertionError(f"requests still in flight after {timeout_s} s: {[r.url for r in self.pending]}")

    def path(self) -> str:
        """The current page's path relative to the site root (``zh/chain-rule/``)."""
        path = unquote(urlsplit(self.page.url).path)
        assert path.startswith(self.server.prefix), self.page.url
        return path[len(self.server.prefix) :]

    def recorded(self) -> list[str]:
        """Requests to other hosts, then JavaScript errors, console errors and failed requests."""
        return [f"request to another host (blocked): {url}" for url in self.outside] + self.problems

    def assert_clean(self) -> None:
        assert self.outside == [], "requests to hosts other than 127.0.0.1:\n" + "\n".join(self.outside)
        assert self.problems == [], "\n".join(self.problems)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browse(chromium, site_server):
    """``browse(color_scheme="light")`` opens a :class:`Session`; all are closed after the test."""
    sessions: list[Session] = []

    def open_session(color_scheme: str = "light") -> Session:
        session = Session(chromium, site_server, color_scheme)
        sessions.append(session)
        return session

    yield open_session
    for session in sessions:
        session.close()


@pytest.fixture(scope="session")
def diagram_alts(built_site: Path) -> dict[str, dict[str, str]]:
    """Diagram file name -> alt text by language, from the manifest the site was built with."""
    manifest = json.loads((built_site / "assets" / "diagrams" / "manifest.json").read_text(encoding="utf-8"))
    alts: dict[str, dict[str, str]] = {}

    for entry in manifest_images(manifest["diagrams"]):  # every drawn image of every kind
        if "alt" not in entry:
            continue
        for lang, by_theme in entry["files"].items():
            for name in by_theme.values():
                alts.setdefault(name, {}).update(entry["alt"])
                assert lang in name
    assert alts, "the manifest lists no diagram images"
    return alts


# --------------------------------------------------------------------------------------------
# In-page checks (each returns a list of problems)
# --------------------------------------------------------------------------------------------

IMAGES_JS = """() => Array.from(document.querySelectorAll('.md-content img')).map(i => ({
    src: i.getAttribute('src'), width: i.naturalWidth, height: i.naturalHeight,
    alt: i.getAttribute('alt')}))"""

# The math is typeset by the build (site_tools/math_render.py): every formula holds KaTeX's
# markup, is drawn with KaTeX's own fonts at a real size, and no math script was loaded.
MATH_JS = """() => {
    const blocks = Array.from(document.querySelectorAll('.arithmatex'));
    const fonts = new Set(Array.from(document.fonts)
        .filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '')));
    return {
        blocks: blocks.length,
        unrendered: blocks.filter(b => !b.querySelector('.katex .katex-mathml math'))
            .map(b => b.textContent.slice(0, 80)),
        errors: Array.from(document.querySelectorAll('.katex-error')).map(e => e.textContent.slice(0, 80)),
        unsized: blocks.filter(b => b.checkVisibility() && b.querySelector('.katex-html')
                && b.querySelector('.katex-html').getBoundingClientRect().width < 1)
            .map(b => b.textContent.slice(0, 80)),
        fontless: blocks.length > 0 && !fonts.has('KaTeX_Main') && !fonts.has('KaTeX_Math'),
        scripts: performance.getEntriesByType('resource').map(e => e.name)
            .filter(n => /katex|mathjax|auto-render/i.test(n) && /\\.m?js(\\?|#|$)/.test(n)),
    };
}"""

# Every visible control needs a name a screen reader can say. (Zero-size links are left out:
# pymdownx.highlight's anchor_linenums puts an empty <a> on every code line.)
UNNAMED_JS = """() => {
    const name = el => [el.getAttribute('aria-label'), el.getAttribute('title'), el.innerText,
        el.getAttribute('aria-labelledby') &&
            (document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent,
        el.getAttribute('placeholder'), ...Array.from(el.labels || []).map(l => l.textContent),
        ...Array.from(el.querySelectorAll('img[alt], svg title')).map(i => i.alt || i.textContent)]
        .some(t => t && t.trim());
    const shown = el => el.checkVisibility()
        && Array.from(el.getClientRects()).some(r => r.width * r.height > 0);
    return Array.from(document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea'))
        .filter(el => shown(el) && !name(el) && !el.closest('[aria-hidden="true"]'))  // hidden from AT
        .map(el => el.outerHTML.slice(0, 160));
}"""


def image_problems(session: Session, page: SitePage, alts: dict[str, dict[str, str]]) -> list[str]:
    problems = []
    for img in session.page.evaluate(IMAGES_JS):
        src, alt = img["src"] or "", img["alt"]
        name = unquote(urlsplit(src).path.rsplit("/", 1)[-1])
        if not img["width"] or not img["height"]:
            problems.append(f"image did not load: {src}")
        if alt is None or not alt.strip():
            problems.append(f"image without alt text: {src}")
            continue
        if page.lang == "zh" and not CJK.search(alt):
            problems.append(f"alt text of {name} is not Chinese: {alt[:80]!r}")
        if page.lang == "en" and CJK.search(alt):
            problems.append(f"alt text of {name} is not English: {alt[:80]!r}")
        if "/assets/diagrams/" in "/" + urlsplit(src).path:
            if f".{page.lang}." not in name:
                problems.append(f"diagram {name} is not the {page.lang} one")
            expected = alts.get(name, {}).get(page.lang)
            if expected is None:
                problems.append(f"diagram {name} is not in the manifest")
            elif " ".join(alt.split()) != " ".join(expected.split()):
                problems.append(f"alt text of {name} is not the manifest's {page.lang} text: {alt[:80]!r}")
    return problems


def math_problems(session: Session) -> list[str]:
    math = session.page.evaluate(MATH_JS)
    return (
        [f"math not rendered: {t!r}" for t in math["unrendered"]]
        + [f"KaTeX error: {t!r}" for t in math["errors"]]
        + [f"math drawn with no width: {t!r}" for t in math["unsized"]]
        + ["math drawn without KaTeX's fonts"] * math["fontless"]
        + [f"a math script was loaded: {url}" for url in math["scripts"]]
    )


#: A step-through's state, read in the page: the frames shown, the status text and the one the
#: shown frame asks for, and whether Previous and Next are enabled.
_STEP_STATE = """const state = w => {
    const frames = Array.from(w.querySelectorAll('.gg-steps-frame'));
    const shown = frames.map((f, i) => f.checkVisibility() ? i : -1).filter(i => i >= 0);
    const want = shown.length === 1 ? frames[shown[0]].getAttribute('data-status') : null;
    return [shown, w.querySelector('.gg-steps-status').innerText.trim(), want,
            !w.querySelector('.gg-steps-prev').disabled, !w.querySelector('.gg-steps-next').disabled];
};"""
STEP_STATE_JS = "w => { " + _STEP_STATE + " return state(w); }"
#: From frame 0, Next clicked until the last frame: the state after each click.
STEP_TO_END_JS = (
    "w => { "
    + _STEP_STATE
    + """
    const next = w.querySelector('.gg-steps-next'), seen = [];
    for (let k = 1; k < w.querySelectorAll('.gg-steps-frame').length && !next.disabled; k++) {
        next.click();
        seen.push(state(w));
    }
    return seen;
}"""
)


def step_problems(state: list, k: int, n: int, where: str) -> list[str]:
    """What is wrong with a step-through ``state`` (:data:`STEP_STATE_JS`) at frame ``k`` of ``n``."""
    shown, text, want, prev_on, next_on = state
    if shown != [k]:
        return [f"{where}: frames {shown} are shown, expected [{k}]"]
    problems = [] if text == want else [f"{where}: status {text!r}, expected {want!r}"]
    if prev_on != (k > 0) or next_on != (k < n - 1):
        problems.append(f"{where}: Previous/Next enabled wrongly at frame {k}")
    return problems


def step_through_problems(session: Session) -> list[str]:
    """Every step-through: starts at frame 0, Next advances, Previous goes back, ends disabled."""
    widgets = session.page.locator("[data-gg-steps]")
    problems = []
    for w in range(widgets.count()):
        problems += _one_step_through(session, widgets.nth(w), f"step-through {w + 1}")
    return problems


#: A step-through inside a content tab (pymdownx.tabbed) is shown by selecting its tab.
SHOW_TAB_JS = """w => {
    const block = w.closest('.tabbed-block');
    if (!block) return;
    const k = Array.from(block.parentElement.children).indexOf(block);
    const input = block.closest('.tabbed-set').querySelectorAll(':scope > input')[k];
    if (input) input.click();
}"""


def _one_step_through(session: Session, widget, where: str) -> list[str]:
    problems: list[str] = []
    widget.evaluate(SHOW_TAB_JS)
    widget.scroll_into_view_if_needed()
    frames = widget.locator(".gg-steps-frame")
    n = frames.count()
    prev, nxt = widget.locator(".gg-steps-prev"), widget.locator(".gg-steps-next")
    status = widget.locator(".gg-steps-status")
    if n < 2:
        return [f"{where}: {n} frame(s)"]
    if not (prev.is_visible() and nxt.is_visible() and status.is_visible()):
        return [f"{where}: Previous/Next/status not shown"]

    def expect(k: int, action: str) -> None:
        problems.extend(step_problems(widget.evaluate(STEP_STATE_JS), k, n, f"{where}: after {action}"))

    def press(button, name: str) -> bool:
        if not button.is_enabled():  # clicking would wait for it forever
            problems.append(f"{where}: {name} is disabled when it should work")
            return False
        button.click()
        return True

    expect(0, "loading")
    if press(nxt, "Next"):
        expect(1, "Next")
    if press(prev, "Previous"):
        expect(0, "Previous")
    # The rest of the way in one round trip: the same click handler, without a round trip per
    # frame (the efficiency page's step-throughs have dozens of frames).
    seen = widget.evaluate(STEP_TO_END_JS)
    if len(seen) != n - 1:
        problems.append(f"{where}: Next is disabled at frame {len(seen)} of {n}")
    for k, state in enumerate(seen, start=1):
        problems += step_problems(state, k, n, f"{where}: after Next ×{k}")
    if problems:
        return problems
    nxt.focus()
    session.page.keyboard.press("ArrowLeft")
    expect(n - 2, "the left arrow key")
    session.page.keyboard.press("ArrowRight")
    expect(n - 1, "the right arrow key")
    return problems


def switch_language(session: Session, lang: str) -> None:
    """Choose ``lang`` in the header's language menu, as a reader does (hover, click).

    Waits for the new page's load event only (``session.settle()`` waits for the rest).
    """
    menu = session.page.locator(".md-header .md-select")
    menu.hover()
    link = menu.locator(f"a.md-select__link[hreflang='{lang}']")
    with session.page.expect_navigation(wait_until="load"):
        link.click()


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_every_built_page_is_tested_in_the_browser(built_site: Path):
    built = {p.id for p in built_pages(built_site)}
    tested = {p.id for p in PAGES}
    assert built == tested, (
        f"built, not tested: {sorted(built - tested)}; tested, not built: {sorted(tested - built)}"
    )
    assert {p.lang for p in PAGES} == {"en", "zh"}


THEMED_JS = """() => Array.from(document.querySelectorAll('.md-content img')).filter(
    i => /#only-(light|dark)$/.test(i.getAttribute('src'))).map(i => ({
        src: i.getAttribute('src'), theme: i.getAttribute('src').endsWith('#only-dark') ? 'dark' : 'light',
        displayed: getComputedStyle(i).display !== 'none', visible: i.checkVisibility(),
        width: i.naturalWidth}))"""


def themed_problems(session: Session, scheme: str) -> list[str]:
    want = "dark" if scheme == "slate" else "light"
    images = session.page.evaluate(THEMED_JS)
    problems = []
    if not any(i["visible"] for i in images):
        problems.append("no themed diagram is visible")
    for img in images:
        name = img["src"].split("#")[0].rsplit("/", 1)[-1]
        if img["theme"] == want:
            if not img["displayed"]:
                problems.append(f"{name} is hidden in the {scheme} scheme")
            if not img["width"]:
                problems.append(f"{name} did not load")
            if want not in name:
                problems.append(f"{name} is marked #only-{want} but is not the {want} file")
        elif img["displayed"]:
            problems.append(f"{name} (#only-{img['theme']}) is shown in the {scheme} scheme")
    return problems


def page_problems(session: Session, page: SitePage, alts: dict, axe_log: dict) -> list[str]:
    """Everything wrong with ``page``, loaded in ``session``: axe-core in both palettes, lang,
    diagrams loaded with alt text in the page language and in the palette's colours, math,
    step-throughs, named controls, one ``<h1>``, the layout at phone width."""
    where = page.id
    problems = axe_problems(session, where, "light", axe_log)
    lang = session.page.evaluate("() => document.documentElement.lang")
    if lang != page.lang:
        problems.append(f'<html lang="{lang}">, expected {page.lang!r}')
    problems += image_problems(session, page, alts)
    problems += math_problems(session)
    problems += step_through_problems(session)
    problems += [f"control without an accessible name: {c}" for c in session.page.evaluate(UNNAMED_JS)]
    if session.page.locator("h1").count() != 1:
        problems.append(f"{session.page.locator('h1').count()} <h1> elements")
    problems += [f"at 390 px: {p}" for p in phone_problems(session.page)[0]]
    themed = bool(session.page.evaluate(THEMED_JS))
    if themed:
        problems += [f"light palette: {p}" for p in themed_problems(session, SCHEMES["light"])]
    set_scheme(session.page, SCHEMES["dark"])
    if themed:
        problems += [f"dark palette: {p}" for p in themed_problems(session, SCHEMES["dark"])]
    problems += axe_problems(session, where, "dark", axe_log)
    set_scheme(session.page, SCHEMES["light"])
    return [f"{where}: {p}" for p in problems]


def axe_problems(session: Session, where: str, palette: str, log: dict) -> list[str]:
    """axe-core's violations on the page in ``palette`` (the colour rules alone in the dark one)."""
    violations = run_axe(session.page, colour_only=palette == "dark")
    log[f"{where} ({palette})"] = violations
    return [describe(v, palette) for v in violations]


def pairs(pages: list[SitePage]) -> list[tuple[SitePage, SitePage]]:
    """Each page with its twin in the other language; every other pair starts in Chinese, so
    the language menu is clicked both ways across the site."""
    by_url = {p.url: p for p in pages}
    english = [p for p in pages if p.lang == "en" and p.twin in by_url]
    return [(p, by_url[p.twin]) if k % 2 == 0 else (by_url[p.twin], p) for k, p in enumerate(english)]


PAIRS = pairs(PAGES)


def test_every_page_is_in_one_pair():
    covered = [p.id for pair in PAIRS for p in pair]
    assert sorted(covered) == sorted(p.id for p in PAGES), "a page has no twin in the other language"
    assert {pair[0].lang for pair in PAIRS} == {"en", "zh"}


@pytest.fixture(scope="module")
def axe_log():
    """Every axe violation of every page and palette; written to test-artifacts/a11y/."""
    log: dict[str, list[dict]] = {}
    yield log
    AXE_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(log, indent=1, ensure_ascii=False) + "\n"
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # one file per worker: each runs some pages
    (AXE_ARTIFACTS / (f"axe-{worker}.json" if worker else "axe.json")).write_text(text, encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: f"{pair[0].id}+{pair[1].lang}")
def test_page_works_in_the_browser(pair, browse, diagram_alts, axe_log):
    """A page and its twin: each loads cleanly and passes :func:`page_problems`; the header's
    language menu leads from the first to the twin, as a reader goes.

    One page load serves every check of a page (the loads were most of the suite's time).
    """
    first, twin = pair
    session = browse()
    session.goto(first.url)
    problems = page_problems(session, first, diagram_alts, axe_log)
    switch_language(session, twin.lang)
    session.settle()
    if session.path() != twin.url:
        problems.append(f"{first.id}: the language menu went to /{session.path()}, not /{twin.url}")
    elif session.page.evaluate("() => document.documentElement.lang") != twin.lang:
        problems.append(f"{first.id}: the language menu's page is not in {twin.lang}")
    else:
        problems += page_problems(session, twin, diagram_alts, axe_log)
    problems = session.recorded() + problems
    assert problems == [], "\n".join(problems)


def test_pages_with_diagrams_and_math_exist(built_site: Path):
    """The per-page checks are not vacuous: the pages they must cover have what they check."""
    for lang_prefix in ("", "zh/"):
        page = parse_html(built_site / lang_prefix / "backward-propagation" / "index.html")
        srcs = [r.url for r in page.refs if r.tag == "img" and "assets/diagrams/" in r.url]
        assert len(srcs) >= 4, f"/{lang_prefix}backward-propagation/ shows {len(srcs)} diagram images"
        text = (built_site / lang_prefix / "backward-propagation" / "index.html").read_text(encoding="utf-8")
        assert "data-gg-steps" in text and 'class="arithmatex"' in text


#: Per language: the page the search starts from, and the queries typed one after another.
SEARCHES = {
    "zh": ("zh/chain-rule/", ["反向传播", "链式法则", "计算图"]),
    "en": ("", ["chain rule", "backward propagation"]),
}


# Material's own words for the search box's states (partials/languages/{en,zh}.html).
SEARCH_INITIALIZING = ["Initializing search", "正在初始化搜索引擎"]
SEARCH_PLACEHOLDER = ["Type to start searching", "键入以开始搜索"]


def search(session: Session, query: str) -> list[dict]:
    """Type ``query`` into the search box (emptied first); the results' links and titles."""
    page = session.page
    box = page.locator(".md-search__input")
    meta = page.locator(".md-search-result__meta")
    # The meta line says "Initializing search" until the index has loaded, then "Type to start
    # searching" while the box is empty, then the count of results. Waiting for "any change"
    # raced with the index loading, so wait for each state by name.
    box.fill("")
    box.press("End")  # Material searches on keyup; an IME ends with one, fill() sends none
    page.wait_for_function(
        "([el, want]) => want.includes(el.innerText.trim())", arg=[meta.element_handle(), SEARCH_PLACEHOLDER]
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "([el, waiting]) => el.innerText.trim() && !waiting.includes(el.innerText.trim())",
        arg=[meta.element_handle(), SEARCH_INITIALIZING + SEARCH_PLACEHOLDER],
    )
    session.wait_until_idle()
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-search-result__list a.md-search-result__link'))
            .map(a => ({href: a.href, title: (a.querySelector('h1, h2') || a).innerText.trim()}))"""
    )


def result_problems(results: list[dict], lang: str, query: str, site_server, built_site: Path) -> list[str]:
    if not results:
        return ["no results"]
    problems = []
    for result in results:
        parts = urlsplit(result["href"])
        if parts.netloc != urlsplit(site_server.base).netloc or not parts.path.startswith(site_server.prefix):
            problems.append(f"result outside the site: {result['href']}")
            continue
        rel = unquote(parts.path)[len(site_server.prefix) :]
        if rel.startswith("zh/") != (lang == "zh"):
            problems.append(f"result in the other language: /{rel}")
        target = target_file(built_site, rel)
        if target is None:
            problems.append(f"result links to a missing page: /{rel}")
        elif parts.fragment and unquote(parts.fragment) not in parse_html(target).ids:
            problems.append(f"result links to a missing anchor: /{rel}#{unquote(parts.fragment)}")
    titles = " ".join(r["title"] for r in results)
    if lang == "zh" and not CJK.search(titles):
        problems.append(f"no Chinese in the result titles: {titles[:200]!r}")
    if not any(query.split()[0].lower() in r["title"].replace("\u200b", "").lower() for r in results):
        problems.append(f"no result title contains {query!r}: {titles[:300]!r}")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("lang", SEARCHES)
def test_search_finds_pages_in_the_page_language(lang, browse, site_server, built_site):
    start, queries = SEARCHES[lang]
    session = browse()
    session.goto(start)
    session.page.locator(".md-search__input").click()
    problems = []
    for query in queries:
        results = search(session, query)
        problems += [
            f"search {query!r} on /{start}: {p}"
            for p in result_problems(results, lang, query, site_server, built_site)
        ]
    assert problems == [], "\n".join(problems)

    # The first result opens a page of the same language.
    with session.page.expect_navigation(wait_until="load"):
        session.page.locator(".md-search-result__list a.md-search-result__link").first.click()
    session.settle()
    assert session.path().startswith("zh/") == (lang == "zh"), session.path()
    session.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dark_palette_is_kept_from_page_to_page(lang, browse):
    """The palette chosen on one page holds on the next, step-through frames included.

    (Every page's diagrams are checked in both palettes by test_page_works_in_the_browser.)
    """
    prefix = "zh/" if lang == "zh" else ""
    session = browse("light")
    session.goto(prefix)
    set_scheme(session.page, "slate")
    session.goto(f"{prefix}backward-propagation/")
    problems = []
    if scheme(session.page) != "slate":
        problems.append(f"the dark palette was not kept ({scheme(session.page)})")
    problems += themed_problems(session, "slate")
    session.page.locator("[data-gg-steps] .gg-steps-next").first.click()
    shown = session.page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-gg-steps] img'))
            .filter(i => i.checkVisibility()).map(i => i.getAttribute('src'))"""
    )
    if not shown or not all(s.endswith(".dark.svg#only-dark") for s in shown):
        problems.append(f"step-through in the dark palette shows {shown}")
    set_scheme(session.page, "default")
    problems += [f"back to light: {p}" for p in themed_problems(session, "default")]
    assert problems == [], "\n".join(problems)
    session.assert_clean()


#: A style recalculation that touches this share of a page's elements restyles the whole page.
WHOLE_PAGE = 0.9


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["zh/layers/", "reference/functions/"])
def test_a_page_is_styled_once_while_it_loads(path, color_scheme, browse, chromium):
    """No script makes the browser restyle every element of a page while it loads.

    Chromium's trace names each style recalculation and how many elements it styled. The page's
    first styling covers most of it once; before the fixes (site_tools.page_load, the root's
    classes set in the head, the site's own palette toggle) Material's script restyled the
    whole page four more times, and moved each table (rebuilding it): on a phone most of the
    blocking time of a long page. The pages: one full of formulas with a table, and the longest
    API page; both palettes, as the system preference (the palette script resolves "system"
    while the header is parsed).
    """
    session = browse(color_scheme)
    chromium.start_tracing(page=session.page, categories=["devtools.timeline"])
    try:
        session.goto(path)
    finally:
        trace = json.loads(chromium.stop_tracing())
    elements = session.page.evaluate("() => document.getElementsByTagName('*').length")
    styled = [
        event["args"]["elementCount"]
        for event in trace["traceEvents"]
        if event.get("name") == "UpdateLayoutTree" and "elementCount" in event.get("args", {})
    ]
    whole = [n for n in styled if n >= WHOLE_PAGE * elements]
    assert styled, f"{path}: the trace has no style recalculation"
    assert len(whole) <= 1, (
        f"{path} ({color_scheme}): {len(whole)} style recalculations each styled at least "
        f"{WHOLE_PAGE:.0%} of its {elements} elements ({whole}); once is the page's first styling"
    )
    assert scheme(session.page) == SCHEMES[color_scheme]
    session.assert_clean()


#: Chromium trace categories that also say, for each element restyled or laid out again, why
#: (and, when a script forced the work, that script's stack).
INVALIDATION_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline.invalidationTracking"]


#: A web font arriving in a page that is already laid out (a KaTeX face the page does not use).
ARRIVING_FONT_JS = """async url => {
    const face = new FontFace('gg-arriving', `url(${url})`);
    document.fonts.add(face);
    await face.load();
    document.body.getBoundingClientRect();
}"""


@pytest.mark.browser
def test_an_arriving_font_restyles_no_formula(browse, chromium):
    """A web font that arrives while a page loads makes the browser restyle no formula.

    KaTeX's MathML copy of each formula (for screen readers, clipped to a pixel) sizes its text
    from the math font by default (``font-size: math``), and its table cells pad themselves in
    ``ex``, so Chromium restyled every MathML element whenever any web font finished loading:
    on ``zh/layers/``, about 400 elements per KaTeX font, up to seven fonts per page, each a
    long task on a phone. ``extra.css`` sizes them like their parent and drops the cells'
    padding. The trace's invalidation records name each element restyled for a font ("Fonts");
    ``zh/layers/`` has both kinds (its matrices were the 16 cells left after the first rule).
    """
    session = browse("light")
    session.goto("zh/layers/")
    assert session.page.locator(".katex-mathml math").count() > 20
    font = session.url("assets/vendor/katex/fonts/KaTeX_Caligraphic-Regular.woff2")
    chromium.start_tracing(page=session.page, categories=INVALIDATION_CATEGORIES)
    try:
        session.page.evaluate(ARRIVING_FONT_JS, font)
    finally:
        trace = json.loads(chromium.stop_tracing())
    restyled = [
        event["args"]["data"].get("nodeName", "?")
        for event in trace["traceEvents"]
        if event.get("name") == "StyleRecalcInvalidationTracking"
        and event["args"].get("data", {}).get("reason") == "Fonts"
    ]
    assert restyled == [], f"zh/layers/: {len(restyled)} elements restyled for a font, e.g. {restyled[:8]}"
    session.assert_clean()


#: Installed before the page's own scripts: when the document is parsed, KaTeX's main font
#: arrives again (a second face of the family, from bytes, loaded at once), just before the
#: page's DOMContentLoaded listeners run.
FONT_AT_PARSED_JS = """document.addEventListener('DOMContentLoaded', () => {
    const bytes = Uint8Array.from(atob('%s'), c => c.charCodeAt(0));
    document.fonts.add(new FontFace('KaTeX_Main', bytes));
});"""


@pytest.mark.browser
def test_material_measures_a_page_already_laid_out(browse, chromium, built_site):
    """Material's scripts start on a page whose style and layout are current.

    A web font that arrives between the browser's last frame and DOMContentLoaded leaves every
    formula to be laid out again, and Material's first read of a size does it, with its script
    stack (some fifty frames) recorded for each box in a performance trace: 2,000 boxes,
    110-130 ms on ``layers/`` in Lighthouse's recording, 270 ms of blocking time once it
    simulates a phone. ``main.html`` registers a listener before Material's that reads the
    page's height. Here that race is made certain (the font added as the document is parsed):
    every box laid out again for it during the DOMContentLoaded event must be so from the
    page's own one-frame listener. (KaTeX's fonts also arrive from the server at moments that
    vary from run to run, and Material reads sizes at other moments too; those are not counted.)
    """
    font = built_site / "assets" / "vendor" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2"
    session = browse("light")
    session.page.add_init_script(FONT_AT_PARSED_JS % base64.b64encode(font.read_bytes()).decode())
    chromium.start_tracing(page=session.page, categories=INVALIDATION_CATEGORIES)
    try:
        session.goto("zh/layers/")
    finally:
        trace = json.loads(chromium.stop_tracing())
    events = trace["traceEvents"]
    parsed = [
        (event["tid"], event["ts"], event["ts"] + event["dur"])
        for event in events
        if event.get("name") == "EventDispatch"
        and event.get("args", {}).get("data", {}).get("type") == "DOMContentLoaded"
        and "dur" in event
    ]
    stacks = [
        event["args"]["data"].get("stackTrace") or []
        for event in events
        if event.get("name") == "LayoutInvalidationTracking"
        and event["args"].get("data", {}).get("reason") == "Fonts changed"
        and any(tid == event["tid"] and start <= event["ts"] <= end for tid, start, end in parsed)
    ]
    assert len(stacks) > 1000, f"the font laid out only {len(stacks)} boxes again at DOMContentLoaded"
    page = session.url("zh/layers/")
    other = [stack for stack in stacks if len(stack) != 1 or stack[0]["url"] != page]
    assert other == [], (
        f"{len(other)} of {len(stacks)} boxes laid out again at DOMContentLoaded from another "
        f"script, e.g. {other[0][0]['url'] if other[0] else '(no script)'} ({len(other[0])} frames)"
    )
    session.assert_clean()


#: What a table looks like: the computed styles compared between the build's wrapped tables and
#: a table as Material styles it.
TABLE_LOOK = {
    "table": ["display", "fontSize", "backgroundColor", "borderTop", "borderLeft", "borderRadius",
              "overflowX", "width", "marginTop"],
    "th": ["paddingTop", "paddingLeft", "fontWeight", "verticalAlign", "textAlign", "minWidth"],
    "td": ["paddingTop", "paddingLeft", "verticalAlign", "textAlign", "borderTop"],
}


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_tables_look_as_material_draws_them(color_scheme, browse):
    """A table the build wrapped (class gg-table) looks like one Material wraps as the page loads.

    The page's first table is copied beside itself without its class, the copy in Material's
    wrapper as its script leaves a table: the two must compute the same styles.
    """
    session = browse(color_scheme)
    session.goto("zh/glossary/")
    looks = session.page.evaluate(
        """(props) => {
            const ours = document.querySelector('article .md-typeset__scrollwrap');
            const copy = ours.cloneNode(true);
            copy.querySelector('table').removeAttribute('class');
            ours.after(copy);
            const look = (wrap) => Object.fromEntries(Object.entries(props).map(([tag, names]) => {
                const style = getComputedStyle(wrap.querySelector(tag));
                return [tag, Object.fromEntries(names.map(n => [n, style[n]]))];
            }));
            return {ours: look(ours), material: look(copy), classes: ours.querySelector('table').className};
        }""",
        TABLE_LOOK,
    )
    assert looks["classes"] == TABLE_CLASS
    assert looks["ours"] == looks["material"]
    session.assert_clean()


SHOTS = [("", "home"), ("backward-propagation/", "backward-propagation")]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("url", "name"), SHOTS, ids=[s[1] for s in SHOTS])
def test_full_page_screenshots(url, name, lang, browse):
    """Full-page screenshots (light palette, 1280 px wide) for people to look at: test-artifacts/.

    ``{lang}-{name}-top.png`` is the first screen only; the README shows one of those
    (docs/assets/screenshots/, copied by hand when the site changes).
    """
    session = browse("light")
    session.goto(("zh/" if lang == "zh" else "") + url)
    session.page.evaluate("() => document.activeElement && document.activeElement.blur()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    full = ARTIFACTS / f"{lang}-{name}.png"
    top = ARTIFACTS / f"{lang}-{name}-top.png"
    session.page.screenshot(path=str(full), full_page=True, animations="disabled")
    session.page.screenshot(path=str(top), full_page=False, animations="disabled")
    for path in (full, top):
        assert path.stat().st_size > 20_000, f"{path} looks empty"
    height = session.page.evaluate("() => document.documentElement.scrollHeight")
    assert height > 800, "the page is shorter than one screen"
    session.assert_clean()


# --------------------------------------------------------------------------------------------
# The efficiency page's reason-two figure (docs/assets/javascripts/sweeps.js)
# --------------------------------------------------------------------------------------------

SWEEPS_JS = """() => Array.from(document.querySelectorAll('[data-gg-sweeps] .gg-sweeps-mode')).map(m => {
    const c = m.querySelector('.gg-sweeps-counter');
    return {mode: m.dataset.mode, done: +c.dataset.sweeps, total: +c.dataset.total,
            evaluations: +c.dataset.evaluations,
            entries: Array.from(m.querySelectorAll('.gg-sweeps-entry-value')).map(v => v.textContent)};
})"""


def _sweeps(session) -> dict:
    return {m["mode"]: m for m in session.page.evaluate(SWEEPS_JS)}


SWEEPS_DRAWN_JS = """() => Array.from(document.querySelectorAll('[data-gg-sweeps] img.gg-sweeps-graph'))
    .every(img => img.complete)"""


def _wait_for_the_new_graph(session) -> None:
    """Wait until the figure shows the graph of its new size, as a reader does before pressing.

    The new SVG loads after the size changes, and the figure's height follows it: a click sent
    in between can land where the step button was a moment before.
    """
    session.page.wait_for_function(SWEEPS_DRAWN_JS)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_efficiency_reason_two_counts_are_the_engines(lang, browse):
    """Sizes in both shapes: forward = n and reverse = 1 for the loss, 1 and m for the column."""
    from graphgrad.viz.model import format_number
    from site_tools.reason_two import column_sweeps, row_sweeps

    session = browse("light")
    session.goto(("zh/" if lang == "zh" else "") + "efficiency/")
    root = session.page.locator("[data-gg-sweeps]")
    size = root.locator(".gg-sweeps-size input")
    live = root.locator(".gg-sweeps-live")
    for shape, engine in (("row", row_sweeps), ("column", column_sweeps)):
        root.locator(f'input[name="gg-sweeps-shape"][value="{shape}"]').check()
        for n in (1, 3, 7, 16):
            size.fill(str(n))
            _wait_for_the_new_graph(session)
            expected = engine(n)
            before = _sweeps(session)
            assert before["forward"]["done"] == before["reverse"]["done"] == 0
            assert before["forward"]["entries"] == [""] * n
            for mode in ("forward", "reverse"):
                root.locator(f'.gg-sweeps-mode[data-mode="{mode}"] .gg-sweeps-step').click()
                assert _sweeps(session)[mode]["done"] == 1
                assert live.text_content().strip(), "a sweep is announced"
                run_all = root.locator(f'.gg-sweeps-mode[data-mode="{mode}"] .gg-sweeps-all')
                if len(expected[mode]) > 1:  # one sweep fills everything: "Run to the end" is done
                    run_all.click()
                assert run_all.is_disabled()
            after = _sweeps(session)
            wanted = {"forward": n, "reverse": 1} if shape == "row" else {"forward": 1, "reverse": n}
            for mode, sweeps in wanted.items():
                got = after[mode]
                assert got["done"] == got["total"] == sweeps == len(expected[mode]), (shape, n, mode, got)
                assert got["evaluations"] == sum(s["evaluations"] for s in expected[mode])
                assert got["entries"] == [format_number(v) for v in expected["jacobian"]]
            src = root.locator("img.gg-sweeps-graph").first.get_attribute("src")
            assert f"sweeps-{shape}-{n:02d}." in src, src
    session.assert_clean()


CONTRAST_JS = """el => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => {
        const lin = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        const [r, g, b] = rgb(c).map(lin);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const fg = lum(getComputedStyle(el).color);
    const bg = lum(getComputedStyle(document.body).backgroundColor);
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_efficiency_reason_two_refusal_is_readable_in_both_palettes(scheme, browse):
    """The message that refuses a size is shown in the error colour of the palette in use."""
    session = browse(scheme)
    session.goto("efficiency/")
    root = session.page.locator("[data-gg-sweeps]")
    root.locator(".gg-sweeps-size input").fill("17")
    message = root.locator(".gg-sweeps-message")
    assert "gg-sweeps-message--error" in (message.get_attribute("class") or "")
    ratio = message.evaluate(CONTRAST_JS)
    assert ratio >= 4.5, f"{scheme}: the refusal's contrast is {ratio:.2f}:1 (WCAG AA needs 4.5:1)"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_efficiency_reason_two_refuses_bad_sizes_and_works_by_keyboard(lang, browse):
    session = browse("dark")
    session.goto(("zh/" if lang == "zh" else "") + "efficiency/")
    page = session.page
    root = page.locator("[data-gg-sweeps]")
    size = root.locator(".gg-sweeps-size input")
    message = root.locator(".gg-sweeps-message")
    size.fill("4")
    _wait_for_the_new_graph(session)
    root.locator('.gg-sweeps-mode[data-mode="forward"] .gg-sweeps-step').click()
    for bad in ("0", "17", "abc", "", "2.5", "-3"):
        size.fill(bad)
        assert size.get_attribute("aria-invalid") == "true", bad
        text = message.text_content()
        assert "4" in text and text.strip(), (bad, text)
        state = _sweeps(session)["forward"]
        assert (state["total"], state["done"]) == (4, 1), (bad, state)  # the last good state stays
    # Keyboard: arrows change the size, Tab reaches the buttons, Enter runs a sweep.
    size.fill("4")
    size.focus()
    page.keyboard.press("ArrowUp")
    assert size.input_value() == "5" and size.get_attribute("aria-invalid") is None
    assert _sweeps(session)["forward"]["total"] == 5
    root.locator('.gg-sweeps-mode[data-mode="reverse"] .gg-sweeps-step').focus()
    page.keyboard.press("Enter")
    assert _sweeps(session)["reverse"]["done"] == 1
    live = root.locator(".gg-sweeps-live")
    assert live.get_attribute("aria-live") == "polite" and live.text_content().strip()
    assert message.get_attribute("aria-live") == "polite"
    # The dark graph is the one shown, and the figure fits a phone.
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('img.gg-sweeps-graph'))
            .filter(i => i.checkVisibility()).map(i => i.getAttribute('src'))"""
    )
    assert len(shown) == 1 and shown[0].endswith(".dark.svg#only-dark"), shown
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('[data-gg-sweeps], [data-gg-sweeps] *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.className || e.tagName)"""
    )
    assert wide == [], wide
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    session.assert_clean()
