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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..document import Document, Loc
from ..problems import Problems
from .yaml_compose import Composer
from .yaml_messages import syntax_problem

BOOL_TAG = "tag:yaml.org,2002:bool"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# The scalar types a content file may hold; any other tag (!!binary, !!python/...) is refused, never constructed.
SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))

# Size limits, each far above what the shipped content uses (the largest list has 85 items, the longest title 99
# characters, the longest value about 1,200, the deepest value 6 levels), so only a slip or a paste reaches them.
MAX_LIST_ITEMS = 200
MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 20_000
MAX_NESTING = 12


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
    and merge keys are refused as they are parsed (`yaml_compose`), so no input can make loading slow or deep.
    """
    offset = first_line - 1
    try:
        node, refused = _compose(FastStrictLoader, text, path, offset)
    except yaml.YAMLError:
        # libyaml's messages differ: parse again with the pure-Python loader, so problems read the same either way.
        try:
            node, refused = _compose(StrictLoader, text, path, offset)
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
    if refused:
        for line, col, message in refused:
            problems.add(path, line, col, message)
        return None
    return _document(StrictLoader, node, path, problems, offset)


def _compose(loader_class: Any, text: str, path: str, offset: int) -> tuple[Node | None, list[tuple[int, int, str]]]:
    refused: list[tuple[int, int, str]] = []

    def report(mark: Any, message: str) -> None:
        refused.append((mark.line + 1 + offset, mark.column + 1, message))

    loader = loader_class(text)
    try:
        return Composer(loader, report).single_node(), refused
    finally:
        loader.dispose()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _document(loader_class: Any, node: Node | None, path: str, problems: Problems, offset: int) -> Document:
    # Scalars are constructed by a pure-Python loader over the composed nodes: the constructor and resolvers are
    # the same either way, and it needs no text.
    loader = loader_class("")
    try:
        doc = Document(path=path, data=None)
        if node is not None:
            doc.data = _build(loader, node, (), doc, problems, offset)
        return doc
    finally:
        loader.dispose()


def _pos(node: Node, offset: int) -> tuple[int, int]:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


def _build(loader: StrictLoader, node: Node, loc: Loc, doc: Document, problems: Problems, offset: int) -> Any:
    doc.marks[loc] = _pos(node, offset)
    if len(loc) > MAX_NESTING and not doc.too_deep:
        doc.too_deep = True
        problems.add(doc.path, *_pos(node, offset), f"values are nested more than {MAX_NESTING} levels deep here; "
                     "content files need only a few levels: move this value up, or split it into separate fields")
    if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in (MAP_TAG, SEQ_TAG):
        _refuse_tag(node, loc, doc, problems, offset)
        return None
    if isinstance(node, MappingNode):
        return _build_mapping(loader, node, loc, doc, problems, offset)
    if isinstance(node, SequenceNode):
        if len(node.value) > MAX_LIST_ITEMS:
            problems.add(doc.path, *_pos(node, offset), f"this list has {len(node.value)} items; a list may hold at "
                         f"most {MAX_LIST_ITEMS}: shorten it, or split the file into several")
        return [_build(loader, item, loc + (i,), doc, problems, offset) for i, item in enumerate(node.value)]
    value = _scalar(loader, node, loc, doc, problems, offset)
    if isinstance(value, str):
        _check_length(value, loc, node, doc, problems, offset)
    elif node.value:
        doc.raw[loc] = node.value  # what was written: 010 and 1.10, not 8 and 1.1, in messages
    return value


def _build_mapping(loader: StrictLoader, node: MappingNode, loc: Loc, doc: Document, problems: Problems,
                   offset: int) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            problems.add(doc.path, *_pos(key_node, offset), "a field name must be text, not a list or mapping: "
                         "write the field's name")
            continue
        key = _scalar(loader, key_node, loc + (key_node.value,), doc, problems, offset)
        if not isinstance(key, str):
            if loc + (key_node.value,) not in doc.unreadable:  # an impossible date or a tag: reported already
                problems.add(doc.path, *_pos(key_node, offset), _key_message(key, key_node.value))
            continue
        if key in result:
            line, col = _pos(key_node, offset)
            first = doc.key_marks[loc + (key,)][0]
            problems.add(doc.path, line, col, f"duplicate key '{key}' (first defined on line {first})")
            continue
        doc.key_marks[loc + (key,)] = _pos(key_node, offset)
        result[key] = _build(loader, value_node, loc + (key,), doc, problems, offset)
    return result


def _check_length(value: str, loc: Loc, node: Node, doc: Document, problems: Problems, offset: int) -> None:
    if len(value) > MAX_TEXT_CHARS:
        problems.add(doc.path, *_pos(node, offset), f"this value is {len(value):,} characters long; a value may "
                     f"be at most {MAX_TEXT_CHARS:,}: shorten it, or split it into several")
    elif loc and loc[-1] == "title" and len(value) > MAX_TITLE_CHARS:
        problems.add(doc.path, *_pos(node, offset), f"this title is {len(value)} characters long; a title may be "
                     f"at most {MAX_TITLE_CHARS}: shorten it, and say the rest in the summary")


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


def _refuse_tag(node: Node, loc: Loc, doc: Document, problems: Problems, offset: int) -> None:
    shown = node.tag.replace("tag:yaml.org,2002:", "!!")
    doc.unreadable.add(loc)
    problems.add(doc.path, *_pos(node, offset), f"YAML error: unsupported tag '{shown}': content files use no YAML "
                 "tags; delete it")


def _scalar(loader: StrictLoader, node: Node, loc: Loc, doc: Document, problems: Problems, offset: int) -> Any:
    if not isinstance(node, ScalarNode):
        return node  # a collection used as a key; the caller reports it
    if node.tag not in SCALAR_TAGS:
        _refuse_tag(node, loc, doc, problems, offset)
        return None
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # A plain scalar the resolver took for a date or number that is no such thing: 2026-13-40, !!int x.
        line, col = _pos(node, offset)
        doc.unreadable.add(loc)
        if node.tag == TIMESTAMP_TAG:
            problems.add(doc.path, line, col, f"'{node.value}' is not a real date; write dates as YYYY-MM-DD, "
                         "e.g. 2026-11-01")
        else:
            kind = node.tag.rsplit(":", 1)[-1]
            reason = getattr(exc, "problem", None) or str(exc)
            problems.add(doc.path, line, col, f"YAML error: '{node.value}' cannot be read as {kind} ({reason}); "
                         "put it in quotes to keep it as text")
        return None


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
