"""The committed LibreOffice-rendered okayama samples, read back with pdfplumber.

These read the PDFs in samples/ and need neither LibreOffice nor fonts.
Regenerate the samples with ``python -m samples.generator editions calc``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples.generator import golden
from samples.generator.calc_check import (
    FRONT_PAGES,
    INDEX_PAGE,
    check_grid,
    check_pages,
    page_rules,
    squeeze,
    text_in_box,
)
from samples.generator.calc_cover import VERTICAL_BOXES
from samples.generator.calc_labels import (
    RADICAL_FOR,
    achievement_header,
    heading_as_extracted,
    plan_year_label,
)
from samples.generator.calc_sheet import (
    DETAIL_HEADER_ROWS,
    PLAN_FIRST_COLUMN,
    DetailPage,
    detail_pages,
    index_grid,
)
from samples.generator.content import Content, achievement_key, load_content, plan_years

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EDITIONS = ("okayama_fy2022", "okayama_fy2021", "okayama_fy2023")
SUMMARY_COLUMN = 4


class Report:
    """A sample's content and its PDF's pages, characters read once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.path = SAMPLES / name / f"{name}.pdf"
        self.content: Content = load_content(SAMPLES / name / "content.json")
        self.pdf = pdfplumber.open(self.path)
        self.pages = self.pdf.pages
        self.details: list[DetailPage] = detail_pages(self.content)

    def detail_page(self, number: int) -> Any:
        """The PDF page of detail page ``number`` (1-based)."""
        return self.pages[FRONT_PAGES + number - 1]


@pytest.fixture(scope="module", params=EDITIONS)
def report(request: pytest.FixtureRequest) -> Any:
    opened = Report(request.param)
    yield opened
    opened.pdf.close()


def _words(page: Any) -> str:
    return "".join(c["text"] for c in page.chars)


def test_page_count_is_cover_index_and_13_detail_pages(report: Report) -> None:
    assert report.content["document"]["pages_detail"] == 13
    assert len(report.pages) == 2 + 13
    assert len(report.details) == 13


def test_headings_extract_as_radicals_while_body_keeps_ideographs(report: Report) -> None:
    radicals = set(RADICAL_FOR.values())
    seen_radicals = set()
    for detail in report.details:
        page = report.detail_page(detail.number)
        top = page_rules(page).ys[0]
        heading = "".join(c["text"] for c in page.chars if c["bottom"] <= top)
        assert squeeze(heading) == squeeze(heading_as_extracted(detail.heading))
        seen_radicals |= radicals & set(heading)
        body = [c["text"] for c in page.chars if c["top"] > top]
        assert not radicals & set(body), f"radical code point in the body of page {detail.number}"
    assert seen_radicals == radicals  # ⾏ ⾼ ⺠ ⼒ all occur (施策3, 4, 5)
    assert "\u884c" in _words(report.detail_page(1))  # 行 in body text stays U+884C


def _stacks(page: Any) -> dict[float, list[dict[str, Any]]]:
    """Characters of the page grouped by rounded x-centre, top to bottom."""
    columns: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        centre = round((char["x0"] + char["x1"]) / 2)
        columns.setdefault(centre, []).append(char)
    return {x: sorted(chars, key=lambda c: c["top"]) for x, chars in columns.items()}


def test_cover_sets_vertical_labels_one_glyph_per_line(report: Report) -> None:
    cover = report.pages[0]
    stacks = _stacks(cover)
    for box in VERTICAL_BOXES:
        holder = next((chars for chars in stacks.values()
                       if box.text in "".join(c["text"] for c in chars)), None)
        assert holder is not None, f"{box.text} is not stacked vertically"
        text = "".join(c["text"] for c in holder)
        start = text.index(box.text)
        glyphs = holder[start:start + len(box.text)]
        centres = [(c["x0"] + c["x1"]) / 2 for c in glyphs]
        assert max(centres) - min(centres) < 1.0
        steps = [b["top"] - a["top"] for a, b in itertools.pairwise(glyphs)]
        assert all(step >= 0.8 * glyphs[0]["size"] for step in steps)
    words = _words(cover)
    assert report.content["document"]["as_of_raw"] in words
    assert report.content["document"]["cover_title"] in words
    assert "＜施策＞" not in words and "担当部局" not in words  # no table header on the cover


def test_index_page_lists_every_item_in_its_cells(report: Report) -> None:
    page = report.pages[INDEX_PAGE]
    grid = index_grid(report.content)
    assert check_grid(page, grid) == []
    item_cells = [c for c in grid.cells if c.col == 2 and c.kind == "text"]
    assert len(item_cells) == len(report.content["items"])
    expected = 31 if report.name == "okayama_fy2021" else 32
    assert len(item_cells) == expected
    assert report.content["document"]["index_title"] in _words(page)


def test_detail_pages_have_footer_n_of_13(report: Report) -> None:
    for detail in report.details:
        page = report.detail_page(detail.number)
        bottom = page_rules(page).ys[-1]
        footer = "".join(c["text"] for c in page.chars if c["top"] >= bottom)
        assert footer == f"{detail.number}/13"


def test_two_header_rows_on_every_detail_page(report: Report) -> None:
    years = plan_years(report.content)
    row_two = ["＜施策＞", "＜展開＞", "＜項目名＞", "（具体的取組）", "＜概要＞",
               *[plan_year_label(year) for year in years]]
    for detail in report.details:
        page = report.detail_page(detail.number)
        rules = page_rules(page)
        chars = page.chars
        found = [squeeze(text_in_box(chars, (rules.xs[c], rules.ys[1], rules.xs[c + 1],
                                             rules.ys[2]))) for c in range(len(row_two))]
        assert found == row_two
        last = len(rules.xs) - 2
        header = text_in_box(chars, (rules.xs[last], rules.ys[0], rules.xs[last + 1], rules.ys[2]))
        assert squeeze(header) == achievement_header(report.content)
        first = text_in_box(chars, (rules.xs[0], rules.ys[0], rules.xs[2], rules.ys[1]))
        assert squeeze(first) == "後期中期計画（行革プラン）に基づく施策の展開"


def test_halfwidth_katakana_kept(report: Report) -> None:
    page_no = next(i["page"] for i in report.content["initiatives"] if i["code"] == "3-1-3-a")
    assert "ｸﾚｼﾞｯﾄ" in report.detail_page(page_no).extract_text()


def _row_box(detail: DetailPage, page: Any, code: str, col: int
             ) -> tuple[float, float, float, float]:
    rules = page_rules(page)
    rows = [DETAIL_HEADER_ROWS + i for i, c in enumerate(detail.row_codes) if c == code]
    return (rules.xs[col], rules.ys[rows[0]], rules.xs[col + 1], rules.ys[rows[-1] + 1])


def test_summary_and_achievement_sit_in_their_row_cells(report: Report) -> None:
    key = achievement_key(report.content)
    achievement_col = PLAN_FIRST_COLUMN + len(plan_years(report.content))
    by_code = {i["code"]: i for i in report.content["initiatives"]}
    checked = 0
    for detail in report.details:
        page = report.detail_page(detail.number)
        for code in dict.fromkeys(detail.row_codes):
            initiative = by_code[code]
            for col, text in ((SUMMARY_COLUMN, initiative["summary"]),
                              (achievement_col, initiative[key])):
                found = text_in_box(page.chars, _row_box(detail, page, code, col))
                assert squeeze(found) == squeeze(text), f"{report.name} {code} column {col}"
            checked += 1
    assert checked == len(report.content["initiatives"])


def test_every_cell_shows_all_its_text(report: Report) -> None:
    assert check_pages(report.pages, report.content) == []


def test_check_notices_cells_that_do_not_match() -> None:
    fy2021 = load_content(SAMPLES / "okayama_fy2021" / "content.json")
    with pdfplumber.open(SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf") as pdf:
        index_problems = check_grid(pdf.pages[INDEX_PAGE], index_grid(fy2021))
        page_six = detail_pages(fy2021)[5]
        detail_problems = check_grid(pdf.pages[FRONT_PAGES + 5], page_six.grid)
    assert index_problems  # FY2022 lists 3-1-5, FY2021 does not
    assert detail_problems  # FY2022 page 6 holds 3-1-5-a as well


@pytest.mark.parametrize("name", EDITIONS)
def test_goldens_follow_the_content(name: str) -> None:
    content = load_content(SAMPLES / name / "content.json")
    folder = SAMPLES / name / "golden"
    expected = {
        "initiatives": golden.golden_initiatives(content),
        "plans": golden.golden_plans(content),
    }
    for table, records in expected.items():
        committed = json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))
        assert committed == records, f"{name}/golden/{table}.json is stale"
