"""Read the numbers printed in front of names: "１　…", "１）…", "①…", "a）…", "1-(1)-①".

The patterns come from the layout profile; this module only applies them
to folded text and turns the captured numbers into integers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Numbered:
    """A name with the number (or letter) printed in front of it."""

    number: int | None
    letter: str | None
    name: str


@dataclass(frozen=True)
class CombinedNumber:
    """A combined item number such as "1-(1)-①"."""

    policy: int
    development: int
    item: int


def number_value(token: str) -> int | None:
    """The integer a printed number token stands for ("12", "⑤", "㉑")."""
    token = token.strip()
    if token.isdecimal():
        return int(token)
    if len(token) == 1:
        try:
            value = unicodedata.numeric(token)
        except ValueError:
            return None
        return int(value) if value == int(value) else None
    return None


def parse_numbered(text: str, pattern: re.Pattern[str] | None) -> Numbered | None:
    """Split ``text`` into its printed number/letter and name, or None if it does not match."""
    if pattern is None:
        return None
    match = pattern.fullmatch(text.strip())
    if match is None:
        return None
    groups = match.groupdict()
    number = number_value(groups["no"]) if groups.get("no") else None
    letter = groups.get("letter")
    name = (groups.get("name") or "").strip()
    if number is None and letter is None:
        return None
    return Numbered(number, letter.lower() if letter else None, name)


def parse_combined(text: str, pattern: re.Pattern[str] | None) -> CombinedNumber | None:
    """Read a combined policy-development-item number, or None."""
    if pattern is None:
        return None
    match = pattern.fullmatch(text.strip())
    if match is None:
        return None
    parts = [number_value(match.group(key)) for key in ("policy", "development", "item")]
    if any(part is None for part in parts):
        return None
    policy, development, item = (int(p) for p in parts if p is not None)
    return CombinedNumber(policy, development, item)
