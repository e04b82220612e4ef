"""The built site served as GitHub Pages serves it: under its sub-path, text gzip-compressed.

Page-speed measurements of a site served uncompressed are meaningless: a phone on a slow network
spends most of its time on bytes that Pages would have compressed. :class:`GzipSiteServer` serves
a built site on ``http://127.0.0.1:PORT/graphgrad/`` from a thread, compressing HTML, CSS,
JavaScript, JSON, SVG and XML for a client that accepts gzip, with a short cache lifetime as
Pages gives (``max-age=600``). A path outside the sub-path is a 404.

Examples
--------
>>> import tempfile, urllib.request
>>> from pathlib import Path
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "index.html").write_text("<p>" + "back" * 500 + "</p>", encoding="utf-8")
>>> with GzipSiteServer(site, "/graphgrad/") as server:
...     request = urllib.request.Request(server.base, headers={"Accept-Encoding": "gzip"})
...     with urllib.request.urlopen(request) as reply:
...         reply.headers["Content-Encoding"], len(reply.read()) < 100
('gzip', True)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

#: What is compressed (GitHub Pages compresses text; images and fonts are compressed already).
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format, *args):  # noqa: A002 - quiet: the caller reports progress
        pass

    def translate_path(self, path):
        # Outside the sub-path: a path that does not exist, so the answer is 404.
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return os.path.join(self.directory, "-outside-the-sub-path-")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to "dir/"
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and os.path.isfile(path) and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        stat = os.stat(path)
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@functools.lru_cache(maxsize=1024)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """The file at ``path`` gzip-compressed, once per version of it (its time and size are the key).

    Compressed on every request, a page load cost the serving process about 40 ms of CPU (4 ms
    per stylesheet, script or page at level 9), on the machine whose CPU Lighthouse times, while
    the page loaded; now only the first load of each file does.
    """
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class _Body:
    """A file-like object over bytes, as ``SimpleHTTPRequestHandler.copyfile`` reads it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        self.data = b""


class GzipSiteServer:
    """Serves ``site`` at ``http://127.0.0.1:PORT{prefix}`` from a thread, on a free port.

    Parameters
    ----------
    site : Path
        A built site (``mkdocs build`` output).
    prefix : str
        The sub-path the site lives under, with both slashes (``/graphgrad/``).

    Use it as a context manager; ``base`` is the site's address while it runs.
    """

    def __init__(self, site: Path, prefix: str) -> None:
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"the sub-path must start and end with '/', got {prefix!r}")
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
        )
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="gzip-site", daemon=True)

    def __enter__(self) -> GzipSiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=10)
