"""A ruled grid of cells (with spans) laid out by measured text.

The table model of the reportlab renderings.  Coordinates are in points with
``top`` measured downward from the top of the page; drawing converts them.
Row heights grow until every cell shows all of its printed lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samples.generator.direct_fonts import MINCHO, text_width
from samples.generator.direct_text import PrintedLine, layout_text

ASCENT = 0.88  # IPAex ascent as a share of the font size


@dataclass(frozen=True)
class GridStyle:
    """Spacing of a grid: cell padding, line spacing and the height of an empty row."""

    pad_x: float = 2.5
    pad_y: float = 2.5
    leading_ratio: float = 1.25
    min_row_height: float = 10.0


@dataclass(frozen=True)
class CellSpec:
    """One cell of a grid: where it sits, what it says and how it is set.

    ``preset`` holds printed lines that are used as they are (no wrapping), for
    a text continued from another page.
    """

    col: int
    row: int
    text: str | None = None
    col_span: int = 1
    row_span: int = 1
    font: str = MINCHO
    size: float = 6.0
    align: str = "left"
    valign: str = "top"
    indent_paragraphs: bool = False
    shade: float | None = None
    preset: tuple[PrintedLine, ...] | None = None


@dataclass(frozen=True)
class Box:
    """A rectangle: left edge, top edge (downward from the page top), width, height."""

    x: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Distance of the bottom edge from the page top."""
        return self.top + self.height


@dataclass(frozen=True)
class PlacedCell:
    """A cell with its box and its printed lines."""

    spec: CellSpec
    box: Box
    lines: tuple[PrintedLine, ...]


def text_area_width(spec: CellSpec, col_widths: Sequence[float], style: GridStyle) -> float:
    """Width available to the text of a cell."""
    return sum(col_widths[spec.col : spec.col + spec.col_span]) - 2 * style.pad_x


def cell_lines(
    spec: CellSpec, col_widths: Sequence[float], style: GridStyle
) -> tuple[PrintedLine, ...]:
    """The printed lines of a cell at its width."""
    if spec.preset is not None:
        return spec.preset
    width = text_area_width(spec, col_widths, style)
    return tuple(layout_text(spec.text, spec.font, spec.size, width, spec.indent_paragraphs))


def needed_height(lines: Sequence[PrintedLine], size: float, style: GridStyle) -> float:
    """Height a cell needs to show ``lines`` inside its padding."""
    if not lines:
        return style.min_row_height
    block = (len(lines) - 1) * size * style.leading_ratio + size
    return max(style.min_row_height, block + 2 * style.pad_y)


def row_heights(
    specs: Sequence[CellSpec], lines: Sequence[tuple[PrintedLine, ...]], style: GridStyle
) -> list[float]:
    """Row heights such that every cell (spanning cells last) shows all its lines."""
    n_rows = max(spec.row + spec.row_span for spec in specs)
    heights = [style.min_row_height] * n_rows
    order = sorted(range(len(specs)), key=lambda i: specs[i].row_span)
    for i in order:
        spec = specs[i]
        span = range(spec.row, spec.row + spec.row_span)
        deficit = needed_height(lines[i], spec.size, style) - sum(heights[r] for r in span)
        if deficit > 0:
            heights[span[-1]] += deficit
    return heights


def place_grid(
    specs: Sequence[CellSpec], col_widths: Sequence[float], x: float, top: float, style: GridStyle
) -> list[PlacedCell]:
    """Lay the cells out with the grid's top-left corner at (``x``, ``top``)."""
    lines = [cell_lines(spec, col_widths, style) for spec in specs]
    heights = row_heights(specs, lines, style)
    col_x = [x + sum(col_widths[:c]) for c in range(len(col_widths) + 1)]
    row_top = [top + sum(heights[:r]) for r in range(len(heights) + 1)]
    placed = []
    for spec, cell in zip(specs, lines, strict=True):
        box = Box(
            col_x[spec.col],
            row_top[spec.row],
            col_x[spec.col + spec.col_span] - col_x[spec.col],
            row_top[spec.row + spec.row_span] - row_top[spec.row],
        )
        placed.append(PlacedCell(spec, box, cell))
    return placed


def equal_runs(values: Sequence[object]) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive equal values, for cells merged over rows."""
    runs: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def grid_bottom(placed: Sequence[PlacedCell]) -> float:
    """Distance from the page top to the bottom of a laid-out grid."""
    return max(cell.box.bottom for cell in placed)


def line_origins(cell: PlacedCell, style: GridStyle) -> list[tuple[float, float]]:
    """(x, baseline distance from page top) of every printed line of a cell."""
    size = cell.spec.size
    leading = size * style.leading_ratio
    block = (len(cell.lines) - 1) * leading + size if cell.lines else 0.0
    first_top = cell.box.top + style.pad_y
    if cell.spec.valign == "middle":
        first_top = cell.box.top + (cell.box.height - block) / 2
    origins = []
    for k, line in enumerate(cell.lines):
        x = cell.box.x + style.pad_x + line.indent
        if cell.spec.align == "center":
            x = cell.box.x + (cell.box.width - text_width(line.text, cell.spec.font, size)) / 2
        origins.append((x, first_top + k * leading + ASCENT * size))
    return origins
