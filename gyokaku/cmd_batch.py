"""``gyokaku batch INPUTS... -o OUTROOT``: convert many PDFs, one folder each, in parallel.

Inputs are PDF files or folders (searched for ``*.pdf``).  A progress bar
over files runs on a terminal; at the end ``OUTROOT/batch_summary.csv`` and
``.json`` say what became of every input, and a table shows the totals and
the failures.  ``--scheduler tcp://HOST:PORT`` runs the same batch on a Dask
cluster.  See :mod:`gyokaku.batch`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gyokaku.batch import (
    DEFAULT_FILE_SECONDS,
    BatchOptions,
    FileResult,
    ResultCallback,
    batch_exit_code,
    plan_jobs,
    run_batch,
)
from gyokaku.batch_summary import failures_table, totals_table, write_summary
from gyokaku.cli import DEFAULT_LICENSE, CsvBom, Engine, LicenseText, app, check_license
from gyokaku.errors import ExitCode, GyokakuError
from gyokaku.forking import available_cores
from gyokaku.limit_options import (
    DEFAULTS,
    MaxObjects,
    MaxPageMm,
    MaxPages,
    MaxPageSeconds,
    MaxStreamMb,
    limits_from_options,
)

BATCH_EXIT_HELP = f"""\b
Exit codes: 0 every input converted or skipped; {int(ExitCode.BATCH_INCOMPLETE)} at least one input
failed (the others were converted; reasons in OUTROOT/batch_summary.csv);
2 usage (no PDF found, OUTROOT is a file, scheduler unreachable); 1 internal error."""


@app.command(epilog=BATCH_EXIT_HELP)
def batch(
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUTS...", show_default=False,
        help="PDF files, or folders searched for *.pdf.")],
    outroot: Annotated[Path, typer.Option(
        "-o", "--output", metavar="OUTROOT", show_default=False,
        help="Folder to hold one output folder per input and the batch summary.")],
    workers: Annotated[int | None, typer.Option(
        "--workers", "-j", min=1, show_default=False,
        help="Conversions at a time on this machine (default: one per CPU).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        metavar="tcp://HOST:PORT", show_default=False,
        help="Run on this Dask scheduler instead of this machine.")] = None,
    engine: Annotated[Engine, typer.Option(help="Table extraction engine.")] = Engine.pdfium,
    profile: Annotated[str, typer.Option(
        help="Layout profile: auto, a bundled profile's name or a TOML file.")] = "auto",
    registry: Annotated[Path | None, typer.Option(
        help="Registry file of item codes to match against.", show_default=False)] = None,
    password: Annotated[str | None, typer.Option(
        envvar="GYOKAKU_PASSWORD", show_default=False,
        help="Password of encrypted PDFs.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Convert inputs again even when already converted.")] = False,
    csv_bom: CsvBom = True,
    license_text: LicenseText = DEFAULT_LICENSE,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing but errors.")] = False,
    max_file_seconds: Annotated[float, typer.Option(
        "--max-file-seconds", min=1.0, metavar="S",
        help="Stop the conversion of one input after this many seconds.")
    ] = DEFAULT_FILE_SECONDS,
    max_pages: MaxPages = DEFAULTS.max_pages,
    max_page_mm: MaxPageMm = DEFAULTS.max_page_mm,
    max_objects: MaxObjects = DEFAULTS.max_objects,
    max_stream_mb: MaxStreamMb = DEFAULTS.max_stream_mb,
    max_page_seconds: MaxPageSeconds = DEFAULTS.page_seconds,
) -> None:
    """Convert every PDF of INPUTS into OUTROOT/<name>/ in parallel, with a summary."""
    limits = limits_from_options(max_pages, max_page_mm, max_objects, max_stream_mb,
                                 max_page_seconds)
    options = BatchOptions(engine.value, profile, registry, password, csv_bom, limits,
                           max_file_seconds, force, license_text)
    raise typer.Exit(run_batch_command(inputs, outroot, options, workers=workers or
                                       available_cores(), scheduler=scheduler, quiet=quiet))


def run_batch_command(inputs: Sequence[Path], outroot: Path, options: BatchOptions, *,
                      workers: int, scheduler: str | None, quiet: bool) -> int:
    """Plan, run, write the summary and show it; return the exit code."""
    try:
        check_license(options.license_text)
        jobs = plan_jobs(inputs, outroot, options)
        clock = time.perf_counter()
        with file_progress(len(jobs), quiet) as on_result:
            results = run_batch(jobs, workers=workers, scheduler=scheduler, on_result=on_result)
        written = write_summary(results, outroot, csv_bom=options.csv_bom)
    except GyokakuError as error:
        fail(error.one_line())
        return int(error.exit_code)
    except Exception as error:  # a bug: one line
        fail(f"{outroot}: internal error: {type(error).__name__}: {error}")
        return int(ExitCode.FAILED)
    if not quiet:
        show_summary(results, time.perf_counter() - clock, written)
    return batch_exit_code(results)


def show_summary(results: Sequence[FileResult], seconds: float, written: Sequence[Path],
                 console: Console | None = None) -> None:
    """Print the totals and the failed inputs."""
    console = console or Console()
    console.print(totals_table(results, seconds, written))
    failures = failures_table(results)
    if failures is not None:
        console.print(failures)


@contextmanager
def file_progress(total: int, quiet: bool) -> Iterator[ResultCallback | None]:
    """A progress bar over files on a terminal's stderr; yields the per-result callback."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn("files"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)

        def on_result(result: FileResult) -> None:
            progress.update(task, advance=1, description=f"{result.status}: {result.input}")

        yield on_result


def fail(line: str) -> None:
    """Write ``gyokaku: line`` as one line on stderr."""
    sys.stderr.write(f"gyokaku: {' '.join(line.split())}\n")
    sys.stderr.flush()
