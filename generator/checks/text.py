"""Every piece of text in the content, each able to say where any character in it came from.

The safety and anonymisation checks look for patterns inside strings. A finding is only useful at the line and
column of the offending characters, not of the start of the field, so each `Text` carries a `place(start, end)`
that maps an offset in the string back to `(line, col)` in its file.

For a YAML value the loader records where the value starts. Where the matched characters appear verbatim in the
source between that start and the next key or value (a plain scalar, a quoted one without escapes in the match,
one line of a block scalar), they are placed exactly; a match that runs onto the next line (a folded line break,
a block scalar's next line) at its first characters found verbatim, the part before a space or line break in it;
otherwise at the start of the value.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ..document import Document, Loc
from ..load.files import clean_text
from ..load.strict_yaml import load_yaml, split_front_matter
from ..problems import Problems, display_path
from ..structure.content import Item

# The line breaks PyYAML counts when it records a node's line.
YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# An escape in a YAML double-quoted scalar that makes one character.
YAML_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abtnvfreN_LP\"/\\ ])")
YAML_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
                "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# Where a match in a YAML value may run onto the next line of the source.
SPACE = re.compile(r"\s")


class _Placer(Protocol):
    def place(self, loc: Loc, value: str, start: int, end: int) -> tuple[int, int]: ...


class Text(NamedTuple):  # a tuple: a site has tens of thousands, and a tuple is the cheapest to make
    """One string to scan: `field` names it in messages ('summary', 'goals[1]'); `markdown` marks a Markdown body
    or page, as against a YAML string field."""

    path: str
    field: str
    text: str
    placer: _Placer  # shared by every text of a file
    loc: Loc = ()
    markdown: bool = False

    def place(self, start: int, end: int) -> tuple[int, int]:
        """The line and column in its file of the characters `text[start:end]`."""
        return self.placer.place(self.loc, self.text, start, end)


class _Lines:
    """Offsets of line starts in a text, for turning an offset into (line, col)."""

    def __init__(self, text: str, *, yaml_breaks: bool):
        if yaml_breaks:
            self.starts = [0] + [m.end() for m in YAML_BREAK.finditer(text)]
        else:
            self.starts = [0]
            for line in text.splitlines(keepends=True):
                self.starts.append(self.starts[-1] + len(line))

    def position(self, offset: int, first_line: int = 1) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return first_line + index, offset - self.starts[index] + 1

    def offset(self, line: int, col: int) -> int:
        index = min(max(line - 1, 0), len(self.starts) - 1)
        return self.starts[index] + col - 1


class _MarkdownPlacer:
    """Places a match in Markdown whose first character is on line `first_line`, column 1, of its file."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.lines: _Lines | None = None  # indexed on the first finding only: most texts have none

    def place(self, loc: Loc, value: str, start: int, end: int) -> tuple[int, int]:
        if self.lines is None:
            # The Markdown loader splits lines with str.splitlines, so the body's lines are counted the same way.
            self.lines = _Lines(self.text, yaml_breaks=False)
        return self.lines.position(start, self.first_line)


def front_matter_texts(path: str, text: str) -> list[Text] | None:
    """Every string value in the front matter of a hand-written page (`text`, the whole file), placed in the file;
    None when it has no front matter, or none that loads (MkDocs reports that)."""
    front = split_front_matter(text)
    if front is None:
        return None
    doc = load_yaml(front.yaml, path, Problems(), first_line=2)
    if doc is None:
        return None
    texts: list[Text] = []
    end_line = text.count("\n", 0, front.body_start - 1) + 1  # the closing fence
    _add_texts(texts, doc.data, (), "", path, _YamlPlacer(doc, text, end_line))
    return texts


def markdown_text(path: str, field: str, text: str, first_line: int) -> Text:
    """Markdown whose first character is on line `first_line`, column 1, of its file."""
    return Text(path, field, text, _MarkdownPlacer(text, first_line), markdown=True)


class _YamlPlacer:
    """Places a match inside a YAML value by finding its characters in the source file."""

    def __init__(self, doc: Document, source: str, end_line: int | None):
        self.doc = doc
        self.source = source
        self.lines = _Lines(source, yaml_breaks=True)
        self.end = len(source) if end_line is None else self.lines.offset(end_line, 1)
        marks = {*doc.marks.values(), *doc.key_marks.values()}
        self.starts = sorted(self.lines.offset(line, col) for line, col in marks)

    def place(self, loc: Loc, value: str, start: int, end: int) -> tuple[int, int]:
        line, col = self.doc.position(loc)
        begin = self.lines.offset(line, col)
        following = bisect.bisect_right(self.starts, begin)
        stop = self.starts[following] if following < len(self.starts) else self.end
        needle = value[start:end]
        if not needle:
            return line, col
        # A match across a line break of the source (a folded line, or a block scalar's next line with its
        # indent) is not there verbatim: look for its longest start that is, up to a space or line break in it.
        for cut in (len(needle), *(m.start() for m in reversed(list(SPACE.finditer(needle))))):
            found = self._find(value, start, needle[:cut], begin, stop)
            if found is not None:
                return self.lines.position(found)
        # A character written as an escape in a double-quoted scalar (`"\u202e"`): the escape that makes it.
        skip = value.count(needle[0], 0, start)
        for escape in YAML_ESCAPE.finditer(self.source, begin, stop):
            if _unescape(escape.group(1)) == needle[0]:
                if skip == 0:
                    return self.lines.position(escape.start())
                skip -= 1
        return line, col

    def _find(self, value: str, start: int, needle: str, begin: int, stop: int) -> int | None:
        """Where in the source `value[start:start + len(needle)]` is, if it appears verbatim there."""
        if not needle:
            return None
        # The same characters may occur earlier in the value: skip as many occurrences in the source.
        skip, at = value.count(needle, 0, start), begin
        while True:
            found = self.source.find(needle, at, stop)
            if found < 0:
                return None
            if skip == 0:
                return found
            skip, at = skip - 1, found + len(needle)


class _ItemPlacer:
    """Places a match in one of an item's YAML values; reads and indexes the file on the first finding only (most
    items have none, and reading and indexing a file is not free)."""

    def __init__(self, item: Item[Any]):
        self.item = item
        self.yaml: _YamlPlacer | None = None

    def place(self, loc: Loc, value: str, start: int, end: int) -> tuple[int, int]:
        if self.yaml is None:
            item = self.item
            try:
                source = clean_text(item.path)
            except (OSError, UnicodeDecodeError):
                source = ""
            # In a Markdown file the front matter ends at the fence on the line before the body.
            end_line = item.body_line - 1 if item.type.markdown else None
            self.yaml = _YamlPlacer(item.doc, source, end_line)
        return self.yaml.place(loc, value, start, end)


def _add_texts(texts: list[Text], value: Any, loc: Loc, name: str, path: str, placer: _Placer) -> None:
    """Every string under `value` as a Text, with its field name as messages give it (`dotted(loc)`)."""
    if isinstance(value, str):
        texts.append(Text(path, name, value, placer, loc))
    elif isinstance(value, dict):
        for key, child in value.items():
            _add_texts(texts, child, loc + (key,), f"{name}.{key}" if name else str(key), path, placer)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _add_texts(texts, child, loc + (i,), f"{name}[{i}]", path, placer)


def _texts(item: Item[Any]) -> list[Text]:
    """Every string value of `item` as a Text, then its Markdown body: made once per item and kept on its document
    for the next check."""
    if item.doc.strings is not None:
        return item.doc.strings
    texts: list[Text] = []
    _add_texts(texts, item.doc.data, (), "", item.display_path, _ItemPlacer(item))
    if item.type.markdown:
        texts.append(markdown_text(item.display_path, "body", item.body, item.body_line))
    item.doc.strings = texts
    return texts


def item_texts(item: Item[Any], *, skip_keys: frozenset[str] = frozenset()) -> Iterator[Text]:
    """Every string value of `item` (as written in its file, before validation), then its Markdown body.

    Values under a key in `skip_keys` (at any depth) are left out.
    """
    texts = _texts(item)
    if not skip_keys:
        return iter(texts)
    # A place is keys (text) and list indexes (numbers), and no number equals a key.
    return (text for text in texts if skip_keys.isdisjoint(text.loc))


def markdown_files(docs_dir: Path) -> Iterator[Text]:
    """Every hand-written Markdown page under `docs_dir`, whole (front matter included), in a stable order."""
    for path in sorted(docs_dir.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # not ours to report: MkDocs fails the build on an unreadable page
        yield markdown_text(display_path(path), "page", text, 1)


def _unescape(escape: str) -> str:
    """The character a YAML escape (without its backslash) makes."""
    if escape[0] in "xuU":
        return chr(int(escape[1:], 16))
    return YAML_ESCAPES.get(escape, escape)
