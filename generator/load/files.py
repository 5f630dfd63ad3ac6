"""Reading content files as editors save them, and telling which of two files was added later."""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
from pathlib import Path

from ..problems import Problems

# A content file larger than this is refused before it is parsed: the largest shipped file is about 100 KB.
MAX_FILE_BYTES = 512 * 1024

# Characters refused anywhere in a content file (values, keys, comments and Markdown bodies alike): control
# characters other than tab and line feed, the invisible controls that reorder how text is displayed (the "Trojan
# Source" characters, which make text read differently from what it holds), a byte-order mark inside the text, and
# the Unicode line and paragraph separators (YAML counts them as line breaks, so every line number after one would
# be wrong). A carriage return is allowed only before a line feed (Windows line endings, normalised on reading).
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\u2028\u2029\ufeff]")
BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
INVISIBLE = BIDI | {0xFEFF}
NAMES = {0x0D: "CARRIAGE RETURN", 0x85: "NEXT LINE", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE"}


def normalise(text: str) -> str:
    """`text` with Windows line endings (CR LF) made plain line feeds: the content is the same either way, and
    nothing downstream (line numbers, page bodies) need know how the file was saved."""
    return text.replace("\r\n", "\n") if "\r" in text else text


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    """The text of `path`, with Windows line endings made plain; or None after reporting why it cannot be used.

    A byte-order mark (Windows editors add one) is dropped: it is not part of the text, and left in it would
    hide the schema line and the front matter fence. A byte that is not UTF-8 (a curly quote saved as
    Windows-1252) is reported at its line and column, so the editor can find it. A file over MAX_FILE_BYTES is
    refused unread. Each refused character (see REFUSED) is reported at its line and column, and the rest of the
    file is still checked, with its line numbers right.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.add(shown, 1, 1, f"this file is {size // 1024} KB; a content file may be at most "
                     f"{MAX_FILE_BYTES // 1024} KB: split it into several files, or shorten it")
        return None
    data = path.read_bytes()
    try:
        text = normalise(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", errors="replace")) + 1
        problems.add(shown, line, col, f"byte 0x{data[exc.start]:02X} is not UTF-8 text: the file was saved in "
                     "another encoding (often Windows-1252, from Word or Excel); save it as UTF-8 and check the "
                     "character here")
        return None
    if REFUSED.search(text) is None:
        return text
    for match in REFUSED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - text.rfind("\n", 0, match.start())
        problems.add(shown, line, col, refused_message(ord(match.group())))
    return _without_refused(text)


def clean_text(path: Path) -> str:
    """The text of a content file as `read_text` gives it to the loader, for finding a value's place in it."""
    return _without_refused(normalise(path.read_bytes().decode("utf-8-sig")))


def _without_refused(text: str) -> str:
    """`text` with each refused character made harmless, so the rest of the file is still checked: an invisible
    one (a reordering control, a byte-order mark) is dropped, as it shows nothing; any other becomes U+FFFD, so
    that every line number stays right."""
    return REFUSED.sub(lambda m: "" if ord(m.group()) in INVISIBLE else "\ufffd", text)


def refused_message(code: int) -> str:
    """What is wrong with the refused character `code`, named as U+XXXX, and what to do."""
    name = NAMES.get(code) or unicodedata.name(chr(code), "")
    named = f"U+{code:04X} ({name})" if name else f"U+{code:04X}"
    if code == 0x0D:
        return (f"the character {named} on its own, not before a line feed, is not allowed (an old Mac line "
                "ending, or pasted from another program): delete it, or save the file with ordinary line endings")
    if code in BIDI:
        return (f"the invisible character {named} is not allowed in content: it changes the order in which text "
                "is displayed, so the page would read differently from the file; delete it")
    if code == 0xFEFF:
        return (f"the invisible character {named} is not allowed inside the text (a byte-order mark, often pasted "
                "from another program); delete it")
    if code in (0x2028, 0x2029):
        return (f"the character {named} is not allowed in content: YAML reads it as a line break; delete it, or "
                "use an ordinary line break")
    return (f"the character {named} is not allowed in content (a control character, often pasted from another "
            "program); delete it")


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
