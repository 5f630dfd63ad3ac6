"""JSON Schema files for editors, generated from the pydantic content model (the single source of truth)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..structure.content import TYPES, ContentType


def schema_for(ctype: ContentType[Any]) -> dict[str, Any]:
    schema = ctype.model.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{ctype.name}.schema.json",
        **schema,
    }
    return schema


def schema_text(ctype: ContentType[Any]) -> str:
    return json.dumps(schema_for(ctype), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for ctype in TYPES:
        path = folder / f"{ctype.name}.schema.json"
        path.write_text(schema_text(ctype), encoding="utf-8")
        written.append(path)
    return written


def check_schemas(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the model generates."""
    stale = []
    for ctype in TYPES:
        path = folder / f"{ctype.name}.schema.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != schema_text(ctype):
            stale.append(str(path))
    return stale
