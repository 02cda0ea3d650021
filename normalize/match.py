"""Match a row's printed 施策 / 展開 / 項目名 fragments to registry codes with rapidfuzz.

Printed numbers narrow the candidates; names decide and give the score.
A weak or ambiguous match is reported as such, never silently assigned.

An :class:`ItemMatcher` folds a registry's names once and scores a row against
all its items with one rapidfuzz call and a few numpy array operations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from gyokaku.normalize.chars import fold_text
from gyokaku.normalize.registry import ItemEntry, Registry

WEAK_SCORE = 0.85        # below this a match is flagged for review
AMBIGUOUS_MARGIN = 0.05  # a runner-up this close makes a name-only match ambiguous
_BLANKS = re.compile(r"\s+")
_UNKNOWN = math.inf      # a name the registry lacks: never the weakest known similarity
_NONE = -math.inf        # an entry taken out of the running when picking the best two

Scores = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
K = TypeVar("K")


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


def _similarities(printed: str, keys: Sequence[str]) -> Scores:
    """name_similarity of a printed name with each folded key, in one C call.

    cdist runs the same fuzz.ratio on each pair: ratio / 100.0 is, bit for bit, the
    float name_similarity gives.
    """
    ratios = process.cdist([_name_key(printed)], keys, scorer=fuzz.ratio, dtype=np.float64)
    similarities: Scores = ratios[0] / 100.0
    return similarities


class _NameColumn:
    """One kind of name (policy or development) the entries share: the folded registry
    names, each compared once per row, and which of them each entry has."""

    def __init__(self, names: Sequence[str | None], index: Sequence[int]) -> None:
        named = [position for position, name in enumerate(names) if name]
        self.keys = [_name_key(name) for name in names if name]
        self.named = np.array(named, dtype=np.intp)
        self.unknown = np.full(len(names), _UNKNOWN, dtype=np.float64)
        self.index = np.array(index, dtype=np.intp)

    def similarities(self, printed: str | None) -> Scores | None:
        """Each entry's similarity with the printed name (inf where the registry has no
        name), or None when the row prints none."""
        if not printed:
            return None
        distinct = self.unknown.copy()
        if self.keys:
            distinct[self.named] = _similarities(printed, self.keys)
        return distinct[self.index]


def _name_column(entries: Sequence[ItemEntry], group: Callable[[ItemEntry], K],
                 names: Mapping[K, str]) -> _NameColumn:
    """The column of the names the entries' ``group`` (policy or development) has."""
    positions: dict[K, int] = {}
    index = [positions.setdefault(group(entry), len(positions)) for entry in entries]
    return _NameColumn([names.get(key) for key in positions], index)


def _number_masks(entries: Sequence[ItemEntry], number: Callable[[ItemEntry], int]
                  ) -> dict[int, Mask]:
    """For each value of one number of the entries, which entries carry it."""
    masks: dict[int, Mask] = {}
    for position, entry in enumerate(entries):
        masks.setdefault(number(entry), np.zeros(len(entries), dtype=np.bool_))[position] = True
    return masks


def _best_two(scores: Scores, allowed: Mask | None, count: int) -> list[int]:
    """Positions of the (up to) two best allowed entries, best first.

    Entries are laid out by key, so the first maximum is also the lowest key among
    equal scores: higher score first, then the lower key.
    """
    pool = scores.copy() if allowed is None else np.where(allowed, scores, _NONE)
    first = int(np.argmax(pool))
    if count < 2:
        return [first]
    pool[first] = _NONE
    return [first, int(np.argmax(pool))]


def _entry_key(entry: ItemEntry) -> tuple[int, int, int]:
    return entry.key


class ItemMatcher:
    """Matches rows to the items of one registry.

    The registry is read once, when the matcher is built: build a new matcher after
    changing the registry.
    """

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        # sorted() is stable: entries with equal keys keep their registry order
        self.entries = sorted(registry.items.values(), key=_entry_key)
        entries = self.entries
        self._item_keys = [_name_key(entry.name) if entry.name else "" for entry in entries]
        self._unnamed = np.array([not entry.name for entry in entries], dtype=np.bool_)
        self._policies = _name_column(entries, lambda e: e.policy_no, registry.policies)
        self._developments = _name_column(entries, lambda e: (e.policy_no, e.development_no),
                                          registry.developments)
        self._numbers = (_number_masks(entries, lambda e: e.policy_no),
                         _number_masks(entries, lambda e: e.development_no),
                         _number_masks(entries, lambda e: e.item_no))
        self._nowhere = np.zeros(len(entries), dtype=np.bool_)
        self._memo: dict[RowFragments, ItemMatch] = {}

    def _item_similarities(self, printed: str | None) -> Scores | None:
        if not printed:
            return None
        similarities = _similarities(printed, self._item_keys)
        similarities[self._unnamed] = 0.0  # name_similarity's answer for an empty name
        return similarities

    def scores(self, row: RowFragments) -> Scores:
        """Each entry's (in :attr:`entries` order) weakest similarity among the names the
        row prints and the registry knows (0 when there is none)."""
        columns = [column for column in (self._policies.similarities(row.policy_name),
                                         self._developments.similarities(row.development_name),
                                         self._item_similarities(row.item_name))
                   if column is not None]
        if not columns:
            return np.zeros(len(self.entries), dtype=np.float64)
        scores: Scores = reduce(np.minimum, columns)
        return np.where(scores == _UNKNOWN, 0.0, scores)

    def _agreeing(self, printed: tuple[int | None, int | None, int | None]) -> Mask:
        """The entries whose numbers agree with every number the row prints."""
        agreeing = np.ones(len(self.entries), dtype=np.bool_)
        for number, masks in zip(printed, self._numbers, strict=True):
            if number is not None:
                agreeing &= masks.get(number, self._nowhere)
        return agreeing

    def match(self, row: RowFragments) -> ItemMatch:
        """The registry item a row's fragments name."""
        if row not in self._memo:
            self._memo[row] = self._match(row)
        return self._memo[row]

    def _match(self, row: RowFragments) -> ItemMatch:
        if not self.entries:
            return ItemMatch(None, 0.0, True, False, "empty registry")
        scores = self.scores(row)
        printed = (row.policy_no, row.development_no, row.item_no)
        agreeing = self._agreeing(printed)
        numbered = int(np.count_nonzero(agreeing))
        ranked = _best_two(scores, None, len(self.entries))
        if None not in printed and numbered == 1:
            position = int(np.argmax(agreeing))
            entry, score = self.entries[position], float(scores[position])
            best, best_score = self.entries[ranked[0]], float(scores[ranked[0]])
            if (best is not entry and best_score - score > AMBIGUOUS_MARGIN
                    and score < WEAK_SCORE):
                return ItemMatch(entry, score, True, True,
                                 f"printed number says {entry.code} but the name fits {best.code}")
            return ItemMatch(entry, score, score < WEAK_SCORE, False, "number and name")
        pool = _best_two(scores, agreeing, numbered) if numbered else ranked
        entry, score = self.entries[pool[0]], float(scores[pool[0]])
        ambiguous = len(pool) > 1 and score - float(scores[pool[1]]) < AMBIGUOUS_MARGIN
        reason = "name only" if not numbered else "partial number and name"
        return ItemMatch(entry, score, score < WEAK_SCORE or ambiguous, ambiguous, reason)


def match_item(registry: Registry, row: RowFragments) -> ItemMatch:
    """The registry item a row's fragments name (for one row: to match many rows against
    one registry, build an :class:`ItemMatcher` once)."""
    return ItemMatcher(registry).match(row)
