"""Front pages of the reportlab Okayama rendering: the cover diagram and the index table.

The cover shows the title, the as-of line, the system title, a tategaki label
(one glyph per line) and a box per policy (the first five).  The index table
(施策の展開 / 取組項目 / 担当部局 / ページ) is ruled with thin filled
rectangles, its 施策 and 展開 cells merged over their items; it runs over as
many pages as it needs, repeating its header.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from samples.generator.content import Content
from samples.generator.direct_draw import (
    draw_centered,
    draw_filled_rule_grid,
    draw_text,
    draw_vertical,
    page_height,
    stroke_outline,
)
from samples.generator.direct_fonts import GOTHIC, MINCHO
from samples.generator.direct_grid import (
    Box,
    CellSpec,
    GridStyle,
    PlacedCell,
    equal_runs,
    grid_bottom,
    place_grid,
)
from samples.generator.direct_labels import development_label, fullwidth, item_label, policy_label

INDEX_WIDTHS = (120.0, 150.0, 330.0, 140.0, 40.0)
INDEX_STYLE = GridStyle(pad_x=4.0, pad_y=3.0, min_row_height=13.0)
INDEX_SIZE = 7.5
INDEX_TOP = 64.0
INDEX_BOTTOM_MARGIN = 36.0
COVER_POLICIES = 5


def _split_title(title: str) -> list[str]:
    """Cover title lines: break before 及び when the title has it."""
    head, sep, tail = title.partition("及び")
    return [head, sep + tail] if sep else [title]


def draw_cover(canvas: Canvas, content: Content) -> None:
    """Draw the cover page on the current canvas page."""
    doc = content["document"]
    width = float(canvas._pagesize[0])
    for k, line in enumerate(_split_title(doc["title"])):
        draw_centered(canvas, line, width / 2, 80 + 32 * k, GOTHIC, 22)
    draw_text(canvas, doc["as_of_raw"], width - 200, 150, MINCHO, 12)
    title_box = Box(width / 2 - 130, 170, 260, 30)
    stroke_outline(canvas, title_box)
    draw_centered(canvas, doc["cover_title"], width / 2, 190, GOTHIC, 14)
    label = _split_title(doc["title"])[0]
    label_box = Box(110, 220, 40, len(label) * 16 * 1.1 + 20)
    stroke_outline(canvas, label_box)
    draw_vertical(canvas, label, label_box.x + 20, label_box.top + 10, GOTHIC, 16)
    for k, policy in enumerate(content["policies"][:COVER_POLICIES]):
        box = Box(200, 220 + 60 * k, 440, 48)
        stroke_outline(canvas, box)
        draw_text(
            canvas,
            f"【施策{fullwidth(policy['policy_no'])}】",
            box.x + 10,
            box.top + 18,
            GOTHIC,
            11,
        )
        draw_text(canvas, policy["name"], box.x + 30, box.top + 38, MINCHO, 12)


def _index_header() -> list[CellSpec]:
    def header(col: int, text: str, col_span: int = 1) -> CellSpec:
        return CellSpec(
            col,
            0,
            text,
            col_span,
            font=GOTHIC,
            size=INDEX_SIZE,
            align="center",
            valign="middle",
            shade=0.85,
        )

    return [
        header(0, "後期中期計画（行革プラン）に基づく施策の展開", col_span=2),
        header(2, "取組項目"),
        header(3, "担当部局"),
        header(4, "ページ"),
    ]


def index_cells(content: Content, items: Sequence[dict[str, Any]]) -> list[CellSpec]:
    """Cells of one index-page table listing ``items``."""
    policies = {p["policy_no"]: p for p in content["policies"]}
    developments = {d["code"]: d for d in content["developments"]}
    cells = _index_header()

    def body(col: int, row: int, text: str, row_span: int = 1, align: str = "left") -> CellSpec:
        return CellSpec(
            col, row, text, row_span=row_span, size=INDEX_SIZE, align=align, valign="middle"
        )

    for start, end in equal_runs([item["policy_no"] for item in items]):
        cells.append(
            body(0, start + 1, policy_label(policies[items[start]["policy_no"]]), end - start)
        )
    dev_codes = [f"{item['policy_no']}-{item['development_no']}" for item in items]
    for start, end in equal_runs(dev_codes):
        cells.append(
            body(1, start + 1, development_label(developments[dev_codes[start]]), end - start)
        )
    for row, item in enumerate(items, start=1):
        cells += [
            body(2, row, item_label(item)),
            body(3, row, "、".join(item["departments"])),
            body(4, row, str(item["page"]), align="center"),
        ]
    return cells


def _place_index(content: Content, items: Sequence[dict[str, Any]], x: float) -> list[PlacedCell]:
    return place_grid(index_cells(content, items), INDEX_WIDTHS, x, INDEX_TOP, INDEX_STYLE)


def paginate_index(content: Content, page_size: tuple[float, float]) -> list[list[PlacedCell]]:
    """Lay the index out, centred, over as many pages as it needs (greedy, whole items per page)."""
    items = content["items"]
    width, height = page_size
    x = (width - sum(INDEX_WIDTHS)) / 2
    limit = height - INDEX_BOTTOM_MARGIN
    pages: list[list[PlacedCell]] = []
    start = 0
    while start < len(items):
        end = start + 1
        placed = _place_index(content, items[start:end], x)
        while end < len(items):
            candidate = _place_index(content, items[start : end + 1], x)
            if grid_bottom(candidate) > limit:
                break
            placed, end = candidate, end + 1
        pages.append(placed)
        start = end
    return pages


def draw_index_page(canvas: Canvas, content: Content, placed: Sequence[PlacedCell]) -> None:
    """Draw one index page: its title and its part of the index table."""
    width = float(canvas._pagesize[0])
    draw_centered(canvas, content["document"]["index_title"], width / 2, 40, GOTHIC, 14)
    draw_filled_rule_grid(canvas, placed, INDEX_STYLE)
    if grid_bottom(placed) > page_height(canvas) - INDEX_BOTTOM_MARGIN + 1:
        raise ValueError("index table runs off the page")
