"""Helpers for local servers on loopback only: driving the preview server (`properdocs serve`), and serving a
built site folder as a reader's browser would fetch it, for tests, benchmarks and screenshots."""

from __future__ import annotations

import functools
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    cache_seconds: int | None = None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        if self.cache_seconds is not None:
            self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        super().end_headers()


# What GitHub Pages tells browsers: keep every file for ten minutes.
PAGES_CACHE_SECONDS = 600


@contextmanager
def serve_folder(folder: Path, cache_seconds: int | None = None) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port, a thread of its own) until the block ends; its base URL.
    `cache_seconds` sends Cache-Control: max-age as a host would (PAGES_CACHE_SECONDS for GitHub Pages)."""
    handler = type("_Handler", (_QuietHandler,), {"cache_seconds": cache_seconds})
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
