"""camelot-py lattice tables → :class:`~gyokaku.extract.grid.Grid`.

camelot renders the page (with pdfium, no ghostscript needed), finds the
ruled grid with OpenCV and reports, for every grid cell, which of its four
sides is ruled (see :mod:`camelot_worker`).  Its coordinates have a
bottom-left origin and are quantised by the rendering resolution, so each
edge is moved onto the page's vector rule when one lies within the snapping
tolerance.  Text is not taken from camelot: the shared glyph code fills the
cells.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

from .grid import Grid, Ruling, make_grids, reading_sorted
from .ruling import Segment

LEFT, RIGHT, TOP, BOTTOM = range(4)


def snap(value: float, targets: Sequence[float], tolerance: float) -> float:
    """``value`` moved to the nearest of the sorted ``targets`` within ``tolerance``."""
    index = bisect.bisect_left(targets, value)
    near = [targets[i] for i in (index - 1, index) if 0 <= i < len(targets)]
    best = min(near, key=lambda target: abs(target - value), default=None)
    return best if best is not None and abs(best - value) <= tolerance else value


def snap_edges(edges: Sequence[float], targets: Sequence[float], tolerance: float) -> list[float]:
    """Snap increasing edges, keeping an edge as it is when snapping would reorder them."""
    snapped: list[float] = []
    for value in edges:
        moved = snap(value, targets, tolerance)
        if snapped and moved <= snapped[-1]:
            moved = value
        snapped.append(moved)
    return snapped


def ruling_of(sides: Sequence[Sequence[Sequence[bool]]]) -> Ruling:
    """The ruled unit boundaries from camelot's per-cell [left, right, top, bottom] flags."""
    n_rows, n_cols = len(sides), len(sides[0])
    vertical = tuple(
        tuple(
            bool((j > 0 and sides[r][j - 1][RIGHT]) or (j < n_cols and sides[r][j][LEFT]))
            for j in range(n_cols + 1)
        )
        for r in range(n_rows)
    )
    horizontal = tuple(
        tuple(
            bool((i > 0 and sides[i - 1][c][BOTTOM]) or (i < n_rows and sides[i][c][TOP]))
            for c in range(n_cols)
        )
        for i in range(n_rows + 1)
    )
    return Ruling(vertical, horizontal)


def grids_from_table(
    table: dict[str, Any], page_height: float, segments: Sequence[Segment], tolerance: float
) -> list[Grid]:
    """Convert one camelot table (plain data, PDF coordinates) to page-relative grids."""
    cols, rows, sides = table["cols"], table["rows"], table["sides"]
    if not cols or not rows or not sides or not sides[0]:
        return []
    x_raw = [cols[0][0], *(right for _, right in cols)]
    y_raw = [page_height - rows[0][0], *(page_height - bottom for _, bottom in rows)]
    x_rules = sorted({s.pos for s in segments if not s.horizontal})
    y_rules = sorted({s.pos for s in segments if s.horizontal})
    x_edges = snap_edges(x_raw, x_rules, tolerance)
    y_edges = snap_edges(y_raw, y_rules, tolerance)
    return make_grids(x_edges, y_edges, ruling_of(sides))


def grids_from_tables(
    tables: Sequence[dict[str, Any]],
    page_height: float,
    segments: Sequence[Segment],
    tolerance: float,
) -> list[Grid]:
    """The grids of one page's camelot tables, top to bottom."""
    return reading_sorted(
        [
            grid
            for table in tables
            for grid in grids_from_table(table, page_height, segments, tolerance)
        ]
    )
