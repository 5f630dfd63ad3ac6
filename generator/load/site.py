"""Load every content file into validated models, collecting every problem with its place.

`load_site(content_dir)` is the whole of reading: it walks `content/`, parses each file strictly, validates it
against its schema, resolves cross-references between items, and returns a `Site` together with all problems.
Nothing is skipped silently: a file that cannot be used is a problem, not an absence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..problems import Problems, display_path
from ..structure import model as m
from ..structure.content import TYPES, ContentType, Item, Site
from .errors import report_validation_error
from .provenance import check_provenance
from .references import check_references
from .strict_yaml import load_markdown, load_yaml
from .vocabulary import check_vocabularies

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


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
    check_references(site, problems)
    check_vocabularies(site, problems)
    check_provenance(site, problems)
    return site, problems


def _load_item(ctype: ContentType[Any], path: Path, shown: str, problems: Problems) -> Item[Any] | None:
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
            report_validation_error(ctype.model, error, doc, problems)
        return None
    if not valid_id:
        return None
    return Item(ctype, item_id, path, doc, data, body, body_line)


def _check_schema_line(ctype: ContentType[Any], line: str, line_no: int, shown: str, problems: Problems) -> None:
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


