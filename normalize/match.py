"""Match a row's printed 施策 / 展開 / 項目名 fragments to registry codes with rapidfuzz.

Printed numbers narrow the candidates; names decide and give the score.
A weak or ambiguous match is reported as such, never silently assigned.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from gyokaku.normalize.chars import fold_text
from gyokaku.normalize.registry import ItemEntry, Registry

WEAK_SCORE = 0.85        # below this a match is flagged for review
AMBIGUOUS_MARGIN = 0.05  # a runner-up this close makes a name-only match ambiguous
_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True)
class RowFragments:
    """What a row prints about its item (numbers may be missing)."""

    policy_no: int | None
    policy_name: str | None
    development_no: int | None
    development_name: str | None
    item_no: int | None
    item_name: str | None


@dataclass(frozen=True)
class ItemMatch:
    """The registry entry a row belongs to, with how sure the match is."""

    entry: ItemEntry | None
    score: float
    weak: bool
    ambiguous: bool
    reason: str


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    # Every row is compared with every registry entry: fold each name once.
    return _BLANKS.sub("", fold_text(name))


def name_similarity(a: str | None, b: str | None) -> float:
    """Similarity of two names in [0, 1], ignoring blanks and width variants."""
    if not a or not b:
        return 0.0
    return fuzz.ratio(_name_key(a), _name_key(b)) / 100.0


class _Scorer:
    """Scores registry entries against one row; a policy's or development's similarity
    is computed once, not once per item under it."""

    def __init__(self, registry: Registry, row: RowFragments) -> None:
        self.registry = registry
        self.row = row
        self.policies: dict[int, float | None] = {}
        self.developments: dict[tuple[int, int], float | None] = {}

    def _policy(self, number: int) -> float | None:
        if number not in self.policies:
            name = self.registry.policies.get(number)
            printed = self.row.policy_name
            self.policies[number] = name_similarity(printed, name) if printed and name else None
        return self.policies[number]

    def _development(self, key: tuple[int, int]) -> float | None:
        if key not in self.developments:
            name = self.registry.developments.get(key)
            printed = self.row.development_name
            self.developments[key] = (name_similarity(printed, name)
                                      if printed and name else None)
        return self.developments[key]

    def scores(self) -> list[tuple[float, ItemEntry]]:
        """Each entry (in registry order) with the weakest of the name similarities the
        row prints (0 when it prints none)."""
        printed_item = self.row.item_name
        scored: list[tuple[float, ItemEntry]] = []
        for entry in self.registry.items.values():
            found = [self._policy(entry.policy_no),
                     self._development((entry.policy_no, entry.development_no))]
            if printed_item:
                found.append(name_similarity(printed_item, entry.name))
            known = [score for score in found if score is not None]
            scored.append((min(known) if known else 0.0, entry))
        return scored


def _numbers_agree(entry: ItemEntry, printed: tuple[int | None, int | None, int | None]
                   ) -> bool:
    policy, development, item = printed
    return ((policy is None or policy == entry.policy_no)
            and (development is None or development == entry.development_no)
            and (item is None or item == entry.item_no))


def _rank_order(pair: tuple[float, ItemEntry]) -> tuple[float, tuple[int, int, int]]:
    return (-pair[0], pair[1].key)


def match_item(registry: Registry, row: RowFragments) -> ItemMatch:
    """The registry item a row's fragments name."""
    if not registry.items:
        return ItemMatch(None, 0.0, True, False, "empty registry")
    scored = _Scorer(registry, row).scores()
    printed = (row.policy_no, row.development_no, row.item_no)
    numbered = [pair for pair in scored if _numbers_agree(pair[1], printed)]
    # only the two best of each list are looked at: no need to sort them whole
    ranked = heapq.nsmallest(2, scored, key=_rank_order)
    fully_numbered = None not in printed
    if fully_numbered and len(numbered) == 1:
        score, entry = numbered[0]
        best_score, best = ranked[0]
        if best is not entry and best_score - score > AMBIGUOUS_MARGIN and score < WEAK_SCORE:
            return ItemMatch(entry, score, True, True,
                             f"printed number says {entry.code} but the name fits {best.code}")
        return ItemMatch(entry, score, score < WEAK_SCORE, False, "number and name")
    pool = heapq.nsmallest(2, numbered, key=_rank_order) if numbered else ranked
    score, entry = pool[0]
    ambiguous = len(pool) > 1 and score - pool[1][0] < AMBIGUOUS_MARGIN
    reason = "name only" if not numbered else "partial number and name"
    return ItemMatch(entry, score, score < WEAK_SCORE or ambiguous, ambiguous, reason)
