"""pyarrow schemas of the output tables, derived from :mod:`gyokaku.schemas.columns`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from .columns import Column, Kind, table_spec

# Lists hold no nulls; the item field is named as Parquet's compliant nested
# type names it, so that a schema read back from a file equals this one.
_STRING_LIST = pa.list_(pa.field("element", pa.string(), nullable=False))

_ARROW_TYPES: dict[Kind, pa.DataType] = {
    "string": pa.string(),
    "int32": pa.int32(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "list<string>": _STRING_LIST,
}


def arrow_field(column: Column) -> pa.Field:
    """The pyarrow field of one column (type and nullability, no metadata)."""
    return pa.field(column.name, _ARROW_TYPES[column.kind], nullable=column.nullable)


def arrow_schema(name: str) -> pa.Schema:
    """The declared pyarrow schema of table ``name``."""
    return pa.schema([arrow_field(column) for column in table_spec(name).columns])


def arrow_table(rows: Sequence[Mapping[str, Any]], name: str) -> pa.Table:
    """Rows (dicts keyed by column name) as a pyarrow table of the declared schema.

    Raises ``pyarrow.ArrowInvalid`` or ``TypeError`` when a value does not
    fit its column, and ``ValueError`` when a null is in a non-null column.
    """
    schema = arrow_schema(name)
    arrays = [pa.array([row[field.name] for row in rows], type=field.type) for field in schema]
    for field, array in zip(schema, arrays, strict=True):
        if not field.nullable and array.null_count:
            raise ValueError(f"{name}.{field.name}: null in a non-null column")
    return pa.Table.from_arrays(arrays, schema=schema)
