"""Several editions of one report in, every comparison table out (pure)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from gyokaku.normalize.compare import diff_records, link_records, make_pair, pair_changes
from gyokaku.normalize.compare_model import Comparison, Edition, EditionRecord
from gyokaku.normalize.series import (
    history_records,
    lineage_keys,
    metric_series,
    plan_history_records,
)


def edition_record(edition: Edition) -> EditionRecord:
    """The ``editions`` row of one edition (source fields from its first initiative)."""
    first = edition.initiatives[0] if edition.initiatives else {}
    return EditionRecord(edition.year, edition.folder, first.get("source_file"),
                         first.get("source_sha256"), first.get("publisher"),
                         len(edition.initiatives))


def compare_editions(editions: Sequence[Edition]) -> Comparison:
    """Compare each edition with the next (oldest first by report year) and line them all up.

    Raises ``ValueError`` when two editions share a report year.
    """
    ordered = sorted(editions, key=lambda e: e.year)
    years = [e.year for e in ordered]
    if len(set(years)) != len(years):
        raise ValueError(f"two datasets report on the same year: {years}")
    comparison = Comparison(editions=[edition_record(e) for e in ordered])
    pairs = [make_pair(old, new) for old, new in itertools.pairwise(ordered)]
    for pair in pairs:
        changes = pair_changes(pair)
        comparison.links += link_records(pair, changes)
        comparison.changes += changes
        comparison.diffs += diff_records(changes)
    keys = lineage_keys(ordered, pairs)
    comparison.history = history_records(ordered, comparison.links, keys)
    comparison.plan_history = plan_history_records(ordered, keys)
    comparison.metric_series = metric_series(ordered, keys)
    return comparison
