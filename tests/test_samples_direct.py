"""The reportlab rendering of Okayama FY2022.

Rectangle ruling, radical code points, tategaki, merged cells, text inside cell boxes.

Reads the committed PDF (no fonts needed); only the re-render test needs the IPAex fonts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples.generator.content import load_content, plan_layout, plan_years

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "samples" / "okayama_fy2022"
PDF = FOLDER / "okayama_fy2022_direct.pdf"
CONTENT = FOLDER / "content.json"
FOOTER = re.compile(r"^(\d+)/(\d+)$")
TOL = 0.01


def fullwidth(number: int) -> str:
    return "".join(chr(ord(digit) + 0xFEE0) for digit in str(number))


def squeeze(text: str | None) -> str:
    """Text without line breaks and blanks (positional indents print no glyph)."""
    return re.sub(r"\s", "", text or "")


class Page:
    """The chars and rects of one PDF page, with cell lookups."""

    def __init__(self, page: Any) -> None:
        self.chars = page.chars
        self.rects = page.rects
        self.lines = page.lines
        self.curves = page.curves
        self.images = page.images
        self.text = page.extract_text()
        self.search = page.search

    def cell_of(self, label: str) -> dict[str, Any]:
        """The smallest rect around the first occurrence of ``label``."""
        hit = self.search(label, regex=False)[0]
        around = [
            r
            for r in self.rects
            if r["x0"] <= hit["x0"]
            and hit["x1"] <= r["x1"]
            and r["top"] <= hit["top"]
            and hit["bottom"] <= r["bottom"]
        ]
        return min(around, key=lambda r: r["width"] * r["height"])

    def column_cells(self, header: dict[str, Any], below: float) -> list[dict[str, Any]]:
        """Rects of a header's column whose top lies at or below ``below``, top to bottom."""
        cells = [
            r
            for r in self.rects
            if abs(r["x0"] - header["x0"]) < TOL
            and abs(r["x1"] - header["x1"]) < TOL
            and r["top"] >= below - TOL
        ]
        return sorted(cells, key=lambda r: r["top"])

    def printed_lines(self, rect: dict[str, Any]) -> list[list[dict[str, Any]]]:
        """Chars inside ``rect`` grouped into printed lines, top to bottom."""
        lines: dict[float, list[dict[str, Any]]] = {}
        for char in self.chars:
            if (
                rect["x0"] < (char["x0"] + char["x1"]) / 2 < rect["x1"]
                and rect["top"] < (char["top"] + char["bottom"]) / 2 < rect["bottom"]
            ):
                lines.setdefault(round(char["top"], 1), []).append(char)
        return [sorted(lines[top], key=lambda c: c["x0"]) for top in sorted(lines)]

    def text_in(self, rect: dict[str, Any]) -> str:
        """Chars whose centre lies inside ``rect``, in reading order."""
        inside = [
            c
            for c in self.chars
            if rect["x0"] < (c["x0"] + c["x1"]) / 2 < rect["x1"]
            and rect["top"] < (c["top"] + c["bottom"]) / 2 < rect["bottom"]
        ]
        return squeeze(
            "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"], 1), c["x0"])))
        )


@pytest.fixture(scope="module")
def pages() -> Iterator[list[Page]]:
    with pdfplumber.open(PDF) as pdf:
        yield [Page(page) for page in pdf.pages]


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return load_content(CONTENT)


def detail_pages(pages: list[Page]) -> dict[int, Page]:
    """Detail page number (from the footer n/13) → page."""
    found = {}
    for page in pages:
        last = page.text.splitlines()[-1].strip()
        match = FOOTER.match(last)
        if match:
            found[int(match.group(1))] = page
    return found


def by_page(content: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for ini in content["initiatives"]:
        grouped.setdefault(ini["page"], []).append(ini)
    return grouped


def test_cover_index_and_thirteen_numbered_detail_pages(pages: list[Page]) -> None:
    details = detail_pages(pages)
    assert sorted(details) == list(range(1, 14))
    assert len(pages) == 15
    assert "行財政改革推進の体系" in pages[0].text
    assert "行財政改革を推進するための取組項目" in pages[1].text
    assert all(page.text.splitlines()[-1] == f"{n}/13" for n, page in details.items())


def test_ruling_is_rectangles_never_line_segments(pages: list[Page]) -> None:
    assert all(not page.lines and not page.curves for page in pages)
    index_rects = pages[1].rects
    rules = [r for r in index_rects if min(r["width"], r["height"]) < 1]
    assert len(rules) > 100
    assert all(r["fill"] and not r["stroke"] for r in index_rects)
    assert all(
        r["non_stroking_color"] == 0.85 for r in index_rects if r not in rules
    )  # header shading
    for page in detail_pages(pages).values():
        assert len(page.rects) > 40
        assert all(r["stroke"] for r in page.rects)


def test_page_headings_extract_radical_code_points(pages: list[Page]) -> None:
    headings = [page.text.splitlines()[0] for page in detail_pages(pages).values()]
    assert "施策３ \u2f8f政のスマート化 施策３" in headings
    assert "施策４ 組織\u2f12の向上 施策４" in headings
    assert "施策５ 公\u2ea0連携と透明性の\u2fbcい市政運営 施策５" in headings
    assert "施策１ 健全で持続可能な財政運営 施策１" in headings
    body = "".join(page.text.split("\n", 1)[1] for page in detail_pages(pages).values())
    assert not set("\u2f8f\u2fbc\u2ea0\u2f12") & set(body)
    assert {"行", "高", "民", "力"} <= set(body)  # table cells keep the unified ideographs


def test_cover_has_tategaki_one_glyph_per_line(pages: list[Page]) -> None:
    columns: dict[float, list[dict[str, Any]]] = {}
    for char in pages[0].chars:
        columns.setdefault(round((char["x0"] + char["x1"]) / 2), []).append(char)
    label = "行財政改革推進項目一覧"
    stacks = [sorted(col, key=lambda c: c["top"]) for col in columns.values()]
    column = next(stack for stack in stacks if "".join(c["text"] for c in stack) == label)
    assert all(below["top"] >= above["bottom"] for above, below in itertools.pairwise(column))


def test_halfwidth_katakana_survive(pages: list[Page]) -> None:
    cells = [page.text_in(rect) for page in detail_pages(pages).values() for rect in page.rects]
    assert any("・証明手数料拡充（ｸﾚｼﾞｯﾄ決済、電子ﾏﾈｰ決済）" in cell for cell in cells)


def test_every_char_of_a_detail_table_lies_inside_a_cell(pages: list[Page]) -> None:
    for number, page in detail_pages(pages).items():
        left = page.cell_of("＜施策＞")["x0"]
        table_top = min(r["top"] for r in page.rects if abs(r["x0"] - left) < TOL)
        table_bottom = max(r["bottom"] for r in page.rects)
        inside_table = [
            c for c in page.chars if table_top < c["top"] and c["bottom"] < table_bottom
        ]
        for char in inside_table:
            assert any(
                r["x0"] <= char["x0"]
                and char["x1"] <= r["x1"]
                and r["top"] <= char["top"]
                and char["bottom"] <= r["bottom"]
                for r in page.rects
            ), (number, char["text"])


def test_policy_and_development_cells_are_merged(
    pages: list[Page], content: dict[str, Any]
) -> None:
    items = {item["code"]: item for item in content["items"]}
    for number, page in detail_pages(pages).items():
        body_top = page.cell_of("＜施策＞")["bottom"]
        table_bottom = max(r["bottom"] for r in page.rects)
        policy_cells = page.column_cells(page.cell_of("＜施策＞"), body_top)
        dev_cells = page.column_cells(page.cell_of("＜展開＞"), body_top)
        own = [items[ini["item_code"]] for ini in by_page(content)[number]]
        dev_runs = [
            k
            for k, it in enumerate(own)
            if k == 0
            or (it["policy_no"], it["development_no"])
            != (own[k - 1]["policy_no"], own[k - 1]["development_no"])
        ]
        policy = next(p for p in content["policies"] if p["policy_no"] == own[0]["policy_no"])
        assert len(policy_cells) == 1, number
        assert abs(policy_cells[0]["bottom"] - table_bottom) < TOL
        assert page.text_in(policy_cells[0]) == squeeze(
            fullwidth(policy["policy_no"]) + policy["name"]
        )
        assert len(dev_cells) == len(dev_runs), number


def _expected_plan(initiative: dict[str, Any], years: list[int]) -> list[str]:
    layout = plan_layout(initiative["plan"], years)
    return [squeeze("".join(line for line in column if line)) for column in layout.lines]


def _initiative_label(ini: dict[str, Any]) -> str:
    if not ini["letter"]:
        return squeeze(ini["name"])
    letter = (ini.get("printed_letter") or ini["letter"]).rstrip("）")
    return squeeze(f"{letter}）{ini['name']}")


def test_each_initiative_prints_in_its_row_cells(
    pages: list[Page], content: dict[str, Any]
) -> None:
    years = plan_years(content)
    items = {item["code"]: item for item in content["items"]}
    for number, page in detail_pages(pages).items():
        initiatives = by_page(content)[number]
        body_top = page.cell_of("＜概要＞")["bottom"]
        summary_cells = page.column_cells(page.cell_of("＜概要＞"), body_top)
        achievement_cells = page.column_cells(page.cell_of("令和４年度の取組実績"), body_top)
        item_cells = page.column_cells(page.cell_of("＜項目名＞"), body_top)
        initiative_cells = page.column_cells(page.cell_of("（具体的取組）"), body_top)
        year_headers = [page.cell_of(f"R{chr(0xFF10 + year - 2018)}") for year in years]
        assert len(summary_cells) == len(achievement_cells) == len(initiatives), number
        for k, ini in enumerate(initiatives):
            row = summary_cells[k]
            item = items[ini["item_code"]]
            assert page.text_in(row) == squeeze(ini["summary"]), ini["code"]
            assert page.text_in(achievement_cells[k]) == squeeze(ini["achievement_fy2022"]), ini[
                "code"
            ]
            assert page.text_in(item_cells[k]) == chr(0x2460 + item["item_no"] - 1) + squeeze(
                item["name"]
            )
            assert page.text_in(initiative_cells[k]) == _initiative_label(ini), ini["code"]
            for header, expected in zip(year_headers, _expected_plan(ini, years), strict=True):
                sub_cells = [
                    r
                    for r in page.column_cells(header, row["top"])
                    if r["bottom"] <= row["bottom"] + TOL
                ]
                assert "".join(page.text_in(cell) for cell in sub_cells) == expected, ini["code"]
                sub_rows = plan_layout(ini["plan"], years).sub_rows
                assert len(sub_cells) == sub_rows, ini["code"]


def test_wrapped_lines_obey_kinsoku(pages: list[Page]) -> None:
    checked = 0
    for page in detail_pages(pages).values():
        for rect in page.rects:
            for line in page.printed_lines(rect):
                checked += 1
                assert line[0]["text"] not in "、。，．）」』】ー\u3000", page.text_in(rect)
                assert line[-1]["text"] not in "（「『【", page.text_in(rect)
    assert checked > 1000


def test_paragraphs_are_indented_by_position(pages: list[Page]) -> None:
    page = detail_pages(pages)[1]
    body_top = page.cell_of("＜概要＞")["bottom"]
    achievement = page.column_cells(page.cell_of("令和４年度の取組実績"), body_top)[1]  # 1-1-2
    first, second = page.printed_lines(achievement)[:2]
    assert first[0]["text"] == "各" and second[0]["text"] != "\u3000"
    size = first[0]["size"]
    assert first[0]["x0"] - second[0]["x0"] == pytest.approx(size, abs=0.01)
    bullets = page.column_cells(page.cell_of("＜概要＞"), body_top)[0]  # 1-1-1: ・ lines
    starts = {round(line[0]["x0"], 2) for line in page.printed_lines(bullets)}
    assert starts == {round(second[0]["x0"] - achievement["x0"] + bullets["x0"], 2)}


def test_rerender_is_byte_identical(tmp_path: Path, content: dict[str, Any]) -> None:
    pytest.importorskip("reportlab")
    from samples.generator.build_direct import render_direct
    from samples.generator.direct_fonts import fonts_available

    if not fonts_available():
        pytest.skip("IPAex fonts are not installed")
    rendered = tmp_path / "direct.pdf"
    render_direct(content, rendered)
    assert rendered.read_bytes() == PDF.read_bytes()


def test_long_edition_content_has_distinct_codes_and_pages(content: dict[str, Any]) -> None:
    pytest.importorskip("reportlab")
    from samples.generator.long import copies_needed, repeat_content

    long = repeat_content(content, copies_needed(content))
    codes = [ini["code"] for ini in long["initiatives"]]
    pages = [ini["page"] for ini in long["initiatives"]]
    assert copies_needed(content) == 16
    assert len(codes) == len(set(codes)) == 16 * 44
    assert max(pages) == long["document"]["pages_detail"] == 208
    assert long["initiatives"][44]["code"] == "6-1-1" and long["initiatives"][44]["page"] == 14
    assert {item["code"] for item in long["items"]} >= {
        ini["item_code"] for ini in long["initiatives"]
    }
