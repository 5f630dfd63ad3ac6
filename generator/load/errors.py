"""Turn pydantic validation errors into problems at the line of the offending key or value."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..document import Document
from ..problems import Problems, dotted
from ..structure.model import ID_PATTERN, REGISTRATION_PATTERN


def report_validation_errors(model: type[BaseModel], errors: list[Any], doc: Document, problems: Problems) -> None:
    """Turn pydantic's errors into problems, one per place. A value that fits no type of a field that takes one
    of several (a year as a number, or a phrase) gets pydantic's error for each type; it is one problem, worded
    from the field's description."""
    by_place: dict[tuple[Any, ...], list[Any]] = {}
    fields: dict[tuple[Any, ...], FieldInfo | None] = {}
    for error in errors:
        loc, _, field = _walk(model, tuple(error["loc"]))
        by_place.setdefault(loc, []).append(error)
        fields[loc] = field
    for loc, found in by_place.items():
        field = fields[loc]
        description = field.description if field and len(found) > 1 and loc not in doc.unreadable else None
        if description is None:
            for error in found:
                report_validation_error(model, error, doc, problems)
            continue
        written = doc.raw.get(loc)
        value = found[0].get("input")
        expected = description[0].lower() + description[1:].rstrip(".")
        problems.add(doc.path, *doc.position(loc),
                     f"field '{dotted(loc)}': expected {expected}; found {_shown(written, value)}")


def report_validation_error(model: type[BaseModel], error: Any, doc: Document, problems: Problems) -> None:
    """Turn one pydantic error into a problem at the line of the offending key or value."""
    tagged = tuple(error["loc"])
    loc = _walk(model, tagged)[0]
    name = dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, tagged[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
        line, col = doc.position(loc, key=True)
        problems.add(doc.path, line, col, f"unknown field '{name}'{suggestion}")
    elif kind == "missing":
        line, col = doc.position(loc[:-1])
        problems.add(doc.path, line, col, f"missing field '{name}'")
    elif loc not in doc.unreadable:
        line, col = doc.position(loc)
        problems.add(doc.path, line, col, f"field '{name}': {_describe(error, doc.raw.get(loc))}")


def _describe(error: Any, raw: str | None) -> str:
    """What is wrong with a value and what to write instead, showing the value as it was written."""
    found = error.get("input")
    kind = error["type"]
    written = raw if raw is not None else (found if isinstance(found, str) else None)
    if kind.startswith(("date_", "datetime_")):
        return f"expected a date written YYYY-MM-DD, e.g. 2026-11-01; found {_shown(written, found)}"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return ("expected an id: lower-case letters and digits, words joined by single hyphens, e.g. "
                f"'hand-therapy'; found {_shown(written, found)}")
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == REGISTRATION_PATTERN:
        return ("expected an HCPC registration number as the register shows it: two capital letters, then digits, "
                f"e.g. OT12345; found {_shown(written, found)}")
    if kind == "string_type" and raw is not None and not isinstance(found, (dict, list)):
        return f"expected text; found {raw}, which YAML reads as {_yaml_kind(found)}: put it in quotes, '{raw}'"
    message = error["msg"][0].lower() + error["msg"][1:]
    return f"{message}; found {_shown(written, found)}"


def _shown(written: str | None, found: Any) -> str:
    if isinstance(found, (dict, list)):
        shown = type(found).__name__
    elif written is not None:
        shown = f"'{written}'"
    else:
        shown = repr(found)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "empty"
    return "a date"


def _walk(model: type[BaseModel], tagged: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any, FieldInfo | None]:
    """Follow an error's place `tagged` through `model`: the place as the file has it, the annotation reached and
    the field last passed (None, None once the place leaves the model).

    pydantic puts the tag of a tagged union in an error's place, ('origin', 'publication', 'section'), and the name
    of the type tried in a union of plain types, ('origin', 'year', 'int'); the file has no such keys, so the place
    drops them: ('origin', 'section'), ('origin', 'year'). List positions are kept and step into the list's items."""
    place: list[Any] = []
    current: Any = model
    field: FieldInfo | None = None
    for part in tagged:
        member = None if isinstance(part, int) else _tagged_member(current, part)
        if member is not None:
            current = member
            continue
        if isinstance(part, str) and _is_plain_union(current):
            break  # the type tried: nothing below it is a key in the file
        place.append(part)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            field = current.model_fields[part]
            current = _inner(field.annotation)
        else:
            current, field = None, None
    return tuple(place), current, field


def _fields_at(model: type[BaseModel], tagged: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `tagged`, an error's place less its last part."""
    current = _walk(model, tagged)[1]
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _is_plain_union(annotation: Any) -> bool:
    """Whether `annotation` is a union of types none of which is a model (int | str, not A | B of models)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return False
    return not any(isinstance(a, type) and issubclass(a, BaseModel) for a in typing.get_args(annotation))


def _tagged_member(annotation: Any, tag: Any) -> type[BaseModel] | None:
    """The member of a union of models whose `kind` is `tag`, if `annotation` is such a union."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    for member in typing.get_args(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and "kind" in member.model_fields:
            if tag in typing.get_args(member.model_fields["kind"].annotation):
                return member
    return None


def _inner(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X: the model a nested value must follow, if any."""
    while True:
        while typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        else:
            return annotation


