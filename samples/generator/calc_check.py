"""Check a rendered spreadsheet page against its grid: every cell shows all of its text.

Reads only the PDF (pdfplumber) and the grid (``calc_sheet``), so it runs
without LibreOffice or fonts.  The table's rules give the column and row
boundaries; each cell's box is cut from them, and the characters whose centres
lie in the box must spell the cell's text (whitespace aside).  A clipped cell
misses characters; text running out of its box lands in a neighbour or
outside the table.  Both show up as differences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from samples.generator.calc_labels import heading_as_extracted
from samples.generator.calc_sheet import Cell, DetailPage, Grid, detail_pages, index_grid
from samples.generator.content import Content

RULE_TOLERANCE = 0.6  # points: rule positions closer than this are one boundary
LINE_TOLERANCE = 1.5  # points: characters whose tops differ less share a line
LinesOf = Callable[[Cell, Grid], list[str]]  # a cell's expected printed lines
FRONT_PAGES = 2  # cover and index come before the detail pages
INDEX_PAGE = 1


@dataclass(frozen=True)
class Rules:
    """Column boundaries (left to right) and row boundaries (top to bottom) of a table."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def box(self, cell: Cell) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a cell."""
        return (self.xs[cell.col], self.ys[cell.row],
                self.xs[cell.col + cell.cols], self.ys[cell.row + cell.rows])


def _cluster(values: list[float]) -> tuple[float, ...]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] < RULE_TOLERANCE:
            continue
        merged.append(value)
    return tuple(merged)


def page_rules(page: Any) -> Rules:
    """The distinct x of vertical rules and y of horizontal rules on a pdfplumber page."""
    edges = page.lines + page.rects
    xs = [e["x0"] for e in edges if abs(e["x1"] - e["x0"]) < RULE_TOLERANCE]
    ys = [e["top"] for e in edges if abs(e["bottom"] - e["top"]) < RULE_TOLERANCE]
    return Rules(_cluster(xs), _cluster(ys))


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] < x < box[2] and box[1] < y < box[3]


def text_in_box(chars: list[dict[str, Any]], box: tuple[float, float, float, float]) -> str:
    """The characters inside a box, line by line (top to bottom, left to right)."""
    inside = sorted((c for c in chars if _inside(c, box)), key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for char in inside:
        if lines and abs(char["top"] - lines[-1][0]["top"]) < LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return "\n".join("".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
                     for line in lines)


def squeeze(text: str) -> str:
    """Text without any whitespace (line breaks and indents are layout, not content)."""
    return "".join(text.split())


def _line_problem(found: str, expected: list[str]) -> str | None:
    found_lines = [squeeze(line) for line in found.split("\n") if squeeze(line)]
    expected_lines = [squeeze(line) for line in expected if squeeze(line)]
    if found_lines == expected_lines:
        return None
    return f"lines {found_lines[:3]} differ from {expected_lines[:3]}"


def check_grid(page: Any, grid: Grid, lines_of: LinesOf | None = None) -> list[str]:
    """Differences between the table drawn on ``page`` and ``grid`` (empty when they agree).

    With ``lines_of`` (a cell's expected printed lines) the line breaks are
    compared too, which catches text the spreadsheet wrapped again by itself.
    """
    rules = page_rules(page)
    problems = []
    if len(rules.xs) != len(grid.columns_em) + 1 or len(rules.ys) != grid.row_count + 1:
        return [f"page {page.page_number}: table has {len(rules.xs) - 1} columns and "
                f"{len(rules.ys) - 1} rows, expected {len(grid.columns_em)} and {grid.row_count}"]
    chars = [c for c in page.chars if not c["text"].isspace()]
    claimed = 0
    for cell in grid.cells:
        found = text_in_box(chars, rules.box(cell))
        claimed += len(squeeze(found))
        where = f"page {page.page_number} cell r{cell.row}c{cell.col}"
        if squeeze(found) != squeeze(cell.text):
            problems.append(f"{where}: expected {squeeze(cell.text)[:40]!r}, "
                            f"found {squeeze(found)[:40]!r}")
        elif lines_of is not None and (problem := _line_problem(found, lines_of(cell, grid))):
            problems.append(f"{where}: {problem}")
    table = (rules.xs[0], rules.ys[0], rules.xs[-1], rules.ys[-1])
    in_table = sum(1 for c in chars if _inside(c, table))
    if in_table != claimed:
        problems.append(f"page {page.page_number}: {in_table - claimed} characters in the "
                        "table lie outside every cell")
    return problems


def _text_outside(page: Any, top: float | None = None, bottom: float | None = None) -> str:
    """Text above ``top`` or below ``bottom`` (the page furniture around the table)."""
    chars = [c for c in page.chars
             if (top is not None and c["bottom"] <= top)
             or (bottom is not None and c["top"] >= bottom)]
    return "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))


def check_detail_page(page: Any, detail: DetailPage, total: int,
                      lines_of: LinesOf | None = None) -> list[str]:
    """Table, heading above it and footer ``n/total`` below it."""
    problems = check_grid(page, detail.grid, lines_of)
    rules = page_rules(page)
    if not rules.ys:
        return problems
    heading = squeeze(_text_outside(page, top=rules.ys[0]))
    if heading != squeeze(heading_as_extracted(detail.heading)):
        problems.append(f"page {page.page_number}: heading reads {heading!r}")
    footer = squeeze(_text_outside(page, bottom=rules.ys[-1]))
    if footer != f"{detail.number}/{total}":
        problems.append(f"page {page.page_number}: footer reads {footer!r}")
    return problems


def check_pages(pages: list[Any], content: Content, detail_lines: LinesOf | None = None,
                index_lines: LinesOf | None = None) -> list[str]:
    """Everything wrong with a rendered report's pdfplumber pages: count, index, detail pages."""
    details = detail_pages(content)
    total = int(content["document"]["pages_detail"])
    if len(pages) != FRONT_PAGES + total or len(details) != total:
        return [f"{len(pages)} pages for {len(details)} detail pages, expected "
                f"{FRONT_PAGES} + {total}"]
    problems = check_grid(pages[INDEX_PAGE], index_grid(content), index_lines)
    for detail, page in zip(details, pages[FRONT_PAGES:], strict=True):
        problems += check_detail_page(page, detail, total, detail_lines)
    return problems


def check_report(pdf_path: Path, content: Content, detail_lines: LinesOf | None = None,
                 index_lines: LinesOf | None = None) -> list[str]:
    """``check_pages`` on the PDF at ``pdf_path``."""
    with pdfplumber.open(pdf_path) as pdf:
        return check_pages(pdf.pages, content, detail_lines, index_lines)
