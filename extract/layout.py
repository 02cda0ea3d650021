"""Page assembly: grids + glyphs → :class:`gyokaku.model.Page`.

Each glyph goes to the innermost cell that contains its centre; cells keep
their glyphs' lines (empty cells are kept).  A grid that receives no printed
glyph at all is not a table (a checkbox, a drawn logo), and a single box
that frames other tables or most of the page is a frame, not a table.  What
lies outside every table becomes the page's loose lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from gyokaku.model import Cell, Glyph, Page, Table

from .glyphs import is_blank
from .grid import Grid
from .lines import cell_lines, loose_lines

FRAME_PAGE_SHARE = 0.8  # a lone box covering this much of the page frames it


def _area(box: tuple[float, float, float, float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _encloses(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and outer[2] >= inner[2]
        and outer[3] >= inner[3]
    )


def is_frame(grid: Grid, others: Sequence[Grid], page_area: float) -> bool:
    """True for a single box around other tables or around most of the page."""
    if len(grid.cells) != 1:
        return False
    if page_area > 0 and _area(grid.bbox) >= FRAME_PAGE_SHARE * page_area:
        return True
    return any(other is not grid and _encloses(grid.bbox, other.bbox) for other in others)


def drop_frames(grids: Sequence[Grid], width: float, height: float) -> list[Grid]:
    """The grids that are not frames."""
    return [grid for grid in grids if not is_frame(grid, grids, width * height)]


@dataclass(slots=True)
class _Locator:
    """Finds which cell of one grid holds a point."""

    grid: Grid
    owner: dict[tuple[int, int], int] = field(default_factory=dict)
    last_row: int = 0
    last_col: int = 0

    def __post_init__(self) -> None:
        for index, cell in enumerate(self.grid.cells):
            for row in range(cell.row, cell.row + cell.row_span):
                for col in range(cell.col, cell.col + cell.col_span):
                    self.owner[(row, col)] = index
        self.last_row, self.last_col = len(self.grid.y_edges) - 2, len(self.grid.x_edges) - 2

    def cell_at(self, x: float, y: float) -> int | None:
        x0, top, x1, bottom = self.grid.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        return self.cell_inside(x, y)

    def cell_inside(self, x: float, y: float) -> int | None:
        """:meth:`cell_at` for a point already known to lie in the grid's box.

        A point on an inner edge belongs to the cell right of (below) it, a
        point on the grid's far edge to the last column (row).
        """
        col = bisect.bisect_right(self.grid.x_edges, x) - 1
        row = bisect.bisect_right(self.grid.y_edges, y) - 1
        # clamped into the grid with comparisons, not min()/max(): this runs once per glyph
        if col < 0:
            col = 0
        if col > self.last_col:
            col = self.last_col
        if row < 0:
            row = 0
        if row > self.last_row:
            row = self.last_row
        return self.owner.get((row, col))


def assign_glyphs(
    grids: Sequence[Grid], glyphs: Sequence[Glyph]
) -> tuple[dict[tuple[int, int], list[Glyph]], list[Glyph]]:
    """Glyphs per (grid index, cell index), and the glyphs outside every cell.

    Glyphs keep their drawing order in every list.
    """
    by_size = sorted(range(len(grids)), key=lambda i: _area(grids[i].bbox))
    locators = [(index, grids[index].bbox, _Locator(grids[index])) for index in by_size]
    placed: dict[tuple[int, int], list[Glyph]] = {}
    outside: list[Glyph] = []
    for glyph in glyphs:
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        for grid_index, (x0, top, x1, bottom), locator in locators:
            # the bounding-box test of _Locator.cell_at, inlined: most grids miss
            if not (x0 <= x <= x1 and top <= y <= bottom):
                continue
            cell_index = locator.cell_inside(x, y)
            if cell_index is not None:
                placed.setdefault((grid_index, cell_index), []).append(glyph)
                break
        else:
            outside.append(glyph)
    return placed, outside


def make_table(page_index: int, grid: Grid, cell_glyphs: Sequence[Sequence[Glyph]]) -> Table:
    """A table of cells with their lines; ``cell_glyphs`` follows ``grid.cells``."""
    cells = []
    for cell, glyphs in zip(grid.cells, cell_glyphs, strict=True):
        x0, top, x1, bottom = grid.cell_box(cell)
        cells.append(
            Cell(
                page_index=page_index,
                row=cell.row,
                col=cell.col,
                row_span=cell.row_span,
                col_span=cell.col_span,
                x0=x0,
                top=top,
                x1=x1,
                bottom=bottom,
                lines=cell_lines(glyphs),
            )
        )
    return Table(
        page_index=page_index, x_edges=grid.x_edges, y_edges=grid.y_edges, cells=tuple(cells)
    )


def _has_ink(glyphs: Sequence[Glyph]) -> bool:
    return any(not is_blank(glyph.text) for glyph in glyphs)


def build_page(
    index: int, width: float, height: float, glyphs: Sequence[Glyph], grids: Sequence[Grid]
) -> Page:
    """Place glyphs in the grids' cells and assemble the page."""
    tables_found = drop_frames(grids, width, height)
    placed, outside = assign_glyphs(tables_found, glyphs)
    tables: list[Table] = []
    for grid_index, grid in enumerate(tables_found):
        per_cell = [
            placed.get((grid_index, cell_index), []) for cell_index in range(len(grid.cells))
        ]
        if any(_has_ink(cell) for cell in per_cell):
            tables.append(make_table(index, grid, per_cell))
    tables.sort(key=lambda table: (table.y_edges[0], table.x_edges[0]))
    return Page(
        index=index,
        width=width,
        height=height,
        tables=tuple(tables),
        loose_lines=loose_lines(outside),
        glyph_count=sum(1 for glyph in glyphs if not is_blank(glyph.text)),
    )
