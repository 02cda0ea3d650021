"""``gyokaku compare`` without the command line: read datasets, compare, write the tables.

Each input is a folder written by ``gyokaku convert``; its Parquet tables
are read back as plain rows and its report year (``report_fiscal_year``)
places it among the editions.  The comparison itself is pure
(:func:`gyokaku.normalize.comparison.compare_editions`); its tables are
written into DIFFDIR like convert's, as Parquet, JSON and CSV, atomically,
with a ``run.json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from gyokaku import __version__
from gyokaku.errors import ExitCode, GyokakuError
from gyokaku.normalize.compare_model import Comparison, Edition, Row
from gyokaku.normalize.comparison import compare_editions
from gyokaku.schemas.columns import COMPARE_TABLES, FORMATS
from gyokaku.schemas.outdir import (
    RUN_FILE,
    TOOL_NAME,
    check_outdir,
    is_previous_output,
    staged_outdir,
)
from gyokaku.schemas.readers import read_table, table_path
from gyokaku.schemas.rows import record_row
from gyokaku.schemas.run_info import file_entry, utc_now, utc_text
from gyokaku.schemas.writers import write_csv, write_json, write_parquet

MIN_EDITIONS = 2
COMMAND = "compare"


def _rows(folder: Path, name: str, required: bool) -> list[Row]:
    path = table_path(folder, name, "parquet")
    if not path.is_file():
        if required:
            raise GyokakuError(str(folder), f"not a gyokaku dataset (no {path.name})",
                               ExitCode.USAGE)
        return []
    try:
        return read_table(folder, name, "parquet")
    except Exception as error:  # any unreadable table is the input's problem, reported once
        raise GyokakuError(str(path), f"unreadable table: {error}",
                           ExitCode.INVALID_OUTPUT) from error


def _report_year(folder: Path, initiatives: list[Row]) -> int:
    years = {row.get("report_fiscal_year") for row in initiatives}
    if len(years) != 1 or None in years:
        found = ", ".join(sorted(str(y) for y in years)) or "no initiatives"
        raise GyokakuError(str(folder), f"cannot tell which edition it is "
                                        f"(report_fiscal_year: {found})", ExitCode.USAGE)
    year = years.pop()
    assert isinstance(year, int)
    return year


def load_edition(folder: Path) -> Edition:
    """Read one dataset folder as an :class:`Edition`; one-line errors for bad input."""
    if not folder.is_dir():
        raise GyokakuError(str(folder), "not a directory", ExitCode.USAGE)
    if not is_previous_output(folder):
        raise GyokakuError(str(folder), f"not a gyokaku output (no gyokaku {RUN_FILE})",
                           ExitCode.USAGE)
    initiatives = _rows(folder, "initiatives", required=True)
    return Edition(_report_year(folder, initiatives), str(folder), initiatives,
                   _rows(folder, "plans", required=True),
                   _rows(folder, "metrics", required=False))


def check_diffdir(diffdir: Path, folders: Sequence[Path]) -> None:
    """Refuse a DIFFDIR that is one of the datasets or holds a converted dataset.

    Otherwise the rules of :func:`gyokaku.schemas.outdir.check_outdir` apply
    (absent, empty, or a previous comparison).
    """
    resolved = diffdir.resolve()
    if any(folder.resolve() == resolved for folder in folders):
        raise GyokakuError(str(diffdir), "is one of the datasets compared; refusing to replace it",
                           ExitCode.USAGE)
    if is_previous_output(diffdir) and _command(diffdir) != COMMAND:
        raise GyokakuError(str(diffdir), "holds a converted dataset, not a comparison; "
                                         "refusing to replace it", ExitCode.USAGE)
    check_outdir(diffdir)


def _command(folder: Path) -> object:
    try:
        info = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info.get("command") if isinstance(info, dict) else None


def compare_folders(folders: Sequence[Path]) -> Comparison:
    """Compare the datasets in ``folders`` (two or more editions of one report)."""
    if len(folders) < MIN_EDITIONS:
        raise GyokakuError(", ".join(map(str, folders)) or "compare",
                           "give at least two datasets to compare", ExitCode.USAGE)
    editions = [load_edition(folder) for folder in folders]
    years: dict[int, str] = {}
    for edition in editions:
        if edition.year in years:
            raise GyokakuError(edition.folder, f"reports on {edition.year} like "
                                               f"{years[edition.year]}: one dataset per edition",
                               ExitCode.USAGE)
        years[edition.year] = edition.folder
    return compare_editions(editions)


def table_records(comparison: Comparison, name: str) -> list[Row]:
    """The rows of comparison table ``name``."""
    return [record_row(record, name) for record in getattr(comparison, name)]


def _run_info(comparison: Comparison, started: datetime, files: list[Path],
              csv_bom: bool) -> dict[str, Any]:
    return {
        "tool": TOOL_NAME,
        "command": COMMAND,
        "version": __version__,
        "editions": [{"edition": e.edition, "folder": e.folder} for e in comparison.editions],
        "started_utc": utc_text(started),
        "finished_utc": utc_text(utc_now()),
        "counts": {name: len(getattr(comparison, name)) for name in COMPARE_TABLES},
        "csv_bom": csv_bom,
        "files": [file_entry(path) for path in files],
    }


def write_comparison(comparison: Comparison, diffdir: Path, *, csv_bom: bool = True,
                     started: datetime | None = None) -> list[Path]:
    """Write every comparison table into ``diffdir`` atomically; return the paths written."""
    started = started or utc_now()
    check_diffdir(diffdir, [Path(e.folder) for e in comparison.editions])
    try:
        with staged_outdir(diffdir) as staging:
            files = []
            for name in COMPARE_TABLES:
                rows = table_records(comparison, name)
                write_parquet(rows, name, staging / f"{name}.parquet")
                write_json(rows, staging / f"{name}.json")
                write_csv(rows, name, staging / f"{name}.csv", bom=csv_bom)
                files += [staging / f"{name}.{fmt}" for fmt in FORMATS]
            info = _run_info(comparison, started, files, csv_bom)
            text = json.dumps(info, ensure_ascii=False, indent=2) + "\n"
            (staging / RUN_FILE).write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise GyokakuError(str(diffdir), f"cannot write the comparison: "
                                         f"{error.strerror or error}") from error
    return [diffdir / path.name for path in files] + [diffdir / RUN_FILE]
