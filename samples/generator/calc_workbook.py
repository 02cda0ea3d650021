"""Write the report's sheets as .xlsx workbooks (openpyxl), ready to print with LibreOffice.

Two workbooks: the front matter (cover diagram and index page, no footer) and
the detail pages (one sheet per 施策, headings and the two header rows
repeated as print titles, a manual page break after every page, footer
``&P/&N``).  Cell text is written already broken into lines (see ``calc_wrap``).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from samples.generator import calc_cover
from samples.generator.calc_layout import (
    column_units,
    column_widths_pt,
    printed_lines,
    row_heights,
)
from samples.generator.calc_sheet import Cell, DetailPage, Grid, index_grid
from samples.generator.calc_wrap import BODY_FONT
from samples.generator.content import Content

HEADING_FONT = "Noto Sans CJK JP"
DETAIL_SIZE = 7.0
INDEX_SIZE = 8.0
HEADING_SIZE = 11.0
HEADING_ROW_PT = 22.0
FOOTER = '&"IPAexGothic,Regular"&9&P/&N'

_THIN = Side(style="thin")
RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ALIGNMENTS = {
    "text": Alignment(horizontal="left", vertical="center", wrap_text=True),
    "header": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "arrow": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "number": Alignment(horizontal="center", vertical="center", wrap_text=True),
}


def set_column_widths(sheet: Worksheet, widths_pt: list[float]) -> None:
    """Give the sheet's first columns these printed widths (points)."""
    for index, width in enumerate(widths_pt, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_units(width)


def setup_page(sheet: Worksheet, footer: bool) -> None:
    """A4 landscape, narrow margins, centred across the page, 100 % scale."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.scale = 100
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.35
    margins.top, margins.bottom = 0.35, 0.55
    margins.header, margins.footer = 0.2, 0.25
    if footer:
        sheet.oddFooter.center.text = FOOTER


def _write_cell(sheet: Worksheet, top: int, cell: Cell, grid: Grid, size: float) -> None:
    row, col = top + cell.row, 1 + cell.col
    target = sheet.cell(row, col, "\n".join(printed_lines(cell, grid, size)))
    target.font = Font(name=BODY_FONT, size=size)
    target.alignment = _ALIGNMENTS[cell.kind]
    for r in range(row, row + cell.rows):
        for c in range(col, col + cell.cols):
            sheet.cell(r, c).border = RULED
    if cell.rows > 1 or cell.cols > 1:
        sheet.merge_cells(start_row=row, start_column=col,
                          end_row=row + cell.rows - 1, end_column=col + cell.cols - 1)


def write_grid(sheet: Worksheet, grid: Grid, top: int, size: float, first_row: int = 0) -> int:
    """Write the grid's rows from ``first_row`` on at sheet row ``top``; return the next free row.

    Every position of the table is ruled, so empty cells print as boxes too.
    """
    heights = row_heights(grid, size)
    offset = top - first_row
    for r in range(first_row, grid.row_count):
        sheet.row_dimensions[offset + r].height = heights[r]
        for c in range(len(grid.columns_em)):
            sheet.cell(offset + r, 1 + c).border = RULED
    for cell in grid.cells:
        if cell.row >= first_row:
            _write_cell(sheet, offset, cell, grid, size)
    return offset + grid.row_count


def _write_heading(sheet: Worksheet, text: str) -> None:
    cell = sheet.cell(1, 1, text)
    cell.font = Font(name=HEADING_FONT, size=HEADING_SIZE, bold=True)
    cell.alignment = Alignment(horizontal="left", vertical="center")
    sheet.row_dimensions[1].height = HEADING_ROW_PT


def _write_policy_sheet(book: Workbook, pages: list[DetailPage]) -> None:
    first = pages[0]
    sheet = book.create_sheet(f"施策{first.policy_no}")
    set_column_widths(sheet, column_widths_pt(first.grid.columns_em, DETAIL_SIZE))
    setup_page(sheet, footer=True)
    _write_heading(sheet, first.heading)
    header_rows = first.grid.header_rows
    next_row = write_grid(sheet, first.grid, 2, DETAIL_SIZE)  # header rows and first body
    for page in pages[1:]:
        sheet.row_breaks.append(Break(id=next_row - 1))
        next_row = write_grid(sheet, page.grid, next_row, DETAIL_SIZE, first_row=header_rows)
    sheet.print_title_rows = f"1:{1 + header_rows}"


def detail_workbook(pages: list[DetailPage], path: Path) -> Path:
    """The detail pages, one sheet per 施策, saved to ``path``."""
    book = Workbook()
    book.remove(book.active)
    by_policy: dict[int, list[DetailPage]] = {}
    for page in pages:
        by_policy.setdefault(page.policy_no, []).append(page)
    for policy_no in sorted(by_policy):
        _write_policy_sheet(book, by_policy[policy_no])
    book.save(path)
    return path


def _write_index_sheet(book: Workbook, content: Content) -> None:
    sheet = book.create_sheet("取組項目")
    grid = index_grid(content)
    set_column_widths(sheet, column_widths_pt(grid.columns_em, INDEX_SIZE))
    setup_page(sheet, footer=False)
    title = sheet.cell(1, 1, content["document"]["index_title"])
    title.font = Font(name=BODY_FONT, size=14)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(grid.columns_em))
    sheet.row_dimensions[1].height = 30
    write_grid(sheet, grid, 2, INDEX_SIZE)


def front_workbook(content: Content, path: Path) -> Path:
    """The cover diagram and the index page (one sheet each), saved to ``path``."""
    book = Workbook()
    book.remove(book.active)
    cover = book.create_sheet("体系")
    setup_page(cover, footer=False)
    calc_cover.write_cover(cover, content)
    _write_index_sheet(book, content)
    book.save(path)
    return path
