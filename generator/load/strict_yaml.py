"""Strict YAML loading that remembers where every value came from.

PyYAML's defaults are wrong for this content: YAML 1.1 turns `yes`, `no`, `on` and `off` into booleans (fatal
for a question whose answers are "yes" and "no"), and a repeated key silently keeps the last value. This loader
keeps those words as strings (only `true`/`false` are booleans), reports repeated keys, and records the line and
column of every key and value so a schema problem can be reported as `path:line:col`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..document import Document, Loc
from ..problems import Problem, Problems
from .yaml_messages import syntax_problem

BOOL_TAG = "tag:yaml.org,2002:bool"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The scalar types a content file may hold; any other tag (!!binary, !!python/...) is refused, never constructed.
SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))

# Size limits, each far above what the shipped content uses (the largest list has 85 items, the longest title 99
# characters, the longest value about 1,200, the deepest value 6 levels), so only a slip or a paste reaches them.
MAX_LIST_ITEMS = 200
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 20_000
MAX_NESTING = 12
# Deeper than any content file needs (flows nest four levels), far below Python's recursion limit: refused as it is
# parsed, before reading it could exhaust the stack.
MAX_DEPTH = 40


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: `yes`/`no`/`on`/`off` stay strings."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


StrictLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# libyaml's parser, when PyYAML was built with it, is several times faster than the pure-Python one; the same
# resolvers apply. Text it rejects is parsed again by the pure-Python loader, so problems read the same either way.
class FastStrictLoader(getattr(yaml, "CSafeLoader", StrictLoader)):  # type: ignore[misc]
    yaml_implicit_resolvers = StrictLoader.yaml_implicit_resolvers


def load_yaml(text: str, path: str, problems: Problems, *, first_line: int = 1) -> Document | None:
    """Parse one YAML document. Problems go to `problems`; returns None when the text cannot be used.

    `first_line` is the line of the file on which `text` starts (front matter starts on line 2). Anchors, aliases
    and merge keys are refused as they are parsed (`_Reader`), so no input can make loading slow or deep.
    """
    offset = first_line - 1
    try:
        reader = _read(FastStrictLoader, text, path, offset)
    except yaml.YAMLError:
        # libyaml's messages differ: parse again with the pure-Python loader, so problems read the same either way.
        try:
            reader = _read(StrictLoader, text, path, offset)
        except yaml.MarkedYAMLError as exc:
            problems.add(path, *syntax_problem(text, exc, offset))
            return None
        except yaml.reader.ReaderError as exc:
            line, col = _position(text, exc.position)
            problems.add(path, line + offset, col, f"the character U+{exc.character:04X} is not allowed in YAML "
                         "(a control character, often pasted from another program); delete it")
            return None
        except yaml.YAMLError as exc:
            problems.add(path, first_line, 1, f"YAML error: {exc}")
            return None
    if reader.refused:
        for line, col, message in reader.refused:
            problems.add(path, line, col, message)
        return None
    if reader.failure is not None:
        raise reader.failure
    problems.items.extend(reader.problems.items)
    return reader.doc


def _read(loader_class: Any, text: str, path: str, offset: int) -> _Reader:
    loader = loader_class(text)
    reader = _Reader(loader, path, offset)
    try:
        reader.read()
        return reader
    finally:
        reader.dispose()
        loader.dispose()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# What a node is, as `_Reader.node` reports it. An alias, or a node nested too deep, stands as an empty null.
SCALAR, SEQUENCE, MAPPING, NULL = range(4)


class _Reader:
    """Reads one YAML document from the parser's events straight into data, recording the place of every value and
    key, and refusing anchors, aliases and merge keys at the event that introduces them, before anything is
    expanded.

    PyYAML's composer shares one node between an anchor and every alias of it, and construction then walks that
    graph: eleven lines of nested aliases ("billion laughs") expand into gigabytes, and `title: &x [*x]` recurses
    until Python gives up. No content needs either, so they are refused (in `refused`), and nesting is capped for
    the same reason: a deep enough `[[[[...]]]]` would otherwise exhaust the stack. When anything is refused the
    caller discards the document and the problems found reading it (`problems`).

    No node graph is made: a file has thousands of values, most of them text, and making and then collecting a
    node and its marks for each cost more than reading it. The same reader runs on libyaml's event stream
    (CSafeLoader) and on the pure-Python parser's: both loaders expose `get_event`, `check_event` and the resolver.
    """

    def __init__(self, loader: Any, path: str, offset: int):
        self.loader = loader
        self.offset = offset
        self.doc = Document(path=path, data=None)
        self.problems = Problems()
        self.refused: list[tuple[int, int, str]] = []
        self.too_deep = False  # nesting beyond MAX_DEPTH, refused once
        self.aliases_seen: set[str] = set()  # one report per alias name: a billion laughs is one mistake, not 90
        self.constructor: StrictLoader | None = None  # for the values that are not text, made on the first
        # What constructing a value raised that is not a problem with it: raised once the whole text has parsed and
        # nothing was refused, as when values were constructed only after parsing, so a syntax error still wins.
        self.failure: Exception | None = None
        # The loader's implicit resolvers, read once: a plain scalar's tag is resolved here as `loader.resolve`
        # would. With path resolvers (none here) it is left to the loader.
        self.implicit: dict[str | None, list[tuple[str, re.Pattern[str]]]] = loader.yaml_implicit_resolvers
        self.wildcard = self.implicit.get(None, [])
        self.general = bool(loader.yaml_path_resolvers)

    def dispose(self) -> None:
        if self.constructor is not None:
            self.constructor.dispose()

    def refuse(self, mark: Any, message: str) -> None:
        self.refused.append((mark.line + 1 + self.offset, mark.column + 1, message))

    def read(self) -> None:
        loader = self.loader
        loader.get_event()  # stream start
        if not loader.check_event(StreamEndEvent):
            loader.get_event()  # document start
            self.doc.data = self.value(*self.node(0), 0, (), True)
            loader.get_event()  # document end
        if not loader.check_event(StreamEndEvent):
            event = loader.get_event()
            self.refuse(event.start_mark, "a second YAML document starts here ('---'); a content file holds one: "
                                          "delete this line, or the lines from here on")

    # -- events to nodes: what is refused -------------------------------------------------------------------

    def node(self, depth: int) -> tuple[Any, str, int]:
        """The next node's first event, its tag and its kind, after refusing what it must."""
        event = self.loader.get_event()
        if isinstance(event, AliasEvent):
            if str(event.anchor) not in self.aliases_seen:
                self.aliases_seen.add(str(event.anchor))
                self.refuse(event.start_mark, f"YAML aliases ('*{event.anchor}') are not allowed in content; "
                                              "write the value out in full")
            return event, NULL_TAG, NULL
        if event.anchor is not None:
            self.refuse(event.start_mark, f"YAML anchors ('&{event.anchor}') are not allowed in content; delete "
                                          "the anchor and write each value out in full")
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.refuse(event.start_mark, f"values are nested more than {MAX_DEPTH} levels deep here; content "
                                              "files need only a few levels")
            self._skip(event)
            return event, NULL_TAG, NULL
        tag = event.tag
        if isinstance(event, ScalarEvent):
            if tag is None or tag == "!":
                tag = self._resolve(event.value, event.implicit)
            return event, tag, SCALAR
        kind = SEQUENCE if isinstance(event, SequenceStartEvent) else MAPPING
        if tag is None or tag == "!":
            tag = self.loader.resolve(SequenceNode if kind == SEQUENCE else MappingNode, None, event.implicit)
        return event, tag, kind

    def _resolve(self, value: str, implicit: tuple[bool, bool]) -> str:
        """`loader.resolve(ScalarNode, value, implicit)` (PyYAML's Resolver.resolve) without path resolvers: the
        first implicit resolver whose pattern matches a plain scalar, else the default (text)."""
        if self.general:
            tag: str = self.loader.resolve(ScalarNode, value, implicit)
            return tag
        if implicit[0]:
            for tag, regexp in self.implicit.get(value[0] if value else "", ()):
                if regexp.match(value):
                    return tag
            for tag, regexp in self.wildcard:
                if regexp.match(value):
                    return tag
        return STR_TAG

    def _skip(self, event: Any) -> None:
        """Consume the rest of the collection `event` starts, without reading it."""
        level = 1 if isinstance(event, CollectionStartEvent) else 0
        while level:
            following = self.loader.get_event()
            if isinstance(following, CollectionStartEvent):
                level += 1
            elif isinstance(following, (SequenceEndEvent, MappingEndEvent)):
                level -= 1

    # -- nodes to values: what is recorded and checked ------------------------------------------------------

    def pos(self, event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1 + self.offset, event.start_mark.column + 1

    def value(self, event: Any, tag: str, kind: int, depth: int, loc: Loc, build: bool) -> Any:
        """The value of the node `event` starts, at `loc`. With `build` false (under a key that is not text, a
        repeated key or a refused tag) its events are only read, for what they refuse."""
        if build:
            doc = self.doc
            doc.marks[loc] = self.pos(event)
            if len(loc) > MAX_NESTING and not doc.too_deep:
                doc.too_deep = True
                self.problems.add(doc.path, *self.pos(event), f"values are nested more than {MAX_NESTING} levels "
                                  "deep here; content files need only a few levels: move this value up, or split it "
                                  "into separate fields")
            if kind == SCALAR or kind == NULL:
                return self._scalar_value(event, tag, kind, loc)
            if tag not in (MAP_TAG, SEQ_TAG):
                self._refuse_tag(tag, event, loc)
                build = False
        elif kind == SCALAR or kind == NULL:
            return None
        if kind == SEQUENCE:
            return self._sequence(event, depth, loc, build)
        return self._mapping(depth, loc, build)

    def _scalar_value(self, event: Any, tag: str, kind: int, loc: Loc) -> Any:
        written = event.value if kind == SCALAR else ""
        value = self._scalar(event, written, tag, loc)
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CHARS:
                self.problems.add(self.doc.path, *self.pos(event), f"this value is {len(value):,} characters long; "
                                  f"a value may be at most {MAX_TEXT_CHARS:,}: shorten it, or split it into several")
            elif loc and loc[-1] == "title" and len(value) > MAX_TITLE_CHARS:
                self.problems.add(self.doc.path, *self.pos(event), f"this title is {len(value)} characters long; a "
                                  f"title may be at most {MAX_TITLE_CHARS}: shorten it, and say the rest in the "
                                  "summary")
        elif written:
            self.doc.raw[loc] = written  # what was written: 010 and 1.10, not 8 and 1.1, in messages
        return value

    def _sequence(self, event: Any, depth: int, loc: Loc, build: bool) -> list[Any] | None:
        loader, at = self.loader, len(self.problems.items)
        items: list[Any] = []
        while not loader.check_event(SequenceEndEvent):
            items.append(self.value(*self.node(depth + 1), depth + 1, loc + (len(items),), build))
        loader.get_event()
        if not build:
            return None
        if len(items) > MAX_LIST_ITEMS:
            # Reported before anything found inside the list, as a reader meets it.
            self.problems.items.insert(at, Problem(self.doc.path, *self.pos(event), f"this list has {len(items)} "
                                       f"items; a list may hold at most {MAX_LIST_ITEMS}: shorten it, or split the "
                                       "file into several"))
        return items

    def _mapping(self, depth: int, loc: Loc, build: bool) -> dict[Any, Any] | None:
        loader, doc, result = self.loader, self.doc, {}
        while not loader.check_event(MappingEndEvent):
            key_event, key_tag, key_kind = self.node(depth + 1)
            keep = False  # whether the value is read into the result
            if not build:
                self.value(key_event, key_tag, key_kind, depth + 1, loc, False)
            elif key_kind == SEQUENCE or key_kind == MAPPING:
                self.problems.add(doc.path, *self.pos(key_event), "a field name must be text, not a list or "
                                  "mapping: write the field's name")
                self.value(key_event, key_tag, key_kind, depth + 1, loc, False)
            else:
                written = key_event.value if key_kind == SCALAR else ""
                key = self._scalar(key_event, written, key_tag, loc + (written,))
                if not isinstance(key, str):
                    if loc + (written,) not in doc.unreadable:  # an impossible date or a tag: reported already
                        self.problems.add(doc.path, *self.pos(key_event), _key_message(key, written))
                elif key in result:
                    line, col = self.pos(key_event)
                    first = doc.key_marks[loc + (key,)][0]
                    self.problems.add(doc.path, line, col, f"duplicate key '{key}' (first defined on line {first})")
                else:
                    doc.key_marks[loc + (key,)] = self.pos(key_event)
                    keep = True
            value = self.value(*self.node(depth + 1), depth + 1, loc + (key,) if keep else loc, keep)
            if key_tag == MERGE_TAG:
                self.refuse(key_event.start_mark, "YAML merge keys ('<<') are not allowed in content; write each "
                                                  "field out in full")
            elif keep:
                result[key] = value
        loader.get_event()
        return result if build else None

    def _scalar(self, event: Any, written: str, tag: str, loc: Loc) -> Any:
        # What the constructor gives for text (most values) and for null, without its bookkeeping.
        if tag == STR_TAG:
            return written
        if tag == NULL_TAG:
            return None
        if tag not in SCALAR_TAGS:
            self._refuse_tag(tag, event, loc)
            return None
        if self.constructor is None:
            # Values that are not text are constructed by a pure-Python loader: the constructor and resolvers are
            # the same either way, and it needs no text.
            self.constructor = StrictLoader("")
        try:
            return self.constructor.construct_object(ScalarNode(tag, written, event.start_mark, event.end_mark,
                                                                style=getattr(event, "style", None)), deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            # A plain scalar the resolver took for a date or number that is no such thing: 2026-13-40, !!int x.
            line, col = self.pos(event)
            self.doc.unreadable.add(loc)
            if tag == TIMESTAMP_TAG:
                self.problems.add(self.doc.path, line, col, f"'{written}' is not a real date; write dates as "
                                  "YYYY-MM-DD, e.g. 2026-11-01")
            else:
                kind = tag.rsplit(":", 1)[-1]
                reason = getattr(exc, "problem", None) or str(exc)
                self.problems.add(self.doc.path, line, col, f"YAML error: '{written}' cannot be read as {kind} "
                                  f"({reason}); put it in quotes to keep it as text")
            return None
        except Exception as exc:  # e.g. IndexError from PyYAML for an empty `!!int`
            if self.failure is None:
                self.failure = exc
            return None

    def _refuse_tag(self, tag: str, event: Any, loc: Loc) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        self.doc.unreadable.add(loc)
        self.problems.add(self.doc.path, *self.pos(event), f"YAML error: unsupported tag '{shown}': content files "
                          "use no YAML tags; delete it")


def _key_message(key: Any, written: str) -> str:
    """Why a field name that YAML read as something other than text cannot be one, and what to write."""
    if key is None and not written:
        return "a field name is missing before the ':': write the field's name"
    if key is None:
        reads_as = "an empty value"
    elif isinstance(key, bool):
        reads_as = "true or false"
    elif isinstance(key, (int, float)):
        reads_as = "a number"
    elif isinstance(key, (dt.date, dt.datetime)):
        reads_as = "a date"
    else:
        reads_as = "something other than text"
    return f"a field name must be text; `{written}` reads as {reads_as}: write the field's name"


# Front matter: a first line '---', the YAML, then a line '---' (or '...'). Every reader of front matter in the
# project splits it here, so they agree on where the YAML ends and the body begins.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
OPENING_FENCE = re.compile(r"\A---[ \t]*(?:\r?\n|\Z)")


@dataclass(frozen=True)
class FrontMatter:
    yaml: str  # the text between the fences; it starts on line 2 of the file
    body_start: int  # offset of the first character after the closing fence


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter of a Markdown text, or None when it has none (or never closes it)."""
    match = FRONT_MATTER.match(text)
    return FrontMatter(match.group(1), match.end()) if match else None


@dataclass
class MarkdownFile:
    front_matter: Document | None
    body: str
    body_line: int  # the line of the file on which the body starts


def load_markdown(text: str, path: str, problems: Problems) -> MarkdownFile:
    """Split a Markdown file into YAML front matter (parsed strictly) and body.

    We split the fences ourselves rather than with python-frontmatter because we need the exact line on
    which the YAML starts, so that problems point at the right line of the file.
    """
    if not OPENING_FENCE.match(text):
        problems.add(path, 1, 1, "expected front matter: the file must start with a line '---'")
        return MarkdownFile(None, text, 1)
    front = split_front_matter(text)
    if front is None:
        problems.add(path, 1, 1, "front matter is not closed: add a line '---' after the last field")
        return MarkdownFile(None, "", text.count("\n") + 2)
    doc = load_yaml(front.yaml, path, problems, first_line=2)
    return MarkdownFile(doc, text[front.body_start :], text.count("\n", 0, front.body_start) + 1)
