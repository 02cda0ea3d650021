"""Coordinate rounding shared by glyphs and ruling.

Page coordinates are kept to a thousandth of a point: far below anything
visible, and enough to make equal positions compare equal after the
floating-point noise of matrix products and page-box offsets.
"""

from __future__ import annotations

COORD_DIGITS = 3
_SCALES = tuple(10.0**digits for digits in range(16))  # exact doubles
# Below this magnitude a scaled value is within 2**-53 * 1e9 (about 1.1e-7) of its exact
# value, well inside _TIE_MARGIN: its nearest integer is the exactly rounded one.
_FAST_LIMIT = 1e9
_TIE_MARGIN = 1e-6


def round_decimals(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` decimals (0 to 15), ``-0.0`` made ``0.0``: exactly
    ``round(value, digits) + 0.0``."""
    # round(value, digits) rounds the exact decimal expansion through a string (a few
    # thousand instructions; glyphs and rules round over a thousand values a page).  Away
    # from a half-way case, the nearest integer of value * 10**digits is that rounding, and
    # dividing it by 10**digits (correctly rounded) gives the same double; near one, or for
    # huge or non-finite values, Python's own rounding decides.
    scale = _SCALES[digits]
    scaled = value * scale
    if -_FAST_LIMIT < scaled < _FAST_LIMIT:
        nearest = round(scaled)
        if abs(abs(scaled - nearest) - 0.5) > _TIE_MARGIN:
            return nearest / scale
    return round(value, digits) + 0.0


def coord(value: float) -> float:
    """A coordinate rounded to :data:`COORD_DIGITS` decimals (``-0.0`` becomes ``0.0``)."""
    return round_decimals(value, COORD_DIGITS)
