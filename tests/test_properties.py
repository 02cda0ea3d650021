"""Properties of normalize/ checked on generated input (hypothesis).

* Normalizing twice equals normalizing once: character folds, blank
  tidying, joined cell text, era labels read back.
* No character is lost except by a documented fold: ``fold_text`` changes
  exactly the characters of ``FOLD_TABLE`` (merging a half-width sound mark
  into the kana before it), blank tidying changes only blanks, and joining
  a cell's lines keeps every printed character in reading order.
* Joining wrapped lines never merges two bullets: a line that opens with a
  bullet or note mark always starts a logical line of its own.

tests/test_chars.py checks idempotence and loss on a sampled alphabet; these
add arbitrary Unicode, exact per-character results and the cell-level rules.
"""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from gyokaku.model import TextLine
from gyokaku.normalize.chars import BLANKS, FOLD_TABLE, collapse_blanks, fold_text
from gyokaku.normalize.eras import ERAS, era_label, parse_fiscal_year
from gyokaku.normalize.lines import (
    BULLET_MARKS,
    join_cell_lines,
    split_logical_lines,
    starts_with_bullet,
)

SOUND_MARKS = "\uFF9E\uFF9F"  # ﾞ ﾟ: merged into the half-width kana before them
FOLDABLE = sorted(FOLD_TABLE)
EM = 10.0
CELL_X0, CELL_X1 = 100.0, 300.0
PADDING = 2.0
LEADING = 14.0

any_text = st.text(max_size=60)
foldable_text = st.text(
    alphabet=st.one_of(st.sampled_from(FOLDABLE), st.characters(), st.sampled_from(SOUND_MARKS)),
    max_size=40)
blanky_text = st.text(alphabet=st.sampled_from(sorted(BLANKS) + list("行政aB1①（）・\n")),
                      max_size=40)


def per_character(text: str) -> str:
    """What ``fold_text`` gives when no sound mark is merged: each character on its own."""
    return "".join(FOLD_TABLE.get(char, char) for char in text)


def printed(text: str) -> list[str]:
    """The characters of ``text`` other than blanks and line breaks."""
    return [char for char in text if char not in BLANKS and char != "\n"]


# --- character folds --------------------------------------------------------------------------


@settings(deadline=None)
@given(st.one_of(any_text, foldable_text))
def test_fold_text_twice_is_fold_text_once(text: str) -> None:
    once = fold_text(text)
    assert fold_text(once) == once


@settings(deadline=None)
@given(st.one_of(any_text, foldable_text).filter(lambda t: not set(SOUND_MARKS) & set(t)))
def test_fold_text_changes_exactly_the_documented_characters(text: str) -> None:
    assert fold_text(text) == per_character(text)


@settings(deadline=None)
@given(foldable_text, foldable_text)
def test_fold_text_works_character_by_character_across_a_join(left: str, right: str) -> None:
    if right[:1] in SOUND_MARKS:  # the one documented fold that looks at its neighbour
        return
    assert fold_text(left + right) == fold_text(left) + fold_text(right)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from("ｶｷｸｹｺﾊﾋﾌﾍﾎｱｲｳﾞﾟ"), max_size=30))
def test_sound_marks_merge_or_become_spacing_marks(text: str) -> None:
    folded = fold_text(text)
    assert not set(folded) & set(FOLD_TABLE)
    assert as_combining(text) == as_combining(folded)  # the same kana and marks, widened


def as_combining(text: str) -> str:
    """NFKC with the spacing sound marks ゛ ゜ read as the combining ones."""
    return unicodedata.normalize("NFKC", text.translate({0x309B: 0x3099, 0x309C: 0x309A}))


# --- blanks -----------------------------------------------------------------------------------


@settings(deadline=None)
@given(blanky_text, st.booleans())
def test_collapse_blanks_twice_is_once_and_keeps_every_other_character(
        line: str, keep_ideographic_space: bool) -> None:
    once = collapse_blanks(line, keep_ideographic_space=keep_ideographic_space)
    assert collapse_blanks(once, keep_ideographic_space=keep_ideographic_space) == once
    assert printed(once) == printed(line)
    assert once == once.strip("".join(BLANKS))
    assert not any(a in BLANKS and b in BLANKS for a, b in pairwise(once))


# --- joining a cell's lines -------------------------------------------------------------------

JAPANESE = "行政改革の推進と財源確保にむけた取組を実施するスマート化ＤＸ"
RUNNING = JAPANESE + "abcXYZ0123４５、。（）「」→%"
word = st.text(alphabet=st.sampled_from(RUNNING), min_size=1, max_size=18)
bullet_line = st.tuples(st.sampled_from(sorted(BULLET_MARKS)), word).map("".join)
running_line = word.filter(lambda text: not starts_with_bullet(fold_text(text)))
visual_line = st.tuples(st.one_of(bullet_line, running_line), st.sampled_from([0.0, 0.0, 1.0]))


def text_width(text: str) -> float:
    """Printed width: full-width characters one em, the others half an em."""
    return sum(EM if unicodedata.east_asian_width(ch) in "FWA" else EM / 2 for ch in text)


def cell_lines(rows: list[tuple[str, float]]) -> list[TextLine]:
    """Lines printed one under the other in a 20-em cell, indented by the given ems."""
    lines = []
    for row, (text, indent_em) in enumerate(rows):
        x0 = CELL_X0 + PADDING + indent_em * EM
        top = 10.0 + row * LEADING
        x1 = min(x0 + text_width(text), CELL_X1 - PADDING)
        lines.append(TextLine(text=text, x0=x0, x1=x1, top=top, bottom=top + EM, size=EM))
    return lines


def is_bullet(line: TextLine) -> bool:
    """A line that opens with a bullet or note mark, as printed or once folded."""
    return starts_with_bullet(line.text) or starts_with_bullet(fold_text(line.text))


@settings(deadline=None, max_examples=200)
@given(st.lists(visual_line, min_size=1, max_size=8))
def test_joining_never_merges_two_bullets(rows: list[tuple[str, float]]) -> None:
    lines = cell_lines(rows)
    logical = split_logical_lines(lines, CELL_X0, CELL_X1)
    for joined in logical:
        inside = [line for line in lines if joined.top <= line.top <= joined.bottom]
        assert sum(is_bullet(line) for line in inside) <= 1, (joined.text, rows)
    assert len(logical) >= sum(is_bullet(line) for line in lines)


@settings(deadline=None, max_examples=200)
@given(st.lists(visual_line, min_size=1, max_size=8))
def test_joining_keeps_every_printed_character_in_order(rows: list[tuple[str, float]]) -> None:
    lines = cell_lines(rows)
    joined = join_cell_lines(lines, CELL_X0, CELL_X1)
    assert printed(joined) == [char for line in lines for char in printed(fold_text(line.text))]


@settings(deadline=None, max_examples=200)
@given(st.lists(visual_line, min_size=1, max_size=8))
def test_joined_text_is_already_normal(rows: list[tuple[str, float]]) -> None:
    joined = join_cell_lines(cell_lines(rows), CELL_X0, CELL_X1)
    assert fold_text(joined) == joined
    for line in joined.split("\n"):
        assert line and collapse_blanks(line) == line


# --- era labels -------------------------------------------------------------------------------


# up to 令和99年: era years are printed with at most two digits
@given(st.integers(min_value=min(era.first_year for era in ERAS), max_value=2117))
def test_era_label_reads_back_as_its_year(fiscal_year: int) -> None:
    label = era_label(fiscal_year)
    assert parse_fiscal_year(label) == fiscal_year
    wide = label.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})
    assert parse_fiscal_year(wide) == fiscal_year  # Ｒ３ as printed in the reports
    assert parse_fiscal_year(f"{fiscal_year}年度") == fiscal_year
