"""Helpers for local servers on loopback only: driving the preview server (`properdocs serve`), and serving a
built site folder as a reader's browser would fetch it, for tests, benchmarks and screenshots."""

from __future__ import annotations

import functools
import gzip
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What a host compresses: text of every kind (Pagefind's index files are compressed already).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                    "application/manifest+json")


class _QuietHandler(SimpleHTTPRequestHandler):
    cache_seconds: int | None = None
    gzip_text = False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        if self.cache_seconds is not None:
            self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        """With `gzip_text`, text goes out gzipped (level 6, what most servers use) to a browser that accepts it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_text and accepts and path.is_file() and ctype.startswith(COMPRESSED_TYPES)):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# What GitHub Pages tells browsers: keep every file for ten minutes.
PAGES_CACHE_SECONDS = 600


@contextmanager
def serve_folder(folder: Path, cache_seconds: int | None = None, *, gzip_text: bool = False) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port, a thread of its own) until the block ends; its base URL.
    `cache_seconds` sends Cache-Control: max-age and `gzip_text` compresses text, as a host would (GitHub Pages
    does both: PAGES_CACHE_SECONDS)."""
    handler = type("_Handler", (_QuietHandler,), {"cache_seconds": cache_seconds, "gzip_text": gzip_text})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str:
    """The body of `url` as text. Loopback addresses only: this is for the preview server."""
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"{url}: only the local preview server may be fetched")
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only, checked above
        return str(response.read().decode("utf-8", errors="replace"))


def wait_for(url: str, found: Callable[[str], bool], timeout: float, *, alive: Callable[[], bool] = lambda: True,
              interval: float = 0.02) -> float | None:
    """Poll `url` until `found(body)`; the seconds it took, or None on timeout or when `alive()` turns false."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout and alive():
        try:
            if found(fetch(url)):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(interval)
    return None
