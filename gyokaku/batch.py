"""``gyokaku batch``: convert many PDFs in parallel, one output folder each.

Every input becomes ``OUTROOT/<name>/`` (names in :mod:`gyokaku.batch_inputs`),
written by its own ``gyokaku convert`` process (:mod:`gyokaku.batch_child`),
so one failure never stops the others and every folder is exactly what the
single-file command writes.  :func:`process_file` is the unit of work: it
runs in a thread of this process (:func:`run_local`, one conversion process
per thread) or as a task on a Dask cluster (:mod:`gyokaku.batch_dask`), and
always returns a :class:`FileResult`, never raises.

An input is skipped when ``OUTROOT/<name>/run.json`` records the same source
SHA-256, the same gyokaku version and the same engine; ``force`` converts it
again anyway.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from gyokaku import __version__
from gyokaku.batch_child import clean_after_kill, convert_command, run_child, signal_name
from gyokaku.batch_inputs import collect_inputs, output_names
from gyokaku.errors import ExitCode, GyokakuError
from gyokaku.files import file_sha256
from gyokaku.limits import Limits

DEFAULT_FILE_SECONDS = 1800.0

ResultCallback = Callable[["FileResult"], None]


class Status(StrEnum):
    """What became of one input."""

    converted = "converted"
    failed = "failed"
    skipped = "skipped"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How every input of a batch is converted."""

    engine: str = "pdfium"  # extract.DEFAULT_ENGINE; not imported: the batch reads no PDF
    profile: str = "auto"
    registry: Path | None = None
    password: str | None = None
    csv_bom: bool = True
    limits: Limits = field(default_factory=Limits)
    file_seconds: float = DEFAULT_FILE_SECONDS
    force: bool = False
    license_text: str = "CC-BY-4.0"  # schemas.datapackage.DEFAULT_LICENSE, as convert's default


@dataclass(frozen=True, slots=True)
class BatchJob:
    """One input: its path as given (``label``), absolute paths of the PDF and its folder."""

    label: str
    pdf: Path
    outdir: Path
    options: BatchOptions


@dataclass(frozen=True, slots=True)
class FileResult:
    """One row of the batch summary."""

    input: str
    sha256: str
    status: str
    reason: str
    exit_code: int
    seconds: float
    initiatives: int | None
    output_dir: str


def plan_jobs(inputs: Sequence[Path], outroot: Path, options: BatchOptions) -> list[BatchJob]:
    """One job per PDF among ``inputs`` (folders are searched), with its folder in ``outroot``.

    Raises :class:`~gyokaku.errors.GyokakuError` (usage) when ``outroot`` is
    not a folder or no input was found.
    """
    if outroot.exists() and not outroot.is_dir():
        raise GyokakuError(str(outroot), "exists and is not a directory", ExitCode.USAGE)
    pdfs = collect_inputs(inputs)
    if not pdfs:
        shown = " ".join(str(path) for path in inputs) or "(none)"
        raise GyokakuError(shown, "no PDF files found", ExitCode.USAGE)
    root = outroot.resolve()
    return [BatchJob(str(pdf), pdf.resolve(), root / name, options)
            for pdf, name in zip(pdfs, output_names(pdfs), strict=True)]


def previous_run(outdir: Path) -> dict[str, Any] | None:
    """The ``run.json`` of a previous gyokaku output in ``outdir``, or ``None``."""
    from gyokaku.schemas.outdir import RUN_FILE, TOOL_NAME

    try:
        info = json.loads((outdir / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and info.get("tool") == TOOL_NAME else None


def same_conversion(info: dict[str, Any], sha256: str, engine: str) -> bool:
    """Whether a previous ``run.json`` is of this file, this gyokaku version and engine."""
    source = info.get("source")
    return (isinstance(source, dict) and source.get("sha256") == sha256
            and info.get("version") == __version__ and info.get("engine") == engine)


def same_license(outdir: Path, license_text: str) -> bool:
    """Whether the ``datapackage.json`` in ``outdir`` gives the data ``license_text``."""
    from gyokaku.schemas.datapackage import PACKAGE_FILE, license_entry

    try:
        package = json.loads((outdir / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(package, dict) and package.get("licenses") == [license_entry(license_text)]


def initiative_count(info: dict[str, Any] | None) -> int | None:
    """The number of initiatives a ``run.json`` records."""
    counts = info.get("counts") if info else None
    value = counts.get("initiatives") if isinstance(counts, dict) else None
    return value if isinstance(value, int) else None


def process_file(job: BatchJob) -> FileResult:
    """Convert one input (or skip it); a failure is a result with a one-line reason."""
    clock = time.perf_counter()
    try:
        return _process(job, clock)
    except Exception as error:  # a bug in the batch itself: still only this file fails
        reason = f"internal error: {type(error).__name__}: {' '.join(str(error).split())}"
        return _result(job, clock, Status.failed, ExitCode.FAILED, reason=reason)


def _process(job: BatchJob, clock: float) -> FileResult:
    if not job.pdf.is_file():
        why = "no such file" if not job.pdf.exists() else "not a file"
        return _result(job, clock, Status.failed, ExitCode.USAGE, reason=why)
    sha256 = file_sha256(job.pdf)
    info = previous_run(job.outdir)
    options = job.options
    if (info and not options.force and same_conversion(info, sha256, options.engine)
            and same_license(job.outdir, options.license_text)):
        return _result(job, clock, Status.skipped, ExitCode.OK, sha256=sha256,
                       reason="already converted (same SHA-256, gyokaku version, engine and "
                              "license)",
                       initiatives=initiative_count(info))
    return _convert(job, clock, sha256)


def _convert(job: BatchJob, clock: float, sha256: str) -> FileResult:
    options = job.options
    command = convert_command(job.pdf, job.outdir, engine=options.engine,
                              profile=options.profile, registry=options.registry,
                              csv_bom=options.csv_bom, limits=options.limits,
                              license_text=options.license_text)
    outcome = run_child(command, password=options.password, seconds=options.file_seconds)
    if outcome.exit_code == 0 and not outcome.timed_out:
        return _result(job, clock, Status.converted, ExitCode.OK, sha256=sha256,
                       initiatives=initiative_count(previous_run(job.outdir)))
    if outcome.timed_out or outcome.exit_code < 0:
        clean_after_kill(job.outdir)
    if outcome.timed_out:
        reason = (f"took longer than {options.file_seconds:g} s "
                  "(raise it with --max-file-seconds)")
        return _result(job, clock, Status.failed, ExitCode.TOO_LARGE, sha256=sha256,
                       reason=reason)
    if outcome.exit_code < 0:
        reason = f"the conversion process died ({signal_name(outcome.exit_code)})"
        return _result(job, clock, Status.failed, ExitCode.FAILED, sha256=sha256, reason=reason)
    reason = outcome.message.removeprefix(f"{job.pdf}: ") or f"exit code {outcome.exit_code}"
    return _result(job, clock, Status.failed, outcome.exit_code, sha256=sha256, reason=reason)


def _result(job: BatchJob, clock: float, status: Status, exit_code: int, *, sha256: str = "",
            reason: str = "", initiatives: int | None = None) -> FileResult:
    output_dir = job.outdir.name if status is not Status.failed else ""
    return FileResult(job.label, sha256, status.value, reason, int(exit_code),
                      round(time.perf_counter() - clock, 3), initiatives, output_dir)


def run_local(jobs: Sequence[BatchJob], workers: int,
              on_result: ResultCallback | None = None) -> list[FileResult]:
    """Run :func:`process_file` on ``workers`` inputs at a time; results in ``jobs`` order."""
    results: list[FileResult | None] = [None] * len(jobs)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gyokaku-batch")
    try:
        futures = {pool.submit(process_file, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            results[futures[future]] = result = future.result()
            if on_result is not None:
                on_result(result)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return [result for result in results if result is not None]


def run_batch(jobs: Sequence[BatchJob], *, workers: int, scheduler: str | None = None,
              on_result: ResultCallback | None = None) -> list[FileResult]:
    """Run the jobs here (``workers`` at a time) or on the Dask ``scheduler``; results in order.

    Conversions run here are forked from :mod:`multiprocessing`'s fork server where there is
    one, and each imports the calling script again (as ``__mp_main__``): a script must call
    this under ``if __name__ == "__main__":``."""
    if scheduler:
        from gyokaku.batch_dask import run_on_dask

        return run_on_dask(jobs, scheduler, on_result)
    return run_local(jobs, workers, on_result)


def batch_exit_code(results: Sequence[FileResult]) -> int:
    """0 when no input failed, else ``ExitCode.BATCH_INCOMPLETE``."""
    failed = any(result.status == Status.failed for result in results)
    return int(ExitCode.BATCH_INCOMPLETE) if failed else int(ExitCode.OK)
