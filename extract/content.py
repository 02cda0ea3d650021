"""One pdfplumber page → its glyphs and ruling, in page-relative coordinates.

This is the part every engine shares: the glyphs always come from
pdfplumber, whichever engine finds the table grids.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, not_
from typing import Any

from gyokaku.model import Glyph

from .glyphs import blank_flags, glyphs_from_chars
from .ruling import Segment, Tolerances, page_segments
from .xobjects import has_cyclic_forms

# Without any text, tolerances scale with the page: an A4 page's short side
# over this divisor is about a 10 pt font.
PAGE_EM_DIVISOR = 60.0
_SIZE = attrgetter("size")


@dataclass(frozen=True, slots=True)
class PageContent:
    """What a page prints: glyphs in drawing order and its ruling."""

    index: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    segments: tuple[Segment, ...]
    tolerances: Tolerances
    cyclic_forms: bool = False


def typical_em(glyphs: Sequence[Glyph], width: float, height: float) -> float:
    """The page's usual text size: the median size of its printed glyphs."""
    sizes = list(compress(map(_SIZE, glyphs), map(not_, blank_flags(glyphs))))
    if sizes:
        return float(statistics.median(sizes))
    return max(min(width, height), 1.0) / PAGE_EM_DIVISOR


def read_page(page: Any, index: int) -> PageContent:
    """Read a pdfplumber page's glyphs and ruling (origin at the page box's top-left)."""
    x0, top, x1, bottom = (float(value) for value in page.bbox)
    width, height = x1 - x0, bottom - top
    origin = (x0, top)
    glyphs = glyphs_from_chars(page.chars, origin, (width, height))
    tolerances = Tolerances.for_em(typical_em(glyphs, width, height))
    shapes = [*page.lines, *page.rects, *page.curves]
    segments = page_segments(shapes, tolerances, origin)
    cyclic = has_cyclic_forms(getattr(page.page_obj, "resources", None))
    return PageContent(index, width, height, tuple(glyphs), tuple(segments), tolerances, cyclic)
