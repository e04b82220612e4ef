"""MkDocs hook: fixes for building one site in two languages with mkdocs-static-i18n.

The event handlers (and why each is needed) are in :mod:`site_tools.i18n`.
"""

import _repo  # noqa: F401  (the repository root on sys.path)

from site_tools.i18n import (  # noqa: F401  (MkDocs calls them by name)
    on_config,
    on_page_context,
    on_post_page,
    on_post_template,
    on_template_context,
)
