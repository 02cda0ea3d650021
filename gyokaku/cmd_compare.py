"""``gyokaku compare OUT_A OUT_B [OUT_C ...] -o DIFFDIR``: what changed between editions.

The datasets are ordered by report year and each is compared with the
next; the tables go to DIFFDIR (Parquet, JSON, CSV, written atomically) and
a summary to the terminal.  Bad input is one line on stderr and a non-zero
exit: 2 for usage (fewer than two datasets, a folder that is no gyokaku
dataset, two datasets of the same year, a DIFFDIR that is a dataset or
holds other files), 9
for a dataset whose tables cannot be read.
"""

from __future__ import annotations

import sys
import traceback
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gyokaku.cli import CsvBom, app
from gyokaku.errors import ExitCode, GyokakuError
from gyokaku.normalize.compare_model import Comparison

STATUSES = ("unchanged", "text_changed", "renamed", "added", "dropped")
LISTED_KINDS = ("added", "dropped", "renumbered", "renamed", "department_renamed",
                "department_added", "department_removed", "plan_changed")
MAX_ROWS_SHOWN = 30
MAX_VALUE_CHARS = 40

EPILOG = """\b
Exit codes: 0 done; 1 internal error; 2 usage (fewer than two datasets, not
a gyokaku dataset, two datasets of one year, DIFFDIR is a dataset or holds
other files);
9 a dataset's tables cannot be read."""


@app.command(epilog=EPILOG)
def compare(
    datasets: Annotated[list[Path], typer.Argument(
        metavar="OUT_A OUT_B [OUT_C ...]", show_default=False,
        help="Folders written by gyokaku convert, one per edition (any order).")],
    diffdir: Annotated[Path, typer.Option(
        "-o", "--output", metavar="DIFFDIR", show_default=False,
        help="Folder to write the comparison into (replaced if it is a previous output).")],
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing on success.")] = False,
    csv_bom: CsvBom = True,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    """Compare editions of a report: links, changes, text diffs and metric series in DIFFDIR."""
    raise typer.Exit(run_compare(datasets, diffdir, quiet=quiet, csv_bom=csv_bom, debug=debug))


def run_compare(datasets: list[Path], diffdir: Path, *, quiet: bool = False,
                csv_bom: bool = True, debug: bool = False) -> int:
    """Compare, write and summarise; report a failure as one stderr line. Return the exit code."""
    from gyokaku.compare import check_diffdir, compare_folders, write_comparison

    try:
        check_diffdir(diffdir, datasets)
        comparison = compare_folders(datasets)
        written = write_comparison(comparison, diffdir, csv_bom=csv_bom)
    except GyokakuError as error:
        _fail(error.one_line())
        return int(error.exit_code)
    except Exception as error:  # a bug: one line, the traceback only when asked for
        if debug:
            traceback.print_exc()
        _fail(f"{diffdir}: internal error: {type(error).__name__}: {error}")
        return int(ExitCode.FAILED)
    if not quiet:
        print_comparison(comparison, diffdir, len(written))
    return int(ExitCode.OK)


def _fail(line: str) -> None:
    sys.stderr.write(f"gyokaku: {' '.join(line.split())}\n")
    sys.stderr.flush()


# --- the summary -------------------------------------------------------------------------


def print_comparison(comparison: Comparison, diffdir: Path, files: int,
                     console: Console | None = None) -> None:
    """Print the editions, the status counts, the listed changes and the links to look at."""
    console = console or Console()
    console.print(status_table(comparison, diffdir, files))
    listed = changes_table(comparison)
    if listed.row_count:
        console.print(listed)
    review = review_table(comparison)
    if review.row_count:
        console.print(review)


def status_table(comparison: Comparison, diffdir: Path, files: int) -> Table:
    """Initiatives per status for each pair of consecutive editions."""
    table = Table(title=Text(f"gyokaku compare: {diffdir} ({files} files)"))
    table.add_column("from → to", no_wrap=True)
    for heading in (*STATUSES, "text edits", "to look at"):
        table.add_column(heading, justify="right")
    for old, new in zip(comparison.editions, comparison.editions[1:], strict=False):
        links = [link for link in comparison.links if link.to_edition == new.edition]
        counts = Counter(link.status for link in links)
        texts = sum(1 for c in comparison.changes
                    if c.to_edition == new.edition and c.kind == "text_changed")
        review = sum(1 for link in links if not link.certain)
        table.add_row(f"{old.edition} → {new.edition}", *(str(counts[s]) for s in STATUSES),
                      str(texts), str(review))
    return table


def _short(value: str | None) -> str:
    if value is None:
        return "—"
    flat = " ".join(value.split())
    return flat if len(flat) <= MAX_VALUE_CHARS else flat[:MAX_VALUE_CHARS - 1] + "…"


def changes_table(comparison: Comparison) -> Table:
    """Every change but text edits (those are counted above and listed in changes/diffs)."""
    table = Table(title="changes other than text")
    for heading in ("from → to", "kind", "code", "field", "before", "after"):
        table.add_column(heading, no_wrap=heading in ("from → to", "kind", "code", "field"))
    listed = [c for c in comparison.changes if c.kind in LISTED_KINDS]
    for change in listed[:MAX_ROWS_SHOWN]:
        table.add_row(f"{change.from_edition} → {change.to_edition}", change.kind,
                      Text(change.code), Text(change.field or ""), Text(_short(change.before)),
                      Text(_short(change.after)))
    if len(listed) > MAX_ROWS_SHOWN:
        table.caption = f"... and {len(listed) - MAX_ROWS_SHOWN} more in changes.csv"
    return table


def review_table(comparison: Comparison) -> Table:
    """Links a person should look at: unlike same-code rows, weak matches, near misses."""
    table = Table(title="links to look at")
    for heading in ("from → to", "from code", "to code", "status", "score", "name"):
        table.add_column(heading, no_wrap=heading != "name")
    for link in [link for link in comparison.links if not link.certain][:MAX_ROWS_SHOWN]:
        score = "" if link.score is None else f"{link.score:.2f}"
        table.add_row(f"{link.from_edition} → {link.to_edition}", Text(link.from_code or "—"),
                      Text(link.to_code or "—"), link.status, score, Text(_short(link.name)))
    return table
