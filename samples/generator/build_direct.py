"""Okayama FY2022 drawn directly with reportlab: the second producer of the same report.

Same content and page assignment as the LibreOffice rendering, different
geometry and fonts (IPAexMincho body, IPAexGothic headings), ruling drawn as
rectangles (detail cells stroked as outlines, the index bordered by thin
filled rectangles), 施策/展開 cells merged over rows, paragraphs indented by
position.  Page headings extract 行 高 民 力 as radical code points.
Output is byte-identical on re-render (``invariant=1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from samples.generator.content import Content, load_content, plan_years
from samples.generator.direct_detail import DetailColumns, detail_cells
from samples.generator.direct_draw import (
    draw_centered,
    draw_outlined_grid,
    draw_text,
    page_height,
    stroke_outline,
)
from samples.generator.direct_fonts import GOTHIC, MINCHO, register_fonts
from samples.generator.direct_front import draw_cover, draw_index_page, paginate_index
from samples.generator.direct_grid import Box, GridStyle, grid_bottom, place_grid
from samples.generator.direct_labels import fullwidth, policy_heading

PAGE_SIZE = landscape(A4)
DETAIL_STYLE = GridStyle(pad_x=2.5, pad_y=2.5, leading_ratio=1.25, min_row_height=10.0)
DETAIL_COLUMNS = DetailColumns()
DETAIL_TOP = 44.0
DETAIL_BOTTOM_MARGIN = 26.0
OUTPUT_NAME = "okayama_fy2022_direct.pdf"


def okayama_content_path(samples_dir: Path) -> Path:
    """The Okayama FY2022 content file."""
    return samples_dir / "okayama_fy2022" / "content.json"


def initiatives_by_page(content: Content) -> dict[int, list[dict[str, Any]]]:
    """Initiatives grouped by their detail page, pages in order."""
    pages: dict[int, list[dict[str, Any]]] = {}
    for ini in content["initiatives"]:
        pages.setdefault(int(ini["page"]), []).append(ini)
    return dict(sorted(pages.items()))


def _policy_of(content: Content, initiative: dict[str, Any]) -> dict[str, Any]:
    item = next(it for it in content["items"] if it["code"] == initiative["item_code"])
    return next(p for p in content["policies"] if p["policy_no"] == item["policy_no"])


def draw_detail_page(
    canvas: Canvas,
    content: Content,
    page_no: int,
    initiatives: Sequence[dict[str, Any]],
    total: int,
    with_heading: bool,
) -> None:
    """Draw one detail page: heading, side label, table and footer ``n/total``."""
    width, height = PAGE_SIZE
    policy = _policy_of(content, initiatives[0])
    if with_heading:
        draw_text(canvas, policy_heading(policy), 30, 30, GOTHIC, 13)
    label_box = Box(width - 86, 12, 56, 22)
    stroke_outline(canvas, label_box)
    draw_centered(canvas, f"施策{fullwidth(policy['policy_no'])}", label_box.x + 28, 27, GOTHIC, 10)
    widths = DETAIL_COLUMNS.widths(len(plan_years(content)))
    x = (width - sum(widths)) / 2
    placed = place_grid(detail_cells(content, initiatives), widths, x, DETAIL_TOP, DETAIL_STYLE)
    overflow = grid_bottom(placed) - (height - DETAIL_BOTTOM_MARGIN)
    if overflow > 0:
        raise ValueError(f"detail page {page_no} runs {overflow:.1f}pt off the page")
    draw_outlined_grid(canvas, placed, DETAIL_STYLE)
    draw_centered(canvas, f"{page_no}/{total}", width / 2, page_height(canvas) - 12, MINCHO, 9)


def _new_canvas(path: Path, password: str | None, owner_password: str | None) -> Canvas:
    # RC4-128: unlike AES-256, reportlab derives its keys without randomness (invariant output)
    encrypt = StandardEncryption(password, owner_password, strength=128) if password else None
    return Canvas(str(path), pagesize=PAGE_SIZE, invariant=1, encrypt=encrypt)


def render_direct(
    content: Content,
    path: Path,
    *,
    pages: Sequence[int] | None = None,
    front: bool = True,
    password: str | None = None,
    owner_password: str | None = None,
) -> int:
    """Render ``content`` to ``path``; return the number of PDF pages.

    ``pages`` limits the detail pages drawn (all when None), ``front`` adds
    the cover and index, ``password`` encrypts with that user password.
    """
    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = _new_canvas(path, password, owner_password)
    canvas.setTitle(content["document"]["title"])
    if front:
        draw_cover(canvas, content)
        canvas.showPage()
        for placed in paginate_index(content, PAGE_SIZE):
            draw_index_page(canvas, content, placed)
            canvas.showPage()
    by_page = initiatives_by_page(content)
    previous_policy = None
    for page_no, initiatives in by_page.items():
        policy_no = _policy_of(content, initiatives[0])["policy_no"]
        if pages is None or page_no in pages:
            draw_detail_page(
                canvas, content, page_no, initiatives, len(by_page), policy_no != previous_policy
            )
            canvas.showPage()
        previous_policy = policy_no
    count = canvas.getPageNumber() - 1
    canvas.save()
    return count


def build(samples_dir: Path) -> list[Path]:
    """Render samples/okayama_fy2022/okayama_fy2022_direct.pdf from the Okayama content file."""
    content = load_content(okayama_content_path(samples_dir))
    path = samples_dir / "okayama_fy2022" / OUTPUT_NAME
    render_direct(content, path)
    return [path]
