"""Pages read by several worker processes at once, handed back in page order.

Reading a page is pure CPU work on one page, so pages spread over the
machine's cores.  Each worker process opens the document once, with the
same engine, page time budget and stream limit as a serial read, and reads
the next page whenever it is free (:func:`gyokaku.forking.in_order`); the
pages come back (pickled: only tables and lines, no glyphs) in order, and
only a few pages are given out beyond those read here, so memory stays flat
in page count.

Workers are forked from this process: they start at once, with everything
already imported.  Forking a process that runs other threads can deadlock
the child, so a caller with threads (or a platform without ``fork``) reads
serially; so do documents too short to gain from it, and engines that are
not ``parallel`` (camelot runs its own child process).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from gyokaku.errors import GyokakuError
from gyokaku.forking import WorkerDied, auto_workers, can_fork, in_order, kept_open
from gyokaku.limits import Limits
from gyokaku.model import Page

from .engines import get_engine
from .reader import PageReader
from .streamguard import stream_limit


@dataclass(frozen=True, slots=True)
class ReadJob:
    """What a worker needs to open the document the way a serial read would."""

    engine: str
    path: str
    password: str | None
    limits: Limits


def _worker_reader(job: ReadJob) -> PageReader:
    return kept_open(job, lambda: get_engine(job.engine, page_seconds=job.limits.page_seconds)
                     .reader(job.path, password=job.password))


def read_page_in_worker(job: ReadJob, index: int) -> Page:
    """Page ``index`` of ``job``'s document (the document stays open for the next page)."""
    with stream_limit(job.limits, job.path):
        return _worker_reader(job).read(index)


def _died(job: ReadJob, index: int) -> GyokakuError:
    return GyokakuError(job.path, f"a process reading page {index + 1} died "
                                  "(the PDF crashed the reader, or memory ran out)")


def _parallel(job: ReadJob, count: int, workers: int) -> Iterator[Page]:
    try:
        yield from in_order(partial(read_page_in_worker, job), count, workers)
    except WorkerDied as died:
        raise _died(job, died.index) from None


def read_pages(engine: str, path: str | Path, *, password: str | None = None,
               limits: Limits | None = None, workers: int | None = None
               ) -> Generator[Page, None, None]:
    """Yield the document's pages in order, read with ``engine`` by ``workers`` processes.

    ``workers=None`` picks :func:`auto_workers`; 1, an engine that is not
    ``parallel``, or a process that cannot fork reads in this process.
    ``limits`` give the page time budget (and, in workers, the stream limit
    a serial read gets from its caller).  Errors are those of a serial read,
    raised when their page's turn comes.
    """
    limits = limits or Limits()
    reading = get_engine(engine, page_seconds=limits.page_seconds)
    with reading.reader(path, password=password) as reader:
        count = reader.count
        wanted = auto_workers(count) if workers is None else max(1, workers)
        if wanted == 1 or count < 2 or not reading.parallel or not can_fork():
            yield from reader.pages()
            return
    job = ReadJob(engine, str(path), password, limits)
    yield from _parallel(job, count, min(wanted, count))
