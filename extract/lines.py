"""Glyphs → visual lines (:class:`gyokaku.model.TextLine`) in reading order.

Horizontal text: glyphs whose vertical extents overlap form a row, read left
to right; gaps where no blank is printed become blanks by their width in em
(the glyph size).  Vertical text: a stack of at least two lone glyphs (or
half-width pairs such as tate-chū-yoko "10") sharing an x-centre becomes one
line with ``vertical=True``, read top to bottom; columns read right to left.
Glyphs turned sideways (``upright=False``) are read along their column in
the direction they were drawn.

Inside a table cell a row is one line however wide its gaps; outside every
table a row is split where a gap is wider than a few em.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from gyokaku.model import Glyph, TextLine

from .glyphs import BLANK_CHARS, is_blank

NO_GAP_EM = 0.15  # narrower gaps are kerning, not blanks
SPACE_GAP_EM = 0.75  # up to here a gap is one ASCII space, beyond it ideographic blanks
ROW_OVERLAP = 0.5  # share of the shorter glyph's height two glyphs of one row overlap by
LOOSE_SPLIT_EM = 3.0  # outside tables, a wider gap separates two lines on one baseline
ATOM_WIDTH_EM = 1.3  # widest stack element (one full-width glyph or a half-width pair)
HALF_WIDTH_EM = 0.7
STACK_ALIGN_EM = 0.3  # x-centres of one vertical column differ by at most this
STACK_GAP_EM = 0.8  # largest vertical gap inside a vertical column (fonts with tall line height)
STACK_OVERLAP_EM = 0.3  # glyph boxes of a column may overlap this much
SIDEWAYS_SLACK_EM = 0.05
COLUMN_BLOCK_EM = 2.0  # vertical columns closer than this are read as one block

_X0, _TOP, _X1, _BOTTOM = (attrgetter(name) for name in ("x0", "top", "x1", "bottom"))
_BY_X = attrgetter("x0", "x1")
_UPRIGHT = attrgetter("upright")


def blank_for_gap(gap: float, em: float) -> str:
    """The blanks standing for an unprinted gap of ``gap`` points at text size ``em``."""
    if em <= 0 or gap < NO_GAP_EM * em:
        return ""
    if gap < SPACE_GAP_EM * em:
        return " "
    return "\u3000" * max(1, round(gap / em))


def _median(values: Sequence[float]) -> float:
    """:func:`statistics.median`, with a shortcut for the usual run of one size."""
    first = values[0]
    if values.count(first) == len(values):
        return first
    return float(statistics.median(values))


def _commonest(fonts: Sequence[str]) -> str:
    """The most frequent font (the first seen on a tie), as ``Counter.most_common``."""
    first = fonts[0]
    if fonts.count(first) == len(fonts):
        return first
    return Counter(fonts).most_common(1)[0][0]


def make_line(glyphs: Sequence[Glyph], text: str, vertical: bool = False) -> TextLine:
    """A line with the real extents, median size and commonest font of its glyphs."""
    inked = [glyph for glyph in glyphs if not is_blank(glyph.text)] or list(glyphs)
    return TextLine(
        text=text,
        x0=min(map(_X0, glyphs)),
        top=min(map(_TOP, glyphs)),
        x1=max(map(_X1, glyphs)),
        bottom=max(map(_BOTTOM, glyphs)),
        size=_median([glyph.size for glyph in inked]),
        font=_commonest([glyph.font for glyph in inked]),
        vertical=vertical,
    )


def joined_line(glyphs: Sequence[Glyph], vertical: bool = False) -> TextLine | None:
    """The line of a run of glyphs in reading order, with blanks for the unprinted gaps
    (:func:`blank_for_gap`); ``None`` when nothing in it is inked.

    Extents, size and font are :func:`make_line`'s, all made in one pass over
    the glyphs: this runs for every row of every cell.
    """
    parts: list[str] = []
    sizes: list[float] = []
    fonts: list[str] = []
    x0 = top = math.inf
    x1 = bottom = -math.inf
    previous: Glyph | None = None
    previous_blank = False
    for glyph in glyphs:
        text = glyph.text
        blank = bool(text) and not text.strip(BLANK_CHARS)  # is_blank, without the call
        if not blank:
            sizes.append(glyph.size)
            fonts.append(glyph.font)
            if previous is not None and not previous_blank:
                if vertical:
                    gap = max(glyph.top, previous.top) - min(glyph.bottom, previous.bottom)
                else:
                    gap = glyph.x0 - previous.x1
                em = (previous.size + glyph.size) / 2
                if em > 0 and gap >= NO_GAP_EM * em:  # else no blank: see blank_for_gap
                    parts.append(blank_for_gap(gap, em))
        parts.append(text)
        if glyph.x0 < x0:
            x0 = glyph.x0
        if glyph.top < top:
            top = glyph.top
        if glyph.x1 > x1:
            x1 = glyph.x1
        if glyph.bottom > bottom:
            bottom = glyph.bottom
        previous, previous_blank = glyph, blank
    if not sizes:
        return None
    return TextLine("".join(parts), x0, top, x1, bottom, _median(sizes), _commonest(fonts),
                    vertical)


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return min(a_bottom, b_bottom) - max(a_top, b_top)


def _by_centre(glyph: Glyph) -> tuple[float, float]:
    return (glyph.top + glyph.bottom) / 2, glyph.x0


def group_rows(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Rows of glyphs whose vertical extents overlap, top to bottom, each left to right."""
    rows: list[list[Glyph]] = []
    top = bottom = height = 0.0  # the extent of the last row, and its height (at least 1e-9)
    # This loop runs once per glyph: min() and max() are spelt out as comparisons.
    for glyph in sorted(glyphs, key=_by_centre):
        g_top, g_bottom = glyph.top, glyph.bottom
        if rows:
            g_height = g_bottom - g_top
            if g_height < 1e-9:
                g_height = 1e-9
            shorter = height if height < g_height else g_height
            overlap = (g_bottom if g_bottom < bottom else bottom) - (g_top if g_top > top else top)
            if overlap >= ROW_OVERLAP * shorter:
                rows[-1].append(glyph)
                if g_top < top or g_bottom > bottom:
                    top, bottom = min(top, g_top), max(bottom, g_bottom)
                    height = max(bottom - top, 1e-9)
                continue
        rows.append([glyph])
        top, bottom = g_top, g_bottom
        height = max(bottom - top, 1e-9)
    return [sorted(row, key=_BY_X) if len(row) > 1 else row for row in rows]


def split_at_gaps(row: Sequence[Glyph], max_gap_em: float) -> list[list[Glyph]]:
    """Cut a left-to-right row wherever a gap is wider than ``max_gap_em``."""
    pieces: list[list[Glyph]] = []
    reach = 0.0
    for glyph in row:
        if pieces and glyph.x0 - reach <= max_gap_em * glyph.size:
            pieces[-1].append(glyph)
            if glyph.x1 > reach:
                reach = glyph.x1
        else:
            pieces.append([glyph])
            reach = glyph.x1
    return pieces


def is_stack_atom(word: Sequence[Glyph]) -> bool:
    """True for a lone glyph or a half-width pair that could be one step of vertical text."""
    if not 1 <= len(word) <= 2 or not all(not is_blank(g.text) for g in word):
        return False
    em = max(glyph.size for glyph in word)
    width = max(g.x1 for g in word) - min(g.x0 for g in word)
    if width > ATOM_WIDTH_EM * em:
        return False
    return len(word) == 1 or all(g.x1 - g.x0 <= HALF_WIDTH_EM * em for g in word)


@dataclass(slots=True)
class _Atom:
    """One step of a possible vertical column, with its distance to its row neighbours."""

    glyphs: list[Glyph]
    x0: float
    x1: float
    top: float
    bottom: float
    em: float
    row_gap: float

    @classmethod
    def of(cls, glyphs: list[Glyph], row_gap: float) -> _Atom:
        return cls(
            glyphs,
            min(g.x0 for g in glyphs),
            max(g.x1 for g in glyphs),
            min(g.top for g in glyphs),
            max(g.bottom for g in glyphs),
            max(g.size for g in glyphs),
            row_gap,
        )

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


def row_atoms(row: Sequence[Glyph]) -> list[_Atom]:
    """The row's stack atoms, each with the gap to the nearest other glyph of the row."""
    words = split_at_gaps(row, NO_GAP_EM)
    atoms: list[_Atom] = []
    for index, word in enumerate(words):
        if not is_stack_atom(word):
            continue
        gaps = [math.inf]
        if index > 0:
            gaps.append(min(g.x0 for g in word) - max(g.x1 for g in words[index - 1]))
        if index + 1 < len(words):
            gaps.append(min(g.x0 for g in words[index + 1]) - max(g.x1 for g in word))
        atoms.append(_Atom.of(word, min(gaps)))
    return atoms


def _aligned(a: _Atom, b: _Atom) -> bool:
    return abs(a.centre - b.centre) <= STACK_ALIGN_EM * max(a.em, b.em)


def _stack_gap(a: _Atom, b: _Atom) -> float:
    """Vertical gap between two atoms (negative when their boxes overlap)."""
    return max(a.top, b.top) - min(a.bottom, b.bottom)


def _bin_width(atoms: Sequence[_Atom]) -> float:
    """The width of the x-centre bins of ``atoms``: twice the widest alignment, so that two
    aligned centres are never two bins apart whatever the rounding; 0 (one bin for all) when
    a centre divided by it would overflow (glyphs of a vanishing size)."""
    width = 2 * STACK_ALIGN_EM * max(atom.em for atom in atoms)
    if width > 0 and math.isfinite(max(abs(atom.centre) for atom in atoms) / width):
        return width
    return 0.0


def _bin(centre: float, width: float) -> int:
    """The bin of ``centre`` among bins ``width`` wide (all in one when ``width`` is 0)."""
    return math.floor(centre / width) if width > 0 else 0


def _column_gaps(atoms: Sequence[_Atom]) -> list[float]:
    """For each atom, the gap to the nearest aligned atom above or below it, when that gap is
    at most ``STACK_GAP_EM`` (the widest a column has); ``math.inf`` when there is none.

    Atoms are binned by x-centre and, in each bin, sorted by top: an atom looks only at the
    bins its alignment reaches and, in them, at the atoms whose tops are near enough for such
    a gap, however tall a column of lone glyphs grows.
    """
    if len(atoms) < 2:  # the usual case, in a table cell: nothing to measure against
        return [math.inf] * len(atoms)
    tallest = max(0.0, max(atom.bottom - atom.top for atom in atoms))
    width = _bin_width(atoms)  # no atom looks further across
    bins: dict[int, list[int]] = {}
    for index in sorted(range(len(atoms)), key=lambda i: atoms[i].top):
        bins.setdefault(_bin(atoms[index].centre, width), []).append(index)
    tops = {key: [atoms[index].top for index in members] for key, members in bins.items()}
    gaps = [math.inf] * len(atoms)
    for index, atom in enumerate(atoms):
        reach = STACK_ALIGN_EM * atom.em * 2
        left, right = atom.centre - reach, atom.centre + reach
        near = STACK_GAP_EM * atom.em
        # a gap of at most ``near`` puts the other's top between these (its height aside)
        highest, lowest = atom.top - near - tallest, atom.bottom + near
        for key in range(_bin(left, width) - 1, _bin(right, width) + 2):  # and one more each side
            members = bins.get(key)
            if members is None:
                continue
            column_tops = tops[key]
            first = bisect.bisect_left(column_tops, highest)
            for other_index in members[first:bisect.bisect_right(column_tops, lowest)]:
                other = atoms[other_index]
                if other_index == index or not left <= other.centre <= right:
                    continue
                gap = _stack_gap(atom, other)
                if _aligned(atom, other) and -STACK_OVERLAP_EM * atom.em <= gap <= near:
                    gaps[index] = min(gaps[index], gap)
    return gaps


def _continues(run: list[_Atom], atom: _Atom) -> bool:
    last = run[-1]
    gap = atom.top - last.bottom
    em = max(last.em, atom.em)
    return _aligned(last, atom) and -STACK_OVERLAP_EM * em <= gap <= STACK_GAP_EM * em


class _OpenRuns:
    """The runs that may still take an atom, binned by the x-centre of their last atom.

    An atom continues only a run whose last atom is aligned with it (centres
    at most ``STACK_ALIGN_EM`` of the larger em apart), so only the atom's bin
    and its two neighbours are looked at: a row of hundreds of lone glyphs
    (a grid of marks, scattered text) costs a few comparisons per atom, not one
    per open run (bins: :func:`_bin_width`).
    """

    def __init__(self, atoms: Sequence[_Atom]) -> None:
        widest_em = max((atom.em for atom in atoms), default=0.0)
        self.reach = STACK_GAP_EM * widest_em  # a run ending further above can take no more
        self.bin_width = _bin_width(atoms) if atoms else 0.0
        self.bins: dict[int, dict[int, list[_Atom]]] = {}  # bin → run number → run

    def add(self, number: int, run: list[_Atom]) -> None:
        """File run ``number`` (its creation order) under its last atom."""
        self.bins.setdefault(_bin(run[-1].centre, self.bin_width), {})[number] = run

    def take_continued(self, atom: _Atom) -> tuple[int, list[_Atom]] | None:
        """The run ``atom`` continues, taken out of its bin: the one whose last atom is nearest
        across, the first made on a tie; ``None`` when it continues none."""
        middle = _bin(atom.centre, self.bin_width)
        best: tuple[float, int, dict[int, list[_Atom]]] | None = None
        for key in (middle - 1, middle, middle + 1):
            runs = self.bins.get(key)
            if not runs:
                continue
            expired = [number for number, run in runs.items()
                       if atom.top - run[-1].bottom > self.reach]
            for number in expired:  # atoms come top to bottom: these can take no more
                del runs[number]
            for number, run in runs.items():
                if _continues(run, atom):
                    distance = abs(run[-1].centre - atom.centre)
                    if best is None or (distance, number) < best[:2]:
                        best = distance, number, runs
        if best is None:
            return None
        _, number, runs = best
        return number, runs.pop(number)


def stack_runs(atoms: Sequence[_Atom]) -> list[list[_Atom]]:
    """Vertical stacks of atoms: at least two, not one symbol repeated (stacked arrows).

    Atoms are taken top to bottom; each continues the aligned run nearest across
    whose last atom ends just above it, or starts a run.
    """
    runs: list[list[_Atom]] = []
    open_runs = _OpenRuns(atoms)
    for atom in sorted(atoms, key=lambda a: (a.top, a.x0)):
        continued = open_runs.take_continued(atom)
        if continued is None:
            continued = len(runs), [atom]
            runs.append(continued[1])
        else:
            continued[1].append(atom)
        open_runs.add(*continued)
    return [run for run in runs if len(run) >= 2 and len({atom.text for atom in run}) > 1]


def vertical_stacks(rows: Sequence[Sequence[Glyph]]) -> list[list[Glyph]]:
    """Glyph lists (top to bottom) of the vertical text found among the rows.

    An atom belongs to a column when an aligned atom above or below it is
    nearer than anything beside it on its row.
    """
    atoms = [atom for row in rows for atom in row_atoms(row)]
    if not atoms:  # the usual case: every row is a run of text
        return []
    gaps = _column_gaps(atoms)
    columnar = [
        atom
        for atom, gap in zip(atoms, gaps, strict=True)
        if gap < atom.row_gap and gap <= STACK_GAP_EM * atom.em
    ]
    return [[glyph for atom in run for glyph in atom.glyphs] for run in stack_runs(columnar)]


def is_sideways(glyph: Glyph) -> bool:
    """True for a glyph turned by 90°: its box is one em wide across the column."""
    if glyph.upright:
        return False
    across = abs((glyph.x1 - glyph.x0) - glyph.size)
    along = abs((glyph.bottom - glyph.top) - glyph.size)
    return across <= along + SIDEWAYS_SLACK_EM * glyph.size  # a square glyph counts as turned


def sideways_columns(
    glyphs: Sequence[Glyph], order: dict[int, int], split_em: float | None
) -> list[tuple[TextLine, bool]]:
    """Lines of turned glyphs: columns by x-centre, read the way they were drawn.

    Each line comes with a flag telling whether it reads upwards.
    """
    columns: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: ((g.x0 + g.x1) / 2, g.top)):
        centre = (glyph.x0 + glyph.x1) / 2
        if columns:
            head = columns[-1][0]
            if abs(centre - (head.x0 + head.x1) / 2) <= STACK_ALIGN_EM * glyph.size:
                columns[-1].append(glyph)
                continue
        columns.append([glyph])
    lines: list[tuple[TextLine, bool]] = []
    for column in columns:
        for piece in _split_column(sorted(column, key=lambda g: g.top), split_em):
            upward = _reads_upward(piece, order)
            ordered = piece[::-1] if upward else piece
            line = joined_line(ordered, vertical=True)
            if line is not None:
                lines.append((line, upward))
    return lines


def _split_column(column: list[Glyph], split_em: float | None) -> list[list[Glyph]]:
    pieces: list[list[Glyph]] = []
    for glyph in column:
        gap = glyph.top - pieces[-1][-1].bottom if pieces else 0.0
        if pieces and (split_em is None or gap <= split_em * glyph.size):
            pieces[-1].append(glyph)
        else:
            pieces.append([glyph])
    return pieces


def _reads_upward(piece: Sequence[Glyph], order: dict[int, int]) -> bool:
    """True when the glyphs (sorted top to bottom) were drawn bottom to top."""
    drawn = [order[id(glyph)] for glyph in piece]
    downward = sum(1 for a, b in itertools.pairwise(drawn) if b > a)
    return downward < (len(drawn) - 1) / 2


def _column_blocks(lines: Sequence[TextLine], upward: set[int]) -> list[list[TextLine]]:
    """Vertical lines grouped into blocks of neighbouring columns, in reading order.

    Columns read right to left, except a block of turned lines that read
    upwards (text turned counter-clockwise), whose columns read left to right.
    """
    blocks: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: -item.x1):
        for block in blocks:
            nearest = block[-1]
            near = nearest.x0 - line.x1 <= COLUMN_BLOCK_EM * max(nearest.size, line.size)
            if near and _overlap(nearest.top, nearest.bottom, line.top, line.bottom) > 0:
                block.append(line)
                break
        else:
            blocks.append([line])
    return [block[::-1] if all(id(line) in upward for line in block) else block for block in blocks]


def reading_order(
    rows: Sequence[Sequence[TextLine]], vertical: Sequence[TextLine], upward: set[int]
) -> tuple[TextLine, ...]:
    """Rows top to bottom (each left to right), with vertical blocks placed by their top.

    ``upward`` holds the ``id`` of the vertical lines that read upwards.
    """
    items: list[tuple[float, float, list[TextLine]]] = [
        (min(map(_TOP, row)), min(map(_X0, row)), list(row))
        for row in rows
        if row
    ]
    for block in _column_blocks(vertical, upward):
        items.append((min(map(_TOP, block)), min(map(_X0, block)), block))
    items.sort(key=lambda item: (item[0], item[1]))
    return tuple(line for _, _, group in items for line in group)


def is_one_row(glyphs: Sequence[Glyph]) -> bool:
    """True when the glyphs can only be read as one row: all upright, all with one top,
    bottom and size, and too tall for two of them to be steps of one vertical stack
    (those may overlap by :data:`STACK_OVERLAP_EM` at most).

    Most table cells hold such a row (a number, a date, a one-line name).
    """
    first = glyphs[0]
    top, bottom, size = first.top, first.bottom, first.size
    height = bottom - top
    if not (height >= 1e-9 and height > STACK_OVERLAP_EM * size):
        return False
    for glyph in glyphs:
        if (glyph.top != top or glyph.bottom != bottom or glyph.size != size
                or not glyph.upright):
            return False
    return True


def build_lines(glyphs: Sequence[Glyph], split_em: float | None) -> tuple[TextLine, ...]:
    """Lines of a group of glyphs; rows are split at gaps wider than ``split_em`` (None: never)."""
    if glyphs and is_one_row(glyphs):
        # what the general reading gives for one row without vertical text, without its passes
        row = sorted(glyphs, key=_BY_X) if len(glyphs) > 1 else list(glyphs)
        pieces = [row] if split_em is None else split_at_gaps(row, split_em)
        return tuple(line for line in map(joined_line, pieces) if line is not None)
    return read_lines(glyphs, split_em)


def read_lines(glyphs: Sequence[Glyph], split_em: float | None) -> tuple[TextLine, ...]:
    """:func:`build_lines` in general: rows, vertical stacks, turned glyphs, reading order."""
    if all(map(_UPRIGHT, glyphs)):  # the usual case: no glyph can be turned sideways
        turned: list[Glyph] = []
        flat: Sequence[Glyph] = glyphs
        order: dict[int, int] = {}
    else:
        sideways_flags = [is_sideways(glyph) for glyph in glyphs]
        # drawing order, needed only to tell which way turned glyphs read
        order = {id(glyph): index for index, glyph in enumerate(glyphs)}
        turned = [glyph for glyph, flag in zip(glyphs, sideways_flags, strict=True) if flag]
        flat = [glyph for glyph, flag in zip(glyphs, sideways_flags, strict=True) if not flag]
    rows = group_rows(flat)
    stacks = vertical_stacks(rows)
    stacked = {id(glyph) for stack in stacks for glyph in stack}
    # A stack's steps are its line pitch, not blanks: its texts are joined as they are.
    vertical = [make_line(stack, "".join(g.text for g in stack), vertical=True) for stack in stacks]
    sideways = sideways_columns(turned, order, split_em)
    vertical += [line for line, _ in sideways]
    upward = {id(line) for line, reads_up in sideways if reads_up}
    row_lines: list[list[TextLine]] = []
    for row in rows:
        remaining = [glyph for glyph in row if id(glyph) not in stacked] if stacked else row
        pieces = [remaining] if split_em is None else split_at_gaps(remaining, split_em)
        lines = [joined_line(piece) for piece in pieces]
        row_lines.append([line for line in lines if line is not None])
    return reading_order(row_lines, vertical, upward)


def cell_lines(glyphs: Sequence[Glyph]) -> tuple[TextLine, ...]:
    """The lines printed inside one table cell."""
    return build_lines(glyphs, split_em=None)


def loose_lines(glyphs: Sequence[Glyph]) -> tuple[TextLine, ...]:
    """The lines printed outside every table (a very wide gap starts a new line)."""
    return build_lines(glyphs, split_em=LOOSE_SPLIT_EM)
