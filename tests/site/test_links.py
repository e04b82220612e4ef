"""Every internal link and anchor of the built site resolves, in both languages.

Each HTML file of the built site is parsed; every ``href``/``src``/``srcset`` is resolved against
the page's URL under the sub-path GitHub Pages serves (``/graphgrad/``) and must name a file of
the site, and its ``#fragment`` an ``id`` (or ``<a name>``) in the target page. External links
(``http(s)://``) are allowed only as links a reader follows (``<a href>``, and the canonical
``<link>``), never as resources the browser loads; they are listed, not fetched. The same holds
for the URLs in ``sitemap.xml``, the search index and the site's own stylesheets.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from site_support import ParsedPage, is_external, parse_html, site_path, site_url, target_file

SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, ParsedPage]:
    return {path: parse_html(path) for path in sorted(built_site.rglob("*.html"))}


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(parse_html(path).ids)


def check_url(site: Path, base_url: str, url: str, ids_of=None) -> str | None:
    """Why ``url`` (found in the page at ``base_url``) does not resolve in ``site``, or None."""
    ids_of = ids_of or _ids
    absolute = urljoin(base_url, url)
    parts = urlsplit(absolute)
    prefix = site_path()
    if not parts.path.startswith(prefix):
        return f"leaves the site's path {prefix} (resolves to {parts.path})"
    rel = parts.path[len(prefix) :]
    target = target_file(site, rel)
    if target is None:
        if (site / unquote(rel)).is_dir():
            return f"names a folder without its trailing slash: /{rel}"
        return f"no such file: /{unquote(rel)}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in ids_of(target):
        return f"no id {fragment!r} in /{target.relative_to(site).as_posix()}"
    return None


def test_every_internal_link_and_anchor_resolves(built_site: Path, pages: dict[Path, ParsedPage]):
    origin = "https://pages.test"
    broken: list[str] = []
    checked = defaultdict(int)
    for path, page in pages.items():
        rel = path.relative_to(built_site).as_posix()
        # 404.html is served at any missing path: its links are absolute (site_url's path).
        base = origin + site_path() + ("" if rel == "404.html" else rel)
        for ref in page.refs:
            url = ref.url.strip()
            if not url or url.startswith(SKIP_SCHEMES) or is_external(url):
                continue
            checked["zh" if rel.startswith("zh/") else "en"] += 1
            why = check_url(built_site, base, url, lambda p: pages[p].ids if p in pages else _ids(p))
            if why:
                broken.append(f"/{rel}:{ref.line}: <{ref.tag} {ref.attr}={url!r}> {why}")
    assert broken == [], f"{len(broken)} broken internal links:\n" + "\n".join(broken)
    assert checked["en"] > 100 and checked["zh"] > 100, dict(checked)


def test_external_urls_are_links_not_loaded_resources(built_site: Path, pages: dict[Path, ParsedPage]):
    loaded, links = [], set()
    for path, page in pages.items():
        rel = path.relative_to(built_site).as_posix()
        for ref in page.refs:
            if not is_external(ref.url):
                continue
            if ref.loads:
                loaded.append(f"/{rel}:{ref.line}: <{ref.tag} {ref.attr}={ref.url!r}>")
            elif not ref.url.startswith(site_url()):  # canonical links name the published site
                links.add(ref.url)
    assert loaded == [], "resources from other hosts:\n" + "\n".join(loaded)
    # Listed for the record (pytest -rA shows it); the browser tests block them anyway.
    print(f"{len(links)} external link targets:\n" + "\n".join(sorted(links)))


def test_canonical_urls_name_existing_pages(built_site: Path, pages: dict[Path, ParsedPage]):
    wrong = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'<link rel="canonical" href="([^"]+)"', text):
            if not url.startswith(site_url()):
                wrong.append(f"{path.relative_to(built_site)}: {url} is not under {site_url()}")
                continue
            own = path.relative_to(built_site).as_posix().removesuffix("index.html")
            if url[len(site_url()) :] != own:
                wrong.append(f"{path.relative_to(built_site)}: canonical {url} names another page")
    assert wrong == [], "\n".join(wrong)


def test_sitemap_lists_existing_pages_in_both_languages(built_site: Path):
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    urls = set(re.findall(r"<loc>([^<]+)</loc>", text)) | set(re.findall(r'href="([^"]+)"', text))
    missing = []
    for url in sorted(urls):
        assert url.startswith(site_url()), url
        if target_file(built_site, url[len(site_url()) :]) is None:
            missing.append(url)
    assert missing == [], "sitemap.xml lists missing pages:\n" + "\n".join(missing)
    assert any("/zh/" in u for u in urls) and any("/zh/" not in u for u in urls)


def test_search_index_locations_resolve(built_site: Path):
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    base = "https://pages.test" + site_path()
    broken = [f"{d['location']!r}: {w}" for d in docs if (w := check_url(built_site, base, d["location"]))]
    assert broken == [], "search results that would lead nowhere:\n" + "\n".join(broken)
    assert any(d["location"].startswith("zh/") for d in docs)


def test_urls_in_the_sites_stylesheets_resolve(built_site: Path):
    broken = []
    base = "https://pages.test" + site_path()
    for css in sorted(built_site.rglob("*.css")):
        rel = css.relative_to(built_site).as_posix()
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text(encoding="utf-8")):
            if url.startswith(SKIP_SCHEMES) or url.startswith("#"):
                continue
            if is_external(url):
                broken.append(f"{rel}: loads {url} from another host")
            elif why := check_url(built_site, base + rel, url):
                broken.append(f"{rel}: url({url}) {why}")
    assert broken == [], "\n".join(broken)
