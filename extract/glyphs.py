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
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from gyokaku.model import Glyph

from .units import coord

BLANK_CHARS = " \u3000\u00a0\u2002\u2003\u2009"
BLANKS = frozenset(BLANK_CHARS)
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Fake bold draws a glyph again a few hundredths of an em away; real
# neighbours are at least half a (narrow) glyph apart.
DUPLICATE_EM = 0.15
DUPLICATE_WIDTH = 0.5
_TEXT, _SIZE, _X0, _TOP = (attrgetter(name) for name in ("text", "size", "x0", "top"))


def is_blank(text: str) -> bool:
    """True when a glyph's text is made of blank characters only."""
    return bool(text) and not text.strip(BLANK_CHARS)  # called per glyph: strip runs in C


def blank_flags(glyphs: Sequence[Glyph]) -> list[bool]:
    """:func:`is_blank` of every glyph's text, in order.

    When every text is one character (the usual page) they are looked up in
    :data:`BLANKS` without a Python call per glyph.
    """
    texts = list(map(_TEXT, glyphs))
    if texts and max(map(len, texts)) == 1:
        return list(map(BLANKS.__contains__, texts))
    return [is_blank(text) for text in texts]


def inked_count(glyphs: Sequence[Glyph]) -> int:
    """How many glyphs print something (are not blank)."""
    return len(glyphs) - sum(blank_flags(glyphs))


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
    with those in its own and the eight neighbouring cells.  Only glyphs that
    :func:`near_twins` finds close to another glyph of the same text are
    compared at all (on a usual page, a handful).
    """
    listed = list(glyphs)
    return keep_first(listed, near_twins(listed))


def keep_first(glyphs: Sequence[Glyph], compare: Sequence[bool]) -> list[Glyph]:
    """:func:`dedupe_glyphs`, comparing only the glyphs whose ``compare`` flag is set."""
    kept: list[Glyph] = []
    buckets: Buckets = {}  # text → grid row → (grid column, glyph)
    for glyph, twin in zip(glyphs, compare, strict=True):
        if not twin:
            kept.append(glyph)
            continue
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


MAX_KEY = 2**62  # cell keys must fit in int64


def near_twins(glyphs: Sequence[Glyph]) -> list[bool]:
    """For each glyph, whether another glyph of the same text may be its duplicate.

    Two glyphs can only be duplicates when their top-left corners are within
    :data:`DUPLICATE_EM` of the larger em in both directions, so they fall in
    the same or neighbouring cells of a grid that fine (one grid for the
    whole page, of the largest size).  A glyph with no same-text glyph in
    those nine cells is no duplicate and has none.
    """
    count = len(glyphs)
    if count < 2:
        return [False] * count
    codes: dict[str, int] = {}
    text_ids = np.fromiter((codes.setdefault(glyph.text, len(codes)) for glyph in glyphs),
                           dtype=np.int64, count=count)
    sizes = np.fromiter(map(_SIZE, glyphs), dtype=np.float64, count=count)
    # a hair wider than the largest tolerance, so that rounding in the division below
    # cannot put two glyphs within tolerance two cells apart
    step = DUPLICATE_EM * float(sizes.max()) * (1 + 1e-6)
    if len(codes) == count:
        return [False] * count  # every text drawn once
    columns = np.floor(np.fromiter(map(_X0, glyphs), dtype=np.float64, count=count) / step)
    rows = np.floor(np.fromiter(map(_TOP, glyphs), dtype=np.float64, count=count) / step)
    columns -= columns.min() - 1  # from 1, so that neighbours stay non-negative
    rows -= rows.min() - 1
    width, height = float(columns.max()) + 2, float(rows.max()) + 2
    if not (step > 0 and len(codes) * width * height < MAX_KEY):
        return [True] * count  # a degenerate page: compare every glyph
    keys = (text_ids * int(width) + columns.astype(np.int64)) * int(height) + rows.astype(np.int64)
    ordered = np.sort(keys)
    last = len(ordered) - 1
    twins = np.zeros(count, dtype=bool)
    for shift in (-int(height) - 1, -int(height), -int(height) + 1, -1, 1,
                  int(height) - 1, int(height), int(height) + 1):
        near = keys + shift
        twins |= ordered[np.minimum(np.searchsorted(ordered, near), last)] == near
    position = np.searchsorted(ordered, keys)  # a key found twice is its own twin
    twins |= (position < last) & (ordered[np.minimum(position + 1, last)] == keys)
    return twins.tolist()


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
