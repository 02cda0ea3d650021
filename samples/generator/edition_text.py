"""Rewrite achievement texts and their figures for another report year (synthetic editions).

Two rules, both deterministic:

* Era years move with the report year: ``令和4年度`` / ``R3`` / ``R5.2.6`` shift by
  the year difference, keeping the digits' width.  Years inside a range
  (``R4～6年度``, ``令和３～７年度``) are plan periods and stay.
* Figures change a little: percentages by 0.1–0.4 points, counts and amounts
  of 10 or more by 1–6 %, one choice per initiative taken from a hash of
  (year, initiative code).  Dates, ages, ordinals, calendar years, small
  counts and non-percentage decimals stay.

Metrics follow the same token rewrite, so every metric's ``raw`` still occurs
in the rewritten text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

_FW_DIGITS = "０１２３４５６７８９"
_TO_ASCII = str.maketrans(_FW_DIGITS + "，．", "0123456789,.")
_TO_FULLWIDTH = str.maketrans("0123456789,.", _FW_DIGITS + "，．")
_DIGIT = "0-9０-９"

# An era year (group 1: era, group 2: year) or a number (group 3).
_TOKEN = re.compile(
    rf"(令和|R)([{_DIGIT}]+)(?![{_DIGIT}])"
    rf"|([{_DIGIT}]+(?:[,，][{_DIGIT}]{{3}})*(?:[.．][{_DIGIT}]+)?)"
)
_KEEP_AFTER = ("年", "月", "日", "か月", "ヶ月", "歳", "期", "号", "条", "次", "階", "手続")
_KEEP_BEFORE = ("第", "計画")
_PERCENT = ("%", "％")


def _draw(*parts: object) -> int:
    """A stable pseudo-random integer from the parts."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class FigureShift:
    """How one initiative's figures change: counts by ``percent`` %, percentages by ``points``.

    One shift per initiative keeps the figures' order: a rise stays a rise.
    """

    percent: int
    points: Fraction


def _styled(value: str, like: str) -> str:
    """``value`` (ASCII) in the digit width of ``like``."""
    return value.translate(_TO_FULLWIDTH) if like[:1] in _FW_DIGITS else value


def _shift_era(era: str, digits: str, delta: int) -> str:
    year = int(digits.translate(_TO_ASCII)) + delta
    if era == "令和" and year == 1:
        return "令和元"
    return era + _styled(str(year), digits)


def _is_range_end(text: str, start: int, end: int) -> bool:
    return text[start - 1:start] in ("～", "~") or text[end:end + 1] in ("～", "~")


def _keeps(text: str, start: int, end: int, number: str) -> bool:
    """True for numbers that must not change (dates, ordinals, years, small counts …)."""
    plain = number.translate(_TO_ASCII)
    after, before = text[end:end + 2], text[max(0, start - 2):start]
    if any(after.startswith(s) for s in _KEEP_AFTER) or any(before.endswith(s)
                                                            for s in _KEEP_BEFORE):
        return True
    if "." in plain:
        return text[end:end + 1] not in _PERCENT
    whole = int(plain.replace(",", ""))
    return whole < 10 or ("," not in plain and 1900 <= whole <= 2099)


def _figures(text: str) -> list[str]:
    """The numbers of ``text`` that an edition rewrites."""
    return [m.group(3) for m in _TOKEN.finditer(text)
            if m.group(3) and not _keeps(text, m.start(), m.end(), m.group(3))]


def figure_shift(text: str, code: str, year: int) -> FigureShift:
    """The shift of one initiative's figures in the ``year`` edition."""
    draw = _draw(year, code)
    percent = (1 + draw % 6) * (1 if (draw >> 8) % 2 else -1)
    points = Fraction(1 + (draw >> 16) % 4, 10) * (1 if (draw >> 24) % 2 else -1)
    percentages = [Fraction(f.translate(_TO_ASCII)) for f in _figures(text)
                   if "." in f.translate(_TO_ASCII)]
    if percentages and max(percentages) + points >= 100:
        points = -abs(points)  # a rate never reaches 100.0 % by accident
    return FigureShift(percent, points)


def _granularity(value: int) -> int:
    """The rounding step of a printed count: its trailing zeros, at most 5 % of it."""
    step = 1
    while value % (step * 10) == 0 and step * 10 <= value // 20:
        step *= 10
    return step


def _new_count(value: int, percent: int) -> int:
    step = _granularity(value)
    new = round(value * (100 + percent) / 100 / step) * step
    return new if new != value else value + (step if percent > 0 else -step)


def new_number(number: str, shift: FigureShift) -> str:
    """The figure ``number`` after ``shift``, printed in the same style."""
    plain = number.translate(_TO_ASCII)
    if "." in plain:
        decimals = len(plain.split(".")[1])
        value = Fraction(plain) + shift.points
        return _styled(f"{float(value):.{decimals}f}", number)
    new = _new_count(int(plain.replace(",", "")), shift.percent)
    return _styled(f"{new:,}" if "," in plain else str(new), number)


def rewrite_text(text: str, delta: int, shift: FigureShift | None) -> str:
    """``text`` with its era years moved by ``delta`` and its figures moved by ``shift``.

    Without a shift only the era years move.
    """

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        if match.group(1):
            if _is_range_end(text, start, end):
                return match.group(0)
            return _shift_era(match.group(1), match.group(2), delta)
        if shift is None or _keeps(text, start, end, match.group(3)):
            return match.group(0)
        return new_number(match.group(3), shift)

    return _TOKEN.sub(replace, text)


def rewrite_achievement(text: str, code: str, year: int, delta: int) -> str:
    """An achievement as the ``year`` edition (``delta`` years from the base) prints it."""
    return rewrite_text(text, delta, figure_shift(text, code, year))


def _number_value(number: str) -> Fraction:
    return Fraction(number.translate(_TO_ASCII).replace(",", ""))


def rewrite_metric(metric: dict[str, Any], achievement: str, year: int, delta: int
                   ) -> dict[str, Any]:
    """A metric of the base edition restated for the ``year`` edition.

    ``achievement`` is the base text the metric was read from; its figures
    decide the shift, so the metric changes exactly as the text does.
    """
    code = metric["code"]
    raw = metric["raw"]
    shift = figure_shift(achievement, code, year)
    new_raw = rewrite_text(raw, delta, shift)
    changed = [(m.group(3), n.group(3)) for m, n in zip(_TOKEN.finditer(raw),
                                                         _TOKEN.finditer(new_raw), strict=True)
               if m.group(3) and m.group(3) != n.group(3)]
    if len(changed) > 1:
        raise ValueError(f"{code}: metric raw {raw!r} holds several changing figures")
    value = metric["value"]
    if changed:
        old, new = changed[0]
        scaled = Fraction(str(value)) * _number_value(new) / _number_value(old)
        if isinstance(value, int) and scaled.denominator != 1:
            raise ValueError(f"{code}: {raw!r} -> {new_raw!r} does not scale {value} evenly")
        value = int(scaled) if isinstance(value, int) else round(float(scaled), 4)
    restated = dict(metric)
    name = rewrite_text(metric["metric"], delta, None)
    restated.update(raw=new_raw, value=value, metric=name)
    if metric.get("row"):
        restated["row"] = rewrite_text(metric["row"], delta, shift)
    if metric.get("fiscal_year") is not None:
        restated["fiscal_year"] = metric["fiscal_year"] + delta
    if metric.get("as_of"):
        restated["as_of"] = f"{int(metric['as_of'][:4]) + delta}{metric['as_of'][4:]}"
    return restated
