"""Page assembly: grids + glyphs → :class:`gyokaku.model.Page`.

Each glyph goes to the innermost cell that contains its centre; cells keep
their glyphs' lines (empty cells are kept).  A grid that receives no printed
glyph at all is not a table (a checkbox, a drawn logo), and a single box
that frames other tables or most of the page is a frame, not a table.  What
lies outside every table becomes the page's loose lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np

from gyokaku.model import Cell, Glyph, Page, Table

from .glyphs import inked_count, is_blank
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


def _cell_owners(grid: Grid) -> np.ndarray:
    """For each (row, column) unit of the grid, the index of the cell covering it (-1: none)."""
    owners = np.full((len(grid.y_edges) - 1, len(grid.x_edges) - 1), -1, dtype=np.int64)
    for index, cell in enumerate(grid.cells):
        owners[cell.row:cell.row + cell.row_span, cell.col:cell.col + cell.col_span] = index
    return owners


def cell_indices(grid: Grid, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The index of the cell holding each point (-1: outside the grid, or in no cell).

    A point on an inner edge belongs to the cell right of (below) it, a point
    on the grid's far edge to the last column (row).
    """
    x0, top, x1, bottom = grid.bbox
    inside = (x0 <= x) & (x <= x1) & (top <= y) & (y <= bottom)
    owners = _cell_owners(grid)
    cols = np.clip(np.searchsorted(grid.x_edges, x, side="right") - 1, 0, owners.shape[1] - 1)
    rows = np.clip(np.searchsorted(grid.y_edges, y, side="right") - 1, 0, owners.shape[0] - 1)
    return np.where(inside, owners[rows, cols], -1)


_X0, _TOP, _X1, _BOTTOM = (attrgetter(name) for name in ("x0", "top", "x1", "bottom"))


def _centres(glyphs: Sequence[Glyph]) -> tuple[np.ndarray, np.ndarray]:
    x0 = np.fromiter(map(_X0, glyphs), dtype=np.float64, count=len(glyphs))
    x1 = np.fromiter(map(_X1, glyphs), dtype=np.float64, count=len(glyphs))
    top = np.fromiter(map(_TOP, glyphs), dtype=np.float64, count=len(glyphs))
    bottom = np.fromiter(map(_BOTTOM, glyphs), dtype=np.float64, count=len(glyphs))
    return (x0 + x1) / 2, (top + bottom) / 2


def assign_glyphs(
    grids: Sequence[Grid], glyphs: Sequence[Glyph]
) -> tuple[dict[tuple[int, int], list[Glyph]], list[Glyph]]:
    """Glyphs per (grid index, cell index), and the glyphs outside every cell.

    A glyph goes to the smallest grid that has a cell at its centre.  Glyphs
    keep their drawing order in every list.
    """
    if not glyphs:
        return {}, []
    x, y = _centres(glyphs)
    # one number per glyph: grid index × cells + cell index, or -1 outside every cell
    slots = np.full(len(glyphs), -1, dtype=np.int64)
    stride = max((len(grid.cells) for grid in grids), default=0) + 1
    for grid_index in sorted(range(len(grids)), key=lambda i: _area(grids[i].bbox)):
        free = slots < 0
        cells = cell_indices(grids[grid_index], x[free], y[free])
        found = cells >= 0
        chosen = np.flatnonzero(free)[found]
        slots[chosen] = grid_index * stride + cells[found]
    order = np.argsort(slots, kind="stable")  # by slot, drawing order within each
    in_order = [glyphs[index] for index in order.tolist()]
    sorted_slots = slots[order]
    starts = [0, *(np.flatnonzero(np.diff(sorted_slots)) + 1).tolist()]
    ends = [*starts[1:], len(in_order)]
    placed: dict[tuple[int, int], list[Glyph]] = {}
    outside: list[Glyph] = []
    for start, end, slot in zip(starts, ends, sorted_slots[starts].tolist(), strict=True):
        if slot < 0:
            outside = in_order[start:end]
        else:
            placed[divmod(slot, stride)] = in_order[start:end]
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
        glyph_count=inked_count(glyphs),
    )
