"""PDFium path objects → ruling :class:`~gyokaku.extract.ruling.Segment` objects.

Every visible path (stroked or filled with a colour that is not white),
also inside form XObjects, is split into subpaths at each move, as pdfminer
does.  A subpath whose box is thin becomes that box's centre line; any
other contributes its straight, axis-aligned pieces (curves draw no rule).
This is :func:`gyokaku.extract.ruling.object_segments` on PDFium's paths, so
both engines see the same ruling.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from . import pdfium_ffi as ffi
from .pdfium_objects import Matrix
from .pdfium_source import PageFrame
from .ruling import Segment, box_segments, segment_between
from .units import coord

Point = tuple[float, float]
WHITE = 255


@dataclass(slots=True)
class Subpath:
    """One subpath in page coordinates: its operators (m, l, c, h) and their end points."""

    ops: list[str]
    points: list[Point]


def _is_white(colour: tuple[int, int, int]) -> bool:
    return all(value >= WHITE for value in colour)


def is_visible(path: int, scratch: ffi.Scratch) -> bool:
    """True unless the path is neither stroked nor filled with a colour other than white."""
    if not ffi.path_draw_mode(path, *scratch.int_refs):
        return True
    fill_mode, stroke = scratch.ints[0].value, scratch.ints[1].value
    if stroke and not _colour_is_white(path, scratch, stroke=True):
        return True
    return bool(fill_mode) and not _colour_is_white(path, scratch, stroke=False)


def _colour_is_white(path: int, scratch: ffi.Scratch, *, stroke: bool) -> bool:
    reader = ffi.stroke_color if stroke else ffi.fill_color
    if not reader(path, *scratch.colour_refs):
        return False  # a pattern, say: assume it shows
    red, green, blue, _ = (value.value for value in scratch.colour)
    return _is_white((red, green, blue))


def subpaths(path: int, matrix: Matrix, frame: PageFrame, scratch: ffi.Scratch
             ) -> list[Subpath]:
    """The path's subpaths in page coordinates; Bézier control points are skipped."""
    found: list[Subpath] = []
    current: Subpath | None = None
    x_value, y_value = scratch.floats[0], scratch.floats[1]
    x_arg, y_arg = scratch.float_args[:2]
    a, b, c, d, e, f = matrix
    ax, bx, cx, ay, by, cy = frame.ax, frame.bx, frame.cx, frame.ay, frame.by, frame.cy
    get_segment, segment_type, segment_point = ffi.path_segment, ffi.segment_type, ffi.segment_point
    segment_close, path_arg = ffi.segment_close, ffi.handle_arg(path)
    moveto, bezierto = ffi.SEGMENT_MOVETO, ffi.SEGMENT_BEZIERTO
    ops: list[str] = []
    points: list[Point] = []
    bezier_step = 0
    # This loop runs for every segment of every path: the Subpath's lists are filled directly.
    for index in range(ffi.count_segments(path)):
        segment = get_segment(path_arg, index)
        kind = segment_type(segment)
        segment_point(segment, x_arg, y_arg)
        x, y = x_value.value, y_value.value
        ux, uy = a * x + c * y + e, b * x + d * y + f
        point = (ax * ux + bx * uy + cx, ay * ux + by * uy + cy)  # frame.point, inlined
        if kind == moveto:
            current = Subpath(["m"], [point])
            ops, points = current.ops, current.points
            found.append(current)
            bezier_step = 0
            continue
        if current is None:
            continue  # pdfminer ignores a path that does not start with a move
        if kind == bezierto:
            bezier_step = (bezier_step + 1) % 3
            if bezier_step == 0:
                ops.append("c")
                points.append(point)
        else:
            ops.append("l")
            points.append(point)
        if segment_close(segment):
            ops.append("h")
            points.append(points[0])
    return found


def subpath_segments(subpath: Subpath, thin: float) -> list[Segment]:
    """The rules one subpath draws (see :func:`ruling.object_segments`)."""
    if len(subpath.ops) < 2:
        return []  # a lone move draws nothing
    points = subpath.points
    if len(points) > 3 and subpath.ops[-2:] == ["l", "h"] and points[-2] == points[0]:
        points = points[:-2] + points[-1:]  # pdfminer drops a redundant line before h
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if min(x1 - x0, bottom - top) <= thin:
        return box_segments(x0, top, x1, bottom, thin)
    pieces = (
        segment_between(start, end, thin)
        for start, end, op in zip(subpath.points, subpath.points[1:], subpath.ops[1:],
                                  strict=False)
        if op in ("l", "h")
    )
    return [piece for piece in pieces if piece is not None]


def _rounded(segment: Segment) -> Segment | None:
    """The segment with its coordinates rounded (``translate`` to the origin it already has),
    or ``None`` when one is not finite."""
    pos, start, end = segment.pos, segment.start, segment.end
    if not (math.isfinite(pos) and math.isfinite(start) and math.isfinite(end)):
        return None
    return Segment(segment.horizontal, coord(pos), coord(start), coord(end))


def raw_page_segments(paths: Iterable[tuple[int, Matrix]], frame: PageFrame,
                      thin: float) -> list[Segment]:
    """All axis-aligned rules of the visible ``(path, matrix)`` objects, page-relative
    and rounded."""
    scratch = ffi.Scratch()
    found: list[Segment] = []
    for path, matrix in paths:
        if not is_visible(path, scratch):
            continue
        for subpath in subpaths(path, matrix, frame, scratch):
            for piece in subpath_segments(subpath, thin):
                rounded = _rounded(piece)
                if rounded is not None:
                    found.append(rounded)
    return found
