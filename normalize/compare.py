"""What changed between consecutive editions: links, classification, changes, text diffs.

Pure: :class:`~gyokaku.normalize.compare_model.Edition` rows in,
comparison records out.  For each pair of consecutive editions (by report
year) every initiative is linked (:mod:`~gyokaku.normalize.linking`) and
classified:

- ``added`` / ``dropped``: in one edition only;
- ``renamed``: its name or its item's name changed;
- ``text_changed``: its summary, achievement, departments or a plan cell changed;
- ``unchanged``.

Changes are listed one per field.  Initiative fields (initiative_name,
summary, achievement, ``plan.<year>`` for the plan years both editions
print, the code of a renumbered initiative) are keyed by the initiative's
code; item names and departments by the item code, once per item; policy
and development names by their numbers.  An item, policy or development in
only one edition gets no record of its own: its initiatives' added and
dropped records say it.  A department list that lost and gained names
pairs them in printed order (``department_renamed``); the rest are
``department_removed`` / ``department_added``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from gyokaku.normalize.compare_model import ChangeRecord, DiffRecord, Edition, LinkRecord, Row
from gyokaku.normalize.linking import Link, display_name, link_rows
from gyokaku.normalize.textdiff import char_edits

TEXT_FIELDS = ("summary", "achievement")
NAME_FIELDS = ("initiative_name", "item_name")
DIFFED_KINDS = ("renamed", "text_changed", "plan_changed", "department_renamed")


@dataclass(frozen=True)
class Pair:
    """Two consecutive editions and their initiatives' links."""

    old: Edition
    new: Edition
    links: list[Link]

    def change(self, kind: str, code: str, field: str | None, before: str | None,
               after: str | None, certain: bool = True) -> ChangeRecord:
        """A change record between these two editions."""
        return ChangeRecord(self.old.year, self.new.year, kind, code, field, before, after,
                            certain)


def item_code(row: Row) -> str:
    """The item code (policy-development-item) of an initiative row."""
    return f"{row['policy_no']}-{row['development_no']}-{row['item_no']}"


def plans_by_year(edition: Edition) -> dict[str, dict[int, str | None]]:
    """Each initiative's printed plan cells: code → {plan year: raw}."""
    plans: dict[str, dict[int, str | None]] = {}
    for row in edition.plans:
        plans.setdefault(row["code"], {})[row["fiscal_year"]] = row["raw"]
    return plans


def _plan_years(edition: Edition) -> set[int]:
    return {row["fiscal_year"] for row in edition.plans}


def _plan_changes(pair: Pair, link: Link) -> Iterator[ChangeRecord]:
    assert link.old is not None and link.new is not None
    old_plans = plans_by_year(pair.old).get(link.old["code"], {})
    new_plans = plans_by_year(pair.new).get(link.new["code"], {})
    for year in sorted(_plan_years(pair.old) & _plan_years(pair.new)):
        before, after = old_plans.get(year), new_plans.get(year)
        if before != after:
            yield pair.change("plan_changed", link.new["code"], f"plan.{year}", before, after,
                              link.certain)


def _initiative_changes(pair: Pair, link: Link) -> Iterator[ChangeRecord]:
    old, new = link.old, link.new
    if new is None:
        assert old is not None
        yield pair.change("dropped", old["code"], None, display_name(old), None, link.certain)
        return
    if old is None:
        yield pair.change("added", new["code"], None, None, display_name(new), link.certain)
        return
    code = new["code"]
    if old["code"] != code:
        yield pair.change("renumbered", code, "code", old["code"], code, link.certain)
    if old["initiative_name"] != new["initiative_name"]:
        yield pair.change("renamed", code, "initiative_name", old["initiative_name"],
                          new["initiative_name"], link.certain)
    for field in TEXT_FIELDS:
        if old[field] != new[field]:
            yield pair.change("text_changed", code, field, old[field], new[field], link.certain)
    yield from _plan_changes(pair, link)


def _department_changes(pair: Pair, code: str, before: list[str], after: list[str],
                        certain: bool) -> Iterator[ChangeRecord]:
    gone = [name for name in before if name not in after]
    came = [name for name in after if name not in before]
    for old_name, new_name in zip(gone, came, strict=False):
        yield pair.change("department_renamed", code, "departments", old_name, new_name, certain)
    for old_name in gone[len(came):]:
        yield pair.change("department_removed", code, "departments", old_name, None, certain)
    for new_name in came[len(gone):]:
        yield pair.change("department_added", code, "departments", None, new_name, certain)


def _in_order(names: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(name for group in names for name in group))


def _group_changes(pair: Pair) -> Iterator[ChangeRecord]:
    """Item, development and policy changes, once per group that both editions hold."""
    groups: dict[tuple[str, str, str], list[Link]] = {}
    for link in pair.links:
        if link.old is None or link.new is None:
            continue
        for level, code_of in (("item", item_code), ("development", _development_code),
                               ("policy", _policy_code)):
            groups.setdefault((level, code_of(link.old), code_of(link.new)), []).append(link)
    for (level, _, code), links in groups.items():
        old, new = links[0].old, links[0].new
        assert old is not None and new is not None
        certain = all(link.certain for link in links)
        field = f"{level}_name"
        if old[field] != new[field]:
            yield pair.change("renamed", code, field, old[field], new[field], certain)
        if level == "item":
            before = _in_order([link.old["departments"] for link in links if link.old])
            after = _in_order([link.new["departments"] for link in links if link.new])
            yield from _department_changes(pair, code, before, after, certain)


def _development_code(row: Row) -> str:
    return f"{row['policy_no']}-{row['development_no']}"


def _policy_code(row: Row) -> str:
    return str(row["policy_no"])


def pair_changes(pair: Pair) -> list[ChangeRecord]:
    """Every change between the two editions of ``pair``."""
    changes = [change for link in pair.links for change in _initiative_changes(pair, link)]
    return changes + list(_group_changes(pair))


def status(link: Link, changes: list[ChangeRecord]) -> str:
    """added, dropped, renamed, text_changed or unchanged, from one link's changes."""
    if link.new is None:
        return "dropped"
    if link.old is None:
        return "added"
    old, new = link.old, link.new
    if any(old[f] != new[f] for f in NAME_FIELDS):
        return "renamed"
    code = new["code"]
    own = [c for c in changes if c.code in (code, item_code(new)) and c.kind != "renumbered"]
    return "text_changed" if own else "unchanged"


def link_records(pair: Pair, changes: list[ChangeRecord]) -> list[LinkRecord]:
    """One ``links`` row per initiative of the pair."""
    records = []
    for link in pair.links:
        newest = link.new if link.new is not None else link.old
        assert newest is not None
        records.append(LinkRecord(
            pair.old.year, pair.new.year,
            link.old["code"] if link.old else None, link.new["code"] if link.new else None,
            status(link, changes), link.method,
            None if link.score is None else round(link.score, 4), link.certain,
            display_name(newest)))
    return records


def diff_records(changes: list[ChangeRecord]) -> list[DiffRecord]:
    """The character edits of every changed text."""
    records = []
    for change in changes:
        if change.kind not in DIFFED_KINDS or change.field is None:
            continue
        for edit in char_edits(change.before or "", change.after or ""):
            records.append(DiffRecord(
                change.from_edition, change.to_edition, change.code, change.field, edit.op,
                edit.before_start, edit.before_end, edit.after_start, edit.after_end,
                edit.removed, edit.added))
    return records


def make_pair(old: Edition, new: Edition) -> Pair:
    """Link the initiatives of two editions."""
    return Pair(old, new, link_rows(old.initiatives, new.initiatives))
