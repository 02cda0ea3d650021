"""Write a :class:`~gyokaku.model.Dataset` as Parquet, JSON and CSV files.

Each table of :data:`~gyokaku.schemas.columns.TABLES` becomes ``NAME.parquet``
(explicit schema, zstd), ``NAME.json`` (UTF-8 array of records, not
ASCII-escaped, written by orjson: floats in their shortest round-trip
spelling, which for magnitudes below 1e-4 is ``0.00001`` where Python's
``json`` writes ``1e-05``) and ``NAME.csv`` (UTF-8, with a BOM by default for Excel;
value spelling in :mod:`gyokaku.schemas.csv_values`).  The data files are
deterministic: the same dataset gives byte-identical files.  Run metadata
goes to ``run.json``; ``datapackage.json`` describes the tables (Frictionless
Data Package, :mod:`gyokaku.schemas.datapackage`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from gyokaku.errors import GyokakuError
from gyokaku.model import Dataset

from .arrow import arrow_table
from .columns import FORMATS, Column, table_spec
from .csv_values import format_csv_value, needs_formatting
from .datapackage import DEFAULT_LICENSE, write_datapackage
from .outdir import RUN_FILE, staged_outdir
from .rows import Row, dataset_rows
from .run_info import run_info, utc_now

BOM = "\ufeff"
CSV_LINE_END = "\r\n"  # RFC 4180; line breaks inside quoted fields stay "\n"

JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE

ExtraWriter = Callable[[Path], Path]
"""Writes one more file into the staging folder it is given and returns its path."""


def write_parquet(rows: Sequence[Row], name: str, path: Path) -> None:
    """Write ``rows`` of table ``name`` as Parquet with the declared schema, zstd-compressed."""
    pq.write_table(arrow_table(rows, name), path, compression="zstd")


def json_bytes(rows: Sequence[Row]) -> bytes:
    """``rows`` as the bytes of a UTF-8 JSON file: an array of records, one key per line,
    indented by two spaces (the layout of ``json.dumps(..., indent=2)``)."""
    return orjson.dumps(list(rows), option=JSON_OPTIONS)


def write_json(rows: Sequence[Row], path: Path) -> None:
    """Write ``rows`` as a UTF-8 JSON array of records."""
    path.write_bytes(json_bytes(rows))


def csv_text(rows: Sequence[Row], name: str) -> str:
    """``rows`` of table ``name`` as CSV text with a header line of column names."""
    columns = table_spec(name).columns
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    writer.writerow(column.name for column in columns)
    writer.writerows(map(csv_fields(columns), rows))
    return buffer.getvalue()


def csv_fields(columns: Sequence[Column]) -> Callable[[Row], list[Any]]:
    """A function giving a row's CSV fields: :func:`format_csv_value` of each value, applied
    only in the columns that :func:`needs_formatting` (the ``csv`` module spells the rest
    the same way)."""
    values = itemgetter(*(column.name for column in columns))
    formatted = [(index, column) for index, column in enumerate(columns)
                 if needs_formatting(column)]

    def fields(row: Row) -> list[Any]:
        line = list(values(row))
        for index, column in formatted:
            line[index] = format_csv_value(line[index], column)
        return line

    return fields


def write_csv(rows: Sequence[Row], name: str, path: Path, *, bom: bool = True) -> None:
    """Write ``rows`` of table ``name`` as UTF-8 CSV, starting with a BOM when ``bom``."""
    text = csv_text(rows, name)
    path.write_bytes(((BOM if bom else "") + text).encode("utf-8"))


def write_tables(dataset: Dataset, folder: Path, *, csv_bom: bool = True) -> list[Path]:
    """Write every table of ``dataset`` into ``folder`` in every format; return the paths."""
    tables = dataset_rows(dataset)
    for name, rows in tables.items():
        write_parquet(rows, name, folder / f"{name}.parquet")
        write_json(rows, folder / f"{name}.json")
        write_csv(rows, name, folder / f"{name}.csv", bom=csv_bom)
    # Arrow's allocator keeps freed buffers for reuse; nothing here needs them again, and
    # processes forked next (the review's render workers) would each count them as theirs
    pa.default_memory_pool().release_unused()
    return [folder / f"{name}.{fmt}" for name in tables for fmt in FORMATS]


def write_run_json(info: dict[str, object], path: Path) -> None:
    """Write the run metadata as UTF-8 JSON."""
    path.write_bytes((json.dumps(info, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def write_dataset(
    dataset: Dataset,
    outdir: Path,
    *,
    csv_bom: bool = True,
    started: datetime | None = None,
    license_text: str = DEFAULT_LICENSE,
    extras: Sequence[ExtraWriter] = (),
) -> list[Path]:
    """Write ``dataset`` into ``outdir`` atomically; return the paths of the files written.

    The files are built in a staging directory beside ``outdir`` and moved
    into place only when all are complete; a failure leaves no partial
    ``outdir`` (a previous output stays as it was).  ``started`` is when the
    conversion began, for ``run.json`` (default: now); ``license_text`` goes
    into ``datapackage.json``.  Each of ``extras`` writes one more file (the
    review page) into the same staging directory, before ``run.json``.  Raises
    :class:`GyokakuError` when ``outdir`` holds something else or cannot be
    written.
    """
    started = started or utc_now()
    try:
        with staged_outdir(outdir) as staging:
            paths = write_tables(dataset, staging, csv_bom=csv_bom)
            paths.append(write_datapackage(dataset, staging, license_text))
            paths += [write(staging) for write in extras]
            finished = utc_now()
            info = run_info(dataset, started=started, finished=finished,
                            seconds=(finished - started).total_seconds(),
                            files=paths, csv_bom=csv_bom)
            write_run_json(info, staging / RUN_FILE)
    except OSError as error:
        problem = f"cannot write the dataset: {error.strerror or error}"
        raise GyokakuError(str(outdir), problem) from error
    return [outdir / path.name for path in paths] + [outdir / RUN_FILE]
