"""axe-core in a page of the built site: run it, and say what it found.

axe-core comes bundled with the ``axe-playwright-python`` package, so nothing is downloaded at
test time. :func:`axe_problems` runs it in the light palette (every rule) and in the dark one
(the colour rules: the structure of a page does not change with its palette), and fails on
every violation, moderate and minor ones included: Lighthouse's accessibility score counts them
(a heading that skips a level costs a point).

Speed: the contrast check dominates axe's time, and most of its elements are the tokens of
highlighted code. Pygments gives every token its colour by class, so tokens with the same class,
colour, font and backgrounds (the whole stack of them up to the first opaque one) have the same
contrast: axe checks the first of each such group on a page and skips its copies. Everything
else on the page goes through axe unchanged.
"""

from __future__ import annotations

#: Material's palettes: the light one is ``default``, the dark one ``slate``.
SCHEMES = {"light": "default", "dark": "slate"}

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


def scheme(page) -> str:
    """The palette a Playwright ``page`` shows: ``default`` (light) or ``slate`` (dark)."""
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def set_scheme(page, wanted: str) -> None:
    """Click the header's palette toggle until ``page`` uses ``wanted`` (default or slate)."""
    for _ in range(4):
        if scheme(page) == wanted:
            return
        page.locator("form[data-gg-palette] label:not([hidden])").click()
    raise AssertionError(f"the palette toggle never reached {wanted!r}")


def run_axe(page, colour_only: bool) -> list[dict]:
    """axe's violations on ``page`` as it is now (every rule, or the colour rules alone)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_script())
    return page.evaluate(RUN_AXE_JS, colour_only)


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
