"""``./run serve`` when an edit breaks the build: the last good pages, with the error on top.

``mkdocs serve`` rebuilds the site when a file changes.  When that rebuild fails (a token that
names nothing, a Markdown file that does not parse), MkDocs 1.6 keeps every browser request
waiting until a later build succeeds: the page seems to hang.  :func:`keep_serving` wraps the
server's builder so that a failed rebuild is reported and the server goes on serving the pages
of the last good build, each with a banner that names the error; the next good build removes it.

Examples
--------
>>> from types import SimpleNamespace
>>> from site_tools.serve import keep_serving
>>> def broken():
...     raise ValueError("chain-rule.md:80: unknown mode 'sideways'")
>>> server = SimpleNamespace(builder=broken, _inject_js_into_html=lambda html, epoch: html)
>>> keep_serving(server)
>>> server.builder()  # reported, not raised: requests are answered
>>> b"unknown mode 'sideways'" in server._inject_js_into_html(b"<body>page</body>", 1)
True
"""

from __future__ import annotations

import html
import logging
from typing import Any

log = logging.getLogger("mkdocs.site.serve")

BANNER = (
    '<div role="alert" style="position:fixed;top:0;left:0;right:0;z-index:1000;padding:.6em 1em;'
    'background:#b00020;color:#fff;font:14px/1.4 system-ui,sans-serif">'
    "<strong>The last rebuild failed</strong>: {error}<br>"
    "These are the pages of the last good build; save a fix and the page reloads.</div>"
)


class _LastError(logging.Handler):
    """Remembers the last error MkDocs logged (the build's own message, with page and line)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.message: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.message = " ".join(record.getMessage().split())


def keep_serving(server: Any) -> None:
    """Make a failed rebuild of ``server`` (MkDocs' ``LiveReloadServer``) show, not hang."""
    build = server.builder
    state: dict[str, str | None] = {"error": None}

    def builder() -> None:
        seen = _LastError()
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.addHandler(seen)
        try:
            build()
        except (Exception, SystemExit) as exc:  # mkdocs' Abort is a SystemExit
            state["error"] = seen.message or " ".join(str(exc).split()) or type(exc).__name__
            log.error("the rebuild failed; serving the last good pages with the error on top")
        else:
            state["error"] = None
        finally:
            mkdocs_log.removeHandler(seen)

    server.builder = builder
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None:  # another MkDocs: no banner, but no hanging request either
        return

    def with_banner(content: bytes, epoch: int) -> bytes:
        out = inject(content, epoch)
        if state["error"] is None:
            return out
        banner = BANNER.format(error=html.escape(state["error"], quote=False)).encode("utf-8")
        end = out.rfind(b"</body>")
        return out + banner if end < 0 else out[:end] + banner + out[end:]

    server._inject_js_into_html = with_banner
