"""The date a report states its figures as of (「R５.９.３０現在」), from text outside tables.

Reports print it on the cover or above the first table as a date followed by
an as-of word; a date anywhere else (a deadline in the text) is not it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from gyokaku.normalize.chars import fold_text
from gyokaku.normalize.eras import find_era_mentions

AS_OF_MARKERS = ("現在", "時点")
"""Words that, right after a date, make it the as-of date."""

_BLANKS = " \u3000"


def as_of_in_line(line: str) -> date | None:
    """The as-of date of one printed line: "R５.９.３０現在" → 2023-09-30; else None."""
    text = fold_text(line)
    for mention in find_era_mentions(text):
        after = text[mention.end:].lstrip(_BLANKS)
        if mention.date is not None and after.startswith(AS_OF_MARKERS):
            return mention.date
    return None


def as_of_date(lines: Iterable[str]) -> date | None:
    """The first as-of date among ``lines`` (in reading order), or None."""
    for line in lines:
        found = as_of_in_line(line)
        if found is not None:
            return found
    return None
