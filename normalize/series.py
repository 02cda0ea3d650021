"""The same initiative across editions: names, departments, plans and figures side by side.

Every initiative gets a *key*, the code it has in the newest edition it
appears in; links carry the key back through renumbered editions, so one
key joins an initiative's rows of every edition.  The metric series lines
up the labelled figures of all editions by key, metric, unit, rate and
kind, one row per figure and edition (a year stated in two editions has
two rows, flagged ``revised`` when their values differ).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from gyokaku.normalize.compare import Pair
from gyokaku.normalize.compare_model import (
    Edition,
    HistoryRecord,
    LinkRecord,
    PlanHistoryRecord,
    SeriesRecord,
)

Keys = dict[tuple[int, str], str]
"""(edition, code) → key."""

_PARTS = re.compile(r"\d+|\D+")


def code_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts 1-1-10 after 1-1-9."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in _PARTS.findall(code))


def lineage_keys(editions: Sequence[Edition], pairs: Sequence[Pair]) -> Keys:
    """The key of every (edition, code): its code in the newest edition of its chain."""
    keys: Keys = {}
    for edition in reversed(editions):
        for row in edition.initiatives:
            keys.setdefault((edition.year, row["code"]), row["code"])
    for pair in reversed(pairs):
        for link in pair.links:
            if link.old is not None and link.new is not None:
                keys[(pair.old.year, link.old["code"])] = keys[(pair.new.year, link.new["code"])]
    return keys


def history_records(editions: Sequence[Edition], links: Sequence[LinkRecord],
                    keys: Keys) -> list[HistoryRecord]:
    """One row per initiative and edition, with its status against the edition before."""
    status = {(link.to_edition, link.to_code): link.status for link in links if link.to_code}
    records = [HistoryRecord(keys[(e.year, row["code"])], e.year, row["code"], row["item_name"],
                             row["initiative_name"], list(row["departments"]),
                             status.get((e.year, row["code"])))
               for e in editions for row in e.initiatives]
    return sorted(records, key=lambda r: (code_order(r.key), r.edition))


def plan_history_records(editions: Sequence[Edition], keys: Keys) -> list[PlanHistoryRecord]:
    """One row per initiative, edition and plan year."""
    records = [PlanHistoryRecord(keys[(e.year, row["code"])], e.year, row["code"],
                                 row["fiscal_year"], row["raw"], row["text"])
               for e in editions for row in e.plans if (e.year, row["code"]) in keys]
    return sorted(records, key=lambda r: (code_order(r.key), r.fiscal_year, r.edition))


def _series_key(record: SeriesRecord) -> tuple[object, ...]:
    return (code_order(record.key), record.metric, record.unit or "", record.per or "",
            record.kind, -1 if record.fiscal_year is None else record.fiscal_year,
            record.edition)


def _flag_revisions(records: list[SeriesRecord]) -> None:
    values: dict[tuple[object, ...], set[float]] = defaultdict(set)
    for record in records:
        if record.fiscal_year is not None:
            values[_series_key(record)[:-1]].add(record.value)
    for record in records:
        record.revised = len(values.get(_series_key(record)[:-1], ())) > 1


def metric_series(editions: Sequence[Edition], keys: Keys) -> list[SeriesRecord]:
    """Every labelled figure of every edition, lined up by key, metric and year."""
    records = [
        SeriesRecord(keys[(e.year, row["code"])], row["metric"], row["unit"], row["per"],
                     row["kind"], row["fiscal_year"], row["value"], e.year, row["code"],
                     row["raw"], row["approx"], False)
        for e in editions for row in e.metrics
        if row["metric"] is not None and (e.year, row["code"]) in keys
    ]
    _flag_revisions(records)
    return sorted(records, key=_series_key)
