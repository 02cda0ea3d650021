"""The camelot engine: table conversion, the child process, and its failure modes."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from gyokaku.errors import NotAPdfError
from gyokaku.extract import get_engine, open_pdf
from gyokaku.extract.budget import PageTimeout
from gyokaku.extract.camelot_client import CamelotCrash, CamelotFailure, CamelotWorker
from gyokaku.extract.camelot_grid import grids_from_tables, snap_edges
from gyokaku.extract.grid import GridCell
from gyokaku.extract.ruling import Segment
from gyokaku.extract.xobjects import has_cyclic_forms

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
CORPUS = Path("/work/shared/corpus/realworld")
EVIL = CORPUS / "pdfminer__issue-1113-evil-xobjects.pdf"


def test_camelot_table_becomes_a_top_left_grid_snapped_onto_the_rules() -> None:
    table = {
        "cols": [[39.9, 100.2], [100.2, 200.1]],
        "rows": [[500.1, 470.0], [470.0, 439.8]],  # PDF y, top row first
        "sides": [
            [
                [True, False, True, True],
                [False, True, True, True],
            ],  # row 0: one cell over 2 columns
            [[True, True, True, True], [True, True, True, True]],
        ],
    }
    rules = [Segment(False, 40.0, 0, 1), Segment(False, 100.0, 0, 1), Segment(True, 100.0, 0, 1)]
    (grid,) = grids_from_tables([table], 600.0, rules, tolerance=1.0)
    assert grid.x_edges == (40.0, 100.0, 200.1)  # 200.1 has no vector rule near it
    assert grid.y_edges == (100.0, 130.0, 160.2)
    assert grid.cells == (GridCell(0, 0, 1, 2), GridCell(1, 0), GridCell(1, 1))


def test_snapping_never_reorders_edges() -> None:
    assert snap_edges([10.0, 10.4, 20.0], [10.2], tolerance=0.5) == [10.2, 10.4, 20.0]


def test_worker_answers_with_plain_tables() -> None:
    with CamelotWorker(page_seconds=60) as worker:
        (table,) = worker.tables(str(FIXTURES / "box_styles.pdf"), 1, None)
        assert len(table["cols"]) == len(table["sides"][0])


def test_worker_reports_camelot_errors() -> None:
    with CamelotWorker(page_seconds=60) as worker, pytest.raises(CamelotFailure):
        worker.tables(str(FIXTURES / "missing.pdf"), 1, None)


def test_crashing_worker_is_an_error_not_a_crash() -> None:
    crash = f"import os; os.kill(os.getpid(), {int(signal.SIGSEGV)})"
    worker = CamelotWorker(command=[sys.executable, "-c", crash])
    with worker, pytest.raises(CamelotCrash, match="signal 11"):
        worker.tables("x.pdf", 1, None)


def test_hanging_worker_is_killed_at_the_budget() -> None:
    started = time.monotonic()
    worker = CamelotWorker(
        page_seconds=0.5, command=[sys.executable, "-c", "import time; time.sleep(60)"]
    )
    with pytest.raises(PageTimeout):
        worker.tables("x.pdf", 1, None)
    assert time.monotonic() - started < 5
    assert worker.process is None


@pytest.mark.skipif(not EVIL.exists(), reason="real-world corpus not available")
def test_self_drawing_page_is_refused_before_camelot_crashes() -> None:
    with open_pdf(EVIL) as pdf:
        assert has_cyclic_forms(pdf.pages[0].page_obj.resources)
    with open_pdf(FIXTURES / "ruled_table.pdf") as pdf:
        assert not has_cyclic_forms(pdf.pages[0].page_obj.resources)
    with pytest.raises(NotAPdfError, match="draws itself recursively"):
        list(get_engine("camelot").pages(EVIL))
    assert len(list(get_engine("pdfplumber").pages(EVIL))) == 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason="real-world corpus not available")
def test_camelot_engine_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    for name in ("pdfminer__kampo.pdf", "pdfminer__issue-625-identity-cmap.pdf"):
        pages = list(get_engine("camelot").pages(CORPUS / name))
        assert pages
    assert capfd.readouterr() == ("", "")


def test_engines_agree_on_a_turned_page(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    turned = tmp_path / "turned.pdf"
    with pikepdf.open(FIXTURES / "ruled_table.pdf") as pdf:
        page = pdf.pages[0]
        page.obj.Rotate = 90
        x0, y0, x1, y1 = (float(value) for value in page.obj.MediaBox)
        page.obj.MediaBox = pikepdf.Array([x0 - 30, y0 - 30, x1 + 30, y1 + 30])
        pdf.save(turned)
    (camelot_page,) = get_engine("camelot").pages(turned)
    (ruling_page,) = get_engine("pdfplumber").pages(turned)
    assert camelot_page == ruling_page
    (table,) = ruling_page.tables
    assert (table.n_rows, table.n_cols) == (5, 4)  # the 4×5 table, turned
    assert (ruling_page.width, ruling_page.height) == pytest.approx((655.276, 901.89), abs=0.01)
