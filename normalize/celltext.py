"""The normalized text of one role's cells in a row (a cell may continue on the next page)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from gyokaku.model import Cell, TextLine
from gyokaku.normalize.lines import join_cell_lines

# Lines of a continuation cell (next page) are shifted below the first part so
# that "top to bottom" keeps meaning "in reading order" across the page break.
_PAGE_SHIFT = 1_000_000.0


def _shifted(line: TextLine, shift: float) -> TextLine:
    if not shift:  # the first part of every cell: nothing to move
        return line
    return dataclasses.replace(line, top=line.top + shift, bottom=line.bottom + shift)


def cells_text(cells: Sequence[Cell]) -> str | None:
    """The cells' lines joined by the line conventions; None when there is no text."""
    filled = [cell for cell in cells if cell.lines]
    if not filled:
        return None
    first = filled[0]
    lines: list[TextLine] = []
    for part, cell in enumerate(filled):
        lines.extend(_shifted(line, part * _PAGE_SHIFT) for line in cell.lines)
    text = join_cell_lines(lines, first.x0, first.x1)
    return text or None


def name_text(cells: Sequence[Cell]) -> str | None:
    """A name printed over several wrapped lines, as one line."""
    text = cells_text(cells)
    if text is None:
        return None
    return "".join(part for part in text.split("\n")) or None
