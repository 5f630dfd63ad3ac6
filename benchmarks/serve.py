"""Edit to served: how long a contributor waits under `make serve` (`properdocs serve --dirty`) for an edit to show."""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from common import CHILD_ENV, MKDOCS, ROOT, BenchError

from generator.tools.devserver import free_port, wait_for

NATO = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"]


class Server:
    """`properdocs serve` on a free loopback port, with the times at which it finished each rebuild."""

    def __init__(self, content: Path, *, dirty: bool):
        self.port = free_port()
        env = {**os.environ, **CHILD_ENV, "OT_CONTENT_DIR": str(content),
               "SITE_URL": f"http://127.0.0.1:{self.port}/"}
        cmd = [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{self.port}", *(["--dirty"] if dirty else [])]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.reloads: list[float] = []
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            if "Reloading browsers" in line:
                self.reloads.append(time.perf_counter())

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)  # lets mkdocs serve remove its temporary site
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)


def _time_edit(server: Server, spec: Path, url: str, marker: str, timeout: float) -> dict[str, float | None]:
    text = spec.read_text(encoding="utf-8")
    edited, n = re.subn(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
    if n != 1:
        raise BenchError(f"{spec}: no 'title:' line to edit")
    seen = len(server.reloads)
    t0 = time.perf_counter()
    spec.write_text(edited, encoding="utf-8")
    page_s = wait_for(url, lambda body: marker in body, timeout)
    if page_s is None:
        raise BenchError(f"the edit was not served within {timeout:.0f} s")
    while len(server.reloads) <= seen and time.perf_counter() - t0 < timeout:
        time.sleep(0.02)
    reload_s = server.reloads[seen] - t0 if len(server.reloads) > seen else None
    return {"page_s": page_s, "reload_s": reload_s}


def edit_to_served(repeats: int = 5, timeout: float = 60.0, *, dirty: bool = True) -> dict[str, Any]:
    """Seconds from saving an edit to a content file to the preview serving the whole rebuild, search included.

    Serves a copy of the shipped content, edits one specialism's title `repeats` times, and polls the page until
    the new title appears (`page_s`); `reload_s` is when the server finished the whole rebuild, search index
    included ("Reloading browsers"), which is what the target counts. `dirty` serves as `make serve` does, with
    `--dirty`: only the pages the edit changed are rendered again (plugins/incremental.py); without it every
    page is.
    """
    with tempfile.TemporaryDirectory(prefix="ot-bench-serve-") as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        spec = sorted((content / "specialisms").glob("*.yml"))[0]
        server = Server(content, dirty=dirty)
        url = f"http://127.0.0.1:{server.port}/specialisms/{spec.stem}/"
        try:
            initial = wait_for(url, lambda body: "<h1" in body, 180, alive=server.alive, interval=0.1)
            if initial is None:
                raise BenchError("mkdocs serve did not start:\n" + "".join(server.output[-40:]))
            time.sleep(1.5)  # the watcher takes its first snapshot once the first build is served
            samples = []
            for i in range(repeats):
                samples.append(_time_edit(server, spec, url, f"Benchmark edit {NATO[i % len(NATO)]}", timeout))
                time.sleep(1.0)
        finally:
            server.stop()
    page = [s["page_s"] for s in samples if s["page_s"] is not None]
    reload_times = [s["reload_s"] for s in samples if s["reload_s"] is not None]
    whole = [max(s["page_s"] or 0.0, s["reload_s"] or 0.0) for s in samples]
    return {
        "edit_to_served_s": statistics.median(whole),
        "edit_to_page_s": statistics.median(page),
        "edit_to_reload_s": statistics.median(reload_times) if reload_times else None,
        "samples": samples,
        "first_build_served_s": initial,
        "edited_file": f"content/specialisms/{spec.name}",
        "command": "properdocs serve" + (" --dirty" if dirty else ""),
    }
