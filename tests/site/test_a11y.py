"""Accessibility of the built site beyond what axe-core sees, and axe's own check.

- axe-core runs on every page of both languages, in both palettes, in the per-page browser test
  (``test_browser.py::test_page_works_in_the_browser``, with :mod:`axe_support`): one page load
  serves every check of a page. Every violation also goes to ``test-artifacts/a11y/``.
- ``test_axe_catches_a_violation``: that check is not vacuous.
- ``test_keyboard_alone``: from the top of the home page, Tab reaches the palette toggle, the
  language switch, the search, the editable graph, and (through the navigation) the diagram zoom
  and the step-through; each works with Enter, Space or the arrow keys, and every element the
  focus lands on shows a focus ring.
"""

from __future__ import annotations

import pytest
from axe_support import run_axe, scheme
from test_browser import Session, browse  # noqa: F401 - the fixture, shared

# --------------------------------------------------------------------------------------------
# axe-core in the page
# --------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_axe_catches_a_violation(browse):  # noqa: F811
    """The check is not vacuous: a low-contrast paragraph and a nameless button are reported."""
    session = browse("light")
    session.goto("")
    session.page.evaluate(
        """() => {
            const p = document.createElement('p');
            p.textContent = 'grey on white';
            p.style.cssText = 'color: #bbb; background: #fff';
            const b = document.createElement('button');
            document.querySelector('.md-content article').append(p, b);
        }"""
    )
    found = {v["id"]: v["impact"] for v in run_axe(session.page, colour_only=False)}
    assert found.get("color-contrast") == "serious" and found.get("button-name") == "critical", found


# --------------------------------------------------------------------------------------------
# The keyboard alone
# --------------------------------------------------------------------------------------------

#: The focused element, and whether it shows a focus ring (an outline or a box shadow). A
#: control drawn by its label (Material's palette radio has no size) shows it on the label.
FOCUS_JS = """(selector) => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const area = e => { const r = e.getBoundingClientRect(); return r.width * r.height; };
    let shown = el;
    if (!area(el)) {
        const labels = [el.nextElementSibling, ...(el.labels || [])]
            .filter(l => l && l.tagName === 'LABEL' && l.checkVisibility() && area(l));
        if (labels.length) shown = labels[0];
    }
    const s = getComputedStyle(shown), r = shown.getBoundingClientRect();
    const cls = typeof el.className === 'string' ? el.className.replace('focus-visible', '').trim() : '';
    const name = (el.getAttribute('aria-label') || el.getAttribute('title') || el.innerText
        || el.getAttribute('alt') || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return {
        matches: !!selector && el.matches(selector),
        what: `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}> ${name}`,
        ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
        shown: shown.checkVisibility() && area(shown) > 0
            && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    };
}"""

QUERIES = {"en": "chain rule", "zh": "链式法则"}


class Keyboard:
    """Presses keys on a :class:`Session` and checks that the focus is visible after every Tab."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.page = session.page
        self.problems: list[str] = []
        self.visited = 0

    def check_focus(self, after: str, selector: str = "") -> dict | None:
        info = self.page.evaluate(FOCUS_JS, selector)
        if info is None:
            self.problems.append(f"{self.page.url}: after {after} the focus is on nothing")
        elif not info["shown"] or not info["ring"]:
            state = "is not on screen" if not info["shown"] else "shows no focus ring"
            problem = f"{self.session.path()}: focused {info['what']} {state}"
            if problem not in self.problems:
                self.problems.append(problem)
        return info

    def tab_to(self, selector: str, what: str, key: str = "Tab", limit: int = 250) -> None:
        """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
        for _ in range(limit):
            self.page.keyboard.press(key)
            self.visited += 1
            info = self.check_focus(key, selector)
            if info and info["matches"]:
                return
        raise AssertionError(f"/{self.session.path()}: {limit} presses of {key} never reached {what}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.check_focus(key)

    def active(self, script: str):
        return self.page.evaluate(f"() => {{ const el = document.activeElement; return {script}; }}")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_keyboard_alone(lang, browse):  # noqa: F811
    """From the top of the home page with the keyboard alone, in the page's language."""
    prefix = "zh/" if lang == "zh" else ""
    other = "en" if lang == "zh" else "zh"
    session = browse("light")
    keys = Keyboard(session)
    page = session.page

    def follow(key: str = "Enter") -> None:
        with page.expect_navigation(wait_until="load"):
            page.keyboard.press(key)
        session.settle()

    # The palette toggle: Enter moves to the next palette, the arrow keys too (a radio group).
    session.goto(prefix)
    keys.tab_to("form[data-gg-palette] input", "the palette toggle")
    seen = [scheme(page)]
    for key in ("Enter", "Enter", "Enter", "ArrowRight", "ArrowRight", "ArrowRight"):
        keys.press(key)
        seen.append(scheme(page))
    assert {"default", "slate"} <= set(seen), f"the palette toggle went through {seen}"
    assert keys.active("el.matches('form[data-gg-palette] input')"), "the focus left the toggle"

    # The language menu opens as the focus enters it (it is used at the end).
    keys.tab_to(".md-header .md-select button", "the language menu")
    keys.tab_to(f".md-header a.md-select__link[hreflang={other}]", f"the {other} entry of the language menu")

    # The search: type, the arrow keys walk the results, Enter opens one in the same language.
    keys.tab_to(".md-search__input", "the search box")
    page.keyboard.type(QUERIES[lang])
    page.keyboard.press("End")  # Material searches on keyup; Chinese typed via an IME ends with one
    page.wait_for_selector(".md-search-result__item a")
    keys.press("ArrowDown")
    assert keys.active("el.matches('.md-search-result__link')"), "ArrowDown did not reach a search result"
    follow()
    assert session.path().startswith("zh/") == (lang == "zh"), f"search led to /{session.path()}"

    # The editable graph: labelled inputs; bad input is marked invalid and said in a live region.
    session.goto(prefix)
    keys.tab_to(".gg-editable input", "the editable graph")
    field = keys.active("({id: el.id, label: el.labels.length ? el.labels[0].innerText.trim() : ''})")
    assert field["label"], f"the input #{field['id']} has no label"
    page.keyboard.press("Control+A")
    page.keyboard.type("abc")
    message = page.locator(".gg-editable-message")
    page.wait_for_function("m => m.innerText.trim() !== ''", arg=message.element_handle())
    live = message.evaluate("m => m.getAttribute('aria-live') || m.getAttribute('role')")
    assert live in ("polite", "assertive", "status", "alert"), f"the error message is not announced ({live})"
    assert keys.active("el.getAttribute('aria-invalid')") == "true"
    page.keyboard.press("Control+A")
    page.keyboard.type("150")
    page.wait_for_function("() => !document.activeElement.hasAttribute('aria-invalid')")

    # Back up to the navigation, on to the page with zoomable diagrams and a step-through.
    keys.tab_to("a.md-nav__link[href$='backward-propagation/']", "the navigation", key="Shift+Tab")
    follow()
    assert session.path() == f"{prefix}backward-propagation/"

    # The zoom: Enter or Space opens a dialog whose Close button holds the focus; Escape or Enter
    # closes it and the focus is back on the diagram.
    keys.tab_to("img.gg-zoom", "a zoomable diagram")
    diagram = keys.active("el.getAttribute('src')")
    overlay = page.locator(".gg-zoom-overlay")
    for opener, closer in (("Enter", "Escape"), ("Space", "Enter")):
        keys.press(opener)
        opened = overlay.count() == 1 and overlay.get_attribute("role") == "dialog"
        assert opened, f"{opener} opened no dialog"
        assert keys.active("el.matches('.gg-zoom-overlay button')"), "the dialog does not hold the focus"
        keys.press("Tab")
        assert keys.active("el.matches('.gg-zoom-overlay button')"), "Tab left the dialog"
        keys.press(closer)
        assert overlay.count() == 0, f"{closer} did not close the dialog"
        assert keys.active("el.getAttribute('src')") == diagram, "the focus did not return to the diagram"

    # The step-through: Enter and Space press Next step; the arrow keys step; each step's
    # caption is said in the live region.
    keys.tab_to("[data-gg-steps] .gg-steps-next", "the step-through's Next step button")
    widget = page.locator("[data-gg-steps]", has=page.locator(".gg-steps-next:focus"))
    status, live = widget.locator(".gg-steps-status"), widget.locator("[aria-live]")
    captions = widget.locator("figcaption").all_inner_texts()
    for key, step in (("Enter", 1), ("Space", 2), ("ArrowLeft", 1), ("ArrowRight", 2)):
        keys.press(key)
        shown = widget.locator(".gg-steps-frame:not([hidden])").get_attribute("data-step")
        assert shown == str(step), f"after {key} the step-through shows step {shown}, expected {step}"
        want = widget.locator(".gg-steps-frame").nth(step).get_attribute("data-status")
        assert status.inner_text().strip() == want, f"after {key} the status says {status.inner_text()!r}"
        said = live.inner_text().strip()
        assert said == captions[step].strip(), f"after {key} the live region says {said!r}"

    # The language switch, from here: the same page in the other language.
    keys.tab_to(f".md-header a.md-select__link[hreflang={other}]", "the language menu", key="Shift+Tab")
    follow()
    assert session.path() == ("" if lang == "zh" else "zh/") + "backward-propagation/", session.path()
    assert page.evaluate("() => document.documentElement.lang") == other

    where = f"{lang}, {keys.visited} presses of Tab or Shift+Tab"
    assert keys.problems == [], f"focus not visible ({where}):\n" + "\n".join(keys.problems)
    session.assert_clean()
