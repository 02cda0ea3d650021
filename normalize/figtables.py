"""Small figure tables printed as text: a line of years, then rows of figures.

    R3年度と比較し現年収納率はほぼ同程度を維持した。
    R3 R4
    市税 99.4%⇒99.3%

A *year header* is a line holding only two or more plan-style years (R3 R4,
令和3年度 令和4年度).  Each following line that reads ``ROW v1 ⇒ v2 ...``
with one figure per header year is a row: its figures get the years of their
columns.  The label is the row's name followed by the *topic* of the line
just above the header: the noun run before that line's first は or が,
without a trailing bracketed note (現年収納率（5料合計）は → 現年収納率).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gyokaku.normalize.eras import parse_fiscal_year
from gyokaku.normalize.figures import Figure
from gyokaku.normalize.labels import (
    BLANKS,
    FRAGMENT,
    run_before,
    skip_link,
    strip_mark,
    without_bracket_note,
)

_BETWEEN_VALUES = re.compile(f"[{BLANKS}]*[⇒→➡][{BLANKS}]*|[{BLANKS}]+")
_TOPIC_PARTICLE = re.compile("[はが]")


@dataclass(frozen=True, slots=True)
class TableFigure:
    """A figure of a year table: which one, its year and its label."""

    figure: Figure
    fiscal_year: int
    label: str


def header_years(line: str) -> list[int] | None:
    """The years of a year-header line (``R3 R4`` → [2021, 2022]), else None."""
    tokens = line.split()
    years = [parse_fiscal_year(token) for token in tokens]
    if len(tokens) < 2 or None in years:
        return None
    return [year for year in years if year is not None]


def topic(text: str, line_start: int, line_end: int, blocked: Sequence[bool]) -> str | None:
    """The noun run before the first は/が of ``text[line_start:line_end]``, note removed."""
    match = _TOPIC_PARTICLE.search(text, line_start, line_end)
    if match is None:
        return None
    run = run_before(text, skip_link(text, match.end()), blocked)
    return (without_bracket_note(run) if run != FRAGMENT else "") or None


def _row(text: str, start: int, figures: list[Figure], years: list[int]) -> str | None:
    """The row name when ``figures`` (the line's, in order) form one row of ``years``."""
    if len(figures) != len(years) or any(f.unit is None for f in figures):
        return None
    for left, right in itertools.pairwise(figures):
        if not _BETWEEN_VALUES.fullmatch(text[left.end:right.start]):
            return None
    name = strip_mark(text[start:figures[0].start]).strip(BLANKS)
    return name or None


def table_figures(text: str, figures: list[Figure],
                  blocked: Sequence[bool]) -> list[TableFigure]:
    """The figures of every year table in ``text``, with their years and labels."""
    found: list[TableFigure] = []
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    index = 0
    while index < len(lines):
        years = header_years(lines[index])
        if years is None:
            index += 1
            continue
        above = topic(text, starts[index - 1], starts[index] - 1, blocked) if index else None
        index += 1
        while index < len(lines):
            start, end = starts[index], starts[index] + len(lines[index])
            on_line = [f for f in figures if start <= f.start < end]
            row = _row(text, start, on_line, years)
            if row is None:
                break
            label = f"{row} {above}" if above else row
            found += [TableFigure(f, y, label) for f, y in zip(on_line, years, strict=True)]
            index += 1
    return found
