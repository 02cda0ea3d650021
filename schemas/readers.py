"""Read a written table back as plain rows, from any of its three formats.

All readers return the same thing, a list of dicts keyed by column name, so
that the formats can be compared value by value.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq

from .columns import FORMATS, table_spec
from .csv_values import parse_csv_value
from .rows import Row


def table_path(outdir: Path, name: str, fmt: str) -> Path:
    """The path of table ``name`` in format ``fmt`` inside ``outdir``."""
    table_spec(name)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return outdir / f"{name}.{fmt}"


def read_parquet(path: Path) -> list[Row]:
    """The rows of a Parquet file.

    Read as one file: ``pq.read_table`` goes through ``pyarrow.dataset``, whose import
    brings in pandas (about a fifth of a second the first time)."""
    with pq.ParquetFile(path) as parquet:
        rows: list[Row] = parquet.read().to_pylist()
    return rows


def read_json(path: Path) -> list[Row]:
    """The rows of a JSON array-of-records file."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise ValueError(f"{path.name}: not a JSON array")
    return rows


def csv_records(path: Path) -> list[list[str]]:
    """The records of a UTF-8 CSV file (BOM or not), header included, as text fields."""
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_csv(path: Path, name: str) -> list[Row]:
    """The rows of table ``name``'s CSV file, values parsed back to their column types.

    Raises ``ValueError`` when the header is not the table's column names or
    a field cannot be parsed.
    """
    columns = table_spec(name).columns
    header, *records = csv_records(path) or [[]]
    expected = [column.name for column in columns]
    if header != expected:
        raise ValueError(f"{path.name}: header {header} is not {expected}")
    rows = []
    for line_no, record in enumerate(records, start=2):
        if len(record) != len(columns):
            raise ValueError(f"{path.name}: record {line_no} has {len(record)} fields")
        rows.append({c.name: parse_csv_value(f, c) for c, f in zip(columns, record, strict=True)})
    return rows


def read_table(outdir: Path, name: str, fmt: str) -> list[Row]:
    """The rows of table ``name`` from its ``fmt`` file (parquet, json or csv) in ``outdir``."""
    path = table_path(outdir, name, fmt)
    if fmt == "parquet":
        return read_parquet(path)
    if fmt == "json":
        return read_json(path)
    return read_csv(path, name)
