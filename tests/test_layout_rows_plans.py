"""Table layouts from header wording, logical rows over sub-rows and merged cells, plan arrows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gyokaku.model import Cell, Page, SourceInfo, Table, TextLine
from gyokaku.normalize.document import PageReading, finish, read_page, read_row_cells
from gyokaku.normalize.layout import classify_table
from gyokaku.normalize.lines import remembering_logical_lines
from gyokaku.normalize.plans import plan_records
from gyokaku.normalize.rows import logical_rows
from gyokaku.profiles import load_profile

OKAYAMA = load_profile("okayama")
EM = 9.0
ROW = 40.0          # height of one grid row
COL = 100.0         # width of one grid column


def line(text: str, x0: float, top: float) -> TextLine:
    """A visual line of full-width characters at (x0, top)."""
    return TextLine(text, x0, top, x0 + EM * len(text), top + EM, EM)


def cell(row: int, col: int, *texts: str, rows: int = 1, cols: int = 1) -> Cell:
    """A grid cell whose lines are stacked from its top-left corner."""
    x0, top = col * COL, row * ROW
    lines = tuple(line(t, x0 + 2, top + 2 + i * (EM + 2)) for i, t in enumerate(texts))
    return Cell(0, row, col, rows, cols, x0, top, x0 + cols * COL, top + rows * ROW, lines)


def table(cells: list[Cell], n_rows: int, n_cols: int) -> Table:
    """A table over a regular grid."""
    return Table(0, tuple(c * COL for c in range(n_cols + 1)),
                 tuple(r * ROW for r in range(n_rows + 1)), tuple(cells))


HEADER = [
    cell(0, 0, "＜施策＞"), cell(0, 1, "＜展開＞"), cell(0, 2, "＜項目名＞（具体的取組）", cols=2),
    cell(0, 4, "＜概要＞"), cell(0, 5, "R３"), cell(0, 6, "R４"), cell(0, 7, "R５"),
    cell(0, 8, "令和４年度の取組実績"),
]


def test_header_cell_naming_two_columns_gives_both_roles() -> None:
    layout = classify_table(table(HEADER, 1, 9), OKAYAMA)
    assert layout is not None and layout.kind == "detail"
    assert layout.roles[2] == "item" and layout.roles[3] == "initiative"
    assert layout.years == {5: 2021, 6: 2022, 7: 2023}
    assert layout.report_year == 2022 and layout.header_rows == 1


def _two_initiatives() -> Table:
    """施策/展開 merged over two initiatives; the first has two plan sub-rows."""
    body = [
        cell(1, 0, "１　財政", rows=3), cell(1, 1, "１）運営", rows=3),
        cell(1, 2, "①見直し", rows=3), cell(1, 3, "a）点検", rows=2),
        cell(1, 4, "・概要A", rows=2), cell(1, 8, "実績A", rows=2),
        cell(1, 5, "・計画一"), cell(1, 6, "→"), cell(1, 7, "→"),
        cell(2, 5, "・計画二"), cell(2, 6, "→"), cell(2, 7),
        cell(3, 3, "b）調査"), cell(3, 4, "・概要B"), cell(3, 8, "実績B"),
        cell(3, 5, "・調査一", "・調査二"), cell(3, 6, "→"), cell(3, 7, "→"),
    ]
    return table(HEADER + body, 4, 9)


def test_rows_are_cut_where_summary_and_achievement_end() -> None:
    tab = _two_initiatives()
    layout = classify_table(tab, OKAYAMA)
    assert layout is not None
    rows = logical_rows(tab, layout, OKAYAMA.row_roles)
    assert [(r.first_row, r.last_row) for r in rows] == [(1, 3), (3, 4)]
    assert rows[1].cells("policy")[0].raw_text == "１　財政"   # the merged cell belongs to both
    assert [len(rows[0].plan_cells[y]) for y in (2021, 2022, 2023)] == [2, 2, 2]


def test_stacked_arrows_continue_their_own_sub_row() -> None:
    tab = _two_initiatives()
    layout = classify_table(tab, OKAYAMA)
    assert layout is not None
    first, second = logical_rows(tab, layout, OKAYAMA.row_roles)
    plans, unresolved = plan_records("1-1-1-a", first.plan_cells)
    assert [(p.raw, p.text, p.continued) for p in plans] == [
        ("・計画一\n・計画二", "・計画一\n・計画二", False),
        ("→\n→", "・計画一\n・計画二", True),
        ("→", "・計画一", True),
    ]
    assert unresolved == []
    plans, _ = plan_records("1-1-1-b", second.plan_cells)
    assert plans[2].text == "・調査一\n・調査二"     # a single arrow continues the whole cell


def test_unruled_stacked_lines_resolve_by_height() -> None:
    left = cell(1, 5, "・上の計画", "・下の計画")
    right = Cell(0, 1, 6, 1, 1, 6 * COL, ROW, 7 * COL, 2 * ROW,
                 (line("→", 6 * COL + 2, left.lines[0].top), line("→", 6 * COL + 2,
                                                                   left.lines[1].top)))
    plans, unresolved = plan_records("x", {2021: [left], 2022: [right]})
    assert plans[1].raw == "→\n→" and plans[1].text == "・上の計画\n・下の計画"
    assert unresolved == []


def test_arrow_with_nothing_to_its_left_is_reported() -> None:
    plans, unresolved = plan_records("x", {2021: [cell(1, 5)], 2022: [cell(1, 6, "→")]})
    assert plans[0].raw is None and plans[1].text == "→"
    assert unresolved == ["R4"]


def _detail_page(index: int, cells: list[Cell], n_rows: int) -> Page:
    return Page(index, 842.0, 595.0, (replace(table(cells, n_rows, 9), page_index=index),),
                (), glyph_count=100)


def test_headerless_table_on_a_later_page_continues_the_layout() -> None:
    first = [*HEADER, cell(1, 0, "１　財政"), cell(1, 1, "１）運営"), cell(1, 2, "①見直し"),
             cell(1, 3), cell(1, 4, "・概要A"), cell(1, 8, "実績A")]
    later = [cell(0, 0, "１　財政"), cell(0, 1, "１）運営"), cell(0, 2, "②点検"), cell(0, 3),
             cell(0, 4, "・概要B"), cell(0, 8, "実績B")]
    reading = PageReading(OKAYAMA)
    read_page(reading, _detail_page(0, first, 2))
    read_page(reading, _detail_page(1, later, 1))
    source = SourceInfo("r.pdf", "r.pdf", "0" * 64, 2)
    dataset = finish(reading, source, None)
    assert [(i.code, i.summary, i.page) for i in dataset.initiatives] == [
        ("1-1-1", "・概要A", 1), ("1-1-2", "・概要B", 2)]
    assert dataset.pages_skipped == []


def test_cells_read_between_pages_give_the_same_dataset(monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_row_cells`` works every cell out once, ahead of ``finish``; the last row
    waits (the next page may continue it), and nothing is remembered after the block."""
    import gyokaku.normalize.lines as lines_module

    first = [*HEADER, cell(1, 0, "１　財政"), cell(1, 1, "１）運営"), cell(1, 2, "①見直し"),
             cell(1, 3), cell(1, 4, "・概要A"), cell(1, 5, "実施"), cell(1, 8, "実績A"),
             cell(2, 0, "１　財政"), cell(2, 1, "１）運営"), cell(2, 2, "②点検"), cell(2, 3),
             cell(2, 4, "・概要B"), cell(2, 8, "実績B")]
    pages = [_detail_page(0, first, 3)]
    source = SourceInfo("r.pdf", "r.pdf", "0" * 64, 1)
    plain = PageReading(OKAYAMA)
    read_page(plain, pages[0])
    expected = finish(plain, source, None)

    worked: list[tuple[tuple[str, float], ...]] = []
    real = lines_module._logical_lines

    def counting(lines, *args):  # type: ignore[no-untyped-def]
        worked.append(tuple((line.text, line.top) for line in lines))
        return real(lines, *args)

    monkeypatch.setattr(lines_module, "_logical_lines", counting)
    reading = PageReading(OKAYAMA)
    with remembering_logical_lines():
        read_page(reading, pages[0])
        assert read_row_cells(reading, 0) == 1  # the first row only: the last may go on
        ahead = len(worked)
        texts = [text for key in worked for text, _ in key]
        assert "・概要A" in texts and "・概要B" not in texts
        dataset = finish(reading, source, None)
    assert dataset.initiatives == expected.initiatives and dataset.plans == expected.plans
    assert dataset.cells == expected.cells
    assert len(worked) == len(set(worked))  # every cell worked out once
    assert ahead > 0 and lines_module._REMEMBERED.get() is None
