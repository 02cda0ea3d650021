"""Drawing on a reportlab canvas in top-down coordinates: ruling, cell text, tategaki.

Three rulings: each cell stroked as one rectangle outline, borders as thin
filled rectangles (both used by the Okayama rendering, which draws no line
segment), and borders as line segments (the other-city layout).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas

from samples.generator.direct_fonts import text_width
from samples.generator.direct_grid import ASCENT, Box, GridStyle, PlacedCell, line_origins

OUTLINE_WIDTH = 0.5
RULE_THICKNESS = 0.6


def page_height(canvas: Canvas) -> float:
    """Height of the canvas page in points."""
    return float(canvas._pagesize[1])


def stroke_outline(canvas: Canvas, box: Box, shade: float | None = None) -> None:
    """Stroke a box as one rectangle outline, filled with grey ``shade`` when given."""
    canvas.setLineWidth(OUTLINE_WIDTH)
    canvas.setStrokeGray(0)
    if shade is not None:
        canvas.setFillGray(shade)
    y = page_height(canvas) - box.bottom
    canvas.rect(box.x, y, box.width, box.height, stroke=1, fill=int(shade is not None))
    canvas.setFillGray(0)


def fill_box(canvas: Canvas, box: Box, shade: float) -> None:
    """Fill a box with grey ``shade`` and no stroke."""
    canvas.setFillGray(shade)
    canvas.rect(box.x, page_height(canvas) - box.bottom, box.width, box.height, stroke=0, fill=1)
    canvas.setFillGray(0)


def fill_hrule(canvas: Canvas, x0: float, x1: float, top: float) -> None:
    """A horizontal border from ``x0`` to ``x1`` as a thin filled rectangle centred on ``top``."""
    half = RULE_THICKNESS / 2
    fill_box(canvas, Box(x0 - half, top - half, x1 - x0 + RULE_THICKNESS, RULE_THICKNESS), 0)


def fill_vrule(canvas: Canvas, x: float, top0: float, top1: float) -> None:
    """A vertical border from ``top0`` to ``top1``, a thin filled rectangle centred on ``x``."""
    half = RULE_THICKNESS / 2
    fill_box(canvas, Box(x - half, top0 - half, RULE_THICKNESS, top1 - top0 + RULE_THICKNESS), 0)


def outer_box(cells: Sequence[PlacedCell]) -> Box:
    """The box around every cell of a grid."""
    left = min(c.box.x for c in cells)
    top = min(c.box.top for c in cells)
    right = max(c.box.right for c in cells)
    return Box(left, top, right - left, max(c.box.bottom for c in cells) - top)


def draw_text(canvas: Canvas, text: str, x: float, baseline: float, font: str, size: float) -> None:
    """Draw one line of text with its baseline ``baseline`` points below the page top."""
    canvas.setFont(font, size)
    canvas.drawString(x, page_height(canvas) - baseline, text)


def draw_centered(
    canvas: Canvas, text: str, centre_x: float, baseline: float, font: str, size: float
) -> None:
    """Draw one line of text centred on ``centre_x``."""
    draw_text(canvas, text, centre_x - text_width(text, font, size) / 2, baseline, font, size)


def draw_cell_text(canvas: Canvas, cell: PlacedCell, style: GridStyle) -> None:
    """Draw the printed lines of a placed cell."""
    for line, (x, baseline) in zip(cell.lines, line_origins(cell, style), strict=True):
        draw_text(canvas, line.text, x, baseline, cell.spec.font, cell.spec.size)


def draw_outlined_grid(canvas: Canvas, cells: Sequence[PlacedCell], style: GridStyle) -> None:
    """Draw a grid whose every cell is stroked as its own rectangle outline."""
    for cell in cells:
        stroke_outline(canvas, cell.box, cell.spec.shade)
        draw_cell_text(canvas, cell, style)


def draw_filled_rule_grid(canvas: Canvas, cells: Sequence[PlacedCell], style: GridStyle) -> None:
    """Draw a grid bordered by thin filled rectangles.

    Each cell gets its top and left border, the outer box its bottom and right.
    """
    for cell in cells:
        if cell.spec.shade is not None:
            fill_box(canvas, cell.box, cell.spec.shade)
        draw_cell_text(canvas, cell, style)
    for cell in cells:
        fill_hrule(canvas, cell.box.x, cell.box.right, cell.box.top)
        fill_vrule(canvas, cell.box.x, cell.box.top, cell.box.bottom)
    outer = outer_box(cells)
    fill_hrule(canvas, outer.x, outer.right, outer.bottom)
    fill_vrule(canvas, outer.right, outer.top, outer.bottom)


def draw_segment(canvas: Canvas, x0: float, top0: float, x1: float, top1: float) -> None:
    """Stroke one line segment between two top-down points."""
    height = page_height(canvas)
    canvas.setLineWidth(OUTLINE_WIDTH)
    canvas.line(x0, height - top0, x1, height - top1)


def draw_segment_grid(canvas: Canvas, cells: Sequence[PlacedCell], style: GridStyle) -> None:
    """Draw a grid ruled with line segments (cell tops and lefts, the outer bottom and right)."""
    for cell in cells:
        if cell.spec.shade is not None:
            fill_box(canvas, cell.box, cell.spec.shade)
        draw_cell_text(canvas, cell, style)
    for cell in cells:
        box = cell.box
        draw_segment(canvas, box.x, box.top, box.right, box.top)
        draw_segment(canvas, box.x, box.top, box.x, box.bottom)
    outer = outer_box(cells)
    draw_segment(canvas, outer.x, outer.bottom, outer.right, outer.bottom)
    draw_segment(canvas, outer.right, outer.top, outer.right, outer.bottom)


def draw_vertical(
    canvas: Canvas, text: str, centre_x: float, top: float, font: str, size: float
) -> float:
    """Draw tategaki: one glyph per line going down from ``top``; return the bottom."""
    step = size * 1.1
    for k, char in enumerate(text):
        draw_centered(canvas, char, centre_x, top + k * step + ASCENT * size, font, size)
    return top + len(text) * step
