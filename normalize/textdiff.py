"""Character-level differences between two texts: what was removed, what was added."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit: ``before[before_start:before_end]`` became ``after[after_start:after_end]``."""

    op: str
    before_start: int
    before_end: int
    after_start: int
    after_end: int
    removed: str
    added: str


def char_edits(before: str, after: str) -> list[Edit]:
    """The edits turning ``before`` into ``after``, character by character, left to right.

    ``op`` is ``replace``, ``delete`` or ``insert``; equal stretches are not listed.
    """
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    return [Edit(op, i1, i2, j1, j2, before[i1:i2], after[j1:j2])
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
