"""A static server on 127.0.0.1 for the benchmarks, behaving like a static host (GitHub Pages).

- Text files (HTML, CSS, JS, JSON, SVG, XML) are sent gzip-compressed when the client accepts it,
  as static hosts do, so Lighthouse's "bytes transferred" is what a reader downloads.
- Every response carries a ``LinkChecker`` header: linkchecker (PyPI) throttles itself to a few
  requests per second per host unless the server sends it (see linkcheck/checker/httpurl.py); the
  benchmark compares checking speed, not a politeness delay.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class Handler(http.server.SimpleHTTPRequestHandler):
    _gz_cache: ClassVar[dict[str, bytes]] = {}
    _lock = threading.Lock()
    prefix = "/"  # URL path the site is mounted at, like a project site's /repo-name/

    def translate_path(self, path: str) -> str:
        if self.prefix != "/":
            if not path.startswith(self.prefix):
                return os.path.join(self.directory, ".outside-the-mount")  # no such file: 404
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def log_message(self, *args) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and Path(path).suffix in COMPRESSED):
            return super().do_GET()
        with self._lock:
            body = self._gz_cache.get(path)
            if body is None:
                body = self._gz_cache[path] = gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that closes the connection before the response is written (a browser that has what it
        needs) is not an error of the server: quiet, as a static host is; anything else is printed."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(directory: Path, port: int = 0, prefix: str = "/"):
    """Serve ``directory`` at http://127.0.0.1:port/prefix (port 0 = any free one); yields that base URL."""
    handler = type("MountedHandler", (Handler,), {"prefix": prefix, "_gz_cache": {}})
    server = Server(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
