"""The pdfium engine: the same pages as the pdfplumber engine, and its own edge cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gyokaku.errors import EncryptedError, GyokakuError, NotAPdfError
from gyokaku.extract import get_engine
from gyokaku.extract.pdfium_source import page_frame
from gyokaku.model import Cell, Page, TextLine
from tests.conftest import REALWORLD, SAMPLES, load_json, sample_pdfs

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
FIXTURE_PDFS = ["ruled_table.pdf", "box_styles.pdf", "libreoffice_grid.pdf",
                "three_pages.pdf", "turned_text.pdf"]
# Glyph boxes come from different libraries: along the line PDFium rounds
# advance widths to font units; across it the descent may be PDFium's own.
ALONG_TOLERANCE = 0.1  # points
ACROSS_TOLERANCE_EM = 0.2
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def pages(path: Path, engine: str) -> list[Page]:
    return list(get_engine(engine).pages(path))


def assert_same_line(mine: TextLine, theirs: TextLine, where: str) -> None:
    assert (mine.text, mine.vertical) == (theirs.text, theirs.vertical), where
    assert mine.font == SUBSET_TAG.sub("", theirs.font), where
    assert mine.size == pytest.approx(theirs.size, abs=1e-3), where
    across = ACROSS_TOLERANCE_EM * theirs.size
    if not mine.vertical:  # a vertical line may be a stack of upright glyphs: no "along"
        assert (mine.x0, mine.x1) == pytest.approx((theirs.x0, theirs.x1), abs=ALONG_TOLERANCE)
    assert (mine.x0, mine.top, mine.x1, mine.bottom) == pytest.approx(
        (theirs.x0, theirs.top, theirs.x1, theirs.bottom), abs=across), where


def assert_same_cell(mine: Cell, theirs: Cell, where: str) -> None:
    assert (mine.row, mine.col, mine.row_span, mine.col_span) == \
        (theirs.row, theirs.col, theirs.row_span, theirs.col_span), where
    assert (mine.x0, mine.top, mine.x1, mine.bottom) == \
        (theirs.x0, theirs.top, theirs.x1, theirs.bottom), where
    assert len(mine.lines) == len(theirs.lines), f"{where}: {mine.raw_text!r}"
    for line, their_line in zip(mine.lines, theirs.lines, strict=True):
        assert_same_line(line, their_line, where)


def assert_same_page(mine: Page, theirs: Page) -> None:
    where = f"page index {theirs.index}"
    assert (mine.index, mine.glyph_count) == (theirs.index, theirs.glyph_count), where
    assert (mine.width, mine.height) == pytest.approx((theirs.width, theirs.height), abs=1e-3)
    assert [(t.x_edges, t.y_edges) for t in mine.tables] == \
        [(t.x_edges, t.y_edges) for t in theirs.tables], where
    for table, their_table in zip(mine.tables, theirs.tables, strict=True):
        for cell, their_cell in zip(table.cells, their_table.cells, strict=True):
            assert_same_cell(cell, their_cell, f"{where} cell {their_cell.row},{their_cell.col}")
    assert len(mine.loose_lines) == len(theirs.loose_lines), where
    for line, their_line in zip(mine.loose_lines, theirs.loose_lines, strict=True):
        assert_same_line(line, their_line, f"{where} loose")


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: p.name)
def test_sample_pages_equal_the_pdfplumber_pages(pdf: Path) -> None:
    mine, theirs = pages(pdf, "pdfium"), pages(pdf, "pdfplumber")
    assert len(mine) == len(theirs)
    for page, their_page in zip(mine, theirs, strict=True):
        assert_same_page(page, their_page)


@pytest.mark.parametrize("name", FIXTURE_PDFS)
def test_fixture_pages_equal_the_pdfplumber_pages(name: str) -> None:
    mine, theirs = pages(FIXTURES / name, "pdfium"), pages(FIXTURES / name, "pdfplumber")
    for page, their_page in zip(mine, theirs, strict=True):
        assert_same_page(page, their_page)


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda p: p.name)
def test_cells_table_equals_the_pdfplumber_one(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    mine = load_json(convert_sample(pdf, "pdfium") / "cells.json")
    assert mine == load_json(convert_sample(pdf, "pdfplumber") / "cells.json")


def test_indent_set_as_a_blank_only_text_object_is_kept() -> None:
    # LibreOffice sets the leading U+3000 of a line on its own; PDFium's text page skips
    # such an inkless object, so it is recovered from the page's objects.
    page = pages(SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf", "pdfium")[2]
    texts = [line.text for table in page.tables for cell in table.cells for line in cell.lines]
    assert "\u3000R3 R4" in texts
    assert "\u3000国保 94.4%→94.3%" in texts


def test_positive_descent_and_uneven_boxes_keep_one_line() -> None:
    # a font subset whose descent PDFium reports as positive and whose loose boxes are
    # uneven: its glyphs must keep the line's size and not be taken for vertical writing
    page = pages(SAMPLES / "okayama_fy2021" / "okayama_fy2021.pdf", "pdfium")[3]
    lines = [line for table in page.tables for cell in table.cells for line in cell.lines
             if line.text == "2016の着実な"]
    assert lines and all(line.size == pytest.approx(7.002, abs=1e-3) for line in lines)
    assert not any(line.vertical for line in lines)


@pytest.mark.parametrize(("rotation", "expected"), [
    (0, (10.0, 80.0)), (90, (20.0, 10.0)), (180, (190.0, 20.0)), (270, (80.0, 190.0)),
])
def test_page_frame_maps_points_as_pdfplumber_does(
        rotation: int, expected: tuple[float, float]) -> None:
    frame = page_frame((0.0, 0.0, 200.0, 100.0), rotation)
    assert frame.point(10.0, 20.0) == pytest.approx(expected)
    turned = rotation in (90, 270)
    assert (frame.width, frame.height) == ((100.0, 200.0) if turned else (200.0, 100.0))


def test_mediabox_with_an_offset_origin() -> None:
    frame = page_frame((50.0, 100.0, 250.0, 300.0), 0)
    assert frame.point(60.0, 290.0) == pytest.approx((10.0, 10.0))


def test_turned_text_reads_upwards() -> None:
    (page,) = pages(FIXTURES / "turned_text.pdf", "pdfium")
    (table,) = page.tables
    turned, flat = table.cells
    assert [(line.text, line.vertical) for line in turned.lines] == [("担当部局", True)]
    assert [(line.text, line.vertical) for line in flat.lines] == [("横書き", False)]


def test_encrypted_needs_its_password() -> None:
    encrypted = SAMPLES / "bad" / "encrypted.pdf"
    with pytest.raises(EncryptedError, match="a password is needed"):
        pages(encrypted, "pdfium")
    with pytest.raises(EncryptedError, match="the password is wrong"):
        list(get_engine("pdfium").pages(encrypted, password="nope"))
    (page,) = get_engine("pdfium").pages(encrypted, password="gyokaku")
    assert page.glyph_count > 0


@pytest.mark.parametrize("name", ["truncated.pdf", "not_a_pdf.pdf"])
def test_unreadable_files_are_not_a_pdf(name: str) -> None:
    with pytest.raises(NotAPdfError):
        pages(SAMPLES / "bad" / name, "pdfium")


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world corpus not available")
def test_rotated_page_gives_the_same_table_turned() -> None:
    (upright,) = pages(REALWORLD / "pdfplumber__nics-background-checks-2015-11.pdf", "pdfium")
    (rotated,) = pages(
        REALWORLD / "pdfplumber__nics-background-checks-2015-11-rotated.pdf", "pdfium")
    assert (rotated.width, rotated.height) == pytest.approx((upright.height, upright.width))
    assert len(rotated.tables[0].cells) == len(upright.tables[0].cells) == 14 * 25 - 24


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="real-world corpus not available")
def test_every_corpus_file_gives_pages_or_a_clean_error(
        capfd: pytest.CaptureFixture[str]) -> None:
    outcomes: dict[str, object] = {}
    for path in sorted(REALWORLD.glob("*.pdf")):
        try:
            outcomes[path.name] = pages(path, "pdfium")
        except GyokakuError as error:
            assert "\n" not in error.one_line()
            outcomes[path.name] = error
    assert capfd.readouterr() == ("", "")
    assert isinstance(outcomes["pdfplumber__empty.pdf"], NotAPdfError)
    vertical = outcomes["pdfjs__vertical.pdf"]
    assert isinstance(vertical, list)
    texts = [line.text for page in vertical for line in page.loose_lines if line.vertical]
    assert texts and all(len(text) >= 2 for text in texts)


FORM_GRID = (b"0 0 300 100 re S 150 0 m 150 100 l S 0 50 m 300 50 l S "
             b"BT /F1 9 Tf 10 70 Td (A1) Tj 150 0 Td (B1) Tj 0 -50 Td (B2) Tj -150 0 Td (A2) Tj ET")
PAGE_CONTENT = (b"q 1 0 0 1 50 500 cm /Fm1 Do Q "
                b"BT /F1 10 Tf 100 400 Td (Plain text) Tj ET "
                b"q 2 0 0 2 0 0 cm BT /F1 5 Tf 50 180 Td (Scaled) Tj ET Q "
                b"BT /F1 10 Tf 150 Tz 100 300 Td (Wide) Tj 100 Tz 3 Ts (Up) Tj 0 Ts ET "
                b"1 1 1 RG 300 100 200 100 re S "
                b"0 0 0 RG 300 300 m 350 350 400 300 450 350 c S")
TURNED_CONTENT = (b"100 100 200 60 re S 200 100 m 200 160 l S "
                  b"BT /F1 10 Tf 110 140 Td (Left) Tj 100 0 Td (Right) Tj ET")


def drawn_pdf(path: Path) -> Path:
    """Two pages drawn by hand: a form XObject holding a ruled grid, scaled, stretched and
    raised text, a white and a curved path; then a page turned by /Rotate 90."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    fonts = pikepdf.Dictionary(F1=font)
    form = pikepdf.Stream(pdf, FORM_GRID)
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox, form.Resources = [0, 0, 300, 100], pikepdf.Dictionary(Font=fonts)
    for content, extra in ((PAGE_CONTENT, {"Fm1": pdf.make_indirect(form)}), (TURNED_CONTENT, {})):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=fonts, XObject=pikepdf.Dictionary(**extra))
        page.Contents = pdf.make_stream(content)
    pdf.pages[1].Rotate = 90
    pdf.save(path)
    return path


def test_forms_matrices_and_rotation_read_as_with_pdfplumber(tmp_path: Path) -> None:
    pdf = drawn_pdf(tmp_path / "drawn.pdf")
    mine, theirs = pages(pdf, "pdfium"), pages(pdf, "pdfplumber")
    for page, their_page in zip(mine, theirs, strict=True):
        assert_same_page(page, their_page)
    (grid,) = mine[0].tables
    assert [cell.raw_text for cell in grid.cells] == ["A1", "B1", "A2", "B2"]
    assert [line.text for line in mine[0].loose_lines] == ["Plain text", "Scaled", "WideUp"]
    (turned,) = mine[1].tables
    assert (mine[1].width, mine[1].height) == pytest.approx((842, 595))
    assert [cell.raw_text for cell in turned.cells] == ["Left", "Right"]


def test_a_tiny_page_budget_stops_the_page() -> None:
    engine = get_engine("pdfium", page_seconds=1e-6)
    with pytest.raises(GyokakuError, match="took longer than") as caught:
        list(engine.pages(SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf"))
    assert caught.value.exit_code == 7
