"""How the spreadsheet-made report prints its labels and paragraphs.

Plain string rules shared by the LibreOffice renderer and its checks: full-width
numbers, circled item numbers, era labels and the paragraph indent the report
puts before every line that does not open with a mark.
"""

from __future__ import annotations

from samples.generator.content import Content

_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# A printed line opening with one of these is not indented.
# What the page-heading font's ToUnicode map says for these ideographs, as in
# the real report, whose heading font extracts them as Kangxi / CJK radicals.
RADICAL_FOR = {
    "行": "\u2f8f",  # KANGXI RADICAL WALK ENCLOSURE
    "高": "\u2fbc",  # KANGXI RADICAL TALL
    "民": "\u2ea0",  # CJK RADICAL CIVILIAN
    "力": "\u2f12",  # KANGXI RADICAL POWER
}

LINE_MARKS = "・※【（(「『＜<〇○●◎◆◇■□▲△" + _CIRCLED
IDEOGRAPHIC_SPACE = "\u3000"


def fullwidth_digits(value: int | str) -> str:
    """``12`` -> ``"１２"``."""
    return str(value).translate(_FULLWIDTH_DIGITS)


def circled(number: int) -> str:
    """``1`` -> ``"①"`` (1 to 20)."""
    return _CIRCLED[number - 1]


def reiwa_year(fiscal_year: int) -> int:
    """The Reiwa era year of a Gregorian fiscal year (2021 -> 3)."""
    return fiscal_year - 2018


def plan_year_label(fiscal_year: int) -> str:
    """The plan-column header, ``"R３"`` for 2021."""
    return "R" + fullwidth_digits(reiwa_year(fiscal_year))


def achievement_header(content: Content) -> str:
    """``"令和４年度の取組実績"`` for a FY2022 report."""
    year = reiwa_year(int(content["document"]["report_fiscal_year"]))
    return f"令和{fullwidth_digits(year)}年度の取組実績"


def title_lines(content: Content) -> list[str]:
    """The cover title as printed on two lines."""
    year = reiwa_year(int(content["document"]["report_fiscal_year"]))
    return ["行財政改革推進項目一覧", f"及び令和{fullwidth_digits(year)}年度取組実績"]


def policy_label(policy_no: int, name: str) -> str:
    """``"１　健全で持続可能な財政運営"`` (number, ideographic space, name)."""
    return f"{fullwidth_digits(policy_no)}{IDEOGRAPHIC_SPACE}{name}"


def development_label(development_no: int, name: str, spaced: bool) -> str:
    """``"１）財政運営の健全性確保"``; the index page puts a space after ``）``."""
    gap = " " if spaced else ""
    return f"{fullwidth_digits(development_no)}）{gap}{name}"


def item_label(item_no: int, name: str, spaced: bool) -> str:
    """``"①財政の健全性の維持・確保"``; the index page puts a space after the number."""
    gap = " " if spaced else ""
    return f"{circled(item_no)}{gap}{name}"


def initiative_label(initiative: dict[str, object]) -> str:
    """The 具体的取組 cell: ``"a）name"`` (``printed_letter`` if set), empty without a letter."""
    letter = initiative.get("printed_letter") or initiative.get("letter")
    if not letter:
        return ""
    return f"{letter}）{initiative['name']}"


def heading_label(policy_no: int, name: str) -> str:
    """The detail-page heading ``"施策３ 行政のスマート化"``."""
    return f"施策{fullwidth_digits(policy_no)} {name}"


def heading_as_extracted(heading: str) -> str:
    """A page heading as its font's ToUnicode map reads (行高民力 as radicals)."""
    return "".join(RADICAL_FOR.get(char, char) for char in heading)


def paragraph_text(text: str | None) -> str:
    """A summary or achievement as printed: each content line on its own line,
    indented with an ideographic space unless it opens with a mark."""
    if not text:
        return ""
    lines = []
    for line in text.split("\n"):
        indent = "" if line[:1] in LINE_MARKS else IDEOGRAPHIC_SPACE
        lines.append(indent + line)
    return "\n".join(lines)
