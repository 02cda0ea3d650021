"""Dataset records as plain rows: dicts keyed by column name, in column order.

This is the one conversion every writer starts from, so all formats hold
the same values: floats rounded to their column's digits, lists copied,
an empty string in a nullable string column becomes null (CSV could not
tell the two apart), nothing else changed.
"""

from __future__ import annotations

import math
from dataclasses import is_dataclass
from typing import Any

from gyokaku.model import Dataset

from .columns import TABLES, Column, table_spec

Row = dict[str, Any]


def column_value(value: Any, column: Column) -> Any:
    """One record field as stored in column ``column``.

    An empty string in a nullable column becomes ``None``.  Floats are
    rounded to the column's digits (``-0.0`` becomes ``0.0``); a non-finite
    float raises ``ValueError`` since no output format keeps it the same way.
    """
    if value is None or (value == "" and column.nullable):
        return None
    if column.kind == "float64":
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{column.name}: not a finite number: {value!r}")
        if column.digits is not None:
            number = round(number, column.digits)
        return number + 0.0  # turns -0.0 into 0.0
    if column.kind == "list<string>":
        return list(value)
    return value


def record_row(record: Any, name: str) -> Row:
    """One model record (an ``Initiative``, ``Plan`` or ``CellRecord``) as a row of ``name``."""
    if not is_dataclass(record):
        raise TypeError(f"{name}: expected a model record, got {type(record).__name__}")
    return {
        column.name: column_value(getattr(record, column.name), column)
        for column in table_spec(name).columns
    }


def table_rows(dataset: Dataset, name: str) -> list[Row]:
    """The rows of table ``name`` in dataset order."""
    records = getattr(dataset, table_spec(name).name)
    return [record_row(record, name) for record in records]


def dataset_rows(dataset: Dataset) -> dict[str, list[Row]]:
    """Every table's rows, by table name in :data:`TABLES` order."""
    return {name: table_rows(dataset, name) for name in TABLES}

