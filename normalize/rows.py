"""Cut a report table's data region into logical rows.

A logical row is one initiative (or one index entry, or one section
heading).  Plan columns may be split into sub-rows (one per measure) while
the summary and achievement cells span them all, and a publisher may merge
the 施策 / 展開 cells over several initiatives.  So the rows are cut where
*every* row-defining column (the profile's ``row_roles``, e.g. summary and
achievement) has a cell boundary; cells of other columns belong to every
logical row they overlap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from gyokaku.model import Cell, Table
from gyokaku.normalize.layout import TableLayout


@dataclass(frozen=True)
class LogicalRow:
    """The cells of one logical row, grouped by role (top to bottom)."""

    page_index: int
    first_row: int
    last_row: int          # exclusive
    top: float
    bottom: float
    cells_by_role: dict[str, tuple[Cell, ...]] = field(default_factory=dict)
    plan_cells: dict[int, tuple[Cell, ...]] = field(default_factory=dict)  # year -> cells
    spanning_cell: Cell | None = None   # a cell across the whole row width (a section heading)

    def cells(self, role: str) -> tuple[Cell, ...]:
        """Cells of ``role`` in this row (empty when the layout has none)."""
        return self.cells_by_role.get(role, ())

    def is_empty(self, role: str) -> bool:
        """True when no cell of ``role`` holds any text."""
        return not any(cell.lines for cell in self.cells(role))


def _row_starts(table: Table, layout: TableLayout, row_roles: tuple[str, ...]) -> list[int]:
    data_cells = [c for c in table.cells if c.row >= layout.header_rows]
    defining = [col for col, role in layout.roles.items() if role in row_roles]
    if not defining:
        return sorted({c.row for c in data_cells})
    starts: set[int] | None = None
    for col in defining:
        col_starts = {c.row for c in data_cells if c.col <= col < c.col + c.col_span}
        starts = col_starts if starts is None else starts & col_starts
    return sorted(starts or set())


def _is_spanning(cell: Cell, layout: TableLayout) -> bool:
    role_cols = set(layout.roles)
    covered = set(range(cell.col, cell.col + cell.col_span))
    return len(role_cols) > 1 and role_cols <= covered


def _collect(table: Table, layout: TableLayout, first: int, last: int) -> LogicalRow:
    by_role: dict[str, list[Cell]] = defaultdict(list)
    by_year: dict[int, list[Cell]] = defaultdict(list)
    spanning = None
    overlapping = [c for c in table.cells
                   if c.row < last and c.row + c.row_span > first]
    for cell in sorted(overlapping, key=lambda c: (c.row, c.col)):
        if _is_spanning(cell, layout):
            spanning = cell
            continue
        role = layout.roles.get(cell.col)
        if role is None:
            continue
        if role == "plan" and cell.col in layout.years:
            by_year[layout.years[cell.col]].append(cell)
        else:
            by_role[role].append(cell)
    top = min(c.top for c in overlapping)
    bottom = max(c.bottom for c in overlapping)
    return LogicalRow(
        page_index=table.page_index, first_row=first, last_row=last, top=top, bottom=bottom,
        cells_by_role={role: tuple(cells) for role, cells in by_role.items()},
        plan_cells={year: tuple(cells) for year, cells in sorted(by_year.items())},
        spanning_cell=spanning,
    )


def logical_rows(table: Table, layout: TableLayout,
                 row_roles: tuple[str, ...]) -> list[LogicalRow]:
    """The data region of ``table`` cut into logical rows, top to bottom."""
    starts = _row_starts(table, layout, row_roles)
    bounds = [*starts, table.n_rows]
    rows = []
    for first, last in pairwise(bounds):
        if last > first:
            rows.append(_collect(table, layout, first, last))
    return rows
