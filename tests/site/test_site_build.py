"""The strict site build, and what the built site must (not) contain.

The site is built once per session by the ``site_build``/``built_site`` fixtures in conftest.py.
"""

from __future__ import annotations

import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_tools.paths import REPO  # noqa: E402
from site_tools.site_config import site_config

# Hosts that a page of this site must never load anything from.
FORBIDDEN_HOSTS = (
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
    "api.github.com",
    "polyfill.io",
)


class _Elements(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def elements(path: Path) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def content_pages(site: Path, zh: bool) -> list[Path]:
    """index.html of every page of one language (not 404.html, not assets)."""
    pages = []
    for path in html_pages(site):
        rel = path.relative_to(site).as_posix()
        if path.name != "index.html" or rel.startswith("assets/"):
            continue
        if rel.startswith("zh/") == zh:
            pages.append(path)
    return pages


def page_url(site: Path, path: Path) -> str:
    """The page's URL relative to the site root, as MkDocs writes it (``chain-rule/``)."""
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")]


def html_lang(path: Path) -> str:
    for tag, attrs in elements(path):
        if tag == "html":
            return attrs.get("lang", "")
    return ""


def switcher_links(path: Path) -> dict[str, str]:
    """hreflang -> href of the language switcher in the header."""
    return {
        attrs["hreflang"]: attrs["href"]
        for tag, attrs in elements(path)
        if tag == "a" and "md-select__link" in attrs.get("class", "") and "hreflang" in attrs
    }


# --------------------------------------------------------------------------------------------
# The build itself
# --------------------------------------------------------------------------------------------


def test_strict_build_succeeds_without_warnings(site_build):
    assert site_build.returncode == 0, site_build.log
    warnings = [line for line in site_build.log.splitlines() if re.match(r"\s*WARNING\b", line)]
    assert warnings == [], "\n".join(warnings)
    errors = [line for line in site_build.log.splitlines() if re.match(r"\s*ERROR\b", line)]
    assert errors == [], "\n".join(errors)


def test_both_languages_are_built_with_their_html_lang(built_site: Path):
    assert html_lang(built_site / "index.html") == "en"
    assert html_lang(built_site / "zh" / "index.html") == "zh"


def test_every_page_exists_in_both_languages(built_site: Path):
    en = {page_url(built_site, p) for p in content_pages(built_site, zh=False)}
    zh = {page_url(built_site, p).removeprefix("zh/") for p in content_pages(built_site, zh=True)}
    assert en, "no English pages were built"
    assert en == zh, f"only English: {sorted(en - zh)}; only Chinese: {sorted(zh - en)}"
    for page in content_pages(built_site, zh=False):
        assert html_lang(page) == "en", page
    for page in content_pages(built_site, zh=True):
        assert html_lang(page) == "zh", page


def test_language_switcher_links_to_the_same_page_in_the_other_language(built_site: Path):
    for zh in (False, True):
        for page in content_pages(built_site, zh=zh):
            url = page_url(built_site, page)
            twin = url.removeprefix("zh/") if zh else "zh/" + url
            links = switcher_links(page)
            assert set(links) == {"en", "zh"}, (url, links)
            other = links["en" if zh else "zh"]
            resolved = urlsplit(urljoin("https://x.test/" + url, other)).path.lstrip("/")
            assert resolved == twin, f"{url}: switcher goes to {other!r} = {resolved!r}"


def test_page_heads_have_no_hreflang_links(built_site: Path):
    # Material's JavaScript fetches sitemap.xml next to each one: they would make failing
    # requests on every page load (the hreflang alternates are in sitemap.xml instead).
    for page in html_pages(built_site):
        for tag, attrs in elements(page):
            assert not (tag == "link" and "hreflang" in attrs), page
    assert 'hreflang="zh"' in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_404_page_is_english_and_links_to_both_home_pages(built_site: Path):
    page = built_site / "404.html"
    assert html_lang(page) == "en"
    # Served at any path, so its links are absolute (site_url's path).
    path = site_config().site_path
    assert switcher_links(page) == {"en": path, "zh": path + "zh/"}


def test_edit_links_point_at_the_page_source_in_its_language(built_site: Path):
    def edit_href(path: Path) -> str:
        for tag, attrs in elements(path):
            if tag == "a" and "/edit/main/docs/" in attrs.get("href", ""):
                return attrs["href"]
        return ""

    config = site_config()  # repo_url and edit_uri of mkdocs.yml
    assert edit_href(built_site / "chain-rule" / "index.html") == config.edit_url("chain-rule.md")
    assert edit_href(built_site / "zh" / "chain-rule" / "index.html") == config.edit_url("chain-rule.zh.md")


def test_chinese_navigation_and_title_are_translated(built_site: Path):
    text = (built_site / "zh" / "index.html").read_text(encoding="utf-8")
    for title in ("计算图", "链式法则", "反向传播", "为什么反向传播更高效", "训练两层神经网络", "API 参考"):
        assert f"{title}" in text, title
    assert "为什么反向传播更高效</title>" in text  # site_name in the page language
    assert 'title="切换到深色模式"' in text  # palette toggle
    assert 'title="Switch to dark mode"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_chinese_headings_have_readable_ids(built_site: Path):
    ids = {attrs.get("id") for _, attrs in elements(built_site / "zh" / "chain-rule" / "index.html")}
    assert "链式法则" in ids


def test_no_instant_navigation(built_site: Path):
    # navigation.instant breaks the i18n language switcher.
    for page in (built_site / "index.html", built_site / "zh" / "index.html"):
        assert "navigation.instant" not in page.read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Nothing from third-party hosts
# --------------------------------------------------------------------------------------------


def _is_same_site(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return not parts.scheme and not parts.netloc


def test_pages_load_scripts_styles_and_images_only_from_the_site(built_site: Path):
    offending = []
    for page in html_pages(built_site):
        for tag, attrs in elements(page):
            url = None
            if tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
                url = attrs.get("src")
            elif tag == "link":
                rel = attrs.get("rel", "").lower().split()
                if {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect"} & set(rel):
                    url = attrs.get("href")
            if url and not _is_same_site(url):
                offending.append(f"{page.relative_to(built_site)}: <{tag}> {url}")
    assert offending == [], "\n".join(offending)


def test_no_third_party_hosts_in_pages_styles_or_our_scripts(built_site: Path):
    offending = []
    for path in built_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".json", ".xml"):
            continue
        rel = path.relative_to(built_site).as_posix()
        # Material's own bundle names unpkg (a ResizeObserver polyfill for old browsers, and
        # mermaid, both only when needed) and api.github.com (repository facts, only for an
        # element with data-md-component="source"); the tests below keep those paths unused.
        if re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", rel):
            continue
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        offending += [f"{rel}: {host}" for host in FORBIDDEN_HOSTS if host in text]
    assert offending == [], "\n".join(offending)


def test_theme_does_not_ask_github_api_or_load_mermaid(built_site: Path):
    for page in html_pages(built_site):
        for _tag, attrs in elements(page):
            assert attrs.get("data-md-component") != "source", page  # GitHub API call
            assert "mermaid" not in attrs.get("class", "").split(), page  # mermaid from unpkg


def test_no_google_fonts(built_site: Path):
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_katex_css_and_fonts_are_served_from_the_site_and_no_katex_script(built_site: Path):
    """The math is typeset at build time: the site serves KaTeX's stylesheet and fonts, not its script."""
    katex = built_site / "assets" / "vendor" / "katex"
    for name in ("katex.min.css", "LICENSE"):
        assert (katex / name).is_file(), name
    assert not list(katex.glob("*.js")), "KaTeX's scripts are for the build only"
    css = (katex / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts, "katex.min.css names no fonts"
    missing = [f for f in fonts if not (katex / f.strip("'\"")).is_file()]
    assert missing == [], missing
    page = built_site / "zh" / "chain-rule" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert '<span class="arithmatex"><span><span class="katex">' in text
    assert '<div class="arithmatex"><span><span class="katex-display">' in text
    # Only a page with math links KaTeX's stylesheet (one render-blocking request less elsewhere).
    with_math = 0
    for page in content_pages(built_site, zh=False) + content_pages(built_site, zh=True):
        has_math = 'class="arithmatex"' in page.read_text(encoding="utf-8")
        links = [
            a.get("href", "") for tag, a in elements(page) if tag == "link" and "katex" in a.get("href", "")
        ]
        assert len(links) == has_math, (page.relative_to(built_site).as_posix(), links)
        with_math += has_math
    assert 4 <= with_math < len(content_pages(built_site, zh=False)) * 2


def test_no_page_loads_a_math_script_or_a_blocking_script(built_site: Path):
    """No math script (KaTeX, MathJax) on any page; in the head no script file at all; every
    script file is deferred, Material's bundle included (it runs once the page is parsed, and
    the first paint does not wait for it); every formula was typeset by the build."""
    checked = bundles = 0
    pages = html_pages(built_site)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_site).as_posix()
        head = text[: text.index("</head>")]
        assert not re.search(r"<script\b[^>]*\bsrc=", head), f"{rel}: a script file in the head"
        for tag, attrs in elements(page):
            if tag != "script" or "src" not in attrs:
                continue
            src = attrs["src"]
            assert not re.search(r"katex|mathjax|auto-render", src, re.IGNORECASE), (page, src)
            if "/javascripts/" in src:
                assert "defer" in attrs, f"{rel}: {src} is not deferred"
                checked += 1
                bundles += "/javascripts/bundle." in src
        left = re.findall(r'class="arithmatex">\s*(\\[(\[].{0,40})', text)
        assert left == [], f"{rel}: TeX left untypeset: {left}"
    assert checked >= 3 * 2, "the site's own scripts were not found on the pages"
    assert bundles == len(pages), "a page without Material's bundle"


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> dict:
    # Both languages share one index; the i18n plugin merges the entries of both builds.
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_index_knows_both_languages(search_index: dict):
    assert set(search_index["config"]["lang"]) >= {"en", "zh"}
    assert "\\u200b" in search_index["config"]["separator"]


#: What the Chinese pages' share of the search index may weigh, gzip-compressed as it is served
#: (68 KB when the math moved to the build, 81 KB with the compute questions and the page "Draw
#: your own graph"; a reader who opens the search downloads the whole index).
ZH_INDEX_BUDGET = 90_000


def test_search_index_keeps_the_tex_and_stays_within_its_budget(built_site: Path, search_index: dict):
    """The math is typeset after the index is made: it holds the short TeX, not KaTeX's markup."""
    text = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "katex" not in text
    layers = [d["text"] for d in search_index["docs"] if d["location"].startswith("zh/layers/")]
    assert any("\\(" in t or "\\[" in t for t in layers), "the index lost the math of zh/layers/"
    zh = [d for d in search_index["docs"] if d["location"].startswith("zh/")]
    size = len(zlib.compress(json.dumps(zh).encode("utf-8"), 9))
    assert size <= ZH_INDEX_BUDGET, f"the Chinese search entries grew to {size} bytes compressed"


def test_chinese_text_is_segmented_into_words(search_index: dict):
    separator = re.compile(search_index["config"]["separator"])
    zh_docs = [d for d in search_index["docs"] if d["location"].startswith("zh/")]
    assert zh_docs, "no Chinese entries in the search index"
    words = set()
    for doc in zh_docs:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        words.update(w for w in separator.split(text) if w)
    assert "反向传播" in words
    assert "计算图" in words
    # jieba really ran: words are short, not whole sentences
    longest = max((w for w in words if re.fullmatch(r"[\u4e00-\u9fff]+", w)), key=len)
    assert len(longest) <= 10, longest


# --------------------------------------------------------------------------------------------
# API reference
# --------------------------------------------------------------------------------------------


def _section_titles(pages: list[Path]) -> set[str]:
    titles = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        titles.update(re.findall(r'<span class="doc-section-title">([^<]*)</span>', text))
    return titles


def test_api_reference_headings_follow_the_page_language(built_site: Path):
    en = _section_titles(sorted((built_site / "reference").rglob("index.html")))
    zh = _section_titles(sorted((built_site / "zh" / "reference").rglob("index.html")))
    assert "Parameters:" in en, en
    assert "参数：" in zh, zh
    assert not any(t.isascii() and t.strip() for t in zh), f"untranslated in zh: {zh}"


def test_api_cross_references_stay_in_the_page_language(built_site: Path):
    for page in sorted((built_site / "zh" / "reference").rglob("index.html")):
        url = page_url(built_site, page)
        for tag, attrs in elements(page):
            if tag == "a" and "autorefs-internal" in attrs.get("class", ""):
                target = urlsplit(urljoin("https://x.test/" + url, attrs["href"])).path
                assert target.startswith("/zh/"), f"{url}: {attrs['href']} leaves /zh/"


def test_inventory_lists_the_english_pages(built_site: Path):
    data = (built_site / "objects.inv").read_bytes()
    header, _, body = data.partition(b"zlib.\n")
    entries = zlib.decompress(body).decode("utf-8")
    assert "graphgrad.core.Variable py:class" in entries
    assert " zh/" not in entries


# The package's public modules (DESIGN.md). Internal helper modules need no page of their own.
PUBLIC_MODULES = (
    "core",
    "functions",
    "layers",
    "numerical",
    "forward_mode",
    "counting",
    "memory",
    "exercises",
    "viz",
    "examples",
    "nn",
)


def test_api_reference_has_a_page_per_public_module(built_site: Path):
    package = REPO / "src" / "graphgrad"
    present = [m for m in PUBLIC_MODULES if (package / f"{m}.py").is_file() or (package / m).is_dir()]
    missing = [
        m
        for m in ["index", *present]
        if not (built_site / "reference" / ("" if m == "index" else m) / "index.html").is_file()
        or not (built_site / "zh" / "reference" / ("" if m == "index" else m) / "index.html").is_file()
    ]
    assert missing == [], f"modules without an API page (add docs/reference/<m>.md and <m>.zh.md): {missing}"


def test_api_index_links_every_public_name_to_its_own_page(built_site: Path):
    """The API index is a table of the public names, each linked to the module page that documents
    it (documenting them all again on the index made it the slowest page of the site)."""
    import graphgrad

    for root in ("reference", "zh/reference"):
        page = built_site / root / "index.html"
        targets = {}
        for tag, attrs in elements(page):
            if tag == "a" and "autorefs-internal" in attrs.get("class", ""):
                href = attrs["href"]
                targets[href.rpartition("#")[2]] = href
        for name in graphgrad.__all__:
            linked = [t for anchor, t in targets.items() if anchor.endswith(f".{name}")]
            assert linked, f"{root}/: {name} is not in the index table"
            assert all(not t.startswith("#") for t in linked), f"{root}/: {name} documented on the index"
        assert "doc-heading" not in page.read_text(encoding="utf-8"), f"{root}/: members on the index"
