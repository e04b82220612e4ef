"""./run serve after an edit that breaks the build: the error shows over the last good pages at
once, instead of every request waiting for a fix (site_tools/serve.py, the hook's on_serve)."""

from __future__ import annotations

import importlib.util
import logging

from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer

from site_tools.paths import DOCS

PAGE = b"<html><body><h1>Chain rule</h1></body></html>"
ERROR = "chain-rule.md:80: [[diagram chain_rule sideways]]: unknown mode 'sideways' for 'chain_rule'"


def _hook():
    spec = importlib.util.spec_from_file_location("site_hooks", DOCS / "hooks" / "site_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failed_rebuild_shows_its_error_and_a_good_one_clears_it(tmp_path):
    broken = {"now": True}

    def build():
        if broken["now"]:
            logging.getLogger("mkdocs.plugins").error(ERROR)  # what MkDocs logs before it aborts
            raise Abort("Aborted with a BuildError!")

    server = LiveReloadServer(builder=build, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))  # pages get the live-reload script, as under mkdocs serve
        assert _hook().on_serve(server, config=None, builder=build) is server
        server.builder()  # MkDocs' rebuild loop: an exception here left every request waiting
        page = server._inject_js_into_html(PAGE, 1)
        assert b"The last rebuild failed" in page and b"unknown mode 'sideways'" in page
        assert page.index(b"The last rebuild failed") < page.index(b"</body>")
        broken["now"] = False
        server.builder()
        assert b"The last rebuild failed" not in server._inject_js_into_html(PAGE, 2)
    finally:
        server.server_close()
