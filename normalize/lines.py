"""Rebuild a table cell's text from its visual lines.

Japanese cells wrap anywhere, even inside words and numbers, so the visual
lines of a cell are glued back with nothing between them unless the layout
shows a real line break.  A new logical line starts at a line that

(a) begins with a bullet or note mark (・ ※ ● ○ ■ …) — a ・ at the *end*
    of a line is running text — or, after a line that ended short, with a
    numbered marker (①, (1), （１）, １）, 1., a）), which also occur inside
    running text ("…、①公益性", "(Fit&Ga" + "p）");
(b) is a bracketed heading: it opens with 【 〔 ［ （ ＜ 《 … and the matching
    bracket is its last character (（参考）, 【R4年度研修実績等】), after a line
    that ended short or with a full stop ("実施" + "（30課）" is one line);
(c) is indented, by leading blanks or by its x position (≥ ``INDENT_EM``);
(d) follows a line that ended short: the room left at the end of the
    previous line would have taken this line's first unbreakable unit;
(e) is a figure line (columns aligned with a run of blanks, as in
    ``市税          99.4%⇒99.3%``) or follows one;
(f) holds nothing but continuation arrows (``→``).

In a cell whose lines are centred (every line's centre on the cell's
centre), a short line is not an indent, and the room a line left is
counted on both of its sides.

An indented line made only of numeric columns (``　　　5回　108人参加``)
after a short label line (``・キャリア形成支援研修``) continues that label,
joined by one space.  A wrap between two Latin words joins with a space when
the previous line ended before the edge (the wrap was at a space) and with
nothing when it was full (a mid-word wrap).

Within a logical line, blanks are tidied by
:func:`~gyokaku.normalize.chars.collapse_blanks`; in figure lines (one
visual line holding a figure) every run of blanks becomes one ASCII space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from gyokaku.normalize.chars import BLANKS, collapse_blanks, fold_text

if TYPE_CHECKING:
    from gyokaku.model import TextLine

Fold = Callable[[str], str]
"""A character fold applied to every visual line before joining."""

INDENT_EM = 0.8
"""A line whose x0 lies this many ems right of the cell's left text edge is indented."""

FIT_TOLERANCE_EM = 1.0
"""Slack (in ems) before the room left at a line's end counts as "ended short"."""

FULL_LINE_EM = 0.5
"""Slack (in ems) for the unknown right padding when asking whether a letter still fitted."""

LATIN_LETTER_EM = 0.6
"""Estimated advance of a half-width Latin letter, in ems."""

CENTRED_EM = 0.3
"""A cell is centred when every line's centre lies this close (in ems) to the cell's centre."""

SAME_ROW_OVERLAP = 0.5
"""Two lines overlapping vertically by this share of the lower one are one row."""

BULLET_MARKS = frozenset("・･※●○■□◆◇＊*◎•★☆")
"""Characters that open a bullet or note line."""

_NUMBERED_MARKER = re.compile(
    "(?:[\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]"  # ① … ⑳ ⑴ … ⒇ ⒈ … ⒛ ㉑ … ㊿
    "|[(（][0-9０-９]{1,2}[)）]"  # (1) （１）
    "|[0-9０-９]{1,2}[)）]"  # 1) １）
    "|[0-9０-９]{1,2}[.．](?![0-9０-９])"  # 1. １． but not 1.5
    "|[a-zａ-ｚA-ZＡ-Ｚ][)）])"  # a） ｂ）
)

BRACKET_PAIRS: tuple[tuple[str, str], ...] = (
    ("（(", "）)"),
    ("［[", "］]"),
    ("＜<", "＞>"),
    ("【", "】"),
    ("〔", "〕"),
    ("《", "》"),
    ("〈", "〉"),
    ("〖", "〗"),
)
"""Opening and closing brackets of a heading line; widths may be mixed (（H29～R3))."""

# Line-end prohibited characters (JIS X 4051 opening brackets): they are
# pushed to the next line together with the character after them.
_OPENING = frozenset("（([［【〔「『〈《〖｛{＜<‘“｢")
# Line-start prohibited characters: closing brackets, commas, full stops,
# middle dots, colons, marks, iteration marks, small kana, ー, hyphens.
_CLOSING = frozenset(
    "）)]］】〕」』〉》〗｝}＞>’”｣、。，．,.・：；:;？！?!％%"
    "ゝゞヽヾ々ー～〜‐゛゜"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "､｡･ｧｨｩｪｫｬｭｮｯｰﾞﾟ"
)
# Renderers keep a run of ASCII word characters and punctuation together ("2016(", "R4.9.30").
_LATIN_UNIT = re.compile("[!-~]+")
_ASCII_LETTER = re.compile("[A-Za-z]")
_ANY_DIGIT = re.compile("[0-9０-９]")
ARROWS = frozenset("→⇒➡")
"""Continuation arrows of the plan cells."""
# A count closing a line after a blank: 1,958件, 92.2％, 1.1万, 108人参加.
_TRAILING_COUNT = re.compile(
    "[" + re.escape("".join(sorted(BLANKS))) + "][0-9０-９][0-9０-９,，.．]*[^0-9０-９"
    + re.escape("".join(sorted(BLANKS))) + "]{0,3}$"
)
_INNER_BLANK_RUN = re.compile("[" + re.escape("".join(sorted(BLANKS))) + "]{2,}")
_BLANK_STRING = "".join(sorted(BLANKS))


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """One logical line of a cell: its text and the box of the visual lines it came from."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float


class _Join(Enum):
    BREAK = "break"
    WRAP = "wrap"
    WORD_SPACE = "word space"
    FIGURE_SPACE = "figure space"


@dataclass(frozen=True, slots=True)
class _CellEdges:
    """Where text starts and where it may end in one cell."""

    left: float
    right: float
    centred: bool = False


@dataclass(slots=True)
class _Draft:
    """A logical line being assembled from visual lines."""

    lines: list[TextLine]
    joins: list[_Join] = field(default_factory=list)


def _em(line: TextLine) -> float:
    """The line's font size, or its height when the size is unknown."""
    if line.size > 0:
        return line.size
    height = line.bottom - line.top
    return height if height > 0 else 10.0


def _strip_blanks(text: str) -> str:
    return text.strip(_BLANK_STRING)


def _advance_em(ch: str) -> float:
    """Approximate advance of a glyph in ems: full width 1, Latin letter 0.6, other half width ½.

    Proportional Latin capitals run wider than half an em; erring wide makes
    "the next word did not fit" (a wrap) the likelier reading.
    """
    if unicodedata.east_asian_width(ch) in ("F", "W", "A"):
        return 1.0
    return LATIN_LETTER_EM if ch.isascii() and ch.isalpha() else 0.5


def first_unbreakable_unit(text: str) -> str:
    """The start of ``text`` that cannot be split from its first character.

    That is any opening brackets, then either a run of Latin letters,
    digits and ``.,%/-`` or one other character, then any closing
    punctuation (kinsoku pushes 「す。」」 to a new line as a whole).
    """
    end = 0
    while end < len(text) and text[end] in _OPENING:
        end += 1
    latin = _LATIN_UNIT.match(text, end)
    if latin is not None:
        end = latin.end()
        # An opening bracket may not end a line: it takes the next character along.
        if text[end - 1] in _OPENING and end < len(text):
            end += 1
    elif end < len(text):
        end += 1
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return text[:end]


def text_width_em(text: str) -> float:
    """Estimated printed width of ``text`` in ems."""
    return sum(_advance_em(ch) for ch in text)


def _merge_row(row: list[TextLine]) -> TextLine:
    """Glue lines printed side by side on one row into one line, left to right."""
    row = sorted(row, key=lambda line: line.x0)
    text = row[0].text
    for left, right in pairwise(row):
        gap = right.x0 - left.x1
        em = _em(right)
        blank = "" if gap < 0.25 * em else (" " if gap < 0.75 * em else "\u3000")
        text += blank + right.text
    return replace(
        row[0],
        text=text,
        x1=max(line.x1 for line in row),
        top=min(line.top for line in row),
        bottom=max(line.bottom for line in row),
    )


def _same_row(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    lower_height = max(min(a.bottom - a.top, b.bottom - b.top), 1e-6)
    return overlap >= SAME_ROW_OVERLAP * lower_height


def visual_rows(lines: Sequence[TextLine]) -> list[TextLine]:
    """Lines sorted top to bottom, those printed on one row merged into one line."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        if rows and _same_row(rows[-1][-1], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_merge_row(row) if len(row) > 1 else row[0] for row in rows]


def _cell_edges(rows: Sequence[TextLine], cell_x0: float, cell_x1: float) -> _CellEdges:
    """Left text edge and right text limit of a cell (see the module docstring)."""
    left = min(line.x0 for line in rows)
    padding = max(0.0, left - cell_x0)
    right = max(cell_x1 - padding, max(line.x1 for line in rows))
    return _CellEdges(left=left, right=right, centred=is_centred(rows, cell_x0, cell_x1))


def is_centred(rows: Sequence[TextLine], cell_x0: float, cell_x1: float) -> bool:
    """True when the lines are set centred in the cell, not flush left.

    Every line's centre lies on the cell's centre while the left ends differ
    (a short last line moved right).  A flush-left paragraph fails this:
    its short lines or indented lines are off centre.
    """
    if len(rows) < 2:
        return False
    middle = (cell_x0 + cell_x1) / 2
    em = min(_em(line) for line in rows)
    on_centre = all(abs((line.x0 + line.x1) / 2 - middle) <= CENTRED_EM * em for line in rows)
    lefts = [line.x0 for line in rows]
    return on_centre and max(lefts) - min(lefts) >= INDENT_EM * em


def starts_with_bullet(text: str) -> bool:
    """True when ``text`` opens with a bullet or note mark (・ ※ ● …)."""
    stripped = text.lstrip(_BLANK_STRING)
    return bool(stripped) and stripped[0] in BULLET_MARKS


def starts_with_numbered_marker(text: str) -> bool:
    """True when ``text`` opens with a numbered marker (①, (1), １）, 1., a）)."""
    return _NUMBERED_MARKER.match(text.lstrip(_BLANK_STRING)) is not None


def starts_with_marker(text: str) -> bool:
    """True when ``text`` opens with a bullet/note mark or a numbered marker."""
    return starts_with_bullet(text) or starts_with_numbered_marker(text)


def _closing_for(opening: str) -> tuple[str, str] | None:
    for openers, closers in BRACKET_PAIRS:
        if opening in openers:
            return openers, closers
    return None


def is_bracket_heading(text: str) -> bool:
    """True when ``text`` is one bracketed expression: （参考）, 【R4年度研修実績等】.

    The bracket opened by the first character must close at the last
    non-blank character; （市税）（国民… is not a heading.
    """
    stripped = _strip_blanks(text)
    pair = _closing_for(stripped[0]) if stripped else None
    if pair is None:
        return False
    openers, closers = pair
    depth = 0
    for index, ch in enumerate(stripped):
        depth += (ch in openers) - (ch in closers)
        if depth == 0:
            return index == len(stripped) - 1
    return False


def _has_inner_blank_run(text: str) -> bool:
    """True when the text aligns columns with a run of 2+ blanks between characters."""
    return _INNER_BLANK_RUN.search(_strip_blanks(text)) is not None


def _is_indented(line: TextLine, edges: _CellEdges) -> bool:
    starts_blank = bool(line.text) and line.text[0] in BLANKS
    if edges.centred:  # every short line of a centred cell starts right of the edge
        return starts_blank
    return starts_blank or line.x0 - edges.left >= INDENT_EM * _em(line)


def _room_left(line: TextLine, edges: _CellEdges) -> float:
    """Width the line left unused: at its right end, or on both sides when centred."""
    if edges.centred:
        return (edges.right - edges.left) - (line.x1 - line.x0)
    return edges.right - line.x1


def _ended_short(previous: TextLine, line: TextLine, edges: _CellEdges) -> bool:
    """True when the previous line's end had room for this line's first unit."""
    unit = first_unbreakable_unit(_strip_blanks(line.text))
    needed = (text_width_em(unit) + FIT_TOLERANCE_EM) * _em(line)
    return _room_left(previous, edges) > needed


def _numeric_columns(text: str) -> bool:
    """True for text such as ``5回　108人参加``: 2+ blank-separated fields, each led by a digit."""
    fields = re.split("[" + re.escape(_BLANK_STRING) + "]+", _strip_blanks(text))
    return len(fields) >= 2 and all(_ANY_DIGIT.match(part) for part in fields)


def _is_label(text: str) -> bool:
    """A short label line: no digit and no blank inside."""
    stripped = _strip_blanks(text)
    return not _ANY_DIGIT.search(stripped) and not any(ch in BLANKS for ch in stripped)


def _latin_join(previous: TextLine, line: TextLine, edges: _CellEdges) -> _Join:
    """How to join a wrap: a space between Latin words wrapped at a space, else nothing."""
    before = previous.text.rstrip(_BLANK_STRING)
    after = _strip_blanks(line.text)
    if not (before and after and _ASCII_LETTER.match(before[-1]) and _ASCII_LETTER.match(after[0])):
        return _Join.WRAP
    # At a mid-word wrap the next letter did not fit; room for it (with slack for
    # unknown cell padding) means the line was broken at a space between words.
    room_for_letter = (_advance_em(after[0]) + FULL_LINE_EM) * _em(line)
    wrapped_at_space = before != previous.text or _room_left(previous, edges) >= room_for_letter
    return _Join.WORD_SPACE if wrapped_at_space else _Join.WRAP


def _ends_sentence(text: str) -> bool:
    """True when a line ends with a full stop (a note in brackets may follow on its own)."""
    return _strip_blanks(text).endswith(("。", "．"))


def is_arrow_line(text: str) -> bool:
    """True for a line of continuation arrows only (``→``, ``→ →``): never a wrapped fragment."""
    stripped = _strip_blanks(text)
    return bool(stripped) and all(ch in ARROWS or ch in BLANKS for ch in stripped)


def _join_kind(previous: TextLine, line: TextLine, edges: _CellEdges, fold: Fold) -> _Join:
    """Decide whether ``line`` continues ``previous`` or starts a new logical line."""
    text = line.text
    if starts_with_bullet(text) or starts_with_bullet(fold(text)) or is_arrow_line(text):
        return _Join.BREAK
    indented = _is_indented(line, edges)
    short = _ended_short(previous, line, edges)
    # "①", "a）" and brackets also occur inside running text ("…、①公益性", "(Fit&Ga" +
    # "p）", "実施" + "（30課）"), so they open a line only where the previous line had room left.
    if short and starts_with_numbered_marker(fold(text)):
        return _Join.BREAK
    if is_bracket_heading(text) and (short or _ends_sentence(previous.text)):
        return _Join.BREAK
    if indented and short and _numeric_columns(text) and _is_label(previous.text):
        return _Join.FIGURE_SPACE
    if _has_inner_blank_run(text) or _has_inner_blank_run(previous.text):
        return _Join.BREAK
    if indented or short:
        return _Join.BREAK
    return _latin_join(previous, line, edges)


def _drafts(rows: Sequence[TextLine], edges: _CellEdges, fold: Fold) -> list[_Draft]:
    drafts = [_Draft(lines=[rows[0]])]
    for previous, line in pairwise(rows):
        join = _join_kind(previous, line, edges, fold)
        if join is _Join.BREAK:
            drafts.append(_Draft(lines=[line]))
        else:
            drafts[-1].lines.append(line)
            drafts[-1].joins.append(join)
    return drafts


_JOINERS = {_Join.WRAP: "", _Join.WORD_SPACE: " ", _Join.FIGURE_SPACE: " "}


def _is_figure(draft: _Draft, text: str) -> bool:
    """A figure line: one printed line (or a label with its numeric columns)
    holding a number, or any line ending in a count set off by a blank
    (``（広報広聴課受付分）　1,958件``)."""
    unwrapped = all(join is _Join.FIGURE_SPACE for join in draft.joins)
    if unwrapped and _ANY_DIGIT.search(text) is not None:
        return True
    return _TRAILING_COUNT.search(_strip_blanks(text)) is not None


def _finish(draft: _Draft, fold: Fold) -> LogicalLine:
    pieces = [fold(line.text) for line in draft.lines]
    text = pieces[0]
    for join, piece in zip(draft.joins, pieces[1:], strict=True):
        text += _JOINERS[join] + piece
    figure = _is_figure(draft, text)
    return LogicalLine(
        text=collapse_blanks(text, keep_ideographic_space=not figure),
        top=draft.lines[0].top,
        bottom=draft.lines[-1].bottom,
        x0=min(line.x0 for line in draft.lines),
        x1=max(line.x1 for line in draft.lines),
    )


def _horizontal_logical_lines(
    lines: Sequence[TextLine], cell_x0: float, cell_x1: float, fold: Fold
) -> list[LogicalLine]:
    rows = visual_rows(lines)
    if not rows:
        return []
    edges = _cell_edges(rows, cell_x0, cell_x1)
    return [_finish(draft, fold) for draft in _drafts(rows, edges, fold)]


def _share_column(a: TextLine, b: TextLine) -> bool:
    """True when two runs overlap horizontally by half the narrower one (one tategaki column)."""
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def vertical_columns(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Runs grouped into tategaki columns, right to left, each column top to bottom.

    A column may come in several runs: split at a gap, or with a
    horizontal tate-chū-yoko piece such as ``28`` set inside it.
    """
    columns: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: -(line.x0 + line.x1)):
        if columns and _share_column(columns[-1][0], line):
            columns[-1].append(line)
        else:
            columns.append([line])
    return [sorted(column, key=lambda line: line.top) for column in columns]


def join_vertical_lines(lines: Sequence[TextLine], *, fold: Fold = fold_text) -> str:
    """Join tategaki columns right to left (each top to bottom) with nothing between them."""
    runs = [line for column in vertical_columns(lines) for line in column]
    return collapse_blanks("".join(_strip_blanks(fold(line.text)) for line in runs))


def _vertical_logical_line(lines: Sequence[TextLine], fold: Fold) -> LogicalLine:
    return LogicalLine(
        text=join_vertical_lines(lines, fold=fold),
        top=min(line.top for line in lines),
        bottom=max(line.bottom for line in lines),
        x0=min(line.x0 for line in lines),
        x1=max(line.x1 for line in lines),
    )


def _characters(lines: Sequence[TextLine]) -> int:
    """Number of printed (non-blank) characters in the lines."""
    return sum(len(_strip_blanks(line.text)) for line in lines)


def split_logical_lines(
    lines: Sequence[TextLine], cell_x0: float, cell_x1: float, *, fold: Fold = fold_text
) -> list[LogicalLine]:
    """The logical lines of one cell, top to bottom, with their vertical extents.

    ``lines`` are the cell's visual lines (any order), ``cell_x0``/``cell_x1``
    the cell's horizontal bounds.  Each line is folded with ``fold`` first.
    A cell set mostly vertically (more characters in vertical runs than in
    horizontal ones) is one logical line read right to left, horizontal
    tate-chū-yoko pieces included; otherwise every vertical run is a
    logical line of its own.
    """
    key = (tuple(lines), cell_x0, cell_x1, fold)
    remembered = _REMEMBERED.get()
    if remembered is None:
        return list(_recent_logical_lines(*key))
    found = remembered.get(key)
    if found is None:
        found = remembered[key] = _logical_lines(*key)
    return list(found)


LogicalLinesKey = tuple[tuple["TextLine", ...], float, float, Fold]
_REMEMBERED: ContextVar[dict[LogicalLinesKey, tuple[LogicalLine, ...]] | None] = ContextVar(
    "gyokaku_logical_lines", default=None)


@contextmanager
def remembering_logical_lines() -> Iterator[None]:
    """Within the block, :func:`split_logical_lines` works out each cell's lines once.

    A conversion reads the cells of a row as its pages arrive and again when
    it builds the dataset; what is remembered is dropped when the block ends.
    """
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def _logical_lines(lines: tuple[TextLine, ...], cell_x0: float, cell_x1: float, fold: Fold
                   ) -> tuple[LogicalLine, ...]:
    printed = [line for line in lines if _strip_blanks(line.text)]
    horizontal = [line for line in printed if not line.vertical]
    vertical = [line for line in printed if line.vertical]
    if _characters(vertical) > _characters(horizontal):
        return (_vertical_logical_line(printed, fold),)
    logical = _horizontal_logical_lines(horizontal, cell_x0, cell_x1, fold)
    logical.extend(_vertical_logical_line([line], fold) for line in vertical)
    return tuple(sorted(logical, key=lambda line: line.top))


# Outside a conversion's remembering block, a cell is still read several times while
# its row is read (its role's text, its name, its plan sub-rows): the logical lines of
# the last few rows' cells are kept.
_recent_logical_lines = lru_cache(maxsize=128)(_logical_lines)


def join_cell_lines(
    lines: Sequence[TextLine], cell_x0: float, cell_x1: float, *, fold: Fold = fold_text
) -> str:
    """The text of one cell: its logical lines joined by ``\\n`` (see the module docstring)."""
    return "\n".join(line.text for line in split_logical_lines(lines, cell_x0, cell_x1, fold=fold))
