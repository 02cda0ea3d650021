"""Every figure stated in an initiative's summary and achievement, as ``metrics`` rows.

A figure is a number with a unit (:data:`~gyokaku.normalize.figures.UNITS`),
or a bare number whose label ends in 数 (アクセス数39,966,057).  Numbers in
dates and era years, ordinals (第2期) and numbers inside words are not
figures.  Each figure gets, in this order of rules:

1. **year tables** (:mod:`~gyokaku.normalize.figtables`): the row name and
   topic as label, the column's year;
2. **line key**: on a line ``KEY figure`` or ``KEY：figure``, the whole KEY;
3. **noun run before** the figure (:mod:`~gyokaku.normalize.labels`), past
   one link mark (は が を の ： （);
4. **sibling**: a figure right after another one (``5県2市``,
   ``18回 1,650人``, ``月3回×2局``, ``401億円と前年度末（390億円）``) shares
   its label;
5. **noun run after** ``の`` (``約270件の取組``);
6. **heading**: on a line under a ``・`` line that holds no figure, that
   line's text (``・市政テレビ：``).

A one-character run (the 園 of こども園2園, the 計 of 計120戸) gives no
label, and no later rule is tried.  When several figures of one text share
label, unit, rate and year but stand in different ``・`` items, each label
is prefixed by its item's key (``基本研修 有意義と回答した割合``).  A figure
no rule labels keeps ``metric = None``; its year follows
:func:`~gyokaku.normalize.timeref.figure_year`.

``kind`` is ``range_min``/``range_max`` (5～10件), ``minimum``/``maximum``
(以上, 以内), ``before``/``after`` (a ``1,394件→1,506件`` or ``120手続から205手続``
pair outside a year table: the first has no year), ``cumulative`` (label with 累積 or
累計), else ``value``.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from gyokaku.model import Initiative, Metric
from gyokaku.normalize.figtables import table_figures
from gyokaku.normalize.figures import Figure, find_figures
from gyokaku.normalize.labels import (
    BLANKS,
    FRAGMENT,
    is_bullet_line,
    line_bounds,
    line_key,
    run_after,
    run_before,
    skip_link,
    strip_mark,
)
from gyokaku.normalize.timeref import FigureYear, YearRef, figure_year, find_year_refs

CUMULATIVE_WORDS = ("累積", "累計")
BARE_LABEL_END = "数"
_RANGE_MARK = re.compile(f"[{BLANKS}]*[～〜~][{BLANKS}]*")
_PAIR_MARK = re.compile(f"[{BLANKS}]*(?:[⇒→➡]|から)[{BLANKS}]*")
_NOTE = re.compile(r"[（(][^（()）0-9\n]*[)）]")
_SIBLING_GAP = re.compile(f"[{BLANKS}・、×xＸ*＊と（(～〜~]*")


@dataclass(slots=True)
class Found:
    """A figure being labelled: where it is, what it says, what it has been given so far."""

    figure: Figure
    label: str | None = None
    year: FigureYear | None = None
    kind: str | None = None
    in_table: bool = False


@dataclass(frozen=True)
class Reading:
    """One text with its figures' and year references' positions."""

    text: str
    refs: list[YearRef]
    blocked: list[bool]
    cell_year: int | None


def _blocked(text: str, refs: Sequence[YearRef], figures: Sequence[Figure]) -> list[bool]:
    blocked = [False] * len(text)
    spans = [(ref.start, ref.end) for ref in refs] + [(f.start, f.end) for f in figures]
    for start, end in spans:
        blocked[start:end] = [True] * (end - start)
    return blocked


def _outside_years(figures: list[Figure], refs: list[YearRef]) -> list[Figure]:
    return [f for f in figures
            if not any(r.start <= f.number_start < r.end for r in refs)]


# --- labels ------------------------------------------------------------------------------


def _gap_is_sibling(reading: Reading, left: Figure, right: Figure) -> bool:
    """True when only blanks, ・ 、 × と, a bracket, a note or a year lie between two figures."""
    gap = list(reading.text[left.end:right.start])
    for ref in reading.refs:
        if left.end <= ref.start and ref.end <= right.start:
            gap[ref.start - left.end:ref.end - left.end] = [""] * (ref.end - ref.start)
    between = _NOTE.sub("", "".join(gap))
    return "\n" not in between and bool(_SIBLING_GAP.fullmatch(_PAIR_MARK.sub("", between)))


def _heading(text: str, start: int) -> str:
    """The text of the ・ line above a continuation line holding ``start``, if it has no figure."""
    line_start, _ = line_bounds(text, start)
    if is_bullet_line(text[line_start:start]):
        return ""
    while line_start > 0:
        line_start, line_end = line_bounds(text, line_start - 1)
        line = text[line_start:line_end]
        if is_bullet_line(line):
            has_figure = any(f.unit for f in find_figures(line))
            return "" if has_figure else strip_mark(line).rstrip(BLANKS + "：:")
    return ""


def _own_label(reading: Reading, figure: Figure) -> str | None:
    """Rules 2 and 3: ``None`` for a one-character run (stop), ``""`` for nothing found."""
    key = line_key(reading.text, figure.start, reading.blocked)
    if key:
        return key
    run = run_before(reading.text, skip_link(reading.text, figure.start), reading.blocked)
    return None if run == FRAGMENT else run


def _label(reading: Reading, found: Found, previous: Found | None) -> str | None:
    own = _own_label(reading, found.figure)
    if own is None:
        return None
    if own:
        return own
    if previous is not None and _gap_is_sibling(reading, previous.figure, found.figure):
        return previous.label
    return (run_after(reading.text, found.figure.end, reading.blocked)
            or _heading(reading.text, found.figure.start) or None)


# --- kinds and years ---------------------------------------------------------------------


def _mark_pairs(reading: Reading, found: list[Found]) -> None:
    """``1,394件→1,506件`` outside a year table: a before and an after figure."""
    for left, right in itertools.pairwise(found):
        if left.in_table or right.in_table or left.kind or right.kind:
            continue
        gap = reading.text[left.figure.end:right.figure.start]
        if _PAIR_MARK.fullmatch(gap) and left.figure.unit == right.figure.unit:
            left.kind, right.kind = "before", "after"


def _join_ranges(text: str, figures: list[Figure]) -> list[Found]:
    """Figures as :class:`Found`; in ``5～10件`` the bare 5 takes the unit of the 10."""
    found = [Found(figure) for figure in figures]
    for left, right in itertools.pairwise(found):
        gap = text[left.figure.end:right.figure.start]
        if _RANGE_MARK.fullmatch(gap) and left.figure.unit in (None, right.figure.unit) \
                and right.figure.unit is not None and left.kind is None:
            left.figure = replace(left.figure, unit=right.figure.unit, per=right.figure.per)
            left.kind, right.kind = "range_min", "range_max"
    return found


def _kind(found: Found) -> str:
    if found.figure.bound is not None:
        return found.figure.bound
    if found.kind is not None:
        return found.kind
    if found.label and any(word in found.label for word in CUMULATIVE_WORDS):
        return "cumulative"
    return "value"


def _year(reading: Reading, found: Found) -> FigureYear:
    if found.year is not None:
        return found.year
    if found.kind == "before":
        return FigureYear(None)
    return figure_year(reading.refs, reading.text, found.figure.start, reading.cell_year)


# --- items of a list, for labels shared by several items ----------------------------------


def _item_key(reading: Reading, start: int) -> str | None:
    """The key of the ・ item holding ``start``: its first line's text before any figure."""
    line_start, line_end = line_bounds(reading.text, start)
    while not is_bullet_line(reading.text[line_start:line_end]):
        if line_start == 0:
            return None
        line_start, line_end = line_bounds(reading.text, line_start - 1)
    line = reading.text[line_start:line_end]
    figures = [f for f in find_figures(line) if f.unit]
    head = line[:figures[0].start] if figures else line
    return strip_mark(head).strip(BLANKS + "：:") or None


def _qualify_shared_labels(reading: Reading, found: list[Found]) -> None:
    groups: dict[tuple[object, ...], list[Found]] = defaultdict(list)
    for item in found:
        if item.label and not item.in_table:
            year = _year(reading, item).fiscal_year
            groups[(item.label, item.figure.unit, item.figure.per, year)].append(item)
    for members in groups.values():
        keys = [_item_key(reading, m.figure.start) for m in members]
        if len(members) < 2 or None in keys or len(set(keys)) < 2:
            continue
        for member, key in zip(members, keys, strict=True):
            if member.label and not member.label.startswith(f"{key} "):
                member.label = f"{key} {member.label}"


# --- the whole text ----------------------------------------------------------------------


def _read(text: str, cell_year: int | None) -> tuple[Reading, list[Found]]:
    refs = find_year_refs(text)
    found = _join_ranges(text, _outside_years(find_figures(text), refs))
    with_unit = [f.figure for f in found if f.figure.unit is not None]
    reading = Reading(text, refs, _blocked(text, refs, with_unit), cell_year)
    for table in table_figures(text, with_unit, reading.blocked):
        item = next(f for f in found if f.figure.start == table.figure.start)
        item.label, item.year = table.label, FigureYear(table.fiscal_year)
        item.in_table = True
    return reading, found


def _label_all(reading: Reading, found: list[Found]) -> list[Found]:
    """Label every figure left to right; drop bare numbers whose label does not end in 数."""
    kept: list[Found] = []
    for item in found:
        if item.in_table:
            kept.append(item)
            continue
        if item.figure.unit is None:
            own = _own_label(reading, item.figure)
            if own and own.endswith(BARE_LABEL_END):
                item.label = own
                kept.append(item)
            continue
        previous = kept[-1] if kept else None
        item.label = _label(reading, item, previous)
        kept.append(item)
    return kept


def text_metrics(text: str | None, *, code: str, field: str,
                 cell_year: int | None) -> list[Metric]:
    """The figures of one text (an initiative's ``field``), as metrics in text order.

    ``cell_year`` is the year of the whole cell: the report year for an
    achievement, ``None`` for a summary.
    """
    if not text:
        return []
    reading, found = _read(text, cell_year)
    found = _label_all(reading, found)
    _mark_pairs(reading, found)
    _qualify_shared_labels(reading, found)
    metrics = []
    for item in found:
        year = _year(reading, item)
        figure = item.figure
        metrics.append(Metric(
            code=code, field=field, metric=item.label or None, fiscal_year=year.fiscal_year,
            value=figure.value, unit=figure.unit, per=figure.per, kind=_kind(item),
            approx=figure.approx, as_of=year.as_of.isoformat() if year.as_of else None,
            raw=figure.raw(text), start=figure.start, end=figure.end,
        ))
    return metrics


def initiative_metrics(initiative: Initiative) -> list[Metric]:
    """The figures of an initiative's summary (no year of its own) and achievement."""
    return (text_metrics(initiative.summary, code=initiative.code, field="summary",
                         cell_year=None)
            + text_metrics(initiative.achievement, code=initiative.code, field="achievement",
                           cell_year=initiative.report_fiscal_year))


def dataset_metrics(initiatives: Sequence[Initiative]) -> list[Metric]:
    """The figures of every initiative, in print order."""
    return [metric for initiative in initiatives for metric in initiative_metrics(initiative)]
