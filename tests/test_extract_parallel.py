"""Pages read by several processes: the same pages, in order, with the same errors."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gyokaku.extract.parallel as parallel
from gyokaku import forking
from gyokaku.errors import (
    EncryptedError,
    ExitCode,
    GyokakuError,
    LimitExceededError,
    NotAPdfError,
)
from gyokaku.extract import get_engine
from gyokaku.extract.parallel import ReadJob, auto_workers, read_pages
from gyokaku.limits import Limits
from gyokaku.model import Page
from gyokaku.pipeline import convert
from tests.pdf_builders import HELLO, SLOW, pages_pdf
from tests.processes import uncollected

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REPORTS = [SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf",
           SAMPLES / "okayama_fy2022" / "okayama_fy2022_direct.pdf",
           SAMPLES / "othercity_fy2022" / "othercity_fy2022.pdf"]


def serial(engine: str, pdf: Path) -> list[Page]:
    """The pages as one process reads them."""
    return list(get_engine(engine).pages(pdf))


WORKER_PIDS: list[int] = []  # every page worker forked by a test using ``pools``


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Let the reads fork even if other tests left threads behind; record every fan-out.

    Each fan-out adds its worker count, so a test can check it really read in parallel;
    the workers' process ids go to :data:`WORKER_PIDS`.
    """
    started: list[int] = []
    real_in_order, real_fork = forking.in_order, os.fork

    def recording(work: Any, count: int, workers: int) -> Any:
        started.append(workers)
        return real_in_order(work, count, workers)

    def forking_worker() -> int:
        pid = real_fork()
        if pid:
            WORKER_PIDS.append(pid)
        return pid

    WORKER_PIDS.clear()
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel, "in_order", recording)
    monkeypatch.setattr(forking.os, "fork", forking_worker)
    return started


def no_pool(*args: Any, **kwargs: Any) -> Any:
    """Stands in for the fan-out to worker processes where none may be started."""
    raise AssertionError("worker processes were started")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("pdf", REPORTS, ids=lambda path: path.name)
def test_two_workers_give_the_pages_of_one(engine: str, pdf: Path, pools: list[int]) -> None:
    assert list(read_pages(engine, pdf, workers=2)) == serial(engine, pdf)
    assert pools == [2]


def test_the_dataset_does_not_depend_on_the_workers(pools: list[int]) -> None:
    pdf = REPORTS[0]
    one, two = convert(pdf, workers=1), convert(pdf, workers=2)
    assert pools == [2]
    assert one.initiatives == two.initiatives and one.plans == two.plans
    assert one.flags == two.flags and one.metrics == two.metrics


def test_pages_come_in_order_with_more_workers_than_cores(pools: list[int]) -> None:
    pdf = REPORTS[2]
    pages = list(read_pages("pdfium", pdf, workers=5))
    assert [page.index for page in pages] == list(range(len(pages)))
    assert pages == serial("pdfium", pdf) and pools == [len(pages)]  # never more than pages


def test_an_error_comes_after_the_pages_before_it(tmp_path: Path, pools: list[int]) -> None:
    pdf = pages_pdf(tmp_path / "slow.pdf", [HELLO, HELLO, SLOW, HELLO])
    read: list[int] = []
    with pytest.raises(LimitExceededError) as caught:
        for page in read_pages("pdfium", pdf, workers=2, limits=Limits(page_seconds=0.2)):
            read.append(page.index)
    assert read == [0, 1]
    assert caught.value.one_line() == (
        f"{pdf}: page 3 took longer than 0.2 s to read (raise it with --max-page-seconds)")
    assert not uncollected(WORKER_PIDS) and len(WORKER_PIDS) == 2 and pools == [2]


def dying_reader(job: ReadJob, index: int) -> Page:
    """Reads pages like a worker, but the process is killed on the second page."""
    if index == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_READ_PAGE_IN_WORKER(job, index)


REAL_READ_PAGE_IN_WORKER = parallel.read_page_in_worker


def test_a_worker_that_dies_is_one_error_naming_the_page(monkeypatch: pytest.MonkeyPatch,
                                                         pools: list[int]) -> None:
    pdf = REPORTS[2]
    monkeypatch.setattr(parallel, "read_page_in_worker", dying_reader)
    with pytest.raises(GyokakuError) as caught:
        list(read_pages("pdfium", pdf, workers=2))
    assert caught.value.one_line() == (
        f"{pdf}: a process reading page 2 died (the PDF crashed the reader, or memory ran out)")
    assert caught.value.exit_code == ExitCode.FAILED
    assert not uncollected(WORKER_PIDS)


def test_stopping_early_stops_the_workers(pools: list[int]) -> None:
    pages: Iterator[Page] = read_pages("pdfium", REPORTS[0], workers=2)
    assert next(pages).index == 0
    assert len(uncollected(WORKER_PIDS)) == 2  # more pages to read: both are still at work
    pages.close()  # type: ignore[attr-defined]
    assert len(WORKER_PIDS) == 2 and not uncollected(WORKER_PIDS)


def test_a_process_with_threads_reads_in_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "in_order", no_pool)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert list(read_pages("pdfium", REPORTS[2], workers=2)) == serial("pdfium", REPORTS[2])
    finally:
        release.set()
        other.join()


@pytest.mark.parametrize("workers", [1, None])
def test_one_worker_or_a_short_document_reads_in_this_process(
        workers: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "in_order", no_pool)
    pdf = REPORTS[2] if workers == 1 else pages_pdf(tmp_path / "short.pdf", [HELLO] * 3)
    assert len(list(read_pages("pdfium", pdf, workers=workers))) == get_engine(
        "pdfium").page_count(pdf)


def test_camelot_reads_in_this_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "in_order", no_pool)
    pdf = pages_pdf(tmp_path / "hello.pdf", [HELLO] * 8)
    assert [page.glyph_count for page in read_pages("camelot", pdf, workers=2)] == [5] * 8


def test_workers_follow_the_cores_and_the_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "available_cores", lambda: 2)
    assert [auto_workers(pages) for pages in (1, 7, 8, 15, 225)] == [1, 1, 2, 2, 2]
    monkeypatch.setattr(forking, "available_cores", lambda: 1)
    assert auto_workers(225) == 1


@pytest.mark.parametrize("error", [
    GyokakuError("a.pdf", "odd", ExitCode.USAGE),
    NotAPdfError("a.pdf", "unreadable PDF"),
    EncryptedError("a.pdf", "encrypted: the password is wrong"),
    LimitExceededError("a.pdf", "page 3 took longer than 1 s to read"),
])
def test_errors_cross_processes_intact(error: GyokakuError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.one_line(), copy.exit_code, copy.path, copy.problem) == (
        error.one_line(), error.exit_code, error.path, error.problem)


def test_settling_keeps_what_a_worker_inherits_out_of_garbage_collection() -> None:
    """Every forked worker runs ``_settle_worker`` first (see ``tests/test_forking.py``)."""
    assert gc.get_freeze_count() == 0
    forking._settle_worker()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_conversion_freezes_what_exists_only_while_it_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gyokaku.pipeline as pipeline

    seen: list[int] = []
    real = pipeline.read_pages

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "read_pages", recording)
    assert gc.get_freeze_count() == 0
    convert(REPORTS[0], workers=1)
    assert seen[0] > 0 and gc.get_freeze_count() == 0


def test_a_callers_own_freeze_is_left_alone() -> None:
    marker: list[int] = []
    gc.freeze()
    try:
        convert(REPORTS[0], workers=1)
        assert gc.get_freeze_count() > 0
        assert all(obj is not marker for obj in gc.get_objects())  # still frozen
    finally:
        gc.unfreeze()
    assert any(obj is marker for obj in gc.get_objects())


def test_pages_cross_processes_field_by_field() -> None:
    """Page, Table, Cell and TextLine pickle as their class and field values."""
    from gyokaku.model import Cell, Table, TextLine

    line = TextLine("市税①", 1.5, 2.5, 30.25, 9.0, 7.0, "IPAexGothic", True)
    cell = Cell(3, 1, 2, 2, 1, 10.0, 20.0, 80.0, 40.0, (line, line))
    table = Table(3, (10.0, 80.0), (20.0, 40.0), (cell,))
    page = Page(3, 842.0, 595.0, (table,), (line,), 42)
    for value in (line, cell, table, page):
        cls, args = value.__reduce__()
        assert cls is type(value) and cls(*args) == value
        assert pickle.loads(pickle.dumps(value)) == value
    assert serial("pdfium", REPORTS[0]) == [pickle.loads(pickle.dumps(p))
                                            for p in serial("pdfium", REPORTS[0])]
