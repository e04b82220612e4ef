"""MkDocs hook: make mkdocstrings render each language build in that language.

mkdocs-static-i18n sets ``theme.language`` in its own ``on_config`` at priority -100, after
mkdocstrings (priority 0) has already read it, so without this hook the Chinese API pages would
say "Parameters" instead of "参数". This hook runs first and sets the language of the build
being made. Both builds write to the same site root, so it also lets only the default language
write ``objects.inv`` and ``404.html``; the Chinese build would otherwise replace them.
"""

from __future__ import annotations

from copy import deepcopy

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
