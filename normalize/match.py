"""Match a row's printed 施策 / 展開 / 項目名 fragments to registry codes with rapidfuzz.

Printed numbers narrow the candidates; names decide and give the score.
A weak or ambiguous match is reported as such, never silently assigned.
"""

from __future__ import annotations

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

    def score(self, entry: ItemEntry) -> float:
        """The weakest of the name similarities the row prints (0 when it prints none)."""
        scores = [self._policy(entry.policy_no),
                  self._development((entry.policy_no, entry.development_no))]
        if self.row.item_name:
            scores.insert(0, name_similarity(self.row.item_name, entry.name))
        known = [score for score in scores if score is not None]
        return min(known) if known else 0.0


def _numbers_agree(entry: ItemEntry, row: RowFragments) -> bool:
    printed = (row.policy_no, row.development_no, row.item_no)
    return all(p is None or p == e for p, e in zip(printed, entry.key, strict=True))


def match_item(registry: Registry, row: RowFragments) -> ItemMatch:
    """The registry item a row's fragments name."""
    if not registry.items:
        return ItemMatch(None, 0.0, True, False, "empty registry")
    scorer = _Scorer(registry, row)
    ranked = sorted(((scorer.score(e), e) for e in registry.items.values()),
                    key=lambda pair: (-pair[0], pair[1].key))
    numbered = [(s, e) for s, e in ranked if _numbers_agree(e, row)]
    fully_numbered = None not in (row.policy_no, row.development_no, row.item_no)
    if fully_numbered and len(numbered) == 1:
        score, entry = numbered[0]
        best_score, best = ranked[0]
        if best is not entry and best_score - score > AMBIGUOUS_MARGIN and score < WEAK_SCORE:
            return ItemMatch(entry, score, True, True,
                             f"printed number says {entry.code} but the name fits {best.code}")
        return ItemMatch(entry, score, score < WEAK_SCORE, False, "number and name")
    pool = numbered or ranked
    score, entry = pool[0]
    ambiguous = len(pool) > 1 and score - pool[1][0] < AMBIGUOUS_MARGIN
    reason = "name only" if not numbered else "partial number and name"
    return ItemMatch(entry, score, score < WEAK_SCORE or ambiguous, ambiguous, reason)
