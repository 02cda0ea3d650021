"""Blank-only text objects, which PDFium leaves off its text page.

A text object that prints only blanks (an indenting U+3000 set on its own,
a space between two runs in different fonts) has glyphs without ink, so
its box is empty and PDFium's text page skips it; pdfminer reports its
characters.  Such an object is recovered from the page's object list: it
stands for the blank gap from its origin to the next character on its
baseline — U+3000 per em, or one ASCII space when the gap is narrower.
A blank object with nothing after it on its line is left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import attrgetter

from . import pdfium_ffi as ffi
from .pdfium_chars import CharRecord, CharRun
from .pdfium_styles import StyleReader, TextStyle
from .units import round_decimals

EMPTY_WIDTH = 0.01  # PDFium's own threshold for an empty text object box
BLANK_GAP_EM = 0.2  # a narrower gap holds no blank
SPACE_GAP_EM = 0.75  # a narrower blank is an ASCII space, a wider one U+3000 per em
MAX_BLANK_EM = 4.0  # a wider gap is not one blank object's advance
BASELINE_DIGITS = 2
_LEFT = attrgetter("left")


def _baseline(style: TextStyle) -> float:
    return round_decimals(style.f, BASELINE_DIGITS)


def gap_blanks(obj: int, style: TextStyle, gap: float) -> list[CharRecord]:
    """The blank characters standing for ``gap`` user-space units after ``style``'s origin."""
    em = style.em
    if not BLANK_GAP_EM * em <= gap <= MAX_BLANK_EM * em:
        return []
    if gap < SPACE_GAP_EM * em:
        return [CharRecord(" ", obj, style.e, style.f, style.e + gap, style.f, -1)]
    count = max(1, round(gap / em))
    step = gap / count
    return [
        CharRecord("\u3000", obj, style.e + k * step, style.f, style.e + (k + 1) * step,
                   style.f, -1)
        for k in range(count)
    ]


def _line_starts(runs: Sequence[CharRun], styles: StyleReader,
                 blanks: Sequence[tuple[int, TextStyle]]) -> dict[float, list[float]]:
    """Where characters and blank objects start on each horizontal baseline."""
    starts: dict[float, list[float]] = {}
    for run, style in zip(runs, styles.styles_of(runs), strict=True):
        if style.along_x and style.em > 0:
            starts.setdefault(_baseline(style), []).extend(map(_LEFT, run))
    for _, style in blanks:
        starts.setdefault(_baseline(style), []).append(style.e)
    for values in starts.values():
        values.sort()
    return starts


def blank_runs(unread: Sequence[tuple[int, ffi.Matrix]], runs: Sequence[CharRun],
               styles: StyleReader) -> list[CharRun]:
    """Blanks for the text objects (with their matrices) that are not on the text page, one
    run per object, after the page's ``runs``."""
    blanks: list[tuple[int, TextStyle]] = []
    for obj, matrix in unread:
        if ffi.object_width(obj, styles.scratch) >= EMPTY_WIDTH:
            continue  # left off for another reason (a repeated object drawn as fake bold)
        style = styles.styles[obj] = styles.make(obj, matrix)
        if style.along_x and style.em > 0:
            blanks.append((obj, style))
    if not blanks:
        return []
    starts = _line_starts(runs, styles, blanks)
    found: list[CharRun] = []
    for obj, style in blanks:
        line = starts[_baseline(style)]
        after = bisect.bisect_right(line, style.e + EMPTY_WIDTH)
        if after < len(line) and (run := gap_blanks(obj, style, line[after] - style.e)):
            found.append(run)
    return found
