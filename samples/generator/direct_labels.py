"""Printed forms of numbers and labels: full-width digits, ①, １）, era years, radical headings."""

from __future__ import annotations

from typing import Any

# heading-font code points publishers' PDFs extract for these ideographs (Kangxi / CJK radicals)
HEADING_RADICALS = {"行": "\u2f8f", "高": "\u2fbc", "民": "\u2ea0", "力": "\u2f12"}


def fullwidth(number: int) -> str:
    """``12`` → ``"１２"``."""
    return "".join(chr(ord(digit) + 0xFEE0) for digit in str(number))


def circled(number: int) -> str:
    """``1`` → ``"①"`` (1 to 20)."""
    if not 1 <= number <= 20:
        raise ValueError(f"no circled digit for {number}")
    return chr(0x2460 + number - 1)


def reiwa_year(year: int) -> int:
    """Reiwa era year of a Gregorian fiscal year (2022 → 4)."""
    return year - 2018


def era_header(year: int) -> str:
    """Plan column header of the Okayama layout: ``"R３"`` for 2021."""
    return f"R{fullwidth(reiwa_year(year))}"


def reiwa_fiscal_year(year: int) -> str:
    """Spelled-out fiscal year: ``"令和４年度"`` for 2022."""
    return f"令和{fullwidth(reiwa_year(year))}年度"


def policy_label(policy: dict[str, Any]) -> str:
    """``"１　健全で持続可能な財政運営"``."""
    return f"{fullwidth(policy['policy_no'])}\u3000{policy['name']}"


def development_label(development: dict[str, Any]) -> str:
    """``"１）財政運営の健全性確保"``."""
    return f"{fullwidth(development['development_no'])}）{development['name']}"


def item_label(item: dict[str, Any]) -> str:
    """``"①財政の健全性の維持・確保"``."""
    return f"{circled(item['item_no'])}{item['name']}"


def initiative_label(initiative: dict[str, Any]) -> str | None:
    """``"a）name"`` (``printed_letter`` when the content has one); None without a letter."""
    if not initiative.get("letter"):
        return initiative.get("name")
    letter = initiative.get("printed_letter") or initiative["letter"]
    if not letter.endswith("）"):
        letter += "）"
    return f"{letter}{initiative['name']}"


def radical_heading(text: str) -> str:
    """Replace 行 高 民 力 by the radical code points a heading font's text layer yields."""
    return "".join(HEADING_RADICALS.get(char, char) for char in text)


def policy_heading(policy: dict[str, Any]) -> str:
    """Page heading ``"施策３　⾏政のスマート化"`` with radical code points."""
    return radical_heading(f"施策{fullwidth(policy['policy_no'])}\u3000{policy['name']}")
