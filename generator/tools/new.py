"""`python -m generator new <type> <id>`: start a content file from a skeleton that already passes the check.

A contributor who has never seen the schema gets every field, a comment on what each one wants, the allowed
values of every choice, and the schema line that lets an editor check the file while they type:

    $ python -m generator new specialism hand-therapy
    wrote content/specialisms/hand-therapy.yml

The skeletons live in `generator/tools/templates/new/`. Every reference in them names an item that exists in the
content folder (the first source, or the one given with `--source`), so the file is valid the moment it is
written and the check only ever complains about what the contributor changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..config.options import env_today
from ..load.strict_yaml import StrictLoader
from ..problems import display_path
from ..structure import model as m
from ..structure.content import CASE_STORY, FLOW, SOURCE, SPECIALISM, TYPES, ContentType

TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in TYPES)

# Ids that would produce the same page as a folder's index page.
RESERVED_IDS = frozenset({"index"})

# What a skeleton offers for each choice field: a common value, for the contributor to change.
DEFAULTS = {
    "involvement": m.Involvement.either.value,
    "age_group": m.AgeGroup.adults.value,
    "setting": m.Setting.home.value,
    "requirement": m.Requirement.essential.value,
    "audience": m.Audience.case_manager.value,
    "pseudonym": "Alex",
    "age_band": m.AgeBand.a36_45.value,
    "region": m.Region.wales.value,
    "kind": m.SourceKind.web_page.value,
}

# The allowed values of each choice field, listed in a comment above it; taken from the model so they never drift.
CHOICES: dict[str, type[Enum]] = {
    "involvement": m.Involvement,
    "age_groups": m.AgeGroup,
    "settings": m.Setting,
    "setting": m.Setting,
    "requirement": m.Requirement,
    "audience": m.Audience,
    "age_band": m.AgeBand,
    "region": m.Region,
    "kind": m.SourceKind,
}


class NewItemError(Exception):
    """A skeleton could not be written; the message says why and what to do instead."""


def content_type(name: str) -> ContentType[Any]:
    for ctype in TYPES:
        if ctype.name == name:
            return ctype
    raise NewItemError(f"unknown content type '{name}'; expected one of: {', '.join(TYPE_NAMES)}")


def check_id(item_id: str) -> None:
    """Refuse an id that is not a valid file name and page address, suggesting one that is."""
    if re.fullmatch(m.ID_PATTERN, item_id) is None:
        suggestion = re.sub(r"[^a-z0-9]+", "-", item_id.lower()).strip("-")
        hint = f", such as '{suggestion}'" if suggestion else ""
        raise NewItemError(
            f"'{item_id}' is not a valid id: use lower-case letters, digits and single hyphens{hint}"
        )
    if item_id in RESERVED_IDS:
        raise NewItemError(f"'{item_id}' is not a valid id: it is the name of each folder's index page")


def existing_ids(content_dir: Path, ctype: ContentType[Any]) -> list[str]:
    """Ids of the items of one type present in the content folder, sorted. Reads names only, not contents."""
    folder = content_dir / ctype.folder
    if not folder.is_dir():
        return []
    return sorted(
        p.stem for p in folder.iterdir()
        if p.is_file() and p.suffix in ctype.suffixes and re.fullmatch(m.ID_PATTERN, p.stem)
    )


def skeleton(ctype: ContentType[Any], item_id: str, *, schema: str, source: str | None, specialism: str | None,
             today: dt.date, consent_recorded: bool = False, condition: str = "cerebral palsy") -> str:
    """The text of a new content file. `schema` is the path written on the schema line."""
    env = Environment(
        loader=PackageLoader("generator.tools", "templates/new"),
        undefined=StrictUndefined,
        autoescape=False,  # the output is YAML, written for a person to edit
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = env.get_template(f"{ctype.name}{'.md' if ctype.markdown else '.yml'}.j2")
    return template.render(
        id=item_id,
        title=_yaml_string(item_id.replace("-", " ").capitalize()),
        schema=schema,
        source=source,
        specialism=specialism,
        condition=_yaml_string(condition),
        consent_recorded=consent_recorded,
        today=today.isoformat(),
        defaults=DEFAULTS,
        choices={name: "; ".join(str(e.value) for e in enum) for name, enum in CHOICES.items()},
    )


def create(type_name: str, item_id: str, content_dir: Path, *, source: str | None = None,
           specialism: str | None = None, consent_recorded: bool = False, today: dt.date | None = None) -> Path:
    """Write the skeleton for a new item and return its path. Never overwrites: raises `NewItemError`.

    A case story starts as the practice's own client with `written_consent_on_file: false` unless the caller
    says the client's written consent is on file: a skeleton never assumes consent, so a story started without
    it fails the check until someone records it (or changes its origin to a publication or a composite).
    """
    ctype = content_type(type_name)
    check_id(item_id)
    if consent_recorded and ctype is not CASE_STORY:
        raise NewItemError(f"--consent-recorded applies to {CASE_STORY.name} only")
    if not content_dir.is_dir():
        raise NewItemError(f"{display_path(content_dir)}: content folder not found")
    folder = content_dir / ctype.folder
    for suffix in ctype.suffixes:
        existing = folder / f"{item_id}{suffix}"
        if existing.exists():
            raise NewItemError(
                f"{display_path(existing)}:1:1: already exists; edit that file, or choose another id"
            )
    source_id = None if ctype is SOURCE else _reference(content_dir, SOURCE, source, required=True)
    specialism_id = None
    if ctype in (CASE_STORY, FLOW):
        specialism_id = _reference(content_dir, SPECIALISM, specialism, required=ctype is CASE_STORY)
    elif specialism is not None:
        raise NewItemError(f"--specialism applies to {CASE_STORY.name} and {FLOW.name} only")
    path = folder / f"{item_id}{ctype.suffixes[0]}"
    text = skeleton(ctype, item_id, schema=_schema_path(content_dir, folder, ctype), source=source_id,
                    specialism=specialism_id, today=today or env_today() or dt.date.today(),
                    consent_recorded=consent_recorded, condition=first_condition(content_dir))
    folder.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    except FileExistsError:
        raise NewItemError(f"{display_path(path)}:1:1: already exists; edit that file, or choose another id") from None
    return path


def _reference(content_dir: Path, target: ContentType[Any], wanted: str | None, *, required: bool) -> str | None:
    """The id a skeleton cites: the one asked for, which must exist, or else the first there is."""
    ids = existing_ids(content_dir, target)
    if wanted is not None:
        if wanted not in ids:
            raise NewItemError(
                f"--{target.name} '{wanted}': no file {display_path(content_dir / target.folder / wanted)}"
                f"{target.suffixes[0]}"
            )
        return wanted
    if ids:
        return ids[0]
    if required:
        raise NewItemError(
            f"{display_path(content_dir / target.folder)}: there is no {target.name} yet, and this file must name "
            f"one; add one first with: python -m generator new {target.name} <id>"
        )
    return None


def first_condition(content_dir: Path) -> str:
    """The first term of the conditions vocabulary, for a skeleton to name; a placeholder the check rejects when
    there is no vocabulary to take one from."""
    try:
        data = yaml.load((content_dir / "vocabulary" / "conditions.yml").read_text(encoding="utf-8"),
                         Loader=StrictLoader)
        return str(data["terms"][0]["name"])
    except (OSError, yaml.YAMLError, KeyError, IndexError, TypeError):
        return "a condition listed in content/vocabulary/conditions.yml"


def _schema_path(content_dir: Path, folder: Path, ctype: ContentType[Any]) -> str:
    """The schema line's path, relative to the new file, as in every existing content file."""
    name = f"{ctype.name}.schema.json"
    for schemas in (content_dir.parent / "schemas", Path.cwd() / "schemas"):
        if (schemas / name).is_file():
            try:
                return Path(os.path.relpath(schemas.absolute() / name, folder.absolute())).as_posix()
            except ValueError:  # another drive, on Windows
                break
    return f"../../schemas/{name}"


def _yaml_string(text: str) -> str:
    """`text` as YAML: bare when it reads back as the same string, quoted when it would not ('True', '2024')."""
    try:
        if yaml.load(text, Loader=StrictLoader) == text:  # StrictLoader is a SafeLoader
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text)
