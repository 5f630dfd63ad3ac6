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

from ..problems import Problem, Problems, display_path
from ..structure import model as m
from ..structure.content import TYPES, ContentType, Item, Site
from .errors import report_validation_errors
from .files import added_order, read_text
from .provenance import check_provenance
from .references import check_references
from .strict_yaml import load_markdown, load_yaml
from .vocabulary import check_vocabularies

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


BY_FOLDER = {t.folder: t for t in TYPES}


class LoadCache:
    """Each file's loaded item and problems, by its type, path and text, from one load to the next.

    A preview loads every file again on each rebuild, though an edit changes one: with a cache, a file whose text
    is unchanged is not parsed or validated again. Items are frozen, and what is derived from several (references,
    checks, reviews) is derived afresh each time. Holds only the files of the latest load.
    """

    def __init__(self) -> None:
        self.loaded: dict[tuple[str, Path, str], tuple[Item[Any] | None, list[Problem]]] = {}

    def load(self, ctype: ContentType[Any], path: Path, shown: str, text: str, problems: Problems,
             kept: dict[tuple[str, Path, str], tuple[Item[Any] | None, list[Problem]]]) -> Item[Any] | None:
        key = (ctype.name, path, text)
        if key not in self.loaded:
            found = Problems()
            self.loaded[key] = (_load_text(ctype, path, shown, text, found), found.items)
        item, seen = kept[key] = self.loaded[key]
        problems.items.extend(seen)
        return item


def load_site(content_dir: Path, cache: LoadCache | None = None) -> tuple[Site, Problems]:
    """Load and validate every file under `content_dir`. Always returns; check `problems` before using.

    `cache` (a preview's, kept between rebuilds) spares parsing and validating a file whose text has not changed.
    """
    problems = Problems()
    kept: dict[tuple[str, Path, str], tuple[Item[Any] | None, list[Problem]]] = {}
    site = Site(content_dir)
    if not content_dir.is_dir():
        problems.add(display_path(content_dir), 1, 1, "content folder not found")
        return site, problems
    for path in sorted(content_dir.rglob("*")):
        rel = path.relative_to(content_dir)
        if any(part.startswith(".") for part in rel.parts) or rel.name.lower() == "readme.md":
            continue  # notes for editors, not pages
        if not _ordinary_file(path, display_path(path), problems):
            continue
        ctype = _content_type(rel, display_path(path), problems)
        if ctype is None:
            continue
        shown = display_path(path)
        text = read_text(path, shown, problems)
        if text is None:
            item = None
        elif cache is None:
            item = _load_text(ctype, path, shown, text, problems)
        else:
            item = cache.load(ctype, path, shown, text, problems, kept)
        if item is None:
            site.broken.add((ctype.name, path.stem))
            continue
        _add(site, item, problems)
    if cache is not None:
        cache.loaded = kept  # the files of this load only: a removed or edited file's old entry goes
    check_references(site, problems)
    check_vocabularies(site, problems)
    check_provenance(site, problems)
    return site, problems


def _ordinary_file(path: Path, shown: str, problems: Problems) -> bool:
    """Whether `path` is a file saved in the content folder itself; a link (which may lead outside the folder, or
    nowhere) and anything else that is not a file or a folder (a pipe, a device) are reported, never read."""
    if path.is_symlink():
        problems.add(shown, 1, 1, "a symbolic link is not read as content (it may lead outside the content folder, "
                     "or nowhere): put the file itself here")
        return False
    if path.is_dir():
        return False  # its files are listed on their own
    if not path.is_file():
        problems.add(shown, 1, 1, "not an ordinary file (a pipe, socket or device): content files are text files")
        return False
    return True


def _content_type(rel: Path, shown: str, problems: Problems) -> ContentType[Any] | None:
    """The content type of the file at `rel` (relative to the content folder), or None after reporting why not."""
    ctype = BY_FOLDER.get(rel.parts[0]) if len(rel.parts) > 1 else None
    if ctype is None:
        folders = ", ".join(f"{t.folder}/" for t in TYPES)
        problems.add(shown, 1, 1, f"file is not in a content folder; expected one of {folders}")
        return None
    if len(rel.parts) > 2:
        # Every file in a content folder is a live page: a folder of old drafts would be published.
        problems.add(shown, 1, 1, f"{ctype.folder}/ holds no sub-folders: every file in it is published as a "
                     f"page. Move this file into {ctype.folder}/ to publish it, or out of the content folder "
                     "to keep it unpublished")
        return None
    if rel.suffix not in ctype.suffixes:
        want = " or ".join(ctype.suffixes)
        problems.add(shown, 1, 1, f"{ctype.folder}/ holds {want} files; found '{rel.name}'")
        return None
    return ctype


def _add(site: Site, item: Item[Any], problems: Problems) -> None:
    """Add `item`; when another file has its id, report at whichever of the two was added later."""
    existing = site.items[item.type.name].get(item.id)
    if existing is None:
        site.items[item.type.name][item.id] = item
        return
    first, later = sorted((existing, item), key=lambda i: added_order(i.path))
    site.items[item.type.name][item.id] = first
    problems.add(later.display_path, 1, 1, f"duplicate id '{item.id}': {first.display_path} already has this id "
                 "(an item's id is its file name without the extension); rename one of the two files")


def _load_text(ctype: ContentType[Any], path: Path, shown: str, text: str, problems: Problems) -> Item[Any] | None:
    """The item the file at `path` holds as `text`, or None when it cannot be used (its problems reported)."""
    item_id = path.stem
    valid_id = re.fullmatch(m.ID_PATTERN, item_id) is not None
    if not valid_id:
        problems.add(
            shown, 1, 1,
            f"file name '{path.name}' is not a valid id: use lower-case letters and digits, words joined by "
            "single hyphens, e.g. hand-therapy.yml",
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
        report_validation_errors(ctype.model, exc.errors(), doc, problems)
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


