"""Check an output directory against the declared tables.

For every table: the Parquet schema must equal the declared one exactly,
the JSON must validate against the committed JSON Schema, the CSV header
must be the column names, and the three formats must hold the same rows.
``run.json`` must be a gyokaku run whose counts match the tables.
"""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pyarrow.parquet as pq
from jsonschema import Draft202012Validator

from .arrow import arrow_schema
from .columns import FORMATS, TABLES
from .json_schema import load_json_schema
from .outdir import RUN_FILE, is_previous_output
from .readers import read_table, table_path
from .rows import Row

MAX_SCHEMA_ERRORS = 5


def validate_outdir(outdir: Path) -> list[str]:
    """The problems found in ``outdir``, one line each, ``FILE: problem``; empty when valid."""
    if not outdir.is_dir():
        return [f"{outdir}: not a directory"]
    problems = _run_problems(outdir)
    counts = _run_counts(outdir)
    for name in TABLES:
        problems += table_problems(outdir, name, counts.get(name))
    return problems


def table_problems(outdir: Path, name: str, expected_count: int | None = None) -> list[str]:
    """The problems of one table's three files in ``outdir``."""
    missing = [table_path(outdir, name, fmt) for fmt in FORMATS
               if not table_path(outdir, name, fmt).is_file()]
    if missing:
        return [f"{path}: missing" for path in missing]
    problems = parquet_schema_problems(outdir, name) + json_schema_problems(outdir, name)
    rows_by_format: dict[str, list[Row]] = {}
    for fmt in FORMATS:
        try:
            rows_by_format[fmt] = read_table(outdir, name, fmt)
        except Exception as error:  # any unreadable file is a finding, not a crash
            problems.append(f"{table_path(outdir, name, fmt)}: unreadable: {error}")
    problems += _row_differences(outdir, name, rows_by_format)
    parquet_rows = rows_by_format.get("parquet")
    if expected_count is not None and parquet_rows is not None \
            and len(parquet_rows) != expected_count:
        problems.append(f"{table_path(outdir, name, 'parquet')}: {len(parquet_rows)} rows, "
                        f"{RUN_FILE} counts {expected_count}")
    return problems


def parquet_schema_problems(outdir: Path, name: str) -> list[str]:
    """A problem when the Parquet file's schema is not exactly the declared one."""
    path = table_path(outdir, name, "parquet")
    try:
        schema = pq.read_schema(path)
    except Exception as error:
        return [f"{path}: unreadable Parquet: {error}"]
    declared = arrow_schema(name)
    if schema.equals(declared, check_metadata=True):
        return []
    found = ", ".join(f"{f.name}: {f.type}{'' if f.nullable else ' not null'}" for f in schema)
    return [f"{path}: schema is not the declared one; found {found}"]


def json_schema_problems(outdir: Path, name: str) -> list[str]:
    """The JSON file's violations of the table's JSON Schema (the first few)."""
    path = table_path(outdir, name, "json")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"{path}: unreadable JSON: {error}"]
    validator = Draft202012Validator(load_json_schema(name))
    errors = islice(validator.iter_errors(document), MAX_SCHEMA_ERRORS)
    return [f"{path}: {error.json_path}: {error.message}" for error in errors]


def _row_differences(outdir: Path, name: str, rows_by_format: dict[str, list[Row]]) -> list[str]:
    """Each format compared with the first readable one (Parquet when it is readable)."""
    if not rows_by_format:
        return []
    reference_format, reference = next(iter(rows_by_format.items()))
    problems = []
    for fmt, rows in rows_by_format.items():
        difference = first_difference(reference, rows)
        if difference is not None:
            problems.append(f"{table_path(outdir, name, fmt)}: differs from "
                            f"{reference_format}: {difference}")
    return problems


def first_difference(expected: list[Row], found: list[Row]) -> str | None:
    """Where two row lists first differ (row count, or row index and column), or ``None``."""
    if len(expected) != len(found):
        return f"{len(found)} rows instead of {len(expected)}"
    for index, (want, got) in enumerate(zip(expected, found, strict=True)):
        for key in dict.fromkeys([*want, *got]):
            wanted, value = want.get(key, _ABSENT), got.get(key, _ABSENT)
            if wanted != value:
                return f"row {index} column {key}: {value!r}, expected {wanted!r}"
    return None


_ABSENT = "<absent>"


def _run_problems(outdir: Path) -> list[str]:
    path = outdir / RUN_FILE
    if not path.is_file():
        return [f"{path}: missing"]
    if not is_previous_output(outdir):
        return [f"{path}: not a gyokaku run record"]
    return []


def _run_counts(outdir: Path) -> dict[str, int]:
    try:
        counts = json.loads((outdir / RUN_FILE).read_text(encoding="utf-8"))["counts"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(counts, dict):
        return {}
    return {name: count for name, count in counts.items() if isinstance(count, int)}
