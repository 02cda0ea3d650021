"""The ``gyokaku`` command.

``gyokaku convert REPORT.pdf -o OUTDIR`` turns one reform-report PDF into
``initiatives``, ``plans`` and ``cells`` tables (Parquet, JSON and CSV) plus
``datapackage.json``, the review page ``report.html`` and ``run.json``, written
atomically into OUTDIR.

A problem with the input is reported as one line on stderr,
``gyokaku: FILE: problem``, and the process exits with the code of
:class:`gyokaku.errors.ExitCode`.  A missing input file (or a directory
given as the report) is a usage error, exit code 2; a file that is not a PDF
exits with 3.  An OUTDIR holding anything but a previous gyokaku output is
refused, also with exit code 2.  An unexpected failure prints one line with
``internal error`` and exits with 1 (``--debug`` adds the traceback).
"""

from __future__ import annotations

import importlib
import io
import logging
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from gyokaku import __version__
from gyokaku.build import build_name
from gyokaku.errors import ExitCode, GyokakuError, NotAPdfError
from gyokaku.fork_server import command_modules
from gyokaku.limit_options import (
    DEFAULTS,
    MaxObjects,
    MaxPageMm,
    MaxPages,
    MaxPageSeconds,
    MaxStreamMb,
    limits_from_options,
)
from gyokaku.limits import Limits
from gyokaku.model import Dataset

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # readers accept the header anywhere in the first KiB
MAX_FLAGS_SHOWN = 20
# gyokaku.schemas.datapackage.DEFAULT_LICENSE, not imported here to keep start-up light
DEFAULT_LICENSE = "CC-BY-4.0"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Turn administrative-reform progress reports (PDF) into item-coded open data.",
)


CsvBom = Annotated[bool, typer.Option(
    "--csv-bom/--no-csv-bom", help="Start CSV files with a UTF-8 BOM (for Excel).")]
LicenseText = Annotated[str, typer.Option(
    "--license", metavar="ID|URL",
    help="License of the data, for datapackage.json: an identifier or a URL.")]


class Engine(StrEnum):
    """Table extraction engines."""

    pdfium = "pdfium"
    pdfplumber = "pdfplumber"
    camelot = "camelot"


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """What ``gyokaku convert`` was asked to do."""

    report: Path
    outdir: Path
    engine: str = Engine.pdfium.value
    profile: str = "auto"
    registry: Path | None = None
    password: str | None = None
    quiet: bool = False
    csv_bom: bool = True
    debug: bool = False
    license_text: str = DEFAULT_LICENSE
    limits: Limits = DEFAULTS
    workers: int | None = None  # processes reading pages and rendering them; None: one per core


# --- commands --------------------------------------------------------------------------


def _print_version(requested: bool) -> None:
    if requested:
        typer.echo(f"gyokaku {__version__} ({build_name()})")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version and exit.")] = False,
) -> None:
    """Turn administrative-reform progress reports (PDF) into item-coded open data."""


EXIT_CODES_HELP = """\b
Exit codes: 0 done; 1 internal error; 2 usage (bad option, missing input
file, OUTDIR holds other files); 3 not a PDF; 4 encrypted; 5 no text layer;
6 no reform table; 7 a size or time limit exceeded (raise it with the
--max-* options); 8 bad profile or registry."""


@app.command(epilog=EXIT_CODES_HELP)
def convert(
    report: Annotated[Path, typer.Argument(
        metavar="REPORT", help="The reform-report PDF.", show_default=False)],
    outdir: Annotated[Path, typer.Option(
        "-o", "--output", metavar="OUTDIR", show_default=False,
        help="Folder to write the dataset into (replaced if it is a previous output).")],
    engine: Annotated[Engine, typer.Option(
        help="Table extraction engine (pdfium is the fastest; all give the same dataset "
             "on ruled tables).")] = Engine.pdfium,
    profile: Annotated[str, typer.Option(
        help="Layout profile: auto, a bundled profile's name or a TOML file.")] = "auto",
    registry: Annotated[Path | None, typer.Option(
        help="Registry file of item codes to match against.", show_default=False)] = None,
    password: Annotated[str | None, typer.Option(
        envvar="GYOKAKU_PASSWORD", show_default=False,
        help="Password of an encrypted PDF.")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-j", min=1, show_default=False,
        help="Processes reading pages (and rendering the review page's images) at once "
             "[default: one per CPU core, at most one per 4 pages].")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing on success.")] = False,
    csv_bom: CsvBom = True,
    license_text: LicenseText = DEFAULT_LICENSE,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an internal error.")] = False,
    max_pages: MaxPages = DEFAULTS.max_pages,
    max_page_mm: MaxPageMm = DEFAULTS.max_page_mm,
    max_objects: MaxObjects = DEFAULTS.max_objects,
    max_stream_mb: MaxStreamMb = DEFAULTS.max_stream_mb,
    max_page_seconds: MaxPageSeconds = DEFAULTS.page_seconds,
) -> None:
    """Convert REPORT.pdf into tables in OUTDIR (Parquet, JSON, CSV) with a review page."""
    limits = limits_from_options(max_pages, max_page_mm, max_objects, max_stream_mb,
                                 max_page_seconds)
    options = ConvertOptions(report, outdir, engine.value, profile, registry, password,
                             quiet, csv_bom, debug, license_text, limits, workers)
    raise typer.Exit(run_convert(options))


def register_commands() -> None:
    """Import every subcommand's module; each adds its subcommand to :data:`app`."""
    for name in command_modules():
        importlib.import_module(name)


def main() -> None:
    """Entry point of the ``gyokaku`` console script."""
    register_commands()
    app(prog_name="gyokaku")


# --- convert ---------------------------------------------------------------------------


def run_convert(options: ConvertOptions) -> int:
    """Convert, write and summarise; report a failure as one stderr line. Return the exit code."""
    try:
        check_report(options.report)
        _check_outdir(options.outdir)
        check_license(options.license_text)
        started, clock = _utc_now(), time.perf_counter()
        dataset = convert_quietly(options)
        written = _write(dataset, options, started)
        if not options.quiet:
            print_summary(dataset, options, written, time.perf_counter() - clock)
    except GyokakuError as error:
        _fail(error.one_line())
        return int(error.exit_code)
    except Exception as error:  # a bug: one line, the traceback only when asked for
        if options.debug:
            traceback.print_exc()
        _fail(f"{options.report}: internal error: {_describe(error)}")
        return int(ExitCode.FAILED)
    return int(ExitCode.OK)


def check_report(path: Path) -> None:
    """Raise :class:`GyokakuError` unless ``path`` is an existing file that starts like a PDF.

    A missing path or a directory is a usage error (exit code 2); an empty
    file or one without a ``%PDF-`` header in its first KiB is not a PDF (3).
    """
    if not path.exists():
        raise GyokakuError(str(path), "no such file", ExitCode.USAGE)
    if path.is_dir():
        raise GyokakuError(str(path), "is a directory, not a PDF file", ExitCode.USAGE)
    try:
        with path.open("rb") as stream:
            head = stream.read(PDF_HEADER_WINDOW)
    except OSError as error:
        raise GyokakuError(str(path), f"cannot read: {error.strerror or error}",
                           ExitCode.USAGE) from error
    if not head:
        raise NotAPdfError(str(path), "empty file, not a PDF")
    if PDF_MAGIC not in head:
        raise NotAPdfError(str(path), "not a PDF (no %PDF- header)")


def convert_quietly(options: ConvertOptions) -> Dataset:
    """Run the pipeline with library noise silenced, showing page progress on a terminal."""
    from gyokaku.pipeline import convert as convert_pdf

    with silenced() as terminal, _page_progress(terminal, options.quiet) as on_progress:
        return convert_pdf(
            options.report,
            engine=options.engine,
            profile=options.profile,
            registry=options.registry,
            password=options.password,
            on_progress=on_progress,
            limits=options.limits,
            workers=options.workers,
        )


def _check_outdir(outdir: Path) -> None:
    from gyokaku.schemas.outdir import check_outdir

    check_outdir(outdir)


def check_license(license_text: str) -> None:
    """Raise a usage :class:`GyokakuError` unless ``license_text`` is a license identifier or URL
    that ``datapackage.json`` can hold."""
    from gyokaku.schemas.datapackage import license_entry

    try:
        license_entry(license_text)
    except ValueError as error:
        raise GyokakuError("--license", str(error), ExitCode.USAGE) from None


def _write(dataset: Dataset, options: ConvertOptions, started: datetime) -> list[Path]:
    from gyokaku.review import write_review
    from gyokaku.schemas.writers import write_dataset

    review = partial(write_review, dataset, options.report, password=options.password,
                     workers=options.workers)
    return write_dataset(dataset, options.outdir, csv_bom=options.csv_bom, started=started,
                         license_text=options.license_text, extras=[review])


def _utc_now() -> datetime:
    from gyokaku.schemas.run_info import utc_now

    return utc_now()


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _fail(line: str) -> None:
    """Write ``gyokaku: line`` as one line on stderr."""
    sys.stderr.write(f"gyokaku: {' '.join(line.split())}\n")
    sys.stderr.flush()


# --- keeping library noise off the terminal --------------------------------------------


@contextmanager
def silenced() -> Iterator[TextIO]:
    """Keep library noise off the terminal; yield a stream that still reaches stderr.

    Python warnings and logging are switched off, ``sys.stdout`` and
    ``sys.stderr`` point at ``os.devnull``, and so do file descriptors 1 and
    2 when the streams are real files (C libraries write there directly).
    """
    with ExitStack() as stack:
        stack.enter_context(warnings.catch_warnings())
        warnings.simplefilter("ignore")
        stack.enter_context(_logging_disabled())
        stack.enter_context(_fd_to_devnull(sys.stdout, 1))
        saved_stderr = stack.enter_context(_fd_to_devnull(sys.stderr, 2))
        terminal = sys.stderr if saved_stderr is None else stack.enter_context(
            os.fdopen(os.dup(saved_stderr), "w", encoding="utf-8", errors="replace"))
        devnull = stack.enter_context(open(os.devnull, "w", encoding="utf-8"))
        stack.enter_context(redirect_stdout(devnull))
        stack.enter_context(redirect_stderr(devnull))
        yield terminal


@contextmanager
def _logging_disabled() -> Iterator[None]:
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous)


@contextmanager
def _fd_to_devnull(stream: TextIO, fd: int) -> Iterator[int | None]:
    """Point file descriptor ``fd`` at devnull if ``stream`` writes to it; yield a copy of it."""
    if not _writes_to_fd(stream, fd):
        yield None
        return
    stream.flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    try:
        yield saved
    finally:
        os.dup2(saved, fd)
        os.close(saved)


def _writes_to_fd(stream: TextIO, fd: int) -> bool:
    try:
        return stream.fileno() == fd
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False


@contextmanager
def _page_progress(
    terminal: TextIO, quiet: bool
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar over pages on ``terminal``; yields the pipeline's ``on_progress``."""
    if quiet or not terminal.isatty():
        yield None
        return
    console = Console(file=terminal)
    columns = (TextColumn("pages"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # redrawn on each page, not by rich's refresh thread: pages are read by forked
    # processes, and the pipeline forks only while this process runs no other thread
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("pages", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, refresh=True)

        yield on_progress


# --- the closing summary ---------------------------------------------------------------


def print_summary(dataset: Dataset, options: ConvertOptions, written: list[Path],
                  seconds: float, console: Console | None = None) -> None:
    """Print what the conversion found and where the dataset is, as rich tables."""
    console = console or Console()
    console.print(summary_table(dataset, options, written, seconds))
    if dataset.flags:
        console.print(flags_table(dataset))


def summary_table(dataset: Dataset, options: ConvertOptions, written: list[Path],
                  seconds: float) -> Table:
    """The key figures of one conversion."""
    table = Table(title=Text(f"gyokaku: {dataset.source.file_name}"), show_header=False)
    table.add_column(style="bold")
    table.add_column()
    skipped = str(len(dataset.pages_skipped))
    if dataset.pages_skipped:
        skipped += f" (page index {', '.join(str(i) for i in dataset.pages_skipped)})"
    rows = [
        ("initiatives", str(len(dataset.initiatives))),
        ("plans", str(len(dataset.plans))),
        ("cells", str(len(dataset.cells))),
        ("flagged", str(len(dataset.flags))),
        ("pages skipped", skipped),
        ("engine", dataset.engine or options.engine),
        ("profile", _profile_text(dataset, options)),
        ("as of", dataset.as_of.isoformat() if dataset.as_of else "not printed"),
        ("time", f"{seconds:.1f} s"),
        ("dataset", f"{options.outdir} ({len(written)} files)"),
    ]
    rows += [("review", str(path)) for path in written if path.suffix == ".html"]
    for label, value in rows:
        table.add_row(label, Text(value))
    return table


def _profile_text(dataset: Dataset, options: ConvertOptions) -> str:
    name = dataset.profile or options.profile
    return f"{name}: {dataset.profile_reason}" if dataset.profile_reason else name


def flags_table(dataset: Dataset) -> Table:
    """The flagged matches a person should look at (the first few; all are in run.json)."""
    table = Table(title="flagged for review")
    for heading in ("code", "score", "kind", "message"):
        table.add_column(heading)
    for flag in dataset.flags[:MAX_FLAGS_SHOWN]:
        score = "" if flag.score is None else f"{flag.score:.4f}"
        table.add_row(Text(flag.code or ""), score, Text(flag.kind), Text(flag.message))
    hidden = len(dataset.flags) - MAX_FLAGS_SHOWN
    if hidden > 0:
        table.caption = f"... and {hidden} more in run.json"
    return table


if __name__ == "__main__":
    main()
