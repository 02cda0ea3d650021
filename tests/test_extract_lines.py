"""Glyphs → lines: rows, blanks, vertical stacks, turned glyphs, loose splitting."""

from __future__ import annotations

import bisect
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gyokaku.extract import lines as lines_module
from gyokaku.extract.lines import (
    STACK_GAP_EM,
    _Atom,
    _column_gaps,
    blank_for_gap,
    build_lines,
    cell_lines,
    group_rows,
    is_one_row,
    loose_lines,
    read_lines,
    stack_runs,
)
from gyokaku.model import Glyph
from tests.conftest import EXPECTED_BUILD


def glyph(
    text: str, x0: float, top: float, size: float = 10.0, width: float | None = None
) -> Glyph:
    """A glyph whose box is ``width`` (default: one em) by one em."""
    width = size if width is None else width
    return Glyph(text, x0, top, x0 + width, top + size, size, "F", True)


def run(text: str, x0: float, top: float, size: float = 10.0) -> list[Glyph]:
    """Full-width glyphs side by side."""
    return [glyph(char, x0 + i * size, top, size) for i, char in enumerate(text)]


def stack(texts: list[str], x_centre: float, top: float, pitch: float = 10.0) -> list[Glyph]:
    """One full-width glyph (or a half-width pair) per line, centred on ``x_centre``."""
    glyphs = []
    for i, text in enumerate(texts):
        width = 5.0 * len(text) if text.isascii() else 10.0
        x = x_centre - width / 2
        for char in text:
            char_width = 5.0 if char.isascii() else 10.0
            glyphs.append(glyph(char, x, top + i * pitch, width=char_width))
            x += char_width
    return glyphs


@pytest.mark.parametrize(
    ("gap", "blank"),
    [
        (0.0, ""),
        (1.4, ""),
        (1.6, " "),
        (7.4, " "),
        (7.6, "\u3000"),
        (10.0, "\u3000"),
        (21.0, "\u3000\u3000"),
    ],
)
def test_blank_for_gap(gap: float, blank: str) -> None:
    assert blank_for_gap(gap, 10.0) == blank


def test_row_reads_left_to_right_whatever_the_drawing_order() -> None:
    glyphs = run("計画", 100, 50)
    (line,) = cell_lines(glyphs[::-1])
    assert line.text == "計画"
    assert (line.x0, line.x1, line.top, line.bottom) == (100, 120, 50, 60)


def test_rows_need_overlapping_extents() -> None:
    upper, lower = run("上", 0, 0), run("下", 0, 12)
    assert [[g.text for g in row] for row in group_rows(lower + upper)] == [["上"], ["下"]]
    # a smaller glyph on the same baseline joins the row
    small = glyph("ｋ", 10, 4, size=6, width=3)
    assert len(group_rows([*upper, small])) == 1


def test_printed_blank_suppresses_a_second_blank() -> None:
    glyphs = [*run("Ａ", 0, 0), glyph(" ", 10, 0, width=10), *run("Ｂ", 20, 0)]
    (line,) = cell_lines(glyphs)
    assert line.text == "Ａ Ｂ"


def test_blank_only_line_is_dropped() -> None:
    assert cell_lines([glyph("\u3000", 0, 0), glyph(" ", 10, 20)]) == ()


def test_line_size_and_font_come_from_inked_glyphs() -> None:
    glyphs = [*run("大", 0, 0, size=12), glyph(" ", 12, 2, size=8), *run("字", 16, 0, size=12)]
    (line,) = cell_lines(glyphs)
    assert line.size == 12
    assert line.font == "F"


def test_single_glyph_stack_is_vertical() -> None:
    (line,) = cell_lines(stack(["施", "策", "一"], 50, 0))
    assert (line.text, line.vertical) == ("施策一", True)
    assert (line.top, line.bottom) == (0, 30)


def test_tate_chu_yoko_pair_is_one_step() -> None:
    (line,) = cell_lines(stack(["令", "和", "10", "年"], 50, 0))
    assert (line.text, line.vertical) == ("令和10年", True)


def test_stack_with_line_pitch_gaps_is_still_vertical() -> None:
    (line,) = cell_lines(stack(["健", "全"], 50, 0, pitch=14.5))  # a font with tall line height
    assert (line.text, line.vertical) == ("健全", True)


def test_stacked_identical_arrows_are_separate_lines() -> None:
    lines = cell_lines(stack(["→", "→"], 50, 0, pitch=12))
    assert [(line.text, line.vertical) for line in lines] == [("→", False), ("→", False)]


def test_last_short_line_of_a_paragraph_is_not_vertical() -> None:
    glyphs = run("納付環境の", 0, 0) + run("整備を進め", 0, 13) + run("る", 0, 26)
    assert [(line.text, line.vertical) for line in cell_lines(glyphs)] == [
        ("納付環境の", False),
        ("整備を進め", False),
        ("る", False),
    ]


def test_vertical_columns_read_right_to_left() -> None:
    right = stack(["第", "一"], 100, 0)
    left = stack(
        ["第", "二"], 85, 0
    )  # columns 15 pt apart: closer than nothing, farther than the stack
    lines = loose_lines(left + right)
    assert [(line.text, line.vertical) for line in lines] == [("第一", True), ("第二", True)]


def test_vertical_column_beside_horizontal_rows() -> None:
    glyphs = stack(["縦", "書", "き"], 200, 0) + run("横書き", 0, 0) + run("二行目", 0, 10)
    lines = loose_lines(glyphs)
    assert [(line.text, line.vertical) for line in lines] == [
        ("横書き", False),
        ("縦書き", True),
        ("二行目", False),
    ]


def turned(text: str, x0: float, bottom: float, size: float = 10.0) -> list[Glyph]:
    """Glyphs turned by 90° reading upwards, drawn in reading order."""
    return [
        Glyph(char, x0, bottom - (i + 1) * size, x0 + size, bottom - i * size, size, "F", False)
        for i, char in enumerate(text)
    ]


def test_turned_glyphs_read_the_way_they_were_drawn() -> None:
    (up,) = cell_lines(turned("担当部局", 50, 100))
    assert (up.text, up.vertical) == ("担当部局", True)
    downward = [
        Glyph(char, 80, i * 10.0, 90, i * 10.0 + 10, 10, "F", False)
        for i, char in enumerate("下向き")
    ]
    (down,) = cell_lines(downward)
    assert down.text == "下向き"


def test_loose_line_splits_at_a_very_wide_gap() -> None:
    glyphs = run("見出し", 0, 0) + run("2/13", 200, 0)
    assert [line.text for line in loose_lines(glyphs)] == ["見出し", "2/13"]
    # inside a cell the same row stays one line, with blanks for the gap
    (line,) = cell_lines(glyphs)
    assert line.text.startswith("見出し\u3000") and line.text.endswith("2/13")
    assert set(line.text[3:-4]) == {"\u3000"}


def test_loose_gap_below_the_split_stays_in_the_line() -> None:
    glyphs = run("市税", 0, 0) + run("99.4%", 40, 0)  # a 2 em gap
    assert [line.text for line in loose_lines(glyphs)] == ["市税\u3000\u300099.4%"]


def test_turned_columns_reading_upwards_go_left_to_right() -> None:
    # text turned counter-clockwise: the first line is the leftmost column
    expected = ["一行目", "二行目"]
    assert [
        line.text for line in cell_lines(turned("一行目", 50, 100) + turned("二行目", 62, 100))
    ] == expected
    assert [
        line.text for line in cell_lines(turned("二行目", 62, 100) + turned("一行目", 50, 100))
    ] == expected


# mypyc binds calls between a module's functions when it compiles them, so a call counted by
# replacing the module's attribute is seen only in the Python build (the source is the same)
counts_calls = pytest.mark.skipif(EXPECTED_BUILD == "compiled",
                                  reason="counts calls through the module's attributes")


@counts_calls
def test_many_atoms_stay_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """A grid of lone glyphs (60 across, 100 down, close enough down to stack) is read in a
    few comparisons per glyph: each is checked against the stacks open near its own x-centre,
    not against every stack of its row (which made a page of 30 000 such glyphs take seconds).
    Each column repeats one digit: a repeated symbol is not vertical text."""
    calls = []
    real = lines_module._continues
    monkeypatch.setattr(lines_module, "_continues",
                        lambda run, atom: calls.append(1) or real(run, atom))
    glyphs = [glyph(str(i % 10), (i % 60) * 30.0, (i // 60) * 12.0, width=5) for i in range(6000)]
    lines = loose_lines(glyphs)
    assert all(not line.vertical for line in lines)
    assert 0 < len(calls) <= 3 * len(glyphs)


@counts_calls
def test_a_tall_column_of_lone_glyphs_stays_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each glyph of 20 columns of 300 lone glyphs measures its gap to the few glyphs just above
    and below it, not to its whole column."""
    calls = []
    real = lines_module._stack_gap
    monkeypatch.setattr(lines_module, "_stack_gap",
                        lambda a, b: calls.append(1) or real(a, b))
    glyphs = [glyph("施策"[i // 20 % 2], (i % 20) * 30.0, (i // 20) * 12.0) for i in range(6000)]
    lines = loose_lines(glyphs)
    assert len(lines) == 20 and all(line.vertical and len(line.text) == 300 for line in lines)
    assert 0 < len(calls) <= 5 * len(glyphs)


def _column_gaps_everywhere(atoms: list[_Atom]) -> list[float]:
    """:func:`_column_gaps` as it was first written: every aligned atom measured."""
    order = sorted(range(len(atoms)), key=lambda i: atoms[i].centre)
    centres = [atoms[i].centre for i in order]
    gaps = [math.inf] * len(atoms)
    for index, atom in enumerate(atoms):
        reach = lines_module.STACK_ALIGN_EM * atom.em * 2
        low = bisect.bisect_left(centres, atom.centre - reach)
        high = bisect.bisect_right(centres, atom.centre + reach)
        for other_index in order[low:high]:
            other = atoms[other_index]
            gap = lines_module._stack_gap(atom, other)
            if (other_index != index and lines_module._aligned(atom, other)
                    and gap >= -lines_module.STACK_OVERLAP_EM * atom.em):
                gaps[index] = min(gaps[index], gap)
    return gaps


def _stack_runs_one_by_one(atoms: list[_Atom]) -> list[list[_Atom]]:
    """:func:`stack_runs` as it was first written: every open run checked for every atom."""
    runs: list[list[_Atom]] = []
    open_runs: list[list[_Atom]] = []
    reach = STACK_GAP_EM * max((atom.em for atom in atoms), default=0.0)
    for atom in sorted(atoms, key=lambda a: (a.top, a.x0)):
        open_runs = [run for run in open_runs if atom.top - run[-1].bottom <= reach]
        candidates = [run for run in open_runs if lines_module._continues(run, atom)]
        if candidates:
            min(candidates, key=lambda run: abs(run[-1].centre - atom.centre)).append(atom)
        else:
            runs.append([atom])
            open_runs.append(runs[-1])
    return [run for run in runs if len(run) >= 2 and len({atom.text for atom in run}) > 1]


_atom = st.builds(
    lambda text, centre, top, size: _Atom.of([glyph(text, centre - size / 2, top, size)], 99.0),
    st.sampled_from(["施", "策", "→"]),
    st.sampled_from([0.0, 1.0, 2.0, 2.5, 3.0, 5.0, 6.0, 29.9, 30.0, 30.1, -3.0]),
    st.integers(0, 12).map(lambda step: step * 5.0),
    st.sampled_from([0.0, 1.0, 5.0, 10.0, 12.0]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_atom, min_size=1, max_size=30))
def test_column_gaps_are_those_of_measuring_every_aligned_atom(atoms: list[_Atom]) -> None:
    """Gaps up to a column's widest are found exactly; wider ones, which decide nothing,
    may be left out."""
    for atom, gap, everywhere in zip(atoms, _column_gaps(atoms), _column_gaps_everywhere(atoms),
                                     strict=True):
        if everywhere <= STACK_GAP_EM * atom.em:
            assert gap == everywhere
        else:
            assert gap > STACK_GAP_EM * atom.em


@settings(max_examples=400, deadline=None)
@given(st.lists(_atom, max_size=30))
def test_stacks_are_those_of_checking_every_open_run(atoms: list[_Atom]) -> None:
    """Looking only near each atom's centre finds the same stacks, ties included."""
    expected = [[id(atom) for atom in run] for run in _stack_runs_one_by_one(atoms)]
    assert [[id(atom) for atom in run] for run in stack_runs(atoms)] == expected


# --- one row read without the general passes: the same lines as the general reading ---

_row_glyph = st.builds(
    lambda text, x0, width: (text, x0, width),
    st.sampled_from(["a", "1", "→", "施", "策", " ", "\u3000", ""]),
    st.floats(-5, 200, allow_nan=False),
    st.floats(0, 15, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_row_glyph, min_size=1, max_size=12),
       height=st.sampled_from([0.0, 1e-10, 2.0, 3.0, 3.5, 10.0]),
       size=st.sampled_from([10.0, 9.5, 12.0]),
       split_em=st.sampled_from([None, 3.0]))
def test_a_row_of_one_height_reads_as_in_general(parts: list[tuple[str, float, float]],
                                                 height: float, size: float,
                                                 split_em: float | None) -> None:
    glyphs = [Glyph(text, x0, 20.0, x0 + width, 20.0 + height, size, "F", True)
              for text, x0, width in parts]
    assert build_lines(glyphs, split_em) == read_lines(glyphs, split_em)


def test_a_short_row_is_left_to_the_general_reading() -> None:
    """Glyphs no taller than a stack step may overlap could be a vertical stack."""
    flat = [Glyph(text, 0.0, 20.0 + i * 2.5, 10.0, 23.0 + i * 2.5, 10.0, "F", True)
            for i, text in enumerate("施策")]
    assert not is_one_row(flat[:1])  # 3 pt tall at 10 pt
    assert is_one_row([flat[0]._replace(bottom=24.0)])
    assert not is_one_row([*run("施策", 0, 0), glyph("a", 30, 0, size=9.0)])
    assert not is_one_row([*run("施策", 0, 0), run("策", 20, 0)[0]._replace(upright=False)])


def test_glyphs_too_small_to_bin_are_read() -> None:
    """A size so small that a page position divided by it overflows (a crafted file): the
    search for vertical text keeps every atom in one bin instead of failing."""
    tiny = [Glyph(text, 100.0, 20.0 + i, 100.0, 20.0 + i, 1e-310, "F", True)
            for i, text in enumerate("施策")]
    assert [line.text for line in loose_lines(tiny)] == ["施", "策"]
