"""Dataset records as plain rows: dicts keyed by column name, in column order.

This is the one conversion every writer starts from, so all formats hold
the same values: floats rounded to their column's digits, lists copied,
an empty string in a nullable string column becomes null (CSV could not
tell the two apart), nothing else changed.
"""

from __future__ import annotations

import math
from dataclasses import is_dataclass
from functools import cache
from operator import attrgetter
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


def _kept_as_is(column: Column) -> bool:
    """Whether :func:`column_value` returns every value of ``column`` unchanged."""
    return not column.nullable and column.kind in ("string", "int32", "bool")


class _RowMaker:
    """Makes the rows of one table: reads a record's fields in one call and converts only the
    columns whose values :func:`column_value` may change."""

    def __init__(self, name: str) -> None:
        columns = table_spec(name).columns
        self.name = name
        self.names = tuple(column.name for column in columns)
        self.fields = attrgetter(*self.names)
        self.converted = [(i, column) for i, column in enumerate(columns)
                          if not _kept_as_is(column)]
        self.record_types: set[type] = set()  # the classes already checked to be records

    def row(self, record: Any) -> Row:
        """One model record as a row."""
        if type(record) not in self.record_types:
            if not is_dataclass(record) or isinstance(record, type):
                raise TypeError(f"{self.name}: expected a model record, "
                                f"got {type(record).__name__}")
            self.record_types.add(type(record))
        values = list(self.fields(record))
        for index, column in self.converted:
            values[index] = column_value(values[index], column)
        return dict(zip(self.names, values, strict=True))


@cache
def _row_maker(name: str) -> _RowMaker:
    return _RowMaker(name)


def record_row(record: Any, name: str) -> Row:
    """One model record (an ``Initiative``, ``Plan`` or ``CellRecord``) as a row of ``name``."""
    return _row_maker(name).row(record)


def table_rows(dataset: Dataset, name: str) -> list[Row]:
    """The rows of table ``name`` in dataset order."""
    records = getattr(dataset, table_spec(name).name)
    return list(map(_row_maker(name).row, records))


def dataset_rows(dataset: Dataset) -> dict[str, list[Row]]:
    """Every table's rows, by table name in :data:`TABLES` order."""
    return {name: table_rows(dataset, name) for name in TABLES}
