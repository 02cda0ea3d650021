"""Numbers with their units in normalized report text: the raw material of ``metrics``.

A figure is a number (``1,650``, ``93．1``, ``1.1``) with what is printed
around it: an approximation prefix (約), a rate prefix (月3回: 3 a month), a
multiplier (億, 万, 千), a unit (％, 円, 件, 人 ...), a bound (以上, 以内) and
an approximation suffix (程度, 近く).  Money is turned into yen and every
multiplier applied, so ``401億円`` is 40,100,000,000 円 and ``1.1万`` is 11,000.

The text is expected in gyokaku's normalized form (half-width digits).
Units are generic Japanese counters; nothing here depends on one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS: tuple[str, ...] = (
    "ポイント", "手続き", "時間", "案件", "施設", "団体", "手続", "か月", "ヶ月", "カ月", "ケ月",
    "箇所", "か所", "世帯", "種類", "品目", "%", "％", "㎡", "円", "件", "人", "名", "枚", "回",
    "社", "課", "県", "市", "園", "部", "局", "校", "台", "冊", "戸", "点",
)
"""Counters that make a number a figure (the longest that fits is taken: 案件, not 件)."""

CANONICAL_UNIT: dict[str, str] = {
    "％": "%", "ヶ月": "か月", "カ月": "か月", "ケ月": "か月", "手続": "手続き", "か所": "箇所",
}
"""Spelling variants of a unit and the one spelling the ``unit`` column uses."""

MULTIPLIERS: dict[str, int] = {"千万": 10**7, "百万": 10**6, "億": 10**8, "万": 10**4, "千": 10**3}
BOUNDS: dict[str, str] = {"以上": "minimum", "超": "minimum", "以下": "maximum",
                          "以内": "maximum", "未満": "maximum"}
APPROX_PREFIXES: tuple[str, ...] = ("およそ", "おおむね", "概ね", "約")
COUNT_PREFIXES: tuple[str, ...] = ("延べ",)
"""Printed before a count and kept in ``raw`` (延べ9回: nine sessions in all)."""
PER_HEAD = ("当たり", "あたり")
"""A number followed by these is a per-head basis (職員1人当たり), not a figure."""
APPROX_SUFFIXES: tuple[str, ...] = ("程度", "近く", "余り", "前後")
RATE_MARKS = "年月週日"
"""A rate prefix: 月3回 is three times a month, 年4回 four times a year."""

_NUMBER = re.compile(r"[0-9]{1,3}(?:[,，][0-9]{3})+(?:[.．][0-9]+)?|[0-9]+(?:[.．][0-9]+)?")
_NOT_BEFORE = re.compile(r"[0-9A-Za-z.,．，\-－/第#＃№]")
_LATIN = re.compile(r"[A-Za-z]")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_AFTER = re.compile(
    f"(?P<mult>{_alternation(list(MULTIPLIERS))})?"
    f"(?P<unit>{_alternation(UNITS)})?"
    f"(?P<bound>{_alternation(list(BOUNDS))})?"
    f"(?P<approx>{_alternation(APPROX_SUFFIXES)})?"
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number as printed, with its unit and markers; offsets into the text.

    ``start``/``end`` cover the whole printed figure (``約50課``,
    ``月290,000部以内``); ``number_start`` is where its digits begin.
    ``unit`` is in its canonical spelling, ``None`` for a bare number;
    ``per`` is the rate mark (年 月 週 日) or ``None``; ``bound`` is
    ``"minimum"``, ``"maximum"`` or ``None``.
    """

    start: int
    end: int
    number_start: int
    value: float
    unit: str | None
    per: str | None
    bound: str | None
    approx: bool

    def raw(self, text: str) -> str:
        """The figure as printed in ``text``."""
        return text[self.start:self.end]


def parse_number(digits: str, multiplier: str | None = None) -> float:
    """``"21,950"`` with ``"千"`` → 21950000.0; ``"93．1"`` → 93.1 (exact decimal arithmetic)."""
    return float(_decimal(digits) * MULTIPLIERS.get(multiplier or "", 1))


def _prefix(text: str, number_start: int, rate: bool) -> tuple[int, str | None, bool]:
    """Where the figure starts before its digits, its rate mark and whether 約 leads it."""
    start, per = number_start, None
    if rate and start > 0 and text[start - 1] in RATE_MARKS and not (
            start > 1 and text[start - 2].isdigit()):
        start, per = start - 1, text[start - 1]
        if start > 0 and text[start - 1] == "毎":
            start -= 1
    for word in COUNT_PREFIXES:
        if start >= len(word) and text.startswith(word, start - len(word)):
            start -= len(word)
    for word in APPROX_PREFIXES:
        if start >= len(word) and text.startswith(word, start - len(word)):
            return start - len(word), per, True
    return start, per, False


def _is_standalone(text: str, match: re.Match[str]) -> bool:
    """True unless the digits continue a code, a Latin word or an ordinal (第2期)."""
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return not _NOT_BEFORE.fullmatch(before or " ") and not _LATIN.fullmatch(after or " ")


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", "").replace("，", "").replace("．", "."))


def _amount(text: str, match: re.Match[str]) -> tuple[Decimal, re.Match[str]]:
    """The value of the number at ``match`` and the match of what follows its last part.

    A compound amount is read whole: ``3億2千万円`` is 320,000,000 円.
    """
    total = Decimal(0)
    while True:
        after = _AFTER.match(text, match.end())
        assert after is not None  # every group is optional
        mult = after.group("mult")
        total += _decimal(match.group()) * MULTIPLIERS.get(mult or "", 1)
        if mult not in ("億", "万") or after.end() != after.end("mult"):
            return total, after
        follow = _NUMBER.match(text, after.end())
        following = _AFTER.match(text, follow.end()) if follow else None
        if follow is None or following is None \
                or MULTIPLIERS.get(following.group("mult") or "", 1) >= MULTIPLIERS[mult]:
            return total, after
        match = follow


def find_figures(text: str) -> list[Figure]:
    """Every standalone number of ``text`` as a :class:`Figure`, left to right.

    Numbers inside dates or era years are not removed here (see
    :mod:`gyokaku.normalize.timeref`); a figure without a unit is returned
    with ``unit=None`` and the caller decides whether it is a figure at all.
    """
    figures: list[Figure] = []
    for match in _NUMBER.finditer(text):
        if not _is_standalone(text, match) or (figures and match.start() < figures[-1].end):
            continue
        value, after = _amount(text, match)
        if text.startswith(PER_HEAD, after.end()):
            continue
        unit = after.group("unit")
        start, per, approx_before = _prefix(text, match.start(), rate=unit is not None)
        figures.append(Figure(
            start=start,
            end=after.end(),
            number_start=match.start(),
            value=float(value),
            unit=CANONICAL_UNIT.get(unit, unit) if unit else None,
            per=per,
            bound=BOUNDS[after.group("bound")] if after.group("bound") else None,
            approx=approx_before or bool(after.group("approx")),
        ))
    return figures
