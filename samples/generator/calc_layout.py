"""Sizes of the printed sheet: column widths, wrapped cell lines and row heights.

Needs the body font's metrics (see ``calc_wrap``) but no LibreOffice.
"""

from __future__ import annotations

from samples.generator.calc_sheet import Cell, Grid
from samples.generator.calc_wrap import wrap_text

# Calc draws cell text 1 pt inside each vertical rule; one more point keeps
# the measured lines clear of rounding in LibreOffice's layout.
COLUMN_PADDING_PT = 3.0
ROW_PADDING_PT = 4.0
LINE_PITCH_EM = 1.0  # IPAexGothic: ascent 0.88 + descent 0.12
PT_PER_COLUMN_UNIT = 7.0  # LibreOffice prints an .xlsx column width unit as 7 pt


def column_units(width_pt: float) -> float:
    """An .xlsx column width (character units) that prints ``width_pt`` points wide."""
    return width_pt / PT_PER_COLUMN_UNIT


def column_widths_pt(columns_em: tuple[float, ...], size: float) -> list[float]:
    """Printed column widths in points."""
    return [em * size + COLUMN_PADDING_PT for em in columns_em]


def cell_text_width(cell: Cell, grid: Grid, size: float) -> float:
    """Width in points that the cell's lines are broken to."""
    spanned = grid.columns_em[cell.col:cell.col + cell.cols]
    return sum(spanned) * size + COLUMN_PADDING_PT * (len(spanned) - 1)


def printed_lines(cell: Cell, grid: Grid, size: float) -> list[str]:
    """The cell's text broken into the lines it prints as."""
    return wrap_text(cell.text, cell_text_width(cell, grid, size), size)


def _needed_height(line_count: int, size: float) -> float:
    return line_count * size * LINE_PITCH_EM + ROW_PADDING_PT


def row_heights(grid: Grid, size: float) -> list[float]:
    """Heights in points that show every line of every cell.

    Single-row cells set their row's height first; a merged cell whose rows
    are still too short grows them all by the same amount.
    """
    heights = [_needed_height(1, size)] * grid.row_count
    merged = []
    for cell in grid.cells:
        need = _needed_height(len(printed_lines(cell, grid, size)), size)
        if cell.rows == 1:
            heights[cell.row] = max(heights[cell.row], need)
        else:
            merged.append((cell, need))
    for cell, need in merged:
        span = range(cell.row, cell.row + cell.rows)
        missing = need - sum(heights[r] for r in span)
        if missing > 0:
            for r in span:
                heights[r] += missing / cell.rows
    return [round(h, 2) for h in heights]
