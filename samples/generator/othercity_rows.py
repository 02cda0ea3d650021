"""Rows of the other-city table: section headings, initiative rows and their page-break split.

Columns: 番号 | 取組名 | 所管課 | 内容 | one per plan year (計画) | 実績.  Every
row is one grid row whose cells hold pre-wrapped lines, so a row can be cut
between printed lines: the first part stays at the bottom of a page, the rest
continues at the top of the next page with empty 番号/取組名/所管課 cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from samples.generator.content import ARROW, Content, achievement_key, plan_layout, plan_years
from samples.generator.direct_fonts import GOTHIC, MINCHO
from samples.generator.direct_grid import CellSpec, GridStyle, needed_height
from samples.generator.direct_labels import circled, fullwidth, policy_label, reiwa_fiscal_year
from samples.generator.direct_text import PrintedLine, is_paragraph, layout_text

BODY_SIZE = 8.0
HEADER_SIZE = 7.5
STYLE = GridStyle(pad_x=3.0, pad_y=3.0, leading_ratio=1.3, min_row_height=14.0)
COLUMN_WIDTHS = (40.0, 64.0, 50.0, 118.0, 52.0, 52.0, 52.0, 107.0)
FIXED_COLUMNS = 4  # 番号 取組名 所管課 内容
LABEL_COLUMNS = 3  # columns left empty in a continuation row


@dataclass(frozen=True)
class Block:
    """One table row: ``kind`` is policy, development, initiative or continuation."""

    kind: str
    cells: tuple[CellSpec, ...]
    code: str | None = None

    @property
    def height(self) -> float:
        """Height of the row: its tallest cell."""
        return max(needed_height(cell.preset or (), cell.size, STYLE) for cell in self.cells)


def header_cells(years: Sequence[int], report_year: int) -> list[CellSpec]:
    """The two header rows (計画 over one column per spelled-out fiscal year)."""

    def header(col: int, row: int, text: str, col_span: int = 1, row_span: int = 1) -> CellSpec:
        return CellSpec(
            col,
            row,
            text,
            col_span,
            row_span,
            font=GOTHIC,
            size=HEADER_SIZE,
            align="center",
            valign="middle",
            shade=0.88,
        )

    achievement_col = FIXED_COLUMNS + len(years)
    cells = [
        header(col, 0, text, row_span=2)
        for col, text in enumerate(["番号", "取組名", "所管課", "内容"])
    ]
    cells.append(header(FIXED_COLUMNS, 0, "計画", col_span=len(years)))
    cells.append(header(achievement_col, 0, f"{reiwa_fiscal_year(report_year)}実績", row_span=2))
    cells += [header(FIXED_COLUMNS + j, 1, reiwa_fiscal_year(year)) for j, year in enumerate(years)]
    return cells


def glyph_indented(text: str | None) -> str | None:
    """Indent paragraph lines with an ideographic-space glyph (this layout's habit)."""
    if not text:
        return text
    return "\n".join("\u3000" + line if is_paragraph(line) else line for line in text.split("\n"))


def item_number(item: dict[str, Any]) -> str:
    """``"1-(1)-①"``."""
    return f"{item['policy_no']}-({item['development_no']})-{circled(item['item_no'])}"


def _wrapped(col: int, text: str | None, align: str = "left", valign: str = "top") -> CellSpec:
    width = COLUMN_WIDTHS[col] - 2 * STYLE.pad_x
    lines = tuple(layout_text(text, MINCHO, BODY_SIZE, width))
    return CellSpec(col, 0, None, size=BODY_SIZE, align=align, valign=valign, preset=lines)


def initiative_block(content: Content, initiative: dict[str, Any], item: dict[str, Any]) -> Block:
    """The row of one initiative (its plan must not be stacked)."""
    years = plan_years(content)
    layout = plan_layout(initiative["plan"], years)
    if layout.stacked:
        raise ValueError(f"{initiative['code']}: stacked plans are not part of this layout")
    cells = [
        _wrapped(0, item_number(item), align="center"),
        _wrapped(1, item["name"]),
        _wrapped(2, "\n".join(item["departments"])),
        _wrapped(3, glyph_indented(initiative["summary"])),
    ]
    for j, (value,) in enumerate(layout.lines):
        arrow = value == ARROW
        cells.append(
            _wrapped(
                FIXED_COLUMNS + j,
                value,
                "center" if arrow else "left",
                "middle" if arrow else "top",
            )
        )
    cells.append(
        _wrapped(FIXED_COLUMNS + len(years), glyph_indented(initiative[achievement_key(content)]))
    )
    return Block("initiative", tuple(cells), initiative["code"])


def section_block(kind: str, text: str, n_columns: int) -> Block:
    """A heading row spanning the whole table width."""
    shade = 0.94 if kind == "policy" else None
    line = (PrintedLine(text),)
    cell = CellSpec(
        0,
        0,
        None,
        col_span=n_columns,
        font=GOTHIC,
        size=8.0,
        valign="middle",
        shade=shade,
        preset=line,
    )
    return Block(kind, (cell,))


def policy_block(policy: dict[str, Any], n_columns: int) -> Block:
    """``１　財政基盤の強化``."""
    return section_block("policy", policy_label(policy), n_columns)


def development_block(development: dict[str, Any], n_columns: int) -> Block:
    """``（１）歳入の確保``."""
    label = f"（{fullwidth(development['development_no'])}）{development['name']}"
    return section_block("development", label, n_columns)


def _lines_fitting(lines: tuple[PrintedLine, ...], size: float, height: float) -> int:
    fit = len(lines)
    while fit > 0 and needed_height(lines[:fit], size, STYLE) > height:
        fit -= 1
    return fit


def split_block(block: Block, height: float) -> tuple[Block, Block]:
    """Cut an initiative row so its first part is at most ``height`` tall.

    The continuation holds the remaining lines of every column; its 番号,
    取組名 and 所管課 cells are empty (those must fit in the first part).
    """
    firsts, rests = [], []
    for cell in block.cells:
        lines = cell.preset or ()
        fit = _lines_fitting(lines, cell.size, height)
        if cell.col < LABEL_COLUMNS and fit < len(lines):
            raise ValueError(f"{block.code}: too little room left to start the row on this page")
        firsts.append(replace(cell, preset=lines[:fit]))
        rests.append(replace(cell, preset=lines[fit:]))
    return Block("initiative", tuple(firsts), block.code), Block(
        "continuation", tuple(rests), block.code
    )
