"""Ruling → segments → grids with merged cells."""

from __future__ import annotations

from gyokaku.extract.grid import GridCell, Ruling, cells_from_ruling, find_grids, make_grids
from gyokaku.extract.ruling import (
    Segment,
    Tolerances,
    normalize_segments,
    object_segments,
    page_segments,
)

TOL = Tolerances.for_em(10.0)  # snap 3, join 5, shortest rule 5


def h(y: float, x0: float, x1: float) -> Segment:
    return Segment(True, y, x0, x1)


def v(x: float, top: float, bottom: float) -> Segment:
    return Segment(False, x, top, bottom)


def shape(
    kind: str, x0: float, top: float, x1: float, bottom: float, **extra: object
) -> dict[str, object]:
    return {
        "object_type": kind,
        "x0": x0,
        "top": top,
        "x1": x1,
        "bottom": bottom,
        "stroke": True,
        **extra,
    }


def test_stroked_line_is_one_segment() -> None:
    assert object_segments(shape("line", 10, 50, 200, 50), TOL.snap) == [h(50, 10, 200)]


def test_thin_filled_rect_is_a_line_along_its_centre() -> None:
    bar = shape("rect", 10, 49.7, 200, 50.3, stroke=False, fill=True, non_stroking_color=(0,))
    assert object_segments(bar, TOL.snap) == [h(50, 10, 200)]


def test_rect_outline_gives_four_edges() -> None:
    edges = object_segments(shape("rect", 10, 20, 110, 60), TOL.snap)
    assert sorted(edges, key=lambda s: (s.horizontal, s.pos)) == [
        v(10, 20, 60), v(110, 20, 60), h(20, 10, 110), h(60, 10, 110)
    ]  # fmt: skip


def test_white_filled_background_draws_no_rule() -> None:
    paper = shape("rect", 0, 0, 600, 800, stroke=False, fill=True, non_stroking_color=(1, 1, 1))
    assert object_segments(paper, TOL.snap) == []


def test_curve_path_keeps_only_axis_aligned_straight_pieces() -> None:
    path = [
        ("m", (10, 10)),
        ("l", (100, 10)),
        ("l", (100, 80)),
        ("c", (90, 90), (80, 95), (50, 95)),
        ("h",),
    ]
    curve = shape("curve", 10, 10, 100, 95, path=path)
    assert object_segments(curve, TOL.snap) == [h(10, 10, 100), v(100, 10, 80)]


def test_snapping_merges_close_rules_and_collinear_pieces() -> None:
    pieces = [h(100, 0, 60), h(101, 55, 120), h(100.5, 121, 200), h(140, 0, 200), v(0, 90, 150)]
    # one rule at the length-weighted mean of its pieces' positions; the 1 pt gap is joined
    merged = normalize_segments(pieces, TOL)
    horizontals = sorted((s for s in merged if s.horizontal), key=lambda s: s.pos)
    assert [(round(s.pos, 2), s.start, s.end) for s in horizontals] == [
        (100.51, 0, 200),
        (140, 0, 200),
    ]


def test_short_rules_are_dropped() -> None:
    assert normalize_segments([h(10, 0, 4), v(0, 0, 100)], TOL) == [v(0, 0, 100)]


def test_page_segments_are_page_relative() -> None:
    found = page_segments([shape("line", 110, 250, 300, 250)], TOL, origin=(100, 200))
    assert found == [h(50, 10, 200)]


def full_grid(xs: list[float], ys: list[float]) -> list[Segment]:
    return [h(y, xs[0], xs[-1]) for y in ys] + [v(x, ys[0], ys[-1]) for x in xs]


def test_full_grid_has_one_cell_per_position() -> None:
    (grid,) = find_grids(full_grid([0, 50, 100], [0, 20, 40]), TOL.snap)
    assert grid.x_edges == (0, 50, 100) and grid.y_edges == (0, 20, 40)
    assert grid.cells == (GridCell(0, 0), GridCell(0, 1), GridCell(1, 0), GridCell(1, 1))


def test_missing_rules_make_row_and_column_spans() -> None:
    segments = [
        h(0, 0, 150), h(20, 50, 150), h(40, 0, 150),  # no rule under (0, 0): it spans two rows
        v(0, 0, 40), v(50, 0, 40), v(100, 20, 40), v(150, 0, 40),  # (0, 1) spans two columns
    ]  # fmt: skip
    (grid,) = find_grids(segments, TOL.snap)
    assert grid.cells == (
        GridCell(0, 0, 2, 1),
        GridCell(0, 1, 1, 2),
        GridCell(1, 1),
        GridCell(1, 2),
    )
    assert grid.cell_box(grid.cells[1]) == (50, 0, 150, 20)


def test_separate_groups_are_separate_tables_in_reading_order() -> None:
    lower = full_grid([0, 100], [200, 240])
    upper = full_grid([300, 400], [0, 40])
    grids = find_grids(lower + upper, TOL.snap)
    assert [grid.bbox for grid in grids] == [(300, 0, 400, 40), (0, 200, 100, 240)]


def test_lone_lines_and_crosses_make_no_grid() -> None:
    assert find_grids([h(10, 0, 100)], TOL.snap) == []
    assert find_grids([h(50, 0, 100), v(50, 0, 100)], TOL.snap) == []


def test_notch_of_an_l_shaped_table_is_no_cell() -> None:
    segments = [
        h(0, 0, 100),
        h(20, 0, 200),
        h(40, 0, 200),
        v(0, 0, 40),
        v(100, 0, 40),
        v(200, 20, 40),
    ]
    (grid,) = find_grids(segments, TOL.snap)
    assert grid.cells == (GridCell(0, 0), GridCell(1, 0), GridCell(1, 1))


def ruling_from_rows(vertical: list[str], horizontal: list[str]) -> Ruling:
    """Ruling from strings of '|' / '-' (ruled) and '.' (not ruled)."""
    return Ruling(
        tuple(tuple(ch == "|" for ch in row) for row in vertical),
        tuple(tuple(ch == "-" for ch in row) for row in horizontal),
    )


def test_frame_around_tables_is_background_and_tables_split() -> None:
    # a 5×5 grid: an outer frame, a box at (1,1) and a box over (3,2)-(3,3)
    ruling = ruling_from_rows(
        vertical=["|....|", "|||..|", "|....|", "|.|.||", "|....|"],
        horizontal=["-----", ".-...", ".-...", "..--.", "..--.", "-----"],
    )
    grids = make_grids([0, 10, 20, 30, 40, 50], [0, 10, 20, 30, 40, 50], ruling)
    assert [(grid.x_edges, grid.y_edges, grid.cells) for grid in grids] == [
        ((10, 20), (10, 20), (GridCell(0, 0),)),
        ((20, 30, 40), (30, 40), (GridCell(0, 0, 1, 2),)),
    ]


def test_l_shaped_merge_from_a_missing_piece_widens_to_a_rectangle() -> None:
    # 2×2 with the boundaries (0,0)|(0,1) and (0,0)/(1,0) missing: one merged cell
    ruling = ruling_from_rows(vertical=["|.|", "|||"], horizontal=["--", ".-", "--"])
    assert cells_from_ruling(ruling) == [GridCell(0, 0, 2, 2)]
