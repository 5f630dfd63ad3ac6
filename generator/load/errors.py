"""Turn pydantic validation errors into problems at the line of the offending key or value."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..problems import Problems, dotted
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
    else:
        line, col = doc.position(loc)
        found = error.get("input")
        shown = repr(found) if not isinstance(found, (dict, list)) else type(found).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = error["msg"][0].lower() + error["msg"][1:]
        problems.add(doc.path, line, col, f"field '{name}': {message}; found {shown}")


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


