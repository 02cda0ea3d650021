"""Grid: connected ruling → tables of (possibly merged) cells.

Crossing rules form connected groups; each group with at least two column
and two row boundaries is a candidate table.  Its grid cells are merged
wherever the boundary between them is not really ruled (union-find), which
yields row and column spans.  A merged region that is not a rectangle is
widened to its bounding rectangle; a region that is not enclosed by rules
on at least three sides (the notch of an L-shaped table) is not a cell.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from .ruling import Segment

RULED_FRACTION = 0.5  # a boundary counts as ruled when rules cover this much of it
MIN_RULED_SIDES = 3


@dataclass(frozen=True, slots=True)
class GridCell:
    """A cell of a grid, in grid units."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's geometry before text is placed in it."""

    x_edges: tuple[float, ...]
    y_edges: tuple[float, ...]
    cells: tuple[GridCell, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of the whole grid."""
        return self.x_edges[0], self.y_edges[0], self.x_edges[-1], self.y_edges[-1]

    def cell_box(self, cell: GridCell) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of one cell."""
        return (
            self.x_edges[cell.col],
            self.y_edges[cell.row],
            self.x_edges[cell.col + cell.col_span],
            self.y_edges[cell.row + cell.row_span],
        )


@dataclass(frozen=True, slots=True)
class Ruling:
    """Which unit boundaries of a grid are drawn.

    ``vertical[r][j]`` is the boundary left of column ``j`` in row ``r``
    (``j`` runs to ``n_cols``); ``horizontal[i][c]`` is the boundary above
    row ``i`` in column ``c`` (``i`` runs to ``n_rows``).
    """

    vertical: tuple[tuple[bool, ...], ...]
    horizontal: tuple[tuple[bool, ...], ...]

    @property
    def n_rows(self) -> int:
        """Number of grid rows."""
        return len(self.vertical)

    @property
    def n_cols(self) -> int:
        """Number of grid columns."""
        return len(self.horizontal[0]) if self.horizontal else 0


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        self.parent[max(root_a, root_b)] = min(root_a, root_b)
        return True


def connected_groups(segments: Sequence[Segment], tolerance: float) -> list[list[Segment]]:
    """Groups of segments connected by crossings or touching ends."""
    horizontals = [s for s in segments if s.horizontal]
    verticals = sorted((s for s in segments if not s.horizontal), key=lambda s: s.pos)
    vertical_positions = [s.pos for s in verticals]
    links = _UnionFind(len(horizontals) + len(verticals))
    for h_index, h in enumerate(horizontals):
        low = bisect.bisect_left(vertical_positions, h.start - tolerance)
        high = bisect.bisect_right(vertical_positions, h.end + tolerance)
        for v_index in range(low, high):
            v = verticals[v_index]
            if v.start - tolerance <= h.pos <= v.end + tolerance:
                links.union(h_index, len(horizontals) + v_index)
    groups: dict[int, list[Segment]] = {}
    for index, segment in enumerate([*horizontals, *verticals]):
        groups.setdefault(links.find(index), []).append(segment)
    return list(groups.values())


def _covered(segments: Sequence[Segment], start: float, end: float) -> float:
    """Length of [start, end] covered by segments lying on one line."""
    covered, reach = 0.0, start
    for segment in sorted(segments, key=lambda s: s.start):
        low, high = max(segment.start, reach), min(segment.end, end)
        if high > low:
            covered += high - low
            reach = high
    return covered


def _is_ruled(segments: Sequence[Segment], start: float, end: float) -> bool:
    return _covered(segments, start, end) >= RULED_FRACTION * (end - start)


def ruling_from_segments(
    x_edges: Sequence[float], y_edges: Sequence[float], segments: Sequence[Segment]
) -> Ruling:
    """Which unit boundaries of the grid ``x_edges`` × ``y_edges`` the segments draw."""
    by_x: dict[float, list[Segment]] = {}
    by_y: dict[float, list[Segment]] = {}
    for segment in segments:
        (by_y if segment.horizontal else by_x).setdefault(segment.pos, []).append(segment)
    vertical = tuple(
        tuple(_is_ruled(by_x.get(x, []), y_edges[r], y_edges[r + 1]) for x in x_edges)
        for r in range(len(y_edges) - 1)
    )
    horizontal = tuple(
        tuple(
            _is_ruled(by_y.get(y, []), x_edges[c], x_edges[c + 1]) for c in range(len(x_edges) - 1)
        )
        for y in y_edges
    )
    return Ruling(vertical, horizontal)


def _merge_unruled(ruling: Ruling) -> _UnionFind:
    n_rows, n_cols = ruling.n_rows, ruling.n_cols
    regions = _UnionFind(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not ruling.vertical[r][c + 1]:
                regions.union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not ruling.horizontal[r + 1][c]:
                regions.union(r * n_cols + c, (r + 1) * n_cols + c)
    return regions


Box = tuple[int, int, int, int]  # first row, first column, last row, last column


@dataclass(slots=True)
class _Region:
    """Bounding box and number of grid positions of one merged region."""

    box: list[int]
    size: int = 0

    def add(self, r: int, c: int) -> None:
        box = self.box
        self.box = [min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)]
        self.size += 1

    @property
    def bounds(self) -> Box:
        return self.box[0], self.box[1], self.box[2], self.box[3]

    @property
    def is_rectangle(self) -> bool:
        r0, c0, r1, c1 = self.box
        return self.size == (r1 - r0 + 1) * (c1 - c0 + 1)


def _regions(regions: _UnionFind, ruling: Ruling, skip: set[int]) -> dict[int, _Region]:
    """Each region's bounding box and size (positions in ``skip`` left out)."""
    found: dict[int, _Region] = {}
    n_cols = ruling.n_cols
    for r in range(ruling.n_rows):
        for c in range(n_cols):
            position = r * n_cols + c
            if position in skip:
                continue
            root = regions.find(position)
            region = found.get(root)
            if region is None:
                region = found[root] = _Region([r, c, r, c])
            region.add(r, c)
    return found


def _surrounds(outer: Box, inner: Box) -> bool:
    """True when ``inner`` lies inside ``outer`` away from at least three of its sides."""
    inside = outer[0] <= inner[0] and outer[1] <= inner[1]
    inside = inside and inner[2] <= outer[2] and inner[3] <= outer[3]
    clear = [inner[0] > outer[0], inner[1] > outer[1], inner[2] < outer[2], inner[3] < outer[3]]
    return inside and sum(clear) >= 3


def _background(ruling: Ruling, regions: _UnionFind) -> set[int]:
    """Positions of unruled space around enclosed cells (a frame around tables).

    Such a region is not a rectangle and surrounds a rectangular, ruled cell;
    widening it to its bounding box would swallow the cells it surrounds.
    """
    n_cols = ruling.n_cols
    found = _regions(regions, ruling, set())
    cells = [
        region.bounds
        for region in found.values()
        if region.is_rectangle and _ruled_sides(ruling, region.bounds) >= MIN_RULED_SIDES
    ]
    background: set[int] = set()
    for root, region in found.items():
        if region.is_rectangle or not any(_surrounds(region.bounds, cell) for cell in cells):
            continue
        r0, c0, r1, c1 = region.bounds
        background |= {
            r * n_cols + c
            for r in range(r0, r1 + 1)
            for c in range(c0, c1 + 1)
            if regions.find(r * n_cols + c) == root
        }
    return background


def _rectangles(regions: _UnionFind, ruling: Ruling, skip: set[int]) -> list[Box]:
    """Each region's bounding rectangle, merging overlapping regions until none remain."""
    n_cols = ruling.n_cols
    while True:
        found = _regions(regions, ruling, skip)
        changed = False
        for root, region in found.items():
            r0, c0, r1, c1 = region.bounds
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if r * n_cols + c not in skip:
                        changed |= regions.union(root, r * n_cols + c)
        if not changed:
            return [region.bounds for region in found.values()]


def _ruled_sides(ruling: Ruling, box: Box) -> int:
    r0, c0, r1, c1 = box
    rows = ruling.vertical[r0 : r1 + 1]
    across, down = RULED_FRACTION * (c1 - c0 + 1), RULED_FRACTION * len(rows)
    return ((sum(ruling.horizontal[r0][c0 : c1 + 1]) >= across)
            + (sum(ruling.horizontal[r1 + 1][c0 : c1 + 1]) >= across)
            + (sum([row[c0] for row in rows]) >= down)
            + (sum([row[c1 + 1] for row in rows]) >= down))


def cells_from_ruling(ruling: Ruling) -> list[GridCell]:
    """Merged cells of a grid: unruled boundaries join neighbours into one cell.

    Unruled space around enclosed cells is no cell, and neither is a region
    with fewer than three ruled sides.
    """
    if ruling.n_rows == 0 or ruling.n_cols == 0:
        return []
    regions = _merge_unruled(ruling)
    boxes = _rectangles(regions, ruling, _background(ruling, regions))
    cells = [
        GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1)
        for r0, c0, r1, c1 in boxes
        if _ruled_sides(ruling, (r0, c0, r1, c1)) >= MIN_RULED_SIDES
    ]
    return sorted(cells, key=lambda cell: (cell.row, cell.col))


def touching_groups(cells: Sequence[GridCell]) -> list[list[GridCell]]:
    """Cells grouped by shared borders: cells that do not touch are different tables."""
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                owner[(r, c)] = index
    groups = _UnionFind(len(cells))
    for (r, c), index in owner.items():
        for neighbour in ((r + 1, c), (r, c + 1)):
            if neighbour in owner:
                groups.union(index, owner[neighbour])
    grouped: dict[int, list[GridCell]] = {}
    for index, cell in enumerate(cells):
        grouped.setdefault(groups.find(index), []).append(cell)
    return list(grouped.values())


def trimmed_grid(
    x_edges: Sequence[float], y_edges: Sequence[float], cells: Sequence[GridCell]
) -> Grid:
    """A grid of ``cells`` cut down to the rows and columns they cover."""
    row0 = min(cell.row for cell in cells)
    col0 = min(cell.col for cell in cells)
    row_end = max(cell.row + cell.row_span for cell in cells)
    col_end = max(cell.col + cell.col_span for cell in cells)
    shifted = tuple(
        GridCell(cell.row - row0, cell.col - col0, cell.row_span, cell.col_span) for cell in cells
    )
    return Grid(
        x_edges=tuple(x_edges[col0 : col_end + 1]),
        y_edges=tuple(y_edges[row0 : row_end + 1]),
        cells=shifted,
    )


def make_grids(x_edges: Sequence[float], y_edges: Sequence[float], ruling: Ruling) -> list[Grid]:
    """The tables of a ruled grid: its cells, split into groups that touch, each trimmed."""
    cells = cells_from_ruling(ruling)
    return [trimmed_grid(x_edges, y_edges, group) for group in touching_groups(cells)]


def grids_from_segments(segments: Sequence[Segment]) -> list[Grid]:
    """The tables drawn by one connected group of rules (none if it draws no cell)."""
    x_edges = sorted({s.pos for s in segments if not s.horizontal})
    y_edges = sorted({s.pos for s in segments if s.horizontal})
    if len(x_edges) < 2 or len(y_edges) < 2:
        return []
    return make_grids(x_edges, y_edges, ruling_from_segments(x_edges, y_edges, segments))


def reading_sorted(grids: Sequence[Grid]) -> list[Grid]:
    """Grids top to bottom, then left to right."""
    return sorted(grids, key=lambda grid: (grid.bbox[1], grid.bbox[0]))


def find_grids(segments: Sequence[Segment], tolerance: float) -> list[Grid]:
    """All grids drawn by a page's ruling, top to bottom then left to right."""
    groups = connected_groups(segments, tolerance)
    return reading_sorted([grid for group in groups for grid in grids_from_segments(group)])
