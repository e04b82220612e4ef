"""Accessibility of the built site: axe-core on every page, and the keyboard alone.

- ``test_axe_finds_no_serious_violation``: axe-core (bundled by the ``axe-playwright-python``
  package, so nothing is downloaded at test time) runs on every page of both languages, in the
  light and in the dark palette. A serious or critical violation fails the test; moderate and
  minor ones are listed in pytest's warnings summary. Every violation also goes to
  ``test-artifacts/a11y/axe.json``.
- ``test_keyboard_alone``: from the top of the home page, Tab reaches the palette toggle, the
  language switch, the search, the editable graph, and (through the navigation) the diagram zoom
  and the step-through; each works with Enter, Space or the arrow keys, and every element the
  focus lands on shows a focus ring.

Speed: the contrast check dominates axe's time, and most of its elements are the tokens of
highlighted code. Pygments gives every token its colour by class, so tokens with the same class,
colour, font and backgrounds (the whole stack of them up to the first opaque one) have the same
contrast: axe checks the first of each such group on a page and skips its copies. Everything
else on the page goes through axe unchanged.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter

import pytest
from site_support import REPO, SitePage, source_pages
from test_browser import Session

PAGES = source_pages()
ARTIFACTS = REPO / "test-artifacts" / "a11y"
FAILING = ("serious", "critical")
SCHEMES = {"light": "default", "dark": "slate"}


class AxeNotice(UserWarning):
    """A moderate or minor axe-core finding: listed, not failed."""


# --------------------------------------------------------------------------------------------
# axe-core in the page
# --------------------------------------------------------------------------------------------

RUN_AXE_JS = """async (colourOnly) => {
    // The text of one kind (same element, class, colour, font, state and background stack)
    // has one contrast: color-contrast checks the first visible element of each kind.
    const signature = el => {
        const s = getComputedStyle(el);
        const parts = [el.tagName, el.className, el.matches(':disabled'), s.color, s.fontSize,
                       s.fontWeight, s.textShadow, s.webkitTextStrokeWidth];
        for (let a = el; a; a = a.parentElement) {
            const c = a === el ? s : getComputedStyle(a);
            if (c.opacity !== '1') parts.push('opacity ' + c.opacity);
            if (c.backgroundImage !== 'none') parts.push(c.backgroundImage);
            if (c.backgroundColor !== 'rgba(0, 0, 0, 0)') {
                parts.push(c.backgroundColor);
                if (c.backgroundColor.startsWith('rgb(')) break;  // opaque: nothing behind counts
            }
        }
        return parts.join('|');
    };
    const kinds = new Map();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || !el || !el.checkVisibility()) continue;
        const key = signature(el);
        if (!kinds.has(key)) kinds.set(key, el);
    }
    // color-contrast looks at the marked elements only; every other rule at the whole page.
    const chosen = Array.from(kinds.values());
    chosen.forEach(el => el.setAttribute('data-gg-axe-kind', ''));
    axe.configure({rules: [{id: 'color-contrast', selector: '[data-gg-axe-kind]'}]});
    const options = {resultTypes: ['violations']};
    if (colourOnly) options.runOnly = {type: 'rule', values: ['color-contrast', 'link-in-text-block']};
    let page;
    try {
        page = await axe.run(document, options);
    } finally {
        chosen.forEach(el => el.removeAttribute('data-gg-axe-kind'));
    }
    return page.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, url: v.helpUrl, kinds: kinds.size,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 240),
                                  summary: (n.failureSummary || '').slice(0, 400)}))}));
}"""


def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def set_palette(session: Session, scheme: str) -> None:
    """Click the header's palette toggle until the page uses ``scheme`` (``default`` or ``slate``)."""
    page = session.page
    for _ in range(4):
        if page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == scheme:
            return
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    raise AssertionError(f"the palette toggle never reached {scheme!r}")


@pytest.fixture(scope="module")
def axe_session(chromium, site_server):
    """One browser page for all axe runs of this module (a fresh one per page costs time)."""
    session = Session(chromium, site_server, "light")
    yield session
    session.close()


@pytest.fixture(scope="module")
def axe_log():
    """Every violation of every page and palette; written to test-artifacts/a11y/axe.json."""
    log: dict[str, list[dict]] = {}
    yield log
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(log, indent=1, ensure_ascii=False) + "\n"
    (ARTIFACTS / "axe.json").write_text(text, encoding="utf-8")


def describe(violation: dict, where: str) -> str:
    nodes = violation["nodes"]
    lines = [f"{where}: {violation['id']} ({violation['impact']}, {len(nodes)} elements)"]
    lines[0] += f": {violation['help']}"
    for node in nodes[:5]:
        lines.append(f"    {node['target']}: {node['html'][:160]}")
        lines += [f"      {line}" for line in node["summary"].splitlines()[1:3]]
    if len(nodes) > 5:
        lines.append(f"    ... and {len(nodes) - 5} more")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_axe_finds_no_serious_violation(page: SitePage, axe_session: Session, axe_log):
    session = axe_session
    response = session.page.goto(session.url(page.url), wait_until="load")
    assert response is not None and response.status == 200, f"{page.id}: HTTP {response and response.status}"
    failures, notices = [], []
    for name, scheme in SCHEMES.items():
        set_palette(session, scheme)
        if not session.page.evaluate("() => typeof axe !== 'undefined'"):
            session.page.evaluate(axe_script())
        violations = session.page.evaluate(RUN_AXE_JS, name == "dark")
        where = f"{page.id} ({name})"
        axe_log[where] = violations
        for v in violations:
            (failures if v["impact"] in FAILING else notices).append(describe(v, where))
    for notice in notices:
        warnings.warn(AxeNotice(notice), stacklevel=1)
    assert failures == [], "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_axe_covers_every_page_in_both_languages():
    assert {p.lang for p in PAGES} == {"en", "zh"}
    assert Counter(p.lang for p in PAGES)["en"] == Counter(p.lang for p in PAGES)["zh"]


@pytest.mark.browser
def test_axe_catches_a_violation(axe_session: Session):
    """The check is not vacuous: a low-contrast paragraph and a nameless button are reported."""
    session = axe_session
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
    if not session.page.evaluate("() => typeof axe !== 'undefined'"):
        session.page.evaluate(axe_script())
    found = {v["id"]: v["impact"] for v in session.page.evaluate(RUN_AXE_JS, False)}
    assert found.get("color-contrast") == "serious" and found.get("button-name") == "critical", found
