"""The site at phone width (390 × 844 CSS px, the size of a common phone), in Chromium.

test_browser.py lays every page of both languages out at this width too
(:func:`site_support.phone_problems`): the page never scrolls sideways, and every engine diagram
keeps its numbers readable (drawn at 60 % of its size or more; a wider one scrolls inside its
own box). Here: that check finds the diagrams it should, and zooming a wide diagram opens it
full screen at its drawn size, in an overlay the reader can pan, and Close brings the page back.
"""

from __future__ import annotations

import pytest
from site_support import PHONE, phone_problems
from test_browser import browse  # noqa: F401 - the fixture, shared


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_check_sees_the_diagrams(lang, browse):  # noqa: F811
    """test_browser.py runs the phone check on every page; here it must find real work to do."""
    session = browse()
    session.goto(("zh/" if lang == "zh" else "") + "backward-propagation/")
    problems, seen = phone_problems(session.page)
    assert seen >= 8, f"only {seen} diagrams checked: the phone check would pass vacuously"
    assert problems == []
    session.goto("zh/" if lang == "zh" else "")
    problems, seen = phone_problems(session.page)
    assert seen == 1 and problems == [], (seen, problems)  # the editable graph's visible diagram
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
