"""The spreadsheet the report is printed from, as plain cells (no fonts, no files).

A ``Grid`` is one printed table: its cells with their spans and the text each
holds before line wrapping.  The LibreOffice renderer turns grids into sheet
rows; the checks compare the rendered PDF against the same grids, so this
module must stay free of anything that needs LibreOffice or font files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from samples.generator import calc_labels as labels
from samples.generator.content import ARROW, Content, achievement_key, plan_layout, plan_years

# Column widths in body-font ems: 施策 展開 項目名 具体的取組 概要 R3..R7 実績.
DETAIL_COLUMNS_EM = (6.0, 6.0, 6.0, 7.0, 18.0, 7.5, 7.5, 7.5, 7.5, 7.5, 23.0)
# 施策 展開 取組項目 担当部局 ページ
INDEX_COLUMNS_EM = (11.0, 16.0, 44.0, 11.0, 4.0)

DETAIL_HEADER_ROWS = 2
INDEX_HEADER_ROWS = 1
PLAN_FIRST_COLUMN = 5


@dataclass(frozen=True)
class Cell:
    """One printed cell; ``row``/``col`` are 0-based in its grid, text lines end at ``\\n``."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    kind: str = "text"  # "text", "header", "arrow" or "number"


@dataclass(frozen=True)
class Grid:
    """A ruled table: ``row_count`` sheet rows, ``columns_em`` widths, its cells."""

    row_count: int
    columns_em: tuple[float, ...]
    cells: tuple[Cell, ...]
    header_rows: int


@dataclass(frozen=True)
class DetailPage:
    """One detail page: its number, the policy it belongs to, heading and table."""

    number: int
    policy_no: int
    heading: str
    grid: Grid
    row_codes: tuple[str, ...]  # the initiative code of every body row (sub-rows repeat it)


def _detail_header(content: Content) -> list[Cell]:
    years = plan_years(content)
    cells = [
        Cell(0, 0, "後期中期計画（行革プラン）に基づく施策の展開", cols=2, kind="header"),
        Cell(0, 2, "取組項目", cols=3, kind="header"),
        Cell(0, PLAN_FIRST_COLUMN, "年度ごとの取組", cols=len(years), kind="header"),
        Cell(0, PLAN_FIRST_COLUMN + len(years), labels.achievement_header(content), rows=2,
             kind="header"),
    ]
    names = ["＜施策＞", "＜展開＞", "＜項目名＞", "（具体的取組）", "＜概要＞"]
    names += [labels.plan_year_label(year) for year in years]
    cells += [Cell(1, col, name, kind="header") for col, name in enumerate(names)]
    return cells


def _plan_cells(row: int, plan: dict[str, str | None], years: list[int]) -> tuple[int, list[Cell]]:
    """The plan cells of one initiative starting at ``row``; returns (sub-rows, cells)."""
    layout = plan_layout(plan, years)
    cells = []
    for j, column in enumerate(layout.lines):
        for k, line in enumerate(column):
            if line is None:
                continue
            kind = "arrow" if line == ARROW else "text"
            cells.append(Cell(row + k, PLAN_FIRST_COLUMN + j, line, kind=kind))
    return layout.sub_rows, cells


class _Names:
    """Look-ups from codes to the labels a detail row repeats."""

    def __init__(self, content: Content) -> None:
        self.policies = {p["policy_no"]: p["name"] for p in content["policies"]}
        self.developments = {d["code"]: d["name"] for d in content["developments"]}
        self.items = {i["code"]: i for i in content["items"]}

    def row_labels(self, item_code: str) -> list[str]:
        """施策, 展開 and 項目名 cells of a detail row."""
        item = self.items[item_code]
        policy_no, development_no = item["policy_no"], item["development_no"]
        development = self.developments[f"{policy_no}-{development_no}"]
        return [
            labels.policy_label(policy_no, self.policies[policy_no]),
            labels.development_label(development_no, development, spaced=False),
            labels.item_label(item["item_no"], item["name"], spaced=False),
        ]


def _initiative_cells(row: int, initiative: dict[str, Any], names: _Names, content: Content
                      ) -> tuple[int, list[Cell]]:
    years = plan_years(content)
    sub_rows, cells = _plan_cells(row, initiative["plan"], years)
    texts = [*names.row_labels(initiative["item_code"]), labels.initiative_label(initiative),
             labels.paragraph_text(initiative["summary"])]
    for col, text in enumerate(texts):
        if text:
            cells.append(Cell(row, col, text, rows=sub_rows))
    achievement = labels.paragraph_text(initiative.get(achievement_key(content)))
    if achievement:
        cells.append(Cell(row, PLAN_FIRST_COLUMN + len(years), achievement, rows=sub_rows))
    return sub_rows, cells


def detail_pages(content: Content) -> list[DetailPage]:
    """Every detail page of the report, rows on the page their ``page`` field says."""
    names = _Names(content)
    by_page: dict[int, list[dict[str, Any]]] = {}
    for initiative in content["initiatives"]:
        by_page.setdefault(int(initiative["page"]), []).append(initiative)
    pages = []
    for number in sorted(by_page):
        cells = _detail_header(content)
        row = DETAIL_HEADER_ROWS
        codes: list[str] = []
        for initiative in by_page[number]:
            sub_rows, row_cells = _initiative_cells(row, initiative, names, content)
            cells += row_cells
            codes += [initiative["code"]] * sub_rows
            row += sub_rows
        policy_no = names.items[by_page[number][0]["item_code"]]["policy_no"]
        grid = Grid(row, DETAIL_COLUMNS_EM, tuple(cells), DETAIL_HEADER_ROWS)
        heading = labels.heading_label(policy_no, names.policies[policy_no])
        pages.append(DetailPage(number, policy_no, heading, grid, tuple(codes)))
    return pages


def _spans(keys: list[str]) -> list[tuple[int, int, str]]:
    """Runs of equal keys as (first index, length, key)."""
    runs: list[tuple[int, int, str]] = []
    for index, key in enumerate(keys):
        if runs and runs[-1][2] == key:
            first, length, _ = runs[-1]
            runs[-1] = (first, length + 1, key)
        else:
            runs.append((index, 1, key))
    return runs


def index_grid(content: Content) -> Grid:
    """The index page table: one row per item, 施策 and 展開 cells merged over their items."""
    names = _Names(content)
    header = [
        Cell(0, 0, "後期中期計画（行革プラン）に基づく施策の展開", cols=2, kind="header"),
        Cell(0, 2, "取組項目", kind="header"),
        Cell(0, 3, "担当部局", kind="header"),
        Cell(0, 4, "ページ", kind="header"),
    ]
    items = content["items"]
    first = INDEX_HEADER_ROWS
    cells = list(header)
    policy_keys = [str(item["policy_no"]) for item in items]
    for start, length, key in _spans(policy_keys):
        text = labels.policy_label(int(key), names.policies[int(key)])
        cells.append(Cell(first + start, 0, text, rows=length))
    development_keys = [f"{item['policy_no']}-{item['development_no']}" for item in items]
    for start, length, key in _spans(development_keys):
        number = int(key.split("-")[1])
        text = labels.development_label(number, names.developments[key], spaced=True)
        cells.append(Cell(first + start, 1, text, rows=length))
    for offset, item in enumerate(items):
        row = first + offset
        cells.append(Cell(row, 2, labels.item_label(item["item_no"], item["name"], spaced=True)))
        cells.append(Cell(row, 3, "、".join(item["departments"])))
        cells.append(Cell(row, 4, str(item["page"]), kind="number"))
    return Grid(first + len(items), INDEX_COLUMNS_EM, tuple(cells), INDEX_HEADER_ROWS)
