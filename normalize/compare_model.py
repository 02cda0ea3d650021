"""The plain data of ``gyokaku compare``: editions in, comparison tables out.

An :class:`Edition` holds one dataset's rows as read back from its files
(dicts keyed by column name).  The records below are the rows of the
comparison tables declared in :data:`gyokaku.schemas.columns.COMPARE_TABLES`,
field for column, in column order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Edition:
    """One converted report: its report year, where it was read from, and its tables' rows."""

    year: int
    folder: str
    initiatives: list[Row]
    plans: list[Row] = field(default_factory=list)
    metrics: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class EditionRecord:
    """A row of ``editions``."""

    edition: int
    folder: str
    source_file: str | None
    source_sha256: str | None
    publisher: str | None
    initiatives: int


@dataclass(slots=True)
class LinkRecord:
    """A row of ``links``: one initiative carried from one edition to the next (or not)."""

    from_edition: int
    to_edition: int
    from_code: str | None
    to_code: str | None
    status: str
    link: str | None
    score: float | None
    certain: bool
    name: str | None


@dataclass(slots=True)
class ChangeRecord:
    """A row of ``changes``."""

    from_edition: int
    to_edition: int
    kind: str
    code: str
    field: str | None
    before: str | None
    after: str | None
    certain: bool


@dataclass(slots=True)
class DiffRecord:
    """A row of ``diffs``: one edit turning the older text into the newer."""

    from_edition: int
    to_edition: int
    code: str
    field: str
    op: str
    before_start: int
    before_end: int
    after_start: int
    after_end: int
    removed: str
    added: str


@dataclass(slots=True)
class HistoryRecord:
    """A row of ``history``."""

    key: str
    edition: int
    code: str
    item_name: str | None
    initiative_name: str | None
    departments: list[str]
    status: str | None


@dataclass(slots=True)
class PlanHistoryRecord:
    """A row of ``plan_history``."""

    key: str
    edition: int
    code: str
    fiscal_year: int
    raw: str | None
    text: str | None


@dataclass(slots=True)
class SeriesRecord:
    """A row of ``metric_series``."""

    key: str
    metric: str
    unit: str | None
    per: str | None
    kind: str
    fiscal_year: int | None
    value: float
    edition: int
    code: str
    raw: str
    approx: bool
    revised: bool


@dataclass(slots=True)
class Comparison:
    """Every table of one comparison, by table name."""

    editions: list[EditionRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)
    diffs: list[DiffRecord] = field(default_factory=list)
    history: list[HistoryRecord] = field(default_factory=list)
    plan_history: list[PlanHistoryRecord] = field(default_factory=list)
    metric_series: list[SeriesRecord] = field(default_factory=list)
