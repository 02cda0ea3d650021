"""Which initiative of one edition is which of the next.

Rows with the same code that read alike are linked first.  The rows left
over on both sides (a code that disappeared, a code that appeared, a code
that now reads unlike) are then paired by the similarity of their names and
summaries (rapidfuzz), best pairs first: a renumbered or moved initiative
keeps its history.  What stays unpaired was dropped or added.

Each link carries a score and whether it is certain: a same-code link whose
texts are unlike (the code may now mean something else), a similarity link
below :data:`CERTAIN_SCORE`, and an added or dropped row with a near miss
on the other side all need a person's look.
"""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.normalize.compare_model import Row
from gyokaku.normalize.match import name_similarity

LINK_SCORE = 0.6
"""Leftover rows at least this alike are linked (renumbered or moved)."""
CERTAIN_SCORE = 0.9
"""A similarity link at least this alike needs no look."""
UNLIKE_SCORE = 0.5
"""A same-code link below this may have changed meaning."""
NEAR_MISS_SCORE = 0.4
"""An added or dropped row with a candidate at least this alike needs a look."""
NAME_WEIGHT = 0.6


@dataclass(frozen=True, slots=True)
class Link:
    """One initiative across two editions; ``old`` or ``new`` is None when added or dropped."""

    old: Row | None
    new: Row | None
    method: str | None
    score: float | None
    certain: bool


def display_name(row: Row) -> str | None:
    """The initiative's name, or its item's name when it has none."""
    name: str | None = row.get("initiative_name") or row.get("item_name")
    return name


def similarity(old: Row, new: Row) -> float:
    """How alike two initiatives read, 0 to 1: names weigh 0.6, summaries 0.4."""
    names = name_similarity(display_name(old), display_name(new))
    if not old.get("summary") and not new.get("summary"):
        return names
    summaries = name_similarity(old.get("summary"), new.get("summary"))
    return NAME_WEIGHT * names + (1 - NAME_WEIGHT) * summaries


def _by_code(rows: list[Row]) -> dict[str, Row]:
    return {row["code"]: row for row in rows}


def _pool_links(gone: list[Row], came: list[Row]) -> list[Link]:
    """Pair leftover rows, most alike first; a same-code pair is always allowed, uncertain."""
    scored = sorted(((similarity(o, n), i, j) for i, o in enumerate(gone)
                     for j, n in enumerate(came)), key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    links = []
    for score, i, j in scored:
        same_code = gone[i]["code"] == came[j]["code"]
        if (score < LINK_SCORE and not same_code) or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        certain = not same_code and score >= CERTAIN_SCORE
        links.append(Link(gone[i], came[j], "code" if same_code else "fuzzy", score, certain))
    return links


def _best_score(row: Row, others: list[Row]) -> float:
    return max((similarity(row, other) for other in others), default=0.0)


def link_rows(old_rows: list[Row], new_rows: list[Row]) -> list[Link]:
    """Every initiative of two editions, linked or added or dropped, in the newer edition's order.

    Same-code rows that read alike are linked at once; the rest (codes only in
    one edition, and same-code rows that read unlike) are paired by similarity.
    Dropped rows follow the linked and added ones, in the older edition's order.
    """
    old, new = _by_code(old_rows), _by_code(new_rows)
    links: dict[str, Link] = {}
    for code, row in new.items():
        if code in old and (score := similarity(old[code], row)) >= UNLIKE_SCORE:
            links[code] = Link(old[code], row, "code", score, True)
    gone = [row for code, row in old.items() if code not in links]
    came = [row for code, row in new.items() if code not in links]
    for link in _pool_links(gone, came):
        assert link.new is not None
        links[link.new["code"]] = link
    paired_old = {link.old["code"] for link in links.values() if link.old is not None}
    unpaired_old = [row for row in gone if row["code"] not in paired_old]
    unpaired_new = [row for row in came if row["code"] not in links]
    for row in unpaired_new:
        links[row["code"]] = Link(None, row, None, None,
                                  _best_score(row, unpaired_old) < NEAR_MISS_SCORE)
    ordered = [links[row["code"]] for row in new_rows if row["code"] in links]
    return ordered + [Link(row, None, None, None, _best_score(row, unpaired_new) < NEAR_MISS_SCORE)
                      for row in unpaired_old]
