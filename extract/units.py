"""Coordinate rounding shared by glyphs and ruling.

Page coordinates are kept to a thousandth of a point: far below anything
visible, and enough to make equal positions compare equal after the
floating-point noise of matrix products and page-box offsets.
"""

from __future__ import annotations

COORD_DIGITS = 3


def coord(value: float) -> float:
    """A coordinate rounded to :data:`COORD_DIGITS` decimals (``-0.0`` becomes ``0.0``)."""
    return round(value, COORD_DIGITS) + 0.0
