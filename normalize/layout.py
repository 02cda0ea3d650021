"""Recognize what a ruled table is: a detail table, an index table, or neither.

The header cells at the top of a table are matched against the profile's
header patterns; every grid column gets the role of the lowest header cell
above it (the most specific one), plan columns get their fiscal year from
their era label ("R３", "令和４年度").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gyokaku.model import Cell, Table
from gyokaku.normalize.chars import fold_text
from gyokaku.normalize.eras import find_era_mentions, parse_fiscal_year
from gyokaku.normalize.profile import Profile

MAX_HEADER_ROWS = 4
_HEADER_NOISE = re.compile(r"[\s\u3000＜＞<>（）()〈〉【】「」]")
_MAX_YEAR_LABEL = 10  # characters; a longer header is prose, not a year label


@dataclass(frozen=True)
class TableLayout:
    """What a table is and what each of its grid columns holds."""

    kind: str                      # "detail" or "index"
    header_rows: int               # data starts at this grid row
    roles: dict[int, str]          # grid column -> role
    years: dict[int, int]          # plan grid column -> fiscal year
    report_year: int | None        # from the achievement header ("令和４年度の取組実績")
    matched_cells: int             # header cells recognized (to rank profiles)

    def columns(self, role: str) -> list[int]:
        """Grid columns holding ``role``, left to right."""
        return sorted(col for col, r in self.roles.items() if r == role)


def header_key(text: str) -> str:
    """A header cell's text reduced for matching: folded, no blanks or brackets."""
    return _HEADER_NOISE.sub("", fold_text(text))


def _match_role(key: str, patterns: dict[str, tuple[re.Pattern[str], ...]]) -> str | None:
    for role, role_patterns in patterns.items():
        if any(p.fullmatch(key) for p in role_patterns):
            return role
    return None


def _split_roles(key: str, patterns: dict[str, tuple[re.Pattern[str], ...]]
                 ) -> list[str] | None:
    """Roles of a header cell that names several columns at once ("項目名具体的取組").

    The key must be made up, left to right, of whole role names and nothing else.
    """
    roles: list[str] = []
    rest = key
    while rest:
        found = None
        for role, role_patterns in patterns.items():
            for pattern in role_patterns:
                match = pattern.match(rest)
                if match and match.end() > 0 and (found is None or match.end() > found[1]):
                    found = (role, match.end())
        if found is None:
            return None
        roles.append(found[0])
        rest = rest[found[1]:]
    return roles if len(roles) > 1 else None


def _year_label(key: str) -> int | None:
    if not key or len(key) > _MAX_YEAR_LABEL:
        return None
    return parse_fiscal_year(key)


@dataclass(frozen=True)
class _HeaderCell:
    cell: Cell
    role: str
    year: int | None
    parts: tuple[str, ...] = ()   # roles of a cell naming several columns, left to right


def _header_cell(cell: Cell, patterns: dict[str, tuple[re.Pattern[str], ...]],
                 with_years: bool) -> _HeaderCell | None:
    key = header_key(cell.raw_text)
    role = _match_role(key, patterns)
    if role is not None:
        return _HeaderCell(cell, role, None)
    year = _year_label(key) if with_years else None
    if year is not None:
        return _HeaderCell(cell, "plan", year)
    parts = _split_roles(key, patterns)
    if parts is not None and len(parts) == cell.col_span:
        return _HeaderCell(cell, parts[0], None, tuple(parts))
    return None


def _header_cells(table: Table, patterns: dict[str, tuple[re.Pattern[str], ...]],
                  with_years: bool) -> list[_HeaderCell]:
    found = []
    for cell in table.cells:
        if cell.row < MAX_HEADER_ROWS and cell.lines:
            header = _header_cell(cell, patterns, with_years)
            if header is not None:
                found.append(header)
    return found


def _assign_roles(headers: list[_HeaderCell], groups: dict[str, tuple[str, ...]]
                  ) -> tuple[dict[int, str], dict[int, int]]:
    roles: dict[int, str] = {}
    years: dict[int, int] = {}
    for header in sorted(headers, key=lambda h: h.cell.row):
        cols = range(header.cell.col, header.cell.col + header.cell.col_span)
        group = header.parts or groups.get(header.role)
        for offset, col in enumerate(cols):
            if group is not None:
                roles[col] = group[min(offset, len(group) - 1)]
            else:
                roles[col] = header.role
            if header.year is not None:
                years[col] = header.year
            else:
                years.pop(col, None)
    return roles, years


def _report_year(table: Table, roles: dict[int, str], header_rows: int) -> int | None:
    for cell in table.cells:
        if cell.row < header_rows and roles.get(cell.col) == "achievement":
            for mention in find_era_mentions(fold_text(cell.raw_text)):
                if mention.kind == "fiscal_year":
                    return mention.year
    return None


def _layout(table: Table, kind: str, headers: list[_HeaderCell],
            groups: dict[str, tuple[str, ...]]) -> TableLayout:
    header_rows = max(h.cell.row + h.cell.row_span for h in headers)
    roles, years = _assign_roles(headers, groups)
    return TableLayout(kind, header_rows, roles, years,
                       _report_year(table, roles, header_rows), len(headers))


def _roles(headers: list[_HeaderCell]) -> set[str]:
    return {role for h in headers for role in (h.parts or (h.role,))}


def _is_detail(roles: set[str]) -> bool:
    has_text = bool(roles & {"summary", "achievement"})
    has_name = bool(roles & {"item", "number", "initiative"})
    return has_text and has_name


def _is_index(roles: set[str]) -> bool:
    return "item" in roles and bool(roles & {"page", "departments"})


def classify_table(table: Table, profile: Profile) -> TableLayout | None:
    """The table's layout under ``profile``, or None when it is not a report table."""
    detail = _header_cells(table, profile.detail_columns, with_years=True)
    if detail and _is_detail(_roles(detail)):
        return _layout(table, "detail", detail, {})
    if profile.has_index:
        index = _header_cells(table, profile.index_columns, with_years=False)
        layout = _layout(table, "index", index, profile.index_groups) if index else None
        if layout is not None and _is_index(set(layout.roles.values())):
            return layout
    return None


CONTINUATION_TOLERANCE = 0.01  # of the table width: column edges that far apart still match


def continued_layout(table: Table, layout: TableLayout, x_edges: tuple[float, ...]
                     ) -> TableLayout | None:
    """The layout of a headerless table that continues a detail table on a later page.

    When a report does not repeat its header rows, a table with the same
    column edges as the last detail table carries on with its layout.
    """
    if layout.kind != "detail" or len(table.x_edges) != len(x_edges) or len(x_edges) < 2:
        return None
    tolerance = CONTINUATION_TOLERANCE * (x_edges[-1] - x_edges[0])
    if any(abs(a - b) > tolerance for a, b in zip(table.x_edges, x_edges, strict=True)):
        return None
    return replace(layout, header_rows=0, matched_cells=0)
