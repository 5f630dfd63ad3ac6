"""Load every content file into validated models, collecting every problem with its place.

`load_site(content_dir)` is the whole of reading: it walks `content/`, parses each file strictly, validates it
against its schema, resolves cross-references between items, and returns a `Site` together with all problems.
Nothing is skipped silently: a file that cannot be used is a problem, not an absence.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from .loader import Document, load_markdown, load_yaml
from .problems import Problems, display_path


@dataclass(frozen=True)
class ContentType:
    """A kind of content: where its files live, what schema they follow, where its pages go."""

    name: str  # schema name, e.g. "specialism" -> schemas/specialism.schema.json
    folder: str  # folder under content/ and under the site
    model: type[BaseModel]
    label: str  # plural heading, e.g. "Specialisms"
    markdown: bool = False  # Markdown body with YAML front matter, rather than a YAML file

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".md",) if self.markdown else (".yml", ".yaml")


SOURCE = ContentType("source", "sources", m.Source, "Sources")
SPECIALISM = ContentType("specialism", "specialisms", m.Specialism, "Specialisms")
QUALIFICATION = ContentType("qualification", "qualifications", m.Qualification, "Qualifications and registrations")
CHECKLIST = ContentType("checklist", "checklists", m.Checklist, "Checklists")
CASE_STORY = ContentType("case-study", "case-studies", m.CaseStory, "Case stories", markdown=True)
FLOW = ContentType("flow", "referral", m.Flow, "Referral tools")

TYPES: tuple[ContentType, ...] = (SOURCE, SPECIALISM, QUALIFICATION, CHECKLIST, CASE_STORY, FLOW)

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@dataclass(frozen=True)
class Item:
    """One loaded content item: its validated data and where each field came from."""

    type: ContentType
    id: str
    path: Path  # the source file
    doc: Document
    data: Any  # an instance of type.model
    body: str = ""  # Markdown body (case stories)
    body_line: int = 0

    @property
    def display_path(self) -> str:
        return self.doc.path


@dataclass
class Site:
    """Every item, by type and id, in a stable order."""

    content_dir: Path
    items: dict[str, dict[str, Item]] = field(default_factory=lambda: {t.name: {} for t in TYPES})
    # Ids of files that exist but failed to load: references to them are not reported a second time.
    broken: set[tuple[str, str]] = field(default_factory=set)

    def of(self, ctype: ContentType) -> list[Item]:
        return sorted(self.items[ctype.name].values(), key=lambda i: i.id)

    def get(self, ctype: ContentType, item_id: str) -> Item:
        return self.items[ctype.name][item_id]

    def all(self) -> Iterator[Item]:
        for ctype in TYPES:
            yield from self.of(ctype)


def load_site(content_dir: Path) -> tuple[Site, Problems]:
    """Load and validate every file under `content_dir`. Always returns; check `problems` before using."""
    problems = Problems()
    site = Site(content_dir)
    if not content_dir.is_dir():
        problems.add(display_path(content_dir), 1, 1, "content folder not found")
        return site, problems
    by_folder = {t.folder: t for t in TYPES}
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(content_dir)
        shown = display_path(path)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() == "README.md":
            continue
        ctype = by_folder.get(rel.parts[0]) if len(rel.parts) > 1 else None
        if ctype is None:
            folders = ", ".join(f"{t.folder}/" for t in TYPES)
            problems.add(shown, 1, 1, f"file is not in a content folder; expected one of {folders}")
            continue
        if path.suffix not in ctype.suffixes:
            want = " or ".join(ctype.suffixes)
            problems.add(shown, 1, 1, f"{ctype.folder}/ holds {want} files; found '{path.name}'")
            continue
        item = _load_item(ctype, path, shown, problems)
        if item is None:
            site.broken.add((ctype.name, path.stem))
            continue
        existing = site.items[ctype.name].get(item.id)
        if existing is not None:
            problems.add(shown, 1, 1, f"duplicate id '{item.id}': {existing.display_path} has the same id")
            continue
        site.items[ctype.name][item.id] = item
    _check_references(site, problems)
    return site, problems


def _load_item(ctype: ContentType, path: Path, shown: str, problems: Problems) -> Item | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(shown, 1, 1, f"file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return None
    item_id = path.stem
    valid_id = re.fullmatch(m.ID_PATTERN, item_id) is not None
    if not valid_id:
        problems.add(
            shown, 1, 1,
            f"file name '{path.name}' is not a valid id: use lower-case letters, digits and single hyphens",
        )
    body, body_line = "", 0
    if ctype.markdown:
        md = load_markdown(text, shown, problems)
        doc, body, body_line = md.front_matter, md.body, md.body_line
        schema_line_no, lines = 2, text.splitlines()[1:2]
    else:
        doc = load_yaml(text, shown, problems)
        schema_line_no, lines = 1, text.splitlines()[:1]
    _check_schema_line(ctype, lines[0] if lines else "", schema_line_no, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        found = "an empty file" if doc.data is None else f"a {type(doc.data).__name__}"
        problems.add(shown, *doc.position(()), f"expected a mapping of fields (name: value); found {found}")
        return None
    try:
        data = ctype.model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            _report(ctype.model, error, doc, problems)
        return None
    if not valid_id:
        return None
    return Item(ctype, item_id, path, doc, data, body, body_line)


def _check_schema_line(ctype: ContentType, line: str, line_no: int, shown: str, problems: Problems) -> None:
    want = f"{ctype.name}.schema.json"
    match = SCHEMA_LINE.match(line.strip())
    if match is None:
        problems.add(
            shown, line_no, 1,
            f"line {line_no} must be '# yaml-language-server: $schema=../../schemas/{want}' "
            "so editors can check this file",
        )
    elif not match.group(1).endswith("/" + want) and match.group(1) != want:
        problems.add(shown, line_no, 1, f"schema line points at '{match.group(1)}'; expected .../{want}")


def _report(model: type[BaseModel], error: Any, doc: Document, problems: Problems) -> None:
    """Turn one pydantic error into a problem at the line of the offending key or value."""
    loc = tuple(error["loc"])
    name = _dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
        line, col = doc.position(loc, key=True)
        problems.add(doc.path, line, col, f"unknown field '{name}'{suggestion}")
    elif kind == "missing":
        line, col = doc.position(loc[:-1])
        problems.add(doc.path, line, col, f"missing field '{name}'")
    else:
        line, col = doc.position(loc)
        found = error.get("input")
        shown = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = error["msg"][0].lower() + error["msg"][1:]
        problems.add(doc.path, line, col, f"field '{name}': {message}; found {shown}")


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `loc`, walking nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _inner(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X: the model a nested value must follow, if any."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        else:
            return annotation


# Cross-references: (type holding the reference, path to the list of ids, type referred to).
REFERENCES: tuple[tuple[ContentType, tuple[str, ...], ContentType], ...] = (
    (SPECIALISM, ("qualifications",), QUALIFICATION),
    (CASE_STORY, ("specialisms",), SPECIALISM),
    (FLOW, ("outcomes", "*", "recommend"), SPECIALISM),
    (FLOW, ("outcomes", "*", "also_consider"), SPECIALISM),
    (FLOW, ("outcomes", "*", "checks"), QUALIFICATION),
    (FLOW, ("outcomes", "*", "case_stories"), CASE_STORY),
) + tuple((t, ("sources",), SOURCE) for t in TYPES if t is not SOURCE)


def _check_references(site: Site, problems: Problems) -> None:
    for holder, path, target in REFERENCES:
        known = site.items[target.name]
        for item in site.of(holder):
            for loc, ref in _walk_ids(item.data, path, ()):
                if ref not in known and (target.name, ref) not in site.broken:
                    hint = difflib.get_close_matches(ref, list(known), n=1)
                    suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
                    line, col = item.doc.position(loc)
                    problems.add(
                        item.display_path, line, col,
                        f"unknown {target.name} '{ref}': no file {target.folder}/{ref}"
                        f"{target.suffixes[0]}{suggestion}",
                    )


def _walk_ids(value: Any, path: tuple[str, ...], loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if not path:
        for i, ref in enumerate(value):
            yield loc + (i,), ref
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, child in enumerate(value):
            yield from _walk_ids(child, rest, loc + (i,))
    else:
        yield from _walk_ids(getattr(value, head), rest, loc + (head,))
