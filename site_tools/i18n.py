"""Fixes for building one site in two languages with mkdocs-static-i18n (hook: docs/hooks/site_hooks.py).

- mkdocstrings renders the API pages in the language of the build. The i18n plugin sets
  ``theme.language`` in its ``on_config`` at priority -100, after mkdocstrings (priority 0) has
  read it, so without this the Chinese API pages would say "Parameters" instead of "参数".
- Both language builds write to the same site root: only the default language writes
  ``objects.inv`` and ``404.html``, which the Chinese build would otherwise replace.
- The language switcher links to the same page in the other language by relative URL, on home
  pages too, and static pages (404.html) link to each language's home page.
- No ``<link rel="alternate" hreflang>`` in page heads (see ``on_post_page``).
"""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import PurePosixPath

from mkdocs.plugins import event_priority

_inventory_default: dict[str, object] = {}


@event_priority(100)
def on_config(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return config
    language = i18n.current_language or i18n.default_language
    config.theme["language"] = language

    # Both builds write to the same site root: only the default language writes 404.html.
    if language == i18n.default_language:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")

    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        _inventory_default.setdefault("value", mkdocstrings.config.enable_inventory)
        if language == i18n.default_language:
            mkdocstrings.config.enable_inventory = _inventory_default["value"]
        else:
            mkdocstrings.config.enable_inventory = False
    return config


@event_priority(0)  # after mkdocs-static-i18n (priority 50) has chosen this page's alternates
def on_page_context(context, page, config, nav, **kwargs):
    """Point the language switcher at the same page in the other language, by relative URL.

    mkdocs-static-i18n leaves home pages with absolute links built from ``site_url``
    (``/graphgrad/zh/``), which break when the built site is served from another path.
    """
    alternates = getattr(page.file, "alternates", None) or {}
    # The i18n plugin sets ``extra.alternate`` as an attribute, which templates read first.
    switcher = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    for alternate in switcher:
        target = alternates.get(alternate.get("lang"))
        if target is not None:
            alternate["link"] = target.url or "."
    return context


def on_template_context(context, template_name, config, **kwargs):
    """Give static templates (404.html) the switcher to each language's home page.

    Otherwise they keep the alternates of the last page rendered before them.
    """
    i18n = config.plugins.get("i18n")
    home = getattr(i18n, "extra_alternate", None)
    if home:
        config.extra.alternate = deepcopy(home)
        config.extra["alternate"] = deepcopy(home)
    return context


_HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def on_post_page(output, page, config, **kwargs):
    """Drop the ``<link rel="alternate" hreflang>`` tags from the page head.

    Material's JavaScript fetches ``sitemap.xml`` next to each of them, expecting a language
    root; they point at the translated page, so every page load made failing requests such as
    ``zh/chain-rule/sitemap.xml``. The switcher links stay, and the hreflang alternates of every
    page are in the site's ``sitemap.xml``.
    """
    return _HEAD_ALTERNATE.sub("", output)


def on_post_template(output_content, template_name, config, **kwargs):
    """The same for static templates (404.html)."""
    if template_name.endswith(".html"):
        return _HEAD_ALTERNATE.sub("", output_content)
    return output_content


def page_language(src_uri: str, locale: str | None = None) -> str:
    """The language of a page: ``zh`` for ``page.zh.md``, ``en`` for ``page.md``.

    The one place the site decides it (the suffix layout of mkdocs-static-i18n); a file
    without a language suffix that the i18n plugin gave a ``locale`` takes that.

    >>> page_language("chain-rule.zh.md"), page_language("reference/core.md"), page_language("x.md", "zh")
    ('zh', 'en', 'zh')
    """
    suffixes = PurePosixPath(src_uri).suffixes
    if len(suffixes) >= 2 and suffixes[-2] in (".en", ".zh"):
        return suffixes[-2][1:]
    return locale if locale in ("en", "zh") else "en"
