"""The synthetic second city's layout.

1-(1)-① numbers, section rows spanning the table, a row split over a page break.

Reads the committed PDF and content file (no fonts needed).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples.generator.content import load_content, plan_years
from samples.generator.golden import golden_initiatives, golden_plans

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "samples" / "othercity_fy2022"
PDF = FOLDER / "othercity_fy2022.pdf"
SPLIT_CODE = "1-2-2"  # its 実績 runs from the bottom of page 1 onto page 2
TOL = 0.01
HEADERS = [
    "番号",
    "取組名",
    "所管課",
    "内容",
    "令和４年度",
    "令和５年度",
    "令和６年度",
    "令和４年度実績",
]


def squeeze(text: str | None) -> str:
    """Text without line breaks and blanks (the indent glyph included)."""
    return re.sub(r"\s", "", text or "")


class Table:
    """Rows (between full-width rules) and columns (between vertical rules) of one page's table."""

    def __init__(self, page: Any) -> None:
        self.chars = page.chars
        self.text = page.extract_text()
        self.rects = page.rects
        horizontal = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < TOL]
        vertical = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < TOL]
        self.left = min(ln["x0"] for ln in horizontal)
        self.right = max(ln["x1"] for ln in horizontal)
        self.row_edges = sorted(
            {round(ln["top"], 2) for ln in horizontal if abs(ln["x0"] - self.left) < TOL}
        )
        self.col_edges = sorted({round(ln["x0"], 2) for ln in vertical})
        self.vertical = vertical
        self.n_lines = len(page.lines)

    def rows(self) -> list[tuple[float, float]]:
        """(top, bottom) of every row, the header first."""
        return list(itertools.pairwise(self.row_edges))

    def column(self, header: str) -> tuple[float, float]:
        """(x0, x1) of the column printed under ``header`` (columns in HEADERS order)."""
        k = HEADERS.index(header)
        return self.col_edges[k], self.col_edges[k + 1]

    def cell(self, header: str, row: tuple[float, float]) -> str:
        """Text of the cell under ``header`` in ``row``."""
        x0, x1 = self.column(header)
        return squeeze(
            "".join(
                c["text"]
                for c in sorted(self.chars, key=lambda c: (round(c["top"], 1), c["x0"]))
                if x0 < (c["x0"] + c["x1"]) / 2 < x1
                and row[0] < (c["top"] + c["bottom"]) / 2 < row[1]
            )
        )

    def row_text(self, row: tuple[float, float]) -> str:
        """Text of a whole row."""
        inside = [c for c in self.chars if row[0] < (c["top"] + c["bottom"]) / 2 < row[1]]
        return squeeze(
            "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"], 1), c["x0"])))
        )


@pytest.fixture(scope="module")
def tables() -> Iterator[list[Table]]:
    with pdfplumber.open(PDF) as pdf:
        yield [Table(page) for page in pdf.pages]


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return load_content(FOLDER / "content.json")


def number_of(item: dict[str, Any]) -> str:
    return f"{item['policy_no']}-({item['development_no']})-{chr(0x2460 + item['item_no'] - 1)}"


def find_row(table: Table, number: str) -> tuple[float, float]:
    return next(row for row in table.rows()[1:] if table.cell("番号", row) == number)


def test_content_is_synthetic_and_fictional(content: dict[str, Any], tables: list[Table]) -> None:
    assert content["document"]["synthetic"] is True
    assert content["document"]["publisher"] == "架空市"
    assert "架空" in tables[0].text
    assert 12 <= len(content["initiatives"]) <= 16
    assert len(content["policies"]) == 3


def test_every_page_is_a_table_page_no_cover_no_index(
    tables: list[Table], content: dict[str, Any]
) -> None:
    assert len(tables) == max(ini["page"] for ini in content["initiatives"]) == 3
    for table in tables:
        assert len(table.col_edges) == len(HEADERS) + 1
        header = table.rows()[0]
        assert all(label in table.cell(label, header) for label in HEADERS)
        assert "計画" in table.cell("令和５年度", header)
        assert "目次" not in table.text and "担当部局" not in table.text
    assert find_row(tables[0], "1-(1)-①")


def test_footer_style(tables: list[Table]) -> None:
    assert [table.text.splitlines()[-1] for table in tables] == ["- 1 -", "- 2 -", "- 3 -"]


def test_ruling_is_line_segments(tables: list[Table]) -> None:
    assert all(table.n_lines > 80 for table in tables)
    assert all(rect["fill"] and not rect["stroke"] for table in tables for rect in table.rects)


def test_section_rows_span_the_whole_table(tables: list[Table], content: dict[str, Any]) -> None:
    labels = [
        "１財政基盤の強化",
        "（１）歳入の確保",
        "（２）歳出の見直し",
        "２市民サービスの向上",
        "（１）窓口サービスの改善",
        "（２）デジタル化の推進",
        "３持続可能な組織運営",
        "（１）人材の育成",
        "（２）働き方改革の推進",
    ]
    found = []
    for table in tables:
        for row in table.rows()[1:]:
            text = table.row_text(row)
            if text in labels:
                found.append(text)
                crossing = [
                    v
                    for v in table.vertical
                    if table.left + TOL < v["x0"] < table.right - TOL
                    and v["top"] < row[1] - TOL
                    and v["bottom"] > row[0] + TOL
                ]
                assert not crossing, text
    assert found == labels


def test_each_initiative_row_on_its_page(tables: list[Table], content: dict[str, Any]) -> None:
    items = {item["code"]: item for item in content["items"]}
    years = plan_years(content)
    for ini in content["initiatives"]:
        item = items[ini["item_code"]]
        table = tables[ini["page"] - 1]
        row = find_row(table, number_of(item))
        assert table.cell("取組名", row) == squeeze(item["name"])
        assert table.cell("所管課", row) == squeeze("".join(item["departments"]))
        if ini["code"] == SPLIT_CODE:
            continue
        assert table.cell("内容", row) == squeeze(ini["summary"]), ini["code"]
        assert table.cell("令和４年度実績", row) == squeeze(ini["achievement_fy2022"]), ini["code"]
        for year, header in zip(years, HEADERS[4:7], strict=True):
            assert table.cell(header, row) == squeeze(ini["plan"][str(year)]), (ini["code"], year)


def test_a_row_continues_across_the_page_break(
    tables: list[Table], content: dict[str, Any]
) -> None:
    ini = next(i for i in content["initiatives"] if i["code"] == SPLIT_CODE)
    item = next(it for it in content["items"] if it["code"] == ini["item_code"])
    first_page, next_page = tables[ini["page"] - 1], tables[ini["page"]]
    first = first_page.rows()[-1]
    assert first_page.cell("番号", first) == number_of(item)
    continuation = next_page.rows()[1]
    for label in ("番号", "取組名", "所管課"):
        assert next_page.cell(label, continuation) == ""
    head = first_page.cell("令和４年度実績", first)
    tail = next_page.cell("令和４年度実績", continuation)
    assert head and tail
    assert head + tail == squeeze(ini["achievement_fy2022"])
    summary = first_page.cell("内容", first) + next_page.cell("内容", continuation)
    assert summary == squeeze(ini["summary"])
    golden_pages = {r["code"]: r["page"] for r in golden_initiatives(content)}
    assert golden_pages[SPLIT_CODE] == ini["page"] == 1


@pytest.mark.parametrize("name", ["initiatives", "plans"])
def test_goldens_equal_their_derivation(name: str, content: dict[str, Any]) -> None:
    derive = {"initiatives": golden_initiatives, "plans": golden_plans}[name]
    committed = json.loads((FOLDER / "golden" / f"{name}.json").read_text(encoding="utf-8"))
    assert committed == derive(content)
    assert committed
