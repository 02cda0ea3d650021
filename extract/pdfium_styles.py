"""What every character of one PDFium text object shares: matrix, size, font.

Styles are read once per text object and remembered; fonts once per font.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from . import pdfium_bulk as bulk
from . import pdfium_ffi as ffi
from .pdfium_chars import CharRecord
from .pdfium_source import PageFrame

ALIGNED = 1e-9  # matrix entries smaller than this are zero
_new_tuple = tuple.__new__
NO_MATRIX: ffi.Matrix = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


class TextStyle(NamedTuple):
    """The style of one text object (a named tuple: a page has hundreds).

    ``a b c d e f`` is the object's matrix (text space → user space, font size
    excluded, horizontal scaling included); ``descent`` and ``ascent`` are in
    text space, at the object's font size.  ``upright`` and ``turned`` are
    pdfplumber's tests on pdfminer's device matrix (page rotation included);
    ``along_x``: the text advances along the user-space x axis (no rotation or
    skew); ``along_y``: it is turned by a quarter and advances along y (see
    :func:`linear_flags`).
    """

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float
    size: float
    descent: float
    ascent: float
    font: str
    upright: bool
    turned: bool
    along_x: bool
    along_y: bool

    @property
    def em(self) -> float:
        """The advance of one em along the line, in user space (negative when mirrored)."""
        return self.size * self.a


Flags = tuple[bool, bool, bool, bool]  # upright, turned, along_x, along_y


def device_flags(matrix: tuple[float, float, float, float],
                 device: tuple[float, float, float, float]) -> tuple[bool, bool]:
    """pdfplumber's ``upright``, and whether the glyph is turned by a quarter."""
    a, b, c, d = matrix
    ra, rb, rc, rd = device
    da, db = a * ra + b * rc, a * rb + b * rd
    dc, dd = c * ra + d * rc, c * rb + d * rd
    return (da * dd > 0 and db * dc <= 0), abs(dc) > abs(dd)


def linear_flags(matrix: tuple[float, float, float, float],
                 device: tuple[float, float, float, float]) -> Flags:
    """What a matrix's linear part decides: ``upright``, ``turned``, ``along_x``, ``along_y``."""
    a, b, c, d = matrix
    upright, turned = device_flags(matrix, device)
    along_x = abs(b) < ALIGNED and abs(c) < ALIGNED
    along_y = abs(a) < ALIGNED and abs(d) < ALIGNED
    return upright, turned, along_x, along_y


@dataclass(slots=True)
class StyleReader:
    """Reads, and remembers, the style of each text object of one page."""

    text_page: int
    frame: PageFrame
    scratch: ffi.Scratch = field(default_factory=ffi.Scratch)
    styles: dict[int, TextStyle] = field(default_factory=dict)
    fonts: dict[int, tuple[str, float, float]] = field(default_factory=dict)
    # most text objects of a page share a few linear parts (only e and f differ)
    flags: dict[tuple[float, float, float, float], Flags] = field(default_factory=dict)

    def styles_of(self, runs: Sequence[Sequence[CharRecord]]) -> list[TextStyle]:
        """The style of each run's text object (the runs of :func:`read_char_runs`); the
        styles not known yet are read together."""
        known = self.styles
        new = {run[0].obj: run[0].index for run in runs if run[0].obj not in known}
        if new:
            objects = list(new)
            matrices = bulk.char_matrices(self.text_page, list(new.values()), self.scratch)
            sizes = bulk.font_sizes(objects, self.scratch)
            fonts = bulk.fonts(objects)
            for obj, matrix, size, font in zip(objects, matrices, sizes, fonts, strict=True):
                # PDFium has a matrix for every character it lists; were one missing, the
                # style would be degenerate and its glyphs empty
                known[obj] = self._style(matrix or NO_MATRIX, size, font)
        return [known[run[0].obj] for run in runs]

    def make(self, obj: int, matrix: ffi.Matrix) -> TextStyle:
        """The style of text object ``obj`` drawn with ``matrix`` (text space → user space)."""
        font = ffi.text_object_font(obj) or 0
        return self._style(matrix, ffi.text_object_size(obj, self.scratch), font)

    def _style(self, matrix: ffi.Matrix, size: float, font: int) -> TextStyle:
        a, b, c, d, e, f = matrix
        name, descent, ascent = self._font(font)
        linear = (a, b, c, d)
        flags = self.flags.get(linear)
        if flags is None:
            flags = self.flags[linear] = linear_flags(linear, self.frame.device)
        upright, turned, along_x, along_y = flags
        # tuple.__new__ skips the named tuple's Python-level __new__: one call per object
        return _new_tuple(TextStyle, (a, b, c, d, e, f, size, descent * size, ascent * size,
                                      name, upright, turned, along_x, along_y))

    def _font(self, font: int) -> tuple[str, float, float]:
        known = self.fonts.get(font)
        if known is None:
            # pdfminer makes a descent written as positive negative; so do we
            descent = -abs(ffi.font_metric(font, self.scratch, descent=True))
            ascent = ffi.font_metric(font, self.scratch, descent=False)
            known = self.fonts[font] = (ffi.font_name(font), descent, ascent)
        return known
