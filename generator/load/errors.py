"""Turn pydantic validation errors into problems at the line of the offending key or value."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..problems import Problems, dotted
from ..structure.model import ID_PATTERN
from .strict_yaml import Document


def report_validation_error(model: type[BaseModel], error: Any, doc: Document, problems: Problems) -> None:
    """Turn one pydantic error into a problem at the line of the offending key or value."""
    loc = tuple(error["loc"])
    name = dotted(loc)
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


