"""Cells of one detail-page table of the reportlab Okayama rendering.

Columns: 施策 | 展開 | 項目名 | 具体的取組 | 概要 | one per plan year | 実績.
Two header rows; then each initiative takes one grid row per plan sub-row
(stacked rows get their own ruled plan cells, every other column spans
them).  施策 and 展開 cells are merged over consecutive rows of the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from samples.generator.content import ARROW, Content, achievement_key, plan_layout, plan_years
from samples.generator.direct_fonts import GOTHIC, MINCHO
from samples.generator.direct_grid import CellSpec, equal_runs
from samples.generator.direct_labels import (
    development_label,
    era_header,
    initiative_label,
    item_label,
    policy_label,
    reiwa_fiscal_year,
)

BODY_SIZE = 7.5
HEADER_SIZE = 7.5
HEADER_SHADE = 0.85
HEADER_ROWS = 2
FIXED_COLUMNS = 5  # 施策 展開 項目名 具体的取組 概要


@dataclass(frozen=True)
class DetailColumns:
    """Column widths of the detail table (points)."""

    policy: float = 40.0
    development: float = 46.0
    item: float = 52.0
    initiative: float = 62.0
    summary: float = 140.0
    year: float = 53.0
    achievement: float = 181.0

    def widths(self, n_years: int) -> list[float]:
        """Widths in column order."""
        fixed = [self.policy, self.development, self.item, self.initiative, self.summary]
        return [*fixed, *[self.year] * n_years, self.achievement]


def _header(col: int, row: int, text: str, col_span: int = 1, row_span: int = 1) -> CellSpec:
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
        shade=HEADER_SHADE,
    )


def header_cells(years: Sequence[int], report_year: int) -> list[CellSpec]:
    """The two header rows."""
    n = len(years)
    achievement_col = FIXED_COLUMNS + n
    cells = [
        _header(0, 0, "後期中期計画（行革プラン）に基づく施策の展開", col_span=2),
        _header(2, 0, "取組項目", col_span=3),
        _header(FIXED_COLUMNS, 0, "年度ごとの取組", col_span=n),
        _header(achievement_col, 0, f"{reiwa_fiscal_year(report_year)}の取組実績", row_span=2),
    ]
    labels = ["＜施策＞", "＜展開＞", "＜項目名＞", "（具体的取組）", "＜概要＞"]
    cells += [_header(col, 1, label) for col, label in enumerate(labels)]
    cells += [_header(FIXED_COLUMNS + j, 1, era_header(year)) for j, year in enumerate(years)]
    return cells


def _body(col: int, row: int, text: str | None, row_span: int = 1, **style: Any) -> CellSpec:
    return CellSpec(col, row, text, row_span=row_span, font=MINCHO, size=BODY_SIZE, **style)


def _plan_cell(col: int, row: int, text: str | None) -> CellSpec:
    if text == ARROW:
        return _body(col, row, text, align="center", valign="middle")
    return _body(col, row, text)


def plan_cells(initiative: dict[str, Any], years: Sequence[int], first_row: int) -> list[CellSpec]:
    """Plan cells of one initiative: one per year, or one per year and sub-row when stacked."""
    layout = plan_layout(initiative["plan"], list(years))
    cells = []
    for j, column in enumerate(layout.lines):
        for k, line in enumerate(column):
            cells.append(_plan_cell(FIXED_COLUMNS + j, first_row + k, line))
    return cells


def _merged_cells(
    col: int, keys: Sequence[Any], first_rows: Sequence[int], label: Callable[[Any], str]
) -> list[CellSpec]:
    """One cell per run of equal keys, spanning the grid rows of the run."""
    cells = []
    for start, end in equal_runs(keys):
        span = first_rows[end] - first_rows[start]
        cells.append(_body(col, first_rows[start], label(keys[start]), span))
    return cells


def body_cells(content: Content, initiatives: Sequence[dict[str, Any]]) -> list[CellSpec]:
    """Body cells of the initiatives of one page, below the header rows."""
    years = plan_years(content)
    items = {item["code"]: item for item in content["items"]}
    policies = {p["policy_no"]: p for p in content["policies"]}
    developments = {d["code"]: d for d in content["developments"]}
    ach = achievement_key(content)
    first_rows = [HEADER_ROWS]
    for ini in initiatives:
        first_rows.append(first_rows[-1] + plan_layout(ini["plan"], years).sub_rows)
    own_items = [items[ini["item_code"]] for ini in initiatives]
    cells = _merged_cells(
        0, [it["policy_no"] for it in own_items], first_rows, lambda no: policy_label(policies[no])
    )
    dev_codes = [f"{it['policy_no']}-{it['development_no']}" for it in own_items]
    cells += _merged_cells(
        1, dev_codes, first_rows, lambda code: development_label(developments[code])
    )
    for i, ini in enumerate(initiatives):
        row, span = first_rows[i], first_rows[i + 1] - first_rows[i]
        cells += [
            _body(2, row, item_label(own_items[i]), span),
            _body(3, row, initiative_label(ini), span),
            _body(4, row, ini["summary"], span, indent_paragraphs=True),
            _body(FIXED_COLUMNS + len(years), row, ini[ach], span, indent_paragraphs=True),
        ]
        cells += plan_cells(ini, years, row)
    return cells


def detail_cells(content: Content, initiatives: Sequence[dict[str, Any]]) -> list[CellSpec]:
    """Every cell of one detail-page table."""
    report_year = content["document"]["report_fiscal_year"]
    return header_cells(plan_years(content), report_year) + body_cells(content, initiatives)
