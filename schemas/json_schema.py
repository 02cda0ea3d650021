"""JSON Schemas (draft 2020-12) of the output tables.

They are generated from :mod:`gyokaku.schemas.columns` and committed beside
this module as ``NAME.schema.json`` (shipped as package data).  After
changing a column, regenerate them with::

    python -m gyokaku.schemas.regenerate
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

from .columns import COMPARE_TABLES, TABLES, Column, Kind, table_spec

DRAFT = "https://json-schema.org/draft/2020-12/schema"
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

_JSON_TYPES: dict[Kind, dict[str, Any]] = {
    "string": {"type": "string"},
    "int32": {"type": "integer", "minimum": INT32_MIN, "maximum": INT32_MAX},
    "float64": {"type": "number"},
    "bool": {"type": "boolean"},
    "list<string>": {"type": "array", "items": {"type": "string"}},
}


def column_schema(column: Column) -> dict[str, Any]:
    """The JSON Schema of one column's values (``null`` allowed when nullable)."""
    schema: dict[str, Any] = {"title": column.label, "description": column.description}
    schema.update(copy.deepcopy(_JSON_TYPES[column.kind]))
    if column.nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of file ``NAME.json``: an array of records of table ``name``."""
    spec = table_spec(name)
    return {
        "$schema": DRAFT,
        "title": spec.name,
        "description": spec.description,
        "type": "array",
        "items": {
            "type": "object",
            "properties": {column.name: column_schema(column) for column in spec.columns},
            "required": list(spec.column_names),
            "additionalProperties": False,
        },
    }


def schema_file_name(name: str) -> str:
    """The file name of table ``name``'s JSON Schema."""
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """Table ``name``'s JSON Schema exactly as the committed file holds it."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"


def load_json_schema(name: str) -> dict[str, Any]:
    """The committed (package data) JSON Schema of table ``name``."""
    table_spec(name)
    text = resources.files("gyokaku.schemas").joinpath(schema_file_name(name)).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def write_json_schemas(folder: Path) -> list[Path]:
    """Write every table's JSON Schema into ``folder``; return the paths written."""
    paths = []
    for name in [*TABLES, *COMPARE_TABLES]:
        path = folder / schema_file_name(name)
        path.write_text(schema_text(name), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths

