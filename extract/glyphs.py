"""pdfplumber characters → :class:`gyokaku.model.Glyph`.

Coordinates are moved so that the page box's top-left corner is the origin.
Glyphs that carry no text (control characters only), have no size, lie off
the page or carry non-finite coordinates are dropped; a glyph drawn twice at
nearly the same place ("fake bold") is kept once.  Printed spaces stay: they
tell the line builder where the producer put a blank.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from gyokaku.model import Glyph

from .units import coord

BLANK_CHARS = " \u3000\u00a0\u2002\u2003\u2009"
BLANKS = frozenset(BLANK_CHARS)
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Fake bold draws a glyph again a few hundredths of an em away; real
# neighbours are at least half a (narrow) glyph apart.
DUPLICATE_EM = 0.15
DUPLICATE_WIDTH = 0.5


def is_blank(text: str) -> bool:
    """True when a glyph's text is made of blank characters only."""
    return bool(text) and not text.strip(BLANK_CHARS)  # called per glyph: strip runs in C


def clean_text(text: str) -> str:
    """Drop control and format characters from a glyph's text."""
    return "".join(char for char in text if unicodedata.category(char) not in DROPPED_CATEGORIES)


def is_quarter_turned(char: Mapping[str, Any]) -> bool:
    """True when the text matrix turns the glyph's up direction sideways (±90°)."""
    matrix = char.get("matrix")
    if not matrix or len(matrix) < 4:
        return False
    try:
        return abs(float(matrix[2])) > abs(float(matrix[3]))
    except (TypeError, ValueError):
        return False


def glyph_em(char: Mapping[str, Any]) -> float:
    """The font size a character is drawn at, whatever its rotation.

    pdfminer's ``size`` is the box height for horizontal fonts, which is the
    advance width once the glyph is turned by 90°; then the box width is the
    font size.
    """
    width = float(char.get("width") or 0.0)
    height = float(char.get("height") or 0.0)
    size = width if is_quarter_turned(char) else float(char.get("size") or 0.0)
    if math.isfinite(size) and size > 0:
        return size
    return max(width, height)


def glyph_from_char(
    char: Mapping[str, Any], origin: tuple[float, float], page_size: tuple[float, float]
) -> Glyph | None:
    """Convert one pdfplumber char dict; ``None`` when the glyph is dropped."""
    text = clean_text(str(char.get("text") or ""))
    if not text:
        return None
    try:
        x0 = coord(float(char["x0"]) - origin[0])
        x1 = coord(float(char["x1"]) - origin[0])
        top = coord(float(char["top"]) - origin[1])
        bottom = coord(float(char["bottom"]) - origin[1])
    except (KeyError, TypeError, ValueError):
        return None
    size = glyph_em(char)
    if not all(math.isfinite(value) for value in (x0, x1, top, bottom, size)) or size <= 0:
        return None
    centre_x, centre_y = (x0 + x1) / 2, (top + bottom) / 2
    if not (0 <= centre_x <= page_size[0] and 0 <= centre_y <= page_size[1]):
        return None
    return Glyph(
        text=text,
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        size=size,
        font=str(char.get("fontname") or ""),
        upright=bool(char.get("upright", True)),
    )


def _is_duplicate(glyph: Glyph, kept: Glyph) -> bool:
    near = DUPLICATE_EM * glyph.size
    tolerance = min(near, DUPLICATE_WIDTH * max(glyph.x1 - glyph.x0, 1e-6))
    vertical_tolerance = min(near, DUPLICATE_WIDTH * max(glyph.bottom - glyph.top, 1e-6))
    return (
        kept.upright == glyph.upright
        and abs(kept.x0 - glyph.x0) <= tolerance
        and abs(kept.top - glyph.top) <= vertical_tolerance
    )


Buckets = dict[str, dict[int, list[tuple[int, Glyph]]]]


def dedupe_glyphs(glyphs: Iterable[Glyph]) -> list[Glyph]:
    """Keep the first of glyphs with the same text drawn at nearly the same place.

    Kept glyphs are filed by text and by the cell of an em-sized grid (of
    their own size) that holds their top-left corner; a glyph is compared
    with those in its own and the eight neighbouring cells.
    """
    kept: list[Glyph] = []
    buckets: Buckets = {}  # text → grid row → (grid column, glyph)
    for glyph in glyphs:
        cell = max(glyph.size, 1e-6)
        column, row = math.floor(glyph.x0 / cell), math.floor(glyph.top / cell)
        rows = buckets.get(glyph.text)
        if rows is None:  # the first glyph with this text: nothing to compare with
            rows = buckets[glyph.text] = {}
        elif _has_duplicate(glyph, rows, column, row):
            continue
        kept.append(glyph)
        rows.setdefault(row, []).append((column, glyph))
    return kept


def _has_duplicate(
    glyph: Glyph, rows: dict[int, list[tuple[int, Glyph]]], column: int, row: int
) -> bool:
    """True when a kept glyph (of the same text) in the 3×3 neighbouring cells duplicates it."""
    for near_row in (row - 1, row, row + 1):
        for other_column, other in rows.get(near_row, ()):
            if abs(other_column - column) <= 1 and _is_duplicate(glyph, other):
                return True
    return False


def glyphs_from_chars(
    chars: Iterable[Mapping[str, Any]],
    origin: tuple[float, float] = (0.0, 0.0),
    page_size: tuple[float, float] = (math.inf, math.inf),
) -> list[Glyph]:
    """Convert pdfplumber chars to glyphs in drawing order, deduplicated."""
    converted = (glyph_from_char(char, origin, page_size) for char in chars)
    return dedupe_glyphs(glyph for glyph in converted if glyph is not None)
