"""Ruling: the horizontal and vertical strokes a table is drawn with.

Producers draw cell borders as stroked lines, as thin filled rectangles, as
rectangle outlines or as general paths.  All of them become
:class:`Segment` objects; coordinates that differ by less than a tolerance
are snapped together and collinear pieces that overlap or nearly touch are
merged.  Tolerances are fractions of the page's text size (``em``), never
fixed point values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from .units import coord

SNAP_EM = 0.3  # rules closer than this are one rule; also "thin" for filled shapes
JOIN_EM = 0.5  # collinear pieces with a smaller gap are one rule
MIN_LENGTH_EM = 0.5  # shorter rules cannot bound a cell


class Segment(NamedTuple):
    """An axis-aligned rule: ``pos`` is its y (horizontal) or x (vertical).

    A named tuple: a page's ruling is made of hundreds of them, made and
    remade while snapping and merging.
    """

    horizontal: bool
    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        """Extent along the rule."""
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Tolerances:
    """Distances used to read ruling, all derived from the text size."""

    snap: float
    join: float
    min_length: float

    @classmethod
    def for_em(cls, em: float) -> Tolerances:
        """Tolerances for a page whose typical text size is ``em`` points."""
        return cls(snap=SNAP_EM * em, join=JOIN_EM * em, min_length=MIN_LENGTH_EM * em)


Point = tuple[float, float]


def _is_white(color: Any) -> bool:
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        numbers = [float(value) for value in values]
    except (TypeError, ValueError):
        return False  # pattern or named colour: assume it shows
    if len(numbers) == 4:  # CMYK
        return all(value <= 0.0 for value in numbers)
    return bool(numbers) and all(value >= 1.0 for value in numbers)


def is_visible(obj: Mapping[str, Any]) -> bool:
    """True unless the shape is neither stroked nor filled with a non-white colour."""
    stroked = bool(obj.get("stroke", True)) and not _is_white(obj.get("stroking_color", 0))
    filled = bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color", 0))
    return stroked or filled


def segment_between(a: Point, b: Point, thin: float) -> Segment | None:
    """The rule from ``a`` to ``b`` if it is (nearly) axis-aligned, else ``None``."""
    dx, dy = abs(b[0] - a[0]), abs(b[1] - a[1])
    if dy <= thin and dx > dy:
        return Segment(True, (a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0]))
    if dx <= thin and dy > dx:
        return Segment(False, (a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1]))
    return None


def box_segments(x0: float, top: float, x1: float, bottom: float, thin: float) -> list[Segment]:
    """A box's rules: one centre line when it is thin, else its four edges."""
    width, height = x1 - x0, bottom - top
    if min(width, height) <= thin:
        if width >= height:
            return [Segment(True, (top + bottom) / 2, x0, x1)]
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    return [
        Segment(True, top, x0, x1),
        Segment(True, bottom, x0, x1),
        Segment(False, x0, top, bottom),
        Segment(False, x1, top, bottom),
    ]


def path_points(path: Sequence[Any]) -> Iterator[tuple[Point, Point]]:
    """The straight pieces of a pdfplumber ``path`` (curved pieces are skipped)."""
    current: Point | None = None
    subpath_start: Point | None = None
    for step in path:
        if not step:
            continue
        op, points = step[0], [(float(p[0]), float(p[1])) for p in step[1:]]
        if op == "m" and points:
            current = subpath_start = points[-1]
        elif op == "l" and points and current is not None:
            yield current, points[-1]
            current = points[-1]
        elif op == "h" and current is not None and subpath_start is not None:
            yield current, subpath_start
            current = subpath_start
        elif points:
            current = points[-1]  # a Bézier piece: move on without a rule


def _bbox(obj: Mapping[str, Any]) -> tuple[float, float, float, float]:
    return float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"])


def object_segments(obj: Mapping[str, Any], thin: float) -> list[Segment]:
    """Rules drawn by one pdfplumber line, rect or curve object."""
    if not is_visible(obj):
        return []
    x0, top, x1, bottom = _bbox(obj)
    kind = obj.get("object_type")
    if kind == "rect" or min(x1 - x0, bottom - top) <= thin:
        return box_segments(x0, top, x1, bottom, thin)
    path = obj.get("path") or []
    if not path and obj.get("pts"):
        pts = [(float(p[0]), float(p[1])) for p in obj["pts"]]
        path = [("m", pts[0]), *(("l", p) for p in pts[1:])]
    pieces = (segment_between(a, b, thin) for a, b in path_points(path))
    return [piece for piece in pieces if piece is not None]


def translate(segment: Segment, origin: Point) -> Segment:
    """Move a segment so that ``origin`` becomes (0, 0)."""
    along = origin[0] if segment.horizontal else origin[1]
    across = origin[1] if segment.horizontal else origin[0]
    return Segment(
        segment.horizontal,
        coord(segment.pos - across),
        coord(segment.start - along),
        coord(segment.end - along),
    )


def _finite(segment: Segment) -> bool:
    return all(math.isfinite(v) for v in (segment.pos, segment.start, segment.end))


def raw_segments(
    objects: Iterable[Mapping[str, Any]], thin: float, origin: Point = (0.0, 0.0)
) -> list[Segment]:
    """All axis-aligned rules of a page's line/rect/curve objects, page-relative."""
    found: list[Segment] = []
    for obj in objects:
        try:
            pieces = object_segments(obj, thin)
        except (KeyError, TypeError, ValueError, IndexError):
            continue  # a malformed shape draws no rule
        found.extend(translate(piece, origin) for piece in pieces if _finite(piece))
    return found


def snap_positions(values: Sequence[tuple[float, float]], tolerance: float) -> dict[float, float]:
    """Map each position to its cluster's representative.

    ``values`` are (position, weight) pairs; positions within ``tolerance``
    of a cluster's first (smallest) position join it, and the cluster is
    represented by its weighted mean.
    """
    mapping: dict[float, float] = {}
    cluster: list[tuple[float, float]] = []

    def close_cluster() -> None:
        total = sum(max(weight, 1e-9) for _, weight in cluster)
        mean = coord(sum(pos * max(weight, 1e-9) for pos, weight in cluster) / total)
        for pos, _ in cluster:
            mapping[pos] = mean

    for pos, weight in sorted(values):
        if cluster and pos - cluster[0][0] > tolerance:
            close_cluster()
            cluster = []
        cluster.append((pos, weight))
    if cluster:
        close_cluster()
    return mapping


_BY_LINE = itemgetter(0, 1, 2)  # horizontal, pos, start


def merge_collinear(segments: Iterable[Segment], join: float) -> list[Segment]:
    """Merge segments on the same line that overlap or have a gap below ``join``."""
    merged: list[Segment] = []
    for segment in sorted(segments, key=_BY_LINE):
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.horizontal == segment.horizontal
            and last.pos == segment.pos
            and segment.start <= last.end + join
        ):
            merged[-1] = Segment(last.horizontal, last.pos, last.start, max(last.end, segment.end))
        else:
            merged.append(segment)
    return merged


def normalize_segments(segments: Iterable[Segment], tolerances: Tolerances) -> list[Segment]:
    """Snap positions, merge collinear pieces and drop rules too short to bound a cell."""
    result: list[Segment] = []
    pieces = list(segments)
    for horizontal in (True, False):
        group = [s for s in pieces if s.horizontal == horizontal]
        snapped = snap_positions([(s.pos, s.length) for s in group], tolerances.snap)
        moved = (Segment(horizontal, snapped[s.pos], s.start, s.end) for s in group)
        result.extend(merge_collinear(moved, tolerances.join))
    return [s for s in result if s.length >= tolerances.min_length]


def page_segments(
    objects: Iterable[Mapping[str, Any]], tolerances: Tolerances, origin: Point = (0.0, 0.0)
) -> list[Segment]:
    """The page's ruling, ready for grid finding."""
    return normalize_segments(raw_segments(objects, tolerances.snap, origin), tolerances)
