"""MkDocs hook: Chinese typesetting and theme strings in the language of the page.

The logic lives in ``site_tools/typesetting.py`` (tested there and on the built site):

- line breaks between Chinese characters in a paragraph render as nothing, not as a space;
- emphasis on Chinese text is bold (Chinese fonts have no italic; browsers slant the glyphs);
- a page whose title is the site name is titled once, not "X - X";
- the heading anchors' tooltip is in the language of the build (Python-Markdown's ``toc``
  extension has one fixed ``permalink_title``, English by default).
"""

from __future__ import annotations

import _repo  # noqa: F401  (the repository root on sys.path)
from mkdocs.plugins import event_priority

from site_tools.typesetting import dedupe_title, join_soft_breaks, upright_emphasis

#: The heading anchors' tooltip in each language of the site.
PERMALINK_TITLES = {"en": "Permanent link", "zh": "永久链接"}


@event_priority(90)  # after docs/hooks/i18n_language.py has set theme.language for this build
def on_config(config, **kwargs):
    language = config.theme["language"]
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = PERMALINK_TITLES.get(language, PERMALINK_TITLES["en"])
    return config


@event_priority(-100)  # last: after every other hook and plugin has written the content
def on_page_content(html, page, config, files, **kwargs):
    return upright_emphasis(join_soft_breaks(html))


def on_post_page(output, page, config, **kwargs):
    return dedupe_title(output)
