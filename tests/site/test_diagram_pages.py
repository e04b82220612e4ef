"""Diagrams in the built site: every image exists, comes in light and dark, speaks the page's
language; the step-through works in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "img" and "gg-zoom" in a.get("class", "").split():
            self.images.append(a)


def diagram_images(page: Path) -> list[dict[str, str]]:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.images


def pages_with_diagrams(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("index.html")) if diagram_images(p)]


def test_diagram_images_exist_in_both_themes_with_alt_in_the_page_language(built_site: Path):
    pages = pages_with_diagrams(built_site)
    assert any(p.relative_to(built_site).parts[0] == "zh" for p in pages), "no Chinese page has a diagram"
    assert any(p.relative_to(built_site).parts[0] != "zh" for p in pages), "no English page has a diagram"
    for page in pages:
        rel = page.relative_to(built_site).as_posix()
        zh = rel.startswith("zh/")
        url = "http://site/" + rel
        images = diagram_images(page)
        themes = [urlsplit(img["src"]).fragment for img in images]
        assert themes.count("only-light") == themes.count("only-dark") == len(images) // 2, rel
        for img in images:
            path = urlsplit(urljoin(url, img["src"])).path.lstrip("/")
            target = built_site / path
            assert target.is_file(), f"{rel}: {img['src']} does not exist"
            assert f".{'zh' if zh else 'en'}." in target.name, f"{rel}: {target.name} in the wrong language"
            assert img["alt"].strip(), f"{rel}: {target.name} has no alt text"
            assert bool(CJK.search(img["alt"])) == zh, f"{rel}: alt text not in the page language"


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (conftest.py): one Playwright per session, two cannot run at once."""
    return chromium


def _steps_page(built_site: Path, zh: bool) -> str:
    for page in pages_with_diagrams(built_site):
        rel = page.relative_to(built_site).as_posix()
        if rel.startswith("zh/") == zh and 'class="gg-steps"' in page.read_text(encoding="utf-8"):
            return rel[: -len("index.html")]
    pytest.skip("no page has a [[steps …]] block yet")


@pytest.mark.browser
@pytest.mark.parametrize(("zh", "scheme"), [(False, "light"), (True, "dark")])
def test_step_through_in_a_browser(built_site, served, browser, zh, scheme):
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + _steps_page(built_site, zh))
    widget = page.locator(".gg-steps").first
    frames = widget.locator(".gg-steps-frame")
    n = frames.count()
    status = widget.locator(".gg-steps-status")
    prev, nxt = widget.locator(".gg-steps-prev"), widget.locator(".gg-steps-next")
    last = n - 1
    assert widget.locator(".gg-steps-controls").is_visible()
    # Each frame names its own status ("Step 0 of 5", "Forward propagation: start", …).
    statuses = [frames.nth(k).get_attribute("data-status") for k in range(n)]
    assert all(statuses) and len(set(statuses)) == n
    assert status.inner_text() == statuses[0]
    assert prev.is_disabled() and not nxt.is_disabled()
    assert prev.inner_text() == ("上一步" if zh else "Previous step")

    def visible_frames() -> list[int]:
        return [k for k in range(n) if frames.nth(k).is_visible()]

    assert visible_frames() == [0]
    nxt.click()
    nxt.click()
    assert visible_frames() == [2]
    assert status.inner_text() == statuses[2]
    for _ in range(n):
        nxt.click() if not nxt.is_disabled() else None
    assert visible_frames() == [last] and nxt.is_disabled()
    assert page.evaluate("document.activeElement.classList.contains('gg-steps-prev')")  # focus not lost
    page.keyboard.press("ArrowLeft")
    assert visible_frames() == [last - 1]
    # the current frame shows the image of the page's colour scheme, and it has loaded
    shown = frames.nth(last - 1).locator("img")
    visible = [shown.nth(i) for i in range(shown.count()) if shown.nth(i).is_visible()]
    assert len(visible) == 1
    src = visible[0].get_attribute("src")
    assert src.endswith(f".{scheme}.svg#only-{scheme}")
    visible[0].scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=visible[0].element_handle())
    assert errors == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("zh", "scheme"), [(False, "dark"), (True, "light")])
def test_forward_mode_step_through_counts_sweeps(built_site, served, browser, zh, scheme):
    """The efficiency page's forward-mode step-through: sweep 1 node by node, then one frame per sweep."""
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + ("zh/" if zh else "") + "efficiency/")
    label = "前向模式，逐趟演示" if zh else "Forward mode, sweep by sweep"
    widget = page.locator(f'[data-gg-steps][aria-label="{label}"]')
    assert widget.count() == 1
    status = widget.locator(".gg-steps-status")
    nxt = widget.locator(".gg-steps-next")
    frames = widget.locator(".gg-steps-frame")
    assert frames.count() == 9  # 4 nodes of sweep 1 (+ its start), then sweeps 2 to 5
    first = "第 1 趟（共 5 趟），开始之前" if zh else "Sweep 1 of 5, before the first node"
    assert status.inner_text() == first
    seen = [status.inner_text()]
    while not nxt.is_disabled():
        nxt.click()
        seen.append(status.inner_text())
    want_last = [f"第 {s} 趟（共 5 趟）" if zh else f"Sweep {s} of 5" for s in range(2, 6)]
    assert seen[-4:] == want_last and len(seen) == 9
    shown = [k for k in range(9) if frames.nth(k).is_visible()]
    assert shown == [8]
    caption = frames.nth(8).locator("figcaption").inner_text()
    assert "650" in caption and ("消费税" if zh else "consumption tax") in caption
    img = [i for i in frames.nth(8).locator("img").all() if i.is_visible()]
    lang = "zh" if zh else "en"
    assert len(img) == 1
    assert img[0].get_attribute("src").endswith(f"-tangent-step-08.{lang}.{scheme}.svg#only-{scheme}")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img[0].element_handle())
    assert errors == []
    page.close()
