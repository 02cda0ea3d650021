"""Which fiscal year a figure refers to, read from the words before it.

Year references are the era and Gregorian expressions of
:mod:`gyokaku.normalize.eras` (R4, 令和4年度, R3.4.1, 令和4年3月, R4～6年度)
and relative ones (前年度, 当年度, 翌年度), each with a trailing 末, 現在,
時点, まで or 以降 that belongs to it.

The rule (:func:`figure_year`): within the figure's sentence (text between
。 and line breaks), the nearest reference before the figure gives the year;
a relative one counts from the absolute reference before it (or from the
cell's year).  A sentence whose references all come after the figure leaves
it without a year, and a sentence with none leaves it in the cell's year
(the report year of an achievement).  Calendar years (令和7年開園) name an
event, and a year followed by 比, から or より (（平成28年度）比で, 前年度から) is
a base the figure is measured from, not its period: both are skipped.  A range gives no year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gyokaku.normalize.eras import find_era_mentions, fiscal_year_of

_RELATIVE = re.compile("(?P<word>前|昨|当|本|今|翌|次|来)年度(?!比)")
_OFFSETS = {"前": -1, "昨": -1, "当": 0, "本": 0, "今": 0, "翌": 1, "次": 1, "来": 1}
_SUFFIX = re.compile("末|現在|時点|まで|以降")
_BASE = re.compile("[)）]?比|から|より")
_SENTENCE_END = "。\n"
_SKIPPED = ("year", "base")


@dataclass(frozen=True, slots=True)
class YearRef:
    """One year reference in a text, with its trailing 末/現在/時点/まで/以降.

    ``kind`` is ``fiscal_year``, ``date``, ``month``, ``range``, ``year``
    (a calendar year), ``base`` (a year measured from: H28年度比, 前年度から)
    or ``relative``.  ``year`` is the fiscal year it names
    (``None`` for a range or a relative reference); ``offset`` is the years
    a relative reference counts from the one before it; ``as_of`` is the
    date of a ``date`` reference.
    """

    start: int
    end: int
    kind: str
    year: int | None
    offset: int = 0
    as_of: date | None = None

    @property
    def is_absolute(self) -> bool:
        """True for a reference that names its year by itself."""
        return self.kind in ("fiscal_year", "date", "month")


def _with_suffix(text: str, end: int) -> int:
    match = _SUFFIX.match(text, end)
    return match.end() if match else end


def _era_refs(text: str) -> list[YearRef]:
    refs = []
    for mention in find_era_mentions(text):
        year: int | None = mention.year
        if mention.kind == "range":
            year = None
        elif mention.kind in ("date", "month"):
            year = fiscal_year_of(date(mention.year, mention.month or 1, 1))
        end = _with_suffix(text, mention.end)
        kind = "base" if _BASE.match(text, end) else mention.kind
        refs.append(YearRef(mention.start, end, kind, year, as_of=mention.date))
    return refs


def _relative_refs(text: str) -> list[YearRef]:
    refs = []
    for match in _RELATIVE.finditer(text):
        end = _with_suffix(text, match.end())
        kind = "base" if _BASE.match(text, end) else "relative"
        refs.append(YearRef(match.start(), end, kind, None, offset=_OFFSETS[match.group("word")]))
    return refs


def find_year_refs(text: str) -> list[YearRef]:
    """Every year reference of ``text``, left to right."""
    return sorted(_era_refs(text) + _relative_refs(text), key=lambda ref: ref.start)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence holding ``pos`` (split at 。 and line breaks)."""
    start = max(text.rfind(mark, 0, pos) for mark in _SENTENCE_END) + 1
    ends = [i for i in (text.find(mark, pos) for mark in _SENTENCE_END) if i >= 0]
    return start, min(ends, default=len(text))


@dataclass(frozen=True, slots=True)
class FigureYear:
    """The fiscal year of a figure, and the date it is counted at, if printed."""

    fiscal_year: int | None
    as_of: date | None = None


def _relative_year(ref: YearRef, earlier: list[YearRef], cell_year: int | None) -> int | None:
    bases = [r for r in earlier if r.is_absolute or r.kind == "range"]
    base = bases[-1].year if bases else cell_year
    return None if base is None else base + ref.offset


def figure_year(refs: list[YearRef], text: str, start: int,
                cell_year: int | None) -> FigureYear:
    """The year of the figure starting at ``start`` (see the module docstring)."""
    first, last = sentence_bounds(text, start)
    in_sentence = [r for r in refs if first <= r.start < last and r.kind not in _SKIPPED]
    before = [r for r in in_sentence if r.end <= start]
    if not before:
        return FigureYear(None if in_sentence else cell_year)
    ref = before[-1]
    if ref.kind == "relative":
        return FigureYear(_relative_year(ref, before[:-1], cell_year))
    return FigureYear(ref.year, ref.as_of)
