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

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (INITIATIVES, PLANS, CELLS)}
"""Every output table by name, in the order they are written."""

FORMATS: tuple[str, ...] = ("parquet", "json", "csv")
"""The file formats each table is written in (also the file extensions)."""


def table_spec(name: str) -> TableSpec:
    """The spec of table ``name``; ``KeyError`` naming the known tables otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}") from None
