"""Whole pages from the fixture PDFs (tests/fixtures/extract, built by generate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gyokaku.extract import get_engine
from gyokaku.model import Cell, Page, Table
from tests.fixtures.extract.generate import TYPE3_CELLS, TYPE3_XS, TYPE3_YS

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def only_page(name: str, engine: str = "pdfplumber") -> Page:
    pages = list(get_engine(engine).pages(FIXTURES / name))
    assert len(pages) == 1
    return pages[0]


def cell_at(table: Table, row: int, col: int) -> Cell:
    (cell,) = [c for c in table.cells if (c.row, c.col) == (row, col)]
    return cell


def texts(cell: Cell) -> list[str]:
    return [line.text for line in cell.lines]


@pytest.fixture(scope="module")
def ruled() -> Page:
    return only_page("ruled_table.pdf")


def test_ruled_table_grid_and_spans(ruled: Page) -> None:
    (table,) = ruled.tables
    assert table.x_edges == (40.0, 70.0, 250.0, 400.0, 460.0, 800.0)
    assert table.y_edges == (100.0, 130.0, 190.0, 250.0, 290.0)
    layout = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells}
    assert layout == {
        (0, 0): (1, 2), (0, 2): (1, 1), (0, 3): (1, 1), (0, 4): (1, 1),
        (1, 0): (2, 1), (1, 1): (1, 1), (1, 2): (1, 1), (1, 3): (1, 1), (1, 4): (1, 1),
        (2, 1): (1, 2), (2, 3): (1, 1), (2, 4): (1, 1),
        (3, 0): (1, 3), (3, 3): (1, 1), (3, 4): (1, 1),
    }  # fmt: skip
    merged = cell_at(table, 1, 0)
    assert (merged.x0, merged.top, merged.x1, merged.bottom) == (40.0, 130.0, 70.0, 250.0)
    assert all(cell.page_index == 0 for cell in table.cells)


def test_ruled_table_cell_texts(ruled: Page) -> None:
    (table,) = ruled.tables
    assert texts(cell_at(table, 0, 0)) == ["項目"]
    assert texts(cell_at(table, 1, 1)) == ["市税等の収納率向上"]
    assert texts(cell_at(table, 2, 3)) == ["→"]
    assert texts(cell_at(table, 2, 4)) == ["（参考）"]
    assert texts(cell_at(table, 3, 0)) == ["合計"]


def test_empty_merged_cell_is_kept(ruled: Page) -> None:
    (table,) = ruled.tables
    empty = cell_at(table, 2, 1)
    assert (empty.row_span, empty.col_span) == (1, 2)
    assert empty.lines == ()
    assert empty.raw_text == ""


def test_wrapped_paragraph_lines_reach_the_cell_edge(ruled: Page) -> None:
    cell = cell_at(ruled.tables[0], 1, 3)
    assert texts(cell) == ["納付環境の", "整備を進め", "る"]
    first, second, last = cell.lines
    assert first.x1 == pytest.approx(455.0) and second.x1 == pytest.approx(455.0)
    assert last.x1 == pytest.approx(415.0)
    assert first.top < second.top < last.top


def test_indented_line_keeps_its_position(ruled: Page) -> None:
    bullet, indented = cell_at(ruled.tables[0], 1, 2).lines
    assert (bullet.text, indented.text) == ("・収納率の向上", "継続して実施")
    assert bullet.x0 == pytest.approx(255.0)
    assert indented.x0 == pytest.approx(275.0)  # two em in, no space glyph printed


def test_gaps_become_blanks_and_printed_blanks_stay(ruled: Page) -> None:
    lines = cell_at(ruled.tables[0], 1, 4).lines
    assert [line.text for line in lines] == [
        "市税\u300099.4%⇒99.3%",  # 1 em gap, nothing printed
        "A BC",  # 0.4 em gap → space; 0.1 em gap → nothing
        "E F",  # printed ASCII space
        "Ｇ\u3000Ｈ",  # printed ideographic space
    ]
    assert lines[0].size == 10.0
    assert lines[0].font.endswith("IPAexGothic")


def test_stacked_glyphs_read_as_one_vertical_line(ruled: Page) -> None:
    (line,) = cell_at(ruled.tables[0], 1, 0).lines
    assert line.text == "施策一"
    assert line.vertical
    assert (line.x0, line.x1) == (50.0, 60.0)
    assert line.bottom - line.top == pytest.approx(30.0)


def test_border_of_thin_filled_bars_makes_cells(ruled: Page) -> None:
    table = ruled.tables[0]
    assert texts(cell_at(table, 3, 3)) == ["1"]
    assert texts(cell_at(table, 3, 4)) == ["2"]  # drawn twice (fake bold), read once


def test_loose_heading_and_footer(ruled: Page) -> None:
    assert [line.text for line in ruled.loose_lines] == [
        "施策１\u3000健全で持続可能な財政運営",
        "R５.９.３０現在",  # same baseline, but far away: its own line
        "2/13",
    ]
    heading = ruled.loose_lines[0]
    assert heading.size == 14.0
    assert heading.x0 == 40.0


def test_page_geometry_and_count(ruled: Page) -> None:
    assert ruled.index == 0
    assert (ruled.width, ruled.height) == pytest.approx((841.89, 595.276), abs=0.01)
    assert ruled.glyph_count == 101  # 102 printed glyphs, one of them a fake-bold double


def test_boxes_lone_box_and_frame() -> None:
    page = only_page("box_styles.pdf")
    boxes, lone = page.tables
    assert boxes.x_edges == (40.0, 140.0, 240.0) and boxes.y_edges == (100.0, 130.0, 160.0)
    assert [texts(c) for c in boxes.cells] == [["左上"], ["右上"], ["左下"], []]
    assert lone.x_edges == (300.0, 400.0) and texts(lone.cells[0]) == ["枠の中"]
    # the empty box is no table, and the page frame is no table


def test_vertical_columns_read_right_to_left_and_arrows_stay_lines() -> None:
    page = only_page("box_styles.pdf")
    assert [(line.text, line.vertical) for line in page.loose_lines] == [
        ("→", False),
        ("令和10年", True),  # "10" is a tate-chū-yoko pair
        ("四月", True),
        ("→", False),  # stacked identical arrows are two lines
    ]


def test_turned_text_reads_upwards() -> None:
    page = only_page("turned_text.pdf")
    (table,) = page.tables
    turned, flat = table.cells
    assert [(line.text, line.vertical) for line in turned.lines] == [("担当部局", True)]
    assert [(line.text, line.vertical) for line in flat.lines] == [("横書き", False)]


def test_pages_stream_in_order() -> None:
    engine = get_engine()
    assert engine.page_count(FIXTURES / "three_pages.pdf") == 3
    stream = engine.pages(FIXTURES / "three_pages.pdf")
    first = next(stream)
    assert first.index == 0
    assert first.tables[0].cells[0].raw_text == "ページ1"
    rest = list(stream)
    assert [page.index for page in rest] == [1, 2]
    assert [page.loose_lines[0].text for page in rest] == ["2/3", "3/3"]


def test_libreoffice_printed_sheet() -> None:
    page = only_page("libreoffice_grid.pdf")
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (3, 4)
    by_position = {(c.row, c.col): c for c in table.cells}
    assert set(by_position) == {
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 0),
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (2, 3),
    }
    assert (by_position[1, 0].row_span, by_position[2, 1].col_span) == (2, 2)
    assert [(line.text, line.vertical) for line in by_position[1, 0].lines] == [("健全", True)]
    assert texts(by_position[1, 1]) == ["市税等の収納率向", "上"]
    assert texts(by_position[1, 3]) == ["市税 99.4%⇒99.3%"]
    assert texts(by_position[2, 1]) == ["納付環境の整備を進める取組を継", "続して実施する"]
    wrapped = by_position[2, 1].lines[0]
    assert by_position[2, 1].x1 - wrapped.x1 < wrapped.size  # wrapped at the right edge


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "camelot"])
def test_type3_font_text_reads_like_any_other(engine: str) -> None:
    # every glyph of a Type 3 font is a drawing procedure; its text comes from the ToUnicode map
    page = only_page("type3_grid.pdf", engine)
    (table,) = page.tables
    assert (table.x_edges, table.y_edges) == (TYPE3_XS, TYPE3_YS)
    assert [[c.raw_text for c in table.cells if c.row == row] for row in range(3)] == \
        [list(texts) for texts in TYPE3_CELLS]
    assert page.loose_lines == ()


@pytest.mark.parametrize("name", ["ruled_table.pdf", "box_styles.pdf", "libreoffice_grid.pdf"])
def test_engines_agree_on_ruled_tables(name: str) -> None:
    assert only_page(name, "camelot") == only_page(name, "pdfplumber")


def test_each_page_cache_is_freed_before_the_next_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    closed: list[int] = []
    original = pdfplumber.page.Page.close

    def counting_close(page: pdfplumber.page.Page) -> None:
        closed.append(page.page_number)
        original(page)

    monkeypatch.setattr(pdfplumber.page.Page, "close", counting_close)
    for page in get_engine("pdfplumber").pages(FIXTURES / "three_pages.pdf"):
        assert closed[-1] == page.index + 1  # closed as soon as it was read
        if page.index == 1:
            break
    assert closed[:2] == [1, 2]
