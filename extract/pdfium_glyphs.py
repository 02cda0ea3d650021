"""PDFium characters → :class:`gyokaku.model.Glyph`, in pdfplumber's box convention.

The shared page code expects pdfminer's glyph boxes: along the line a glyph
spans its advance width; across it, from the font's descent below the
baseline to one font size above that.  PDFium's loose character box gives
the advance; the baseline comes from the text object's matrix and the
descent from the font.  Turned text and rotated pages are handled as
pdfplumber handles them; a vertical-writing font keeps PDFium's box.

Known differences from pdfplumber: the descent is PDFium's (for a font
whose descriptor gives none PDFium measures the font itself, so boxes may
sit up to about a tenth of an em lower), a run of printed ASCII spaces
comes out as one, and font names carry no subset tag.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from gyokaku.model import Glyph

from . import pdfium_ffi as ffi
from .glyphs import clean_text, dedupe_glyphs
from .pdfium_chars import CharRecord, CharRun, steps_down
from .pdfium_source import PageFrame
from .pdfium_styles import ALIGNED, StyleReader, TextStyle
from .units import coord

Corners = tuple[float, float, float, float]  # two opposite corners (x, y, x, y), user space
_new_tuple = tuple.__new__


@lru_cache(maxsize=4096)
def cleaned(text: str) -> str:
    """:func:`glyphs.clean_text`, remembered (most pages use a few hundred characters)."""
    return clean_text(text)


def _general_box(record: CharRecord, style: TextStyle, text_page: int,
                 scratch: ffi.Scratch) -> Corners:
    """The box of a character on a rotated or skewed line (rare): from its origin."""
    ffi.get_char_origin(text_page, record.index, *scratch.double_refs)
    ox, oy = scratch.doubles[0].value, scratch.doubles[1].value
    low, high = style.descent, style.descent + style.size
    across = (style.ascent - style.descent) * (abs(style.c) + abs(style.d))
    span = (record.right - record.left) + (record.top - record.bottom) - across
    advance = max(span, 0.0) / max(abs(style.a) + abs(style.b), ALIGNED)
    return (
        ox + style.c * low,
        oy + style.d * low,
        ox + style.a * advance + style.c * high,
        oy + style.b * advance + style.d * high,
    )


def user_box(record: CharRecord, style: TextStyle, vertical: bool, text_page: int,
             scratch: ffi.Scratch) -> Corners:
    """Two opposite corners of pdfminer's box for one character, in user space."""
    if vertical:
        return record.left, record.bottom, record.right, record.top
    low, high = style.descent, style.descent + style.size  # across the line, text space
    if style.along_x:
        return record.left, style.f + style.d * low, record.right, style.f + style.d * high
    if style.along_y:
        return style.e + style.c * low, record.bottom, style.e + style.c * high, record.top
    return _general_box(record, style, text_page, scratch)


def make_glyph(text: str, corners: Corners, style: TextStyle, vertical: bool,
               frame: PageFrame) -> Glyph | None:
    """The glyph for one box, filtered as :func:`glyphs.glyph_from_char` filters."""
    px0, pt0 = frame.point(corners[0], corners[1])
    px1, pt1 = frame.point(corners[2], corners[3])
    left, right = (px0, px1) if px0 <= px1 else (px1, px0)
    upper, lower = (pt0, pt1) if pt0 <= pt1 else (pt1, pt0)
    width, height = right - left, lower - upper
    size = width if (style.turned or vertical) else height
    if not (math.isfinite(size) and size > 0):
        size = max(width, height)
    x0, x1, top, bottom = coord(left), coord(right), coord(upper), coord(lower)
    if not all(math.isfinite(value) for value in (x0, x1, top, bottom, size)) or size <= 0:
        return None
    centre_x, centre_y = (x0 + x1) / 2, (top + bottom) / 2
    if not (0 <= centre_x <= frame.width and 0 <= centre_y <= frame.height):
        return None
    return Glyph(text, x0, top, x1, bottom, size, style.font, style.upright)


@dataclass(frozen=True, slots=True)
class Row:
    """Where every glyph of one horizontal text object lands on an upright page.

    Only x varies from glyph to glyph; ``None`` from :func:`row_of` when the
    general path must be taken.
    """

    top: float
    bottom: float
    size: float
    font: str
    upright: bool


def row_of(style: TextStyle, frame: PageFrame) -> Row | None:
    """The fixed rows of a horizontal style on a page without quarter rotation, if valid."""
    if not style.along_x or frame.bx or frame.ay or style.turned:
        return None
    low, high = style.descent, style.descent + style.size
    y0, y1 = style.f + style.d * low, style.f + style.d * high
    pt0, pt1 = frame.by * y0 + frame.cy, frame.by * y1 + frame.cy
    upper, lower = (pt0, pt1) if pt0 <= pt1 else (pt1, pt0)
    size = lower - upper
    top, bottom = coord(upper), coord(lower)
    if not (math.isfinite(size) and size > 0 and math.isfinite(top) and math.isfinite(bottom)):
        return None
    return Row(top, bottom, size, style.font, style.upright)


class PageX(dict[float, float]):
    """Page x, rounded, of each user-space x on a page without quarter rotation, remembered.

    A page's characters start and end at few distinct x (columns, a regular
    pitch), so most of them are looked up rather than rounded again.
    """

    def __init__(self, frame: PageFrame) -> None:
        """An empty map for ``frame``."""
        super().__init__()
        self.ax, self.cx = frame.ax, frame.cx

    def __missing__(self, x: float) -> float:
        value = self[x] = coord(self.ax * x + self.cx)
        return value


def row_glyphs(run: Sequence[CharRecord], row: Row, frame: PageFrame,
               page_x: PageX) -> list[Glyph]:
    """The glyphs of one horizontal text object on an upright page: only x varies."""
    if not 0 <= (row.top + row.bottom) / 2 <= frame.height:
        return []
    width = frame.width
    top, bottom, size, font, upright = row.top, row.bottom, row.size, row.font, row.upright
    isfinite = math.isfinite
    glyphs: list[Glyph] = []
    append = glyphs.append
    for record in run:
        text = record.text
        text = cleaned(text) if len(text) == 1 else clean_text(text)
        if not text:
            continue
        x0, x1 = page_x[record.left], page_x[record.right]
        if x1 < x0:
            x0, x1 = x1, x0
        if isfinite(x0) and isfinite(x1) and 0 <= (x0 + x1) / 2 <= width:
            # tuple.__new__ skips the named tuple's Python-level __new__: one call per glyph
            append(_new_tuple(Glyph, (text, x0, top, x1, bottom, size, font, upright)))
    return glyphs


RowKey = tuple[float, float, float, float, str, bool, bool, bool]


def _row_key(style: TextStyle) -> RowKey:
    return (style.f, style.d, style.descent, style.size, style.font, style.upright,
            style.turned, style.along_x)


def page_glyphs(runs: Sequence[CharRun], styles: StyleReader) -> list[Glyph]:
    """The glyphs of one page's runs of character records, in drawing order, deduplicated."""
    frame = styles.frame
    run_styles = styles.styles_of(runs)
    vertical = {run[0].obj for run, style in zip(runs, run_styles, strict=True)
                if style.along_x and len(run) > 1 and steps_down(run, style.size)}
    rows: dict[RowKey, Row | None] = {}  # the text objects of one line share their row
    page_x = PageX(frame)
    glyphs: list[Glyph] = []
    for run, style in zip(runs, run_styles, strict=True):
        is_vertical = run[0].obj in vertical
        row = None
        if not is_vertical:
            key = _row_key(style)
            row = rows[key] if key in rows else rows.setdefault(key, row_of(style, frame))
        if row is not None:
            glyphs += row_glyphs(run, row, frame, page_x)
            continue
        for record in run:
            text = cleaned(record.text) if len(record.text) == 1 else clean_text(record.text)
            corners = user_box(record, style, is_vertical, styles.text_page, styles.scratch)
            glyph = make_glyph(text, corners, style, is_vertical, frame) if text else None
            if glyph is not None:
                glyphs.append(glyph)
    return dedupe_glyphs(glyphs)
