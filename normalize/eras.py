"""Japanese eras → Gregorian fiscal years and ISO dates.

A 年度 (fiscal year) runs from April to March and is named by the Gregorian
year it starts in: R4 = 令和４年度 = FY2022 (2022-04-01 to 2023-03-31).

Era years are written with an era letter (R 令和, H 平成, S 昭和) or the era
name, half- or full-width digits (Ｒ３, R３, 令和４年度), 元 for year one
(令和元年度) and, after an era name, kanji numerals (令和四年度).  Gregorian
years are recognised only with a 年 suffix (2022年度, 2023年9月30日), so
numbers such as the 2016 of 経営計画2016 are never read as years.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Era:
    """One Japanese era: its letter, its name and the Gregorian year of its first year."""

    letter: str
    name: str
    first_year: int


ERAS: tuple[Era, ...] = (
    Era("R", "令和", 2019),
    Era("H", "平成", 1989),
    Era("S", "昭和", 1926),
)
"""The eras recognised, newest first."""

_ERA_BY_KEY: dict[str, Era] = {
    key: era
    for era in ERAS
    for key in (era.letter, chr(ord(era.letter) + 0xFEE0), era.name)
}

FISCAL_YEAR_START_MONTH = 4
"""A 年度 starts in April."""

_DIGIT = "[0-9０-９]"
_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_NUMBER = f"[{_KANJI_DIGITS}十]{{1,3}}"
_ERA_NUMBER = f"(?:{_DIGIT}{{1,2}}|元|{_KANJI_NUMBER})"
_LETTERS = "RHSＲＨＳ"
_ERA_NAMES = "|".join(era.name for era in ERAS)
# Latin letters and digits of either width: an era letter or a Gregorian year
# touching one of these is part of a word or a longer number.
_WORD_CHAR = re.compile("[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_SEPARATOR = "[～〜~－\\-‐–]"
_DATE_DOT = "[.．/／]"
_BLANK = "[ \u3000]?"


def _year(tag: str) -> str:
    """A year as an era letter/name + number or a 4-digit Gregorian year, groups tagged."""
    return (
        f"(?:(?P<{tag}era>[{_LETTERS}](?=[0-9０-９元])|(?:{_ERA_NAMES}){_BLANK})"
        f"(?P<{tag}num>{_ERA_NUMBER})"
        f"|(?P<{tag}greg>[12１２]{_DIGIT}{{3}}))"
    )


def _number(tag: str) -> str:
    return f"(?P<{tag}>{_DIGIT}{{1,2}}|{_KANJI_NUMBER})"


_RANGE = re.compile(
    f"{_year('a')}(?P<asuffix>年度|年)?{_BLANK}{_SEPARATOR}{_BLANK}"
    f"(?:{_year('b')}|(?P<bare>{_DIGIT}{{1,2}}|{_KANJI_NUMBER}))(?P<bsuffix>年度|年)?"
)
_DATE = re.compile(
    f"{_year('a')}(?:{_DATE_DOT}{_number('month')}{_DATE_DOT}{_number('day')}"
    f"|年{_BLANK}{_number('kmonth')}{_BLANK}月{_BLANK}{_number('kday')}{_BLANK}日)"
)
_MONTH = re.compile(
    f"{_year('a')}(?:{_DATE_DOT}{_number('month')}(?!{_DIGIT}|{_DATE_DOT}{_DIGIT})"
    f"|年{_BLANK}{_number('kmonth')}{_BLANK}月)"
)
_FISCAL_YEAR = re.compile(f"{_year('a')}{_BLANK}年度")
_CALENDAR_YEAR = re.compile(f"{_year('a')}{_BLANK}年(?!度)")
_BARE_ERA_YEAR = re.compile(_year("a"))
_CANDIDATE = re.compile(f"[{_LETTERS}]|{_ERA_NAMES}|[12１２]{_DIGIT}{{3}}")


@dataclass(frozen=True, slots=True)
class EraMention:
    """One year/date expression found in a text.

    ``kind`` is ``"fiscal_year"`` (R4, 令和４年度, 2022年度, and a bare era
    year such as the R３ of a header), ``"range"`` (H29～R3), ``"date"``
    (R5.9.30), ``"month"`` (令和４年３月, R5.3) or ``"year"`` (令和7年, a
    calendar year).  ``year`` is the Gregorian year (the first one for a
    range), ``last_year`` the last year of a range (else equal to ``year``);
    ``month`` and ``day`` are set for dates and months.
    """

    start: int
    end: int
    raw: str
    kind: str
    year: int
    last_year: int
    month: int | None = None
    day: int | None = None

    @property
    def value(self) -> int:
        """The Gregorian year (first year of a range): the one number every kind has."""
        return self.year

    @property
    def years(self) -> tuple[int, ...]:
        """Every year covered, first to last (one year unless a range)."""
        return tuple(range(self.year, self.last_year + 1))

    @property
    def date(self) -> date | None:
        """The calendar date of a ``"date"`` mention, else None."""
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


def _to_int(number: str) -> int:
    """Read half/full-width digits, 元 or a kanji numeral below 100."""
    if number == "元":
        return 1
    if number[0] in _KANJI_DIGITS or number[0] == "十":
        return _kanji_to_int(number)
    return int(number.translate(_FULLWIDTH_DIGITS))


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _kanji_to_int(number: str) -> int:
    """二十三 → 23, 十 → 10, 四 → 4, 二〇 → 20 (positional)."""
    if "十" not in number:
        return int("".join(str(_KANJI_DIGITS.index(ch)) for ch in number))
    tens, _, ones = number.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        raise ValueError(f"not a kanji number below 100: {number!r}")
    tens_value = _KANJI_DIGITS.index(tens) if tens else 1
    ones_value = _KANJI_DIGITS.index(ones) if ones else 0
    return tens_value * 10 + ones_value


def era_year(era: str, year: int) -> int:
    """Gregorian year of year ``year`` of ``era`` (letter of either width or name): R,4 → 2022.

    Raises ValueError for an unknown era or a year ≤ 0.
    """
    found = _ERA_BY_KEY.get(era.strip())
    if found is None:
        raise ValueError(f"unknown era: {era!r}")
    if year <= 0:
        raise ValueError(f"era year must be positive: {year}")
    return found.first_year + year - 1


def era_label(fiscal_year: int) -> str:
    """Short era label of a fiscal year: 2021 → "R3", 2019 → "R1", 2017 → "H29"."""
    for era in ERAS:
        if fiscal_year >= era.first_year:
            return f"{era.letter}{fiscal_year - era.first_year + 1}"
    raise ValueError(f"fiscal year before the first known era: {fiscal_year}")


def fiscal_year_of(day: date) -> int:
    """Fiscal year a date falls in: 2023-02-06 → 2022, 2023-04-01 → 2023."""
    return day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1


def _gregorian(match: re.Match[str], tag: str) -> int:
    """The Gregorian year of the ``_year(tag)`` groups of a match (ValueError if invalid)."""
    greg = match.group(f"{tag}greg")
    if greg is not None:
        return _to_int(greg)
    era = match.group(f"{tag}era").strip(" \u3000")
    return era_year(era, _to_int(match.group(f"{tag}num")))


def _is_gregorian(match: re.Match[str], tag: str) -> bool:
    return match.group(f"{tag}greg") is not None


def _mention(match: re.Match[str], kind: str, year: int, **extra: int) -> EraMention:
    return EraMention(
        start=match.start(),
        end=match.end(),
        raw=match.group(0),
        kind=kind,
        year=year,
        last_year=extra.pop("last_year", year),
        **extra,
    )


def _try_range(text: str, pos: int) -> EraMention | None:
    match = _RANGE.match(text, pos)
    if match is None:
        return None
    starts_gregorian = _is_gregorian(match, "a")
    if match.group("bare") is not None:
        if starts_gregorian:
            return None  # 2021～25 is too loose to be read as a range
        # The second year borrows the first one's era: R4～6年度.
        last = era_year(match.group("aera").strip(" \u3000"), _to_int(match.group("bare")))
    else:
        last = _gregorian(match, "b")
        has_suffix = match.group("asuffix") or match.group("bsuffix")
        if starts_gregorian and _is_gregorian(match, "b") and not has_suffix:
            return None  # bare 2021～2025 may be anything
    first = _gregorian(match, "a")
    return _mention(match, "range", first, last_year=last) if first <= last else None


def _month_and_day(match: re.Match[str]) -> tuple[int, int | None]:
    """Month and day of a date/month match, dotted (R5.9.30) or kanji (令和5年9月30日)."""
    month = _to_int(match.group("month") or match.group("kmonth"))
    day_text = match.groupdict().get("day") or match.groupdict().get("kday")
    return month, (_to_int(day_text) if day_text else None)


def _is_dotted_gregorian(match: re.Match[str]) -> bool:
    """2023.9.30 and 2023.3 may be version numbers or decimals: Gregorian needs 年."""
    return match.group("month") is not None and _is_gregorian(match, "a")


def _try_date(text: str, pos: int) -> EraMention | None:
    match = _DATE.match(text, pos)
    if match is None or _is_dotted_gregorian(match):
        return None
    year = _gregorian(match, "a")
    month, day = _month_and_day(match)
    if day is None:
        return None
    date(year, month, day)  # ValueError for an impossible date
    return _mention(match, "date", year, month=month, day=day)


def _try_month(text: str, pos: int) -> EraMention | None:
    match = _MONTH.match(text, pos)
    if match is None or _is_dotted_gregorian(match):
        return None
    year = _gregorian(match, "a")
    month, _ = _month_and_day(match)
    return _mention(match, "month", year, month=month) if 1 <= month <= 12 else None


def _try_fiscal_year(text: str, pos: int) -> EraMention | None:
    match = _FISCAL_YEAR.match(text, pos)
    return _mention(match, "fiscal_year", _gregorian(match, "a")) if match else None


def _try_calendar_year(text: str, pos: int) -> EraMention | None:
    match = _CALENDAR_YEAR.match(text, pos)
    return _mention(match, "year", _gregorian(match, "a")) if match else None


def _try_bare_era_year(text: str, pos: int) -> EraMention | None:
    match = _BARE_ERA_YEAR.match(text, pos)
    if match is None or _is_gregorian(match, "a"):
        return None
    return _mention(match, "fiscal_year", _gregorian(match, "a"))


# Longest and most specific forms first: a range or a date must not be read
# as the bare era year it starts with.
_PARSERS = (
    _try_range,
    _try_date,
    _try_month,
    _try_fiscal_year,
    _try_calendar_year,
    _try_bare_era_year,
)


def _touches_word(text: str, start: int, end: int) -> bool:
    """True when the characters around ``text[start:end]`` continue a Latin word or number."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(_WORD_CHAR.fullmatch(before) or _WORD_CHAR.fullmatch(after))


def _mention_at(text: str, pos: int) -> EraMention | None:
    for parse in _PARSERS:
        try:
            mention = parse(text, pos)
        except ValueError:  # a number that is no valid era year, month or day
            continue
        if mention is None:
            continue
        starts_with_letter = not text.startswith(tuple(era.name for era in ERAS), pos)
        if starts_with_letter and _touches_word(text, mention.start, mention.end):
            continue
        return mention
    return None


def _iter_mentions(text: str) -> Iterator[EraMention]:
    pos = 0
    while (candidate := _CANDIDATE.search(text, pos)) is not None:
        mention = _mention_at(text, candidate.start())
        if mention is None:
            pos = candidate.start() + 1
            continue
        yield mention
        pos = mention.end


def find_era_mentions(text: str) -> list[EraMention]:
    """Every year, range or date expression of ``text``, left to right, with offsets.

    Era letters and Gregorian years must stand apart from Latin words and
    numbers: the R of RPA, the H of HP or Hz, the S13 of iOS13 are not eras.
    """
    return list(_iter_mentions(text))


def parse_fiscal_year(label: str) -> int | None:
    """Fiscal year of a label that is only a year: "R4", "Ｒ３", "令和元年度", "2022年度".

    Returns None when the label holds anything else (a date, a range, text).
    """
    stripped = label.strip(" \u3000\t")
    mentions = find_era_mentions(stripped)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    whole = mention.start == 0 and mention.end == len(stripped)
    return mention.year if whole and mention.kind == "fiscal_year" else None


def parse_era_range(text: str) -> tuple[int, int] | None:
    """First year range in ``text`` as (first, last) fiscal years: "R4～6年度" → (2022, 2024)."""
    for mention in find_era_mentions(text):
        if mention.kind == "range":
            return mention.year, mention.last_year
    return None


def parse_era_date(text: str) -> date | None:
    """First full date in ``text``: "R５.９.３０現在" → 2023-09-30, "令和5年9月30日" too."""
    for mention in find_era_mentions(text):
        if mention.date is not None:
            return mention.date
    return None
