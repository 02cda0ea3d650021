"""Content files (the truth.json format) and the plan-cell layout every renderer shares.

A content file holds ``document``, ``policies``, ``developments``, ``items`` and
``initiatives`` as described in the reference README.  Plan cells are keyed by
Gregorian fiscal year; a value is ``None`` (empty), ``"→"`` (continues the plan
to its left) or text whose lines are joined by ``"\\n"``.

Stacked rows: when any year of an initiative holds several lines one of which
is an arrow, the row is printed as sub-rows (one Excel row per measure) and
line *k* of every year sits in sub-row *k*.  Otherwise each year is one cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ARROW = "→"

Content = dict[str, Any]


def load_content(path: Path) -> Content:
    """Read a content file (UTF-8 JSON)."""
    with path.open(encoding="utf-8") as handle:
        content: Content = json.load(handle)
    return content


def plan_years(content: Content) -> list[int]:
    """The plan-period fiscal years, e.g. [2021, …, 2025]."""
    first, last = content["document"]["plan_period"]
    return list(range(int(first), int(last) + 1))


def achievement_key(content: Content) -> str:
    """The initiatives' key holding the report year's achievement."""
    return f"achievement_fy{content['document']['report_fiscal_year']}"


@dataclass(frozen=True)
class PlanLayout:
    """How one initiative's plan cells are printed.

    ``lines[j][k]`` is the text of year *j* in sub-row *k* (``None`` = empty).
    A row that is not stacked has one sub-row holding each year's whole cell.
    """

    years: tuple[int, ...]
    stacked: bool
    lines: tuple[tuple[str | None, ...], ...]

    @property
    def sub_rows(self) -> int:
        """Number of printed sub-rows."""
        return len(self.lines[0]) if self.lines else 1


def _cell_lines(value: str | None) -> list[str]:
    return value.split("\n") if value else []


def is_stacked(plan: dict[str, str | None]) -> bool:
    """True when some year holds several lines and one of them is an arrow."""
    for value in plan.values():
        lines = _cell_lines(value)
        if len(lines) > 1 and ARROW in lines:
            return True
    return False


def plan_layout(plan: dict[str, str | None], years: list[int]) -> PlanLayout:
    """Lay an initiative's plan out in sub-rows (see the module docstring)."""
    values = [plan.get(str(year)) for year in years]
    if not is_stacked(plan):
        return PlanLayout(tuple(years), False, tuple((value,) for value in values))
    depth = max(len(_cell_lines(value)) for value in values)
    rows = []
    for value in values:
        lines: list[str | None] = list(_cell_lines(value))
        rows.append(tuple(lines + [None] * (depth - len(lines))))
    return PlanLayout(tuple(years), True, tuple(rows))


def resolve_arrows(layout: PlanLayout) -> list[list[str | None]]:
    """Replace every arrow by the plan printed at the same height to its left.

    An arrow with nothing to resolve (first year, or an empty cell to its
    left) stays an arrow.
    """
    resolved: list[list[str | None]] = []
    for j, column in enumerate(layout.lines):
        out: list[str | None] = []
        for k, line in enumerate(column):
            if line == ARROW and j > 0 and resolved[j - 1][k] is not None:
                out.append(resolved[j - 1][k])
            else:
                out.append(line)
        resolved.append(out)
    return resolved
