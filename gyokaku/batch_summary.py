"""The summary of a batch: ``batch_summary.csv`` and ``.json`` in OUTROOT, and rich tables.

One row per input, in input order, with the columns of
:class:`~gyokaku.batch.FileResult`: ``input``, ``sha256``, ``status``
(converted / failed / skipped), ``reason``, ``exit_code``, ``seconds``,
``initiatives`` and ``output_dir`` (the folder's name inside OUTROOT, empty
when the input failed).  Both files are replaced atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from gyokaku.batch import FileResult, Status

SUMMARY_NAME = "batch_summary"
COLUMNS: tuple[str, ...] = tuple(column.name for column in fields(FileResult))
MAX_FAILURES_SHOWN = 20
BOM = "\ufeff"


def summary_rows(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    """The results as plain records."""
    return [asdict(result) for result in results]


def summary_csv(results: Sequence[FileResult]) -> str:
    """The summary as CSV text (RFC 4180 line ends; an unknown count is an empty field)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in summary_rows(results):
        writer.writerow("" if row[name] is None else row[name] for name in COLUMNS)
    return buffer.getvalue()


def summary_json(results: Sequence[FileResult]) -> str:
    """The summary as a UTF-8 JSON array of records."""
    return json.dumps(summary_rows(results), ensure_ascii=False, indent=2) + "\n"


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_summary(results: Sequence[FileResult], outroot: Path, *,
                  csv_bom: bool = True) -> list[Path]:
    """Write ``batch_summary.csv`` and ``batch_summary.json`` into ``outroot``; return them."""
    outroot.mkdir(parents=True, exist_ok=True)
    csv_path = outroot / f"{SUMMARY_NAME}.csv"
    json_path = outroot / f"{SUMMARY_NAME}.json"
    _replace(csv_path, ((BOM if csv_bom else "") + summary_csv(results)).encode("utf-8"))
    _replace(json_path, summary_json(results).encode("utf-8"))
    return [csv_path, json_path]


def read_summary(outroot: Path) -> list[dict[str, Any]]:
    """The rows of ``outroot/batch_summary.json``."""
    rows = json.loads((outroot / f"{SUMMARY_NAME}.json").read_text(encoding="utf-8"))
    return list(rows)


def totals_table(results: Sequence[FileResult], seconds: float, written: Sequence[Path]) -> Table:
    """How many inputs were converted, skipped and failed, and where the summary is."""
    counts = Counter(result.status for result in results)
    table = Table(title="gyokaku batch", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for status in Status:
        table.add_row(status.value, str(counts.get(status.value, 0)))
    table.add_row("inputs", str(len(results)))
    table.add_row("time", f"{seconds:.1f} s")
    table.add_row("summary", Text(", ".join(str(path) for path in written)))
    return table


def failures_table(results: Sequence[FileResult]) -> Table | None:
    """The failed inputs with their exit code and reason (the first few), or ``None``."""
    failed = [result for result in results if result.status == Status.failed]
    if not failed:
        return None
    table = Table(title="failed")
    for heading in ("input", "exit", "reason"):
        table.add_column(heading)
    for result in failed[:MAX_FAILURES_SHOWN]:
        table.add_row(Text(result.input), str(result.exit_code), Text(result.reason))
    if len(failed) > MAX_FAILURES_SHOWN:
        table.caption = f"... and {len(failed) - MAX_FAILURES_SHOWN} more in {SUMMARY_NAME}.csv"
    return table
