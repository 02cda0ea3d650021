"""The output tables, column by column: the one place their shape is declared.

The pyarrow schemas (:mod:`gyokaku.schemas.arrow`), the JSON Schemas
(:mod:`gyokaku.schemas.json_schema`) and the CSV header all derive from
:data:`TABLES`.  Column order here is the column order of every output file.

Nullability follows :mod:`gyokaku.model`: a field typed ``X | None`` there is
a nullable column here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["string", "int32", "float64", "bool", "list<string>"]

BBOX_DIGITS = 2
SCORE_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an output table.

    ``label`` is the Japanese column title for people reading the data;
    ``digits`` is the number of decimals a float column is rounded to.
    """

    name: str
    kind: Kind
    nullable: bool
    label: str
    description: str
    digits: int | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One output table: its name (file stem), its rows' meaning and its columns."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names in file order."""
        return tuple(column.name for column in self.columns)


def _bbox(name: str, label: str, description: str) -> Column:
    return Column(name, "float64", False, label, description, BBOX_DIGITS)


INITIATIVES = TableSpec(
    name="initiatives",
    description="One row per 具体的取組, or per 項目 when it has none.",
    columns=(
        Column("code", "string", False, "取組コード",
               "Item code policy-development-item, plus the initiative letter if any."),
        Column("policy_no", "int32", False, "施策番号", "Number of the 施策."),
        Column("policy_name", "string", True, "施策名", "Name of the 施策."),
        Column("development_no", "int32", False, "展開番号", "Number of the 展開 within its 施策."),
        Column("development_name", "string", True, "展開名", "Name of the 展開."),
        Column("item_no", "int32", False, "項目番号", "Number of the 項目 within its 展開."),
        Column("item_name", "string", True, "項目名", "Name of the 項目 (推進項目)."),
        Column("letter", "string", True, "取組記号",
               "Letter of the 具体的取組 (a, b, ...); null when the item has none."),
        Column("initiative_name", "string", True, "具体的取組名",
               "Name of the 具体的取組; null when the item has none."),
        Column("departments", "list<string>", False, "担当部局",
               "Responsible departments, in printed order."),
        Column("page", "int32", True, "掲載ページ", "Printed number of the detail page."),
        Column("summary", "string", True, "取組概要", "The 概要 cell, lines joined."),
        Column("achievement", "string", True, "取組実績",
               "The achievement cell of the report year, lines joined."),
        Column("report_fiscal_year", "int32", True, "実績年度",
               "Fiscal year the achievements report on, as a Gregorian year."),
        Column("publisher", "string", True, "公表団体", "The publishing municipality."),
        Column("source_file", "string", False, "出典ファイル", "File name of the source PDF."),
        Column("source_sha256", "string", False, "出典ファイルSHA-256",
               "SHA-256 of the source PDF, lowercase hex."),
        Column("match_score", "float64", False, "照合スコア",
               "Confidence (0 to 1) of matching the detail row to its index item.",
               SCORE_DIGITS),
    ),
)

PLANS = TableSpec(
    name="plans",
    description="One row per initiative and plan year.",
    columns=(
        Column("code", "string", False, "取組コード", "Code of the initiative (initiatives.code)."),
        Column("fiscal_year", "int32", False, "計画年度",
               "Fiscal year of the plan cell, as a Gregorian year."),
        Column("era_label", "string", False, "年度表記",
               "The year as printed in the header, normalised (R3, H30, ...)."),
        Column("raw", "string", True, "計画原文", "The plan cell as printed; null when empty."),
        Column("text", "string", True, "計画",
               "The plan cell's text after repair, lines joined."),
        Column("continued", "bool", False, "継続",
               "True when the cell continues an earlier year's plan (→)."),
    ),
)

CELLS = TableSpec(
    name="cells",
    description="Provenance: one row per table cell the dataset was read from.",
    columns=(
        Column("page_index", "int32", False, "ページ番号(0始まり)",
               "Zero-based index of the page in the PDF."),
        Column("page_label", "string", True, "ページ表記", "Page number as printed, if any."),
        _bbox("x0", "左端", "Left edge in PDF points from the page's left."),
        _bbox("top", "上端", "Top edge in PDF points from the page's top."),
        _bbox("x1", "右端", "Right edge in PDF points from the page's left."),
        _bbox("bottom", "下端", "Bottom edge in PDF points from the page's top."),
        Column("row", "int32", False, "行", "Grid row of the cell."),
        Column("col", "int32", False, "列", "Grid column of the cell."),
        Column("role", "string", False, "役割", "What the cell holds (summary, plan, ...)."),
        Column("raw_text", "string", False, "原文", "The cell's text as extracted."),
        Column("text", "string", False, "正規化テキスト", "The cell's text after repair."),
        Column("code", "string", True, "取組コード", "Initiative the cell belongs to, if any."),
        Column("match_score", "float64", True, "照合スコア",
               "Confidence of assigning the cell to its initiative.", SCORE_DIGITS),
    ),
)

METRICS = TableSpec(
    name="metrics",
    description="One row per figure stated in an initiative's summary or achievement.",
    columns=(
        Column("code", "string", False, "取組コード", "Code of the initiative (initiatives.code)."),
        Column("field", "string", False, "記載欄",
               "The text the figure is printed in: summary or achievement."),
        Column("metric", "string", True, "指標名",
               "The label the text gives the figure; null when none can be read."),
        Column("fiscal_year", "int32", True, "年度",
               "Fiscal year the figure refers to, from its context; null when it cannot be read."),
        Column("value", "float64", False, "値",
               "The number; money in yen, multipliers (億, 万, 千) applied."),
        Column("unit", "string", True, "単位",
               "The counter printed with the number (%, 円, 件...)."),
        Column("per", "string", True, "頻度",
               "Rate mark printed before the number (年, 月, 週, 日: 月3回), else null."),
        Column("kind", "string", False, "種別",
               "value, cumulative, minimum, maximum, range_min, range_max, before or after."),
        Column("approx", "bool", False, "概数",
               "True when printed as approximate (約, 程度, 近く)."),
        Column("as_of", "string", True, "時点",
               "ISO date the figure is counted at, when a date is printed before it."),
        Column("raw", "string", False, "原文", "The figure exactly as printed in the text."),
        Column("start", "int32", False, "開始位置", "Offset of raw in the normalized text."),
        Column("end", "int32", False, "終了位置", "Offset just after raw in the normalized text."),
    ),
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (INITIATIVES, PLANS, CELLS, METRICS)}
"""Every output table by name, in the order they are written."""


def _edition(name: str, label: str, description: str) -> Column:
    return Column(name, "int32", False, label, description)


_FROM = _edition("from_edition", "比較元の版", "Report fiscal year of the older edition.")
_TO = _edition("to_edition", "比較先の版", "Report fiscal year of the newer edition.")
_KEY = Column("key", "string", False, "系譜コード",
              "The initiative's code in the newest edition it appears in (joins editions).")
_EDITION = _edition("edition", "版", "Report fiscal year of the edition (report_fiscal_year).")

EDITIONS = TableSpec(
    name="editions",
    description="One row per compared edition, oldest first.",
    columns=(
        _EDITION,
        Column("folder", "string", False, "出力フォルダ", "The output folder it was read from."),
        Column("source_file", "string", True, "出典ファイル", "File name of the source PDF."),
        Column("source_sha256", "string", True, "出典ファイルSHA-256",
               "SHA-256 of the source PDF."),
        Column("publisher", "string", True, "公表団体", "The publishing municipality."),
        Column("initiatives", "int32", False, "取組数", "Number of initiatives in the edition."),
    ),
)

LINKS = TableSpec(
    name="links",
    description="One row per initiative and pair of consecutive editions: how it carried over.",
    columns=(
        _FROM, _TO,
        Column("from_code", "string", True, "比較元コード",
               "Code in the older edition; null if added."),
        Column("to_code", "string", True, "比較先コード",
               "Code in the newer edition; null if dropped."),
        Column("status", "string", False, "区分",
               "unchanged, text_changed, renamed, added or dropped."),
        Column("link", "string", True, "対応付け",
               "code (same code) or fuzzy (names and summaries alike); null if added/dropped."),
        Column("score", "float64", True, "類似度",
               "Similarity (0 to 1) of names and summaries of the two rows.", SCORE_DIGITS),
        Column("certain", "bool", False, "確実",
               "False when a person should look at the link (or at a near miss)."),
        Column("name", "string", True, "名称", "Initiative (or item) name, newest edition first."),
    ),
)

CHANGES = TableSpec(
    name="changes",
    description="One row per change between consecutive editions.",
    columns=(
        _FROM, _TO,
        Column("kind", "string", False, "変更種別",
               "added, dropped, renumbered, renamed, department_renamed, department_added, "
               "department_removed, plan_changed or text_changed."),
        Column("code", "string", False, "コード",
               "Initiative code; item code for item_name and departments (newer edition's)."),
        Column("field", "string", True, "項目",
               "Changed field (item_name, plan.2022, achievement ...); null for added/dropped."),
        Column("before", "string", True, "変更前", "Value in the older edition."),
        Column("after", "string", True, "変更後", "Value in the newer edition."),
        Column("certain", "bool", False, "確実", "False when the initiatives' link needs a look."),
    ),
)

DIFFS = TableSpec(
    name="diffs",
    description="Character-level differences of every changed text, one row per edit.",
    columns=(
        _FROM, _TO,
        Column("code", "string", False, "コード", "As in changes.code."),
        Column("field", "string", False, "項目", "As in changes.field."),
        Column("op", "string", False, "操作", "replace, delete or insert."),
        Column("before_start", "int32", False, "変更前開始", "Offset in the older text."),
        Column("before_end", "int32", False, "変更前終了", "End offset in the older text."),
        Column("after_start", "int32", False, "変更後開始", "Offset in the newer text."),
        Column("after_end", "int32", False, "変更後終了", "End offset in the newer text."),
        Column("removed", "string", False, "削除", "Characters removed (empty for an insert)."),
        Column("added", "string", False, "追加", "Characters added (empty for a delete)."),
    ),
)

HISTORY = TableSpec(
    name="history",
    description="One row per initiative and edition: names and departments across editions.",
    columns=(
        _KEY, _EDITION,
        Column("code", "string", False, "取組コード", "Code in this edition."),
        Column("item_name", "string", True, "項目名", "Name of the 項目 in this edition."),
        Column("initiative_name", "string", True, "具体的取組名", "Name in this edition."),
        Column("departments", "list<string>", False, "担当部局", "Departments in this edition."),
        Column("status", "string", True, "区分",
               "Status against the previous edition (links.status); null in the oldest."),
    ),
)

PLAN_HISTORY = TableSpec(
    name="plan_history",
    description="One row per initiative, edition and plan year: the plan cells across editions.",
    columns=(
        _KEY, _EDITION,
        Column("code", "string", False, "取組コード", "Code in this edition."),
        Column("fiscal_year", "int32", False, "計画年度", "Plan year (plans.fiscal_year)."),
        Column("raw", "string", True, "計画原文", "The plan cell as printed (plans.raw)."),
        Column("text", "string", True, "計画", "The plan with arrows resolved (plans.text)."),
    ),
)

METRIC_SERIES = TableSpec(
    name="metric_series",
    description="Labelled figures of every edition, lined up by initiative and metric.",
    columns=(
        _KEY,
        Column("metric", "string", False, "指標名",
               "metrics.metric (figures without one are left out)."),
        Column("unit", "string", True, "単位", "metrics.unit."),
        Column("per", "string", True, "頻度", "metrics.per."),
        Column("kind", "string", False, "種別", "metrics.kind."),
        Column("fiscal_year", "int32", True, "年度", "The year the figure refers to."),
        Column("value", "float64", False, "値", "metrics.value."),
        _EDITION,
        Column("code", "string", False, "取組コード", "Code in that edition."),
        Column("raw", "string", False, "原文", "The figure as printed in that edition."),
        Column("approx", "bool", False, "概数", "metrics.approx."),
        Column("revised", "bool", False, "改訂",
               "True when another edition states another value for the same year."),
    ),
)

COMPARE_TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    EDITIONS, LINKS, CHANGES, DIFFS, HISTORY, PLAN_HISTORY, METRIC_SERIES)}
"""The tables ``gyokaku compare`` writes, by name, in the order they are written."""

FORMATS: tuple[str, ...] = ("parquet", "json", "csv")
"""The file formats each table is written in (also the file extensions)."""


def table_spec(name: str) -> TableSpec:
    """The spec of table ``name``; ``KeyError`` naming the known tables otherwise."""
    try:
        return TABLES.get(name) or COMPARE_TABLES[name]
    except KeyError:
        known = ", ".join([*TABLES, *COMPARE_TABLES])
        raise KeyError(f"unknown table {name!r}; known: {known}") from None
