"""The site at phone width (390 × 844 CSS px, the size of a common phone), in Chromium.

Every page of both languages: the page never scrolls sideways, and every engine diagram keeps
its numbers readable (drawn at 60 % of its size or more; a wider one scrolls inside its own
box). Zooming a wide diagram opens it full screen at its drawn size or larger, in an overlay
the reader can pan, and Close brings the page back.
"""

from __future__ import annotations

import pytest
from site_support import source_pages
from test_browser import browse  # noqa: F401 - the fixture, shared

PHONE = {"width": 390, "height": 844}
#: Smallest share of its drawn size a diagram may be shown at: its 13-pt labels stay ≥ 10 px.
READABLE = 0.59

LAYOUT_JS = """() => {
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


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_fits_a_phone(lang, browse):  # noqa: F811
    session = browse()
    session.page.set_viewport_size(PHONE)
    problems, seen = [], 0
    for page in [p for p in source_pages() if p.lang == lang]:
        # The layout is known once the page has loaded: images carry their sizes, lazy ones
        # need not arrive (the desktop tests check that every image loads).
        response = session.page.goto(session.url(page.url), wait_until="load")
        assert response is not None and response.status == 200, page.url
        result = session.page.evaluate(LAYOUT_JS)
        seen += result["diagrams"]
        problems += [f"/{page.url}: {p}" for p in result["problems"]]
    assert seen >= 10, f"only {seen} diagrams checked: the test would pass vacuously"
    assert problems == [], "\n".join(problems)
    # Moving on at "load" cancels late requests (search index, favicon): not failures here.
    session.problems = [p for p in session.problems if "net::ERR_ABORTED" not in p]
    session.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_zoom_on_a_phone_shows_the_diagram_at_full_size(lang, browse):  # noqa: F811
    session = browse()
    session.page.set_viewport_size(PHONE)
    session.goto(("zh/" if lang == "zh" else "") + "layers/")
    widest = session.page.evaluate(
        """() => { const imgs = Array.from(document.querySelectorAll('img.gg-zoom'))
            .filter(i => i.checkVisibility());
          imgs.sort((a, b) => b.width - a.width);
          imgs[0].setAttribute('data-test-widest', '1');
          return parseFloat(imgs[0].getAttribute('width')); }"""
    )
    assert widest > PHONE["width"], "pick a page with a diagram wider than a phone"
    img = session.page.locator("img[data-test-widest]")
    img.scroll_into_view_if_needed()
    img.click()
    overlay = session.page.locator(".gg-zoom-overlay")
    big = overlay.locator("img")
    session.page.wait_for_function(
        "() => { const i = document.querySelector('.gg-zoom-overlay img'); return i && i.style.width; }"
    )
    shown = big.evaluate("i => i.getBoundingClientRect().width")
    assert shown >= widest - 1, f"zoomed to {shown} px, smaller than its drawn {widest} px"
    assert "gg-zoom-overlay--pan" in (overlay.get_attribute("class") or "")
    scroll = overlay.evaluate("o => [o.scrollWidth, o.clientWidth, getComputedStyle(o).overflowX]")
    assert scroll[0] > scroll[1] and scroll[2] == "auto", f"the overlay cannot be panned: {scroll}"
    overlay.evaluate("o => { o.scrollLeft = o.scrollWidth; }")
    assert overlay.evaluate("o => o.scrollLeft") > 0, "panning to the right edge did not move"
    close = session.page.locator(".gg-zoom-close")
    assert close.is_visible() and close.bounding_box()["x"] + close.bounding_box()["width"] <= PHONE["width"]
    close.click()
    assert session.page.locator(".gg-zoom-overlay").count() == 0
    assert session.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    session.assert_clean()
