"""The synthetic second city (架空市): another publisher's layout of the same kind of report.

A4 portrait, no cover and no index; columns 番号 | 取組名 | 所管課 | 内容 |
計画 (令和４年度…令和６年度) | 令和４年度実績; numbers printed ``1-(1)-①``;
policy and development heading rows spanning the table; ruling drawn as line
segments; footer ``- n -``.  Initiatives sit on their content ``page``; when the
last row of a page does not fit it is split, the rest continuing at the top of
the next page under the repeated header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from samples.generator.content import Content, load_content, plan_years
from samples.generator.direct_draw import draw_centered, draw_segment_grid, draw_text
from samples.generator.direct_fonts import GOTHIC, MINCHO, register_fonts
from samples.generator.direct_grid import CellSpec, place_grid
from samples.generator.golden import write_golden
from samples.generator.othercity_rows import (
    COLUMN_WIDTHS,
    STYLE,
    Block,
    development_block,
    header_cells,
    initiative_block,
    policy_block,
    split_block,
)

PAGE_SIZE = A4
FIRST_TABLE_TOP = 104.0
TABLE_TOP = 40.0
BOTTOM_MARGIN = 44.0
FOLDER = "othercity_fy2022"
PDF_NAME = "othercity_fy2022.pdf"


def page_blocks(content: Content) -> dict[int, list[Block]]:
    """Rows per content page: a heading row where a policy or development starts, initiatives."""
    n_columns = len(COLUMN_WIDTHS)
    items = {item["code"]: item for item in content["items"]}
    policies = {p["policy_no"]: p for p in content["policies"]}
    developments = {d["code"]: d for d in content["developments"]}
    pages: dict[int, list[Block]] = {}
    last_policy, last_development = None, None
    for ini in content["initiatives"]:
        item = items[ini["item_code"]]
        rows = pages.setdefault(int(ini["page"]), [])
        dev_code = f"{item['policy_no']}-{item['development_no']}"
        if item["policy_no"] != last_policy:
            rows.append(policy_block(policies[item["policy_no"]], n_columns))
        if dev_code != last_development:
            rows.append(development_block(developments[dev_code], n_columns))
        rows.append(initiative_block(content, ini, item))
        last_policy, last_development = item["policy_no"], dev_code
    return dict(sorted(pages.items()))


def _table_specs(header: Sequence[CellSpec], blocks: Sequence[Block]) -> list[CellSpec]:
    specs = list(header)
    first_row = max(cell.row + cell.row_span for cell in header)
    for k, block in enumerate(blocks):
        specs += [replace(cell, row=first_row + k) for cell in block.cells]
    return specs


def fit_page(blocks: Sequence[Block], available: float) -> tuple[list[Block], Block | None]:
    """The rows that go on a page and the continuation of a split last row (or None)."""
    placed: list[Block] = []
    used = 0.0
    for k, block in enumerate(blocks):
        if used + block.height <= available:
            placed.append(block)
            used += block.height
            continue
        if k != len(blocks) - 1 or block.kind != "initiative":
            raise ValueError(f"rows before {block.code or block.kind} overflow the page")
        first, rest = split_block(block, available - used)
        return [*placed, first], rest
    return placed, None


def _draw_title(canvas: Canvas, content: Content) -> None:
    doc = content["document"]
    width = PAGE_SIZE[0]
    draw_centered(canvas, doc["title"], width / 2, 46, GOTHIC, 14)
    draw_text(canvas, f"{doc['publisher']}　{doc['as_of_raw']}", width - 230, 70, MINCHO, 9)
    draw_text(canvas, f"※{doc['synthetic_note']}", 30, 90, MINCHO, 7.5)


def draw_page(
    canvas: Canvas, content: Content, page_no: int, blocks: Sequence[Block], top: float
) -> None:
    """Draw one page: its table part (header repeated) and the footer ``- n -``."""
    header = header_cells(plan_years(content), content["document"]["report_fiscal_year"])
    x = (PAGE_SIZE[0] - sum(COLUMN_WIDTHS)) / 2
    placed = place_grid(_table_specs(header, blocks), COLUMN_WIDTHS, x, top, STYLE)
    draw_segment_grid(canvas, placed, STYLE)
    draw_centered(canvas, f"- {page_no} -", PAGE_SIZE[0] / 2, PAGE_SIZE[1] - 24, MINCHO, 9)


def _header_height(content: Content) -> float:
    header = header_cells(plan_years(content), content["document"]["report_fiscal_year"])
    placed = place_grid(header, COLUMN_WIDTHS, 0, 0, STYLE)
    return max(cell.box.bottom for cell in placed)


def render_othercity(content: Content, path: Path) -> int:
    """Render the other-city layout of ``content`` to ``path``; return the page count."""
    register_fonts()
    canvas = Canvas(str(path), pagesize=PAGE_SIZE, invariant=1)
    canvas.setTitle(content["document"]["title"])
    carry: Block | None = None
    pages = page_blocks(content)
    for page_no, blocks in pages.items():
        top = FIRST_TABLE_TOP if page_no == 1 else TABLE_TOP
        if page_no == 1:
            _draw_title(canvas, content)
        available = PAGE_SIZE[1] - BOTTOM_MARGIN - top - _header_height(content)
        rows, carry_next = fit_page([*([carry] if carry else []), *blocks], available)
        draw_page(canvas, content, page_no, rows, top)
        canvas.showPage()
        carry = carry_next
    if carry is not None:
        raise ValueError("the last page overflows")
    canvas.save()
    return len(pages)


def build(samples_dir: Path) -> list[Path]:
    """Render samples/othercity_fy2022/othercity_fy2022.pdf and write its goldens."""
    folder = samples_dir / FOLDER
    content = load_content(folder / "content.json")
    pdf = folder / PDF_NAME
    render_othercity(content, pdf)
    return [pdf, *write_golden(content, folder / "golden")]
