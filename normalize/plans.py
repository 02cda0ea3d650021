"""Yearly plan cells: their printed lines, and arrows resolved to the plan they continue.

A year's cell may hold several stacked lines (one Excel sub-row per measure).
``raw`` keeps the lines top to bottom joined by "\\n", arrows included.  An
arrow continues the plan printed at the same height in the column to its
left (followed back through further arrows).  When the arrow has a ruled
cell of its own, "the same height" is the left cell beside it; when several
lines share one unruled cell, it is the left line level with the arrow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gyokaku.model import Cell, Plan
from gyokaku.normalize.eras import era_label
from gyokaku.normalize.lines import LogicalLine, split_logical_lines

ARROWS = frozenset("→⇒➡⟶")


@dataclass(frozen=True)
class PlanLine:
    """One logical line of a plan cell with where it sits and what it resolves to."""

    text: str
    top: float
    bottom: float
    cell: Cell
    resolved: str | None = None

    @property
    def is_arrow(self) -> bool:
        """True for a continuation arrow on its own."""
        return self.text in ARROWS

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2


def _cell_lines(cell: Cell) -> list[LogicalLine]:
    return split_logical_lines(cell.lines, cell.x0, cell.x1)


def column_lines(cells: Sequence[Cell]) -> list[PlanLine]:
    """A year column's logical lines within one row, top to bottom."""
    out = []
    for cell in sorted(cells, key=lambda c: c.top):
        for line in _cell_lines(cell):
            out.append(PlanLine(line.text, line.top, line.bottom, cell))
    return out


def _overlaps(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> bool:
    # Neighbouring sub-rows share a border; only a real overlap counts.
    shared = min(a_bottom, b_bottom) - max(a_top, b_top)
    return shared > 0.25 * min(a_bottom - a_top, b_bottom - b_top)


def _joined(lines: Sequence[PlanLine]) -> str | None:
    texts = [line.resolved if line.resolved is not None else line.text for line in lines]
    return "\n".join(texts) if texts else None


def _source_for(arrow: PlanLine, own: Sequence[PlanLine], left: Sequence[PlanLine]
                ) -> str | None:
    """The resolved text an arrow continues, or None when nothing lies to its left."""
    if not left:
        return None
    shares_cell = sum(1 for line in own if line.cell is arrow.cell) > 1
    if not shares_cell:
        beside = [line for line in left
                  if _overlaps(arrow.cell.top, arrow.cell.bottom, line.cell.top, line.cell.bottom)]
        if beside:
            return _joined(beside)
    level = [line for line in left if line.top <= arrow.middle <= line.bottom]
    if level:
        return _joined(level)
    nearest = min(left, key=lambda line: abs(line.middle - arrow.middle))
    return _joined([nearest])


def resolve_columns(columns: Sequence[Sequence[PlanLine]]) -> list[list[PlanLine]]:
    """Resolve the arrows of consecutive year columns, left to right."""
    resolved: list[list[PlanLine]] = []
    for j, column in enumerate(columns):
        left = resolved[j - 1] if j else []
        out = []
        for line in column:
            if line.is_arrow:
                source = _source_for(line, column, left)
                out.append(PlanLine(line.text, line.top, line.bottom, line.cell, source))
            else:
                out.append(line)
        resolved.append(out)
    return resolved


def plan_records(code: str, cells_by_year: Mapping[int, Sequence[Cell]]
                 ) -> tuple[list[Plan], list[str]]:
    """One :class:`Plan` per year, and the era labels of arrows left unresolved."""
    years = sorted(cells_by_year)
    columns = resolve_columns([column_lines(cells_by_year[y]) for y in years])
    plans, unresolved = [], []
    for year, lines in zip(years, columns, strict=True):
        raw = "\n".join(line.text for line in lines) or None
        text = _joined(lines)
        if any(line.is_arrow and line.resolved is None for line in lines):
            unresolved.append(era_label(year))
        plans.append(Plan(code=code, fiscal_year=year, era_label=era_label(year), raw=raw,
                          text=text, continued=any(line.is_arrow for line in lines)))
    return plans, unresolved
