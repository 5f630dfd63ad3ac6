"""Reading content files as editors save them, and telling which of two files was added later."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from ..problems import Problems


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    """The text of `path`, or None after reporting where it is not UTF-8.

    A byte-order mark (Windows editors add one) is dropped: it is not part of the text, and left in it would
    hide the schema line and the front matter fence. A byte that is not UTF-8 (a curly quote saved as
    Windows-1252) is reported at its line and column, so the editor can find it.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", errors="replace")) + 1
        problems.add(shown, line, col, f"byte 0x{data[exc.start]:02X} is not UTF-8 text: the file was saved in "
                     "another encoding (often Windows-1252, from Word or Excel); save it as UTF-8 and check the "
                     "character here")
        return None


def added_order(path: Path) -> tuple[float, int, str]:
    """A key that sorts files in the order they were added: by the commit that first added each (a file git does
    not know yet is newest), then by modification time, then by name."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _first_commit_time(path.resolve()), mtime, path.name


@functools.cache
def _first_commit_time(path: Path) -> float:
    try:
        proc = subprocess.run(["git", "log", "--diff-filter=A", "--format=%ct", "--", path.name],
                              cwd=path.parent, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return float("inf")
    times = proc.stdout.split()
    return float(times[-1]) if proc.returncode == 0 and times else float("inf")
