"""The item registry: policies, developments and items with their names and departments.

It comes from the report's own index page, from a registry file the user
passes (a previous gyokaku output or a content file), or, when a layout has
neither, from the report's rows themselves.  Names read from a file are
folded like the report's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gyokaku.normalize.chars import fold_text

_DEPARTMENT_SEPARATORS = re.compile(r"[、，,\n]+")


@dataclass(frozen=True)
class ItemEntry:
    """One 取組項目 of the registry."""

    policy_no: int
    development_no: int
    item_no: int
    name: str
    departments: tuple[str, ...] = ()
    page: int | None = None

    @property
    def code(self) -> str:
        """The item code "P-D-I"."""
        return f"{self.policy_no}-{self.development_no}-{self.item_no}"

    @property
    def key(self) -> tuple[int, int, int]:
        """(policy, development, item) numbers."""
        return (self.policy_no, self.development_no, self.item_no)


@dataclass
class Registry:
    """Names by number, as far as they are known."""

    source: str
    policies: dict[int, str] = field(default_factory=dict)
    developments: dict[tuple[int, int], str] = field(default_factory=dict)
    items: dict[tuple[int, int, int], ItemEntry] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.items)


def split_departments(text: str) -> tuple[str, ...]:
    """Department names from a cell such as "政策局、財政局" (one per name, in order)."""
    names = (part.strip() for part in _DEPARTMENT_SEPARATORS.split(text))
    return tuple(name for name in names if name)


def split_department_lines(lines: Sequence[str], suffixes: Sequence[str]) -> tuple[str, ...]:
    """Department names from a cell's printed lines.

    Names are separated by "、" or set one per line; a name wrapped over two
    lines is joined again.  A line that ends with a department suffix
    (局, 課, 室 … from the profile) ends a name.
    """
    names: list[str] = []
    pending = ""
    for line in lines:
        pending += line.strip()
        if pending.endswith(tuple(suffixes)) or pending.endswith(("、", "，", ",")):
            names.extend(split_departments(pending))
            pending = ""
    names.extend(split_departments(pending))
    return tuple(names)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _entry(record: Mapping[str, Any], name_key: str) -> ItemEntry | None:
    numbers = [_int(record.get(k)) for k in ("policy_no", "development_no", "item_no")]
    name = record.get(name_key)
    if any(n is None for n in numbers) or not isinstance(name, str):
        return None
    policy, development, item = (int(n) for n in numbers if n is not None)
    departments = record.get("departments") or []
    return ItemEntry(policy, development, item, fold_text(name),
                     tuple(fold_text(str(d)) for d in departments), _int(record.get("page")))


def registry_from_output(records: Iterable[Mapping[str, Any]], source: str) -> Registry:
    """A registry from a previous conversion's ``initiatives`` records."""
    registry = Registry(source)
    for record in records:
        entry = _entry(record, "item_name")
        if entry is None:
            continue
        registry.items.setdefault(entry.key, entry)
        if isinstance(record.get("policy_name"), str):
            registry.policies.setdefault(entry.policy_no, fold_text(record["policy_name"]))
        if isinstance(record.get("development_name"), str):
            key = (entry.policy_no, entry.development_no)
            registry.developments.setdefault(key, fold_text(record["development_name"]))
    return registry


def registry_from_content(content: Mapping[str, Any], source: str) -> Registry:
    """A registry from a content file (policies / developments / items lists)."""
    registry = Registry(source)
    for policy in content.get("policies", []):
        if _int(policy.get("policy_no")) is not None and isinstance(policy.get("name"), str):
            registry.policies[int(policy["policy_no"])] = fold_text(policy["name"])
    for dev in content.get("developments", []):
        numbers = (_int(dev.get("policy_no")), _int(dev.get("development_no")))
        if None not in numbers and isinstance(dev.get("name"), str):
            key = (int(dev["policy_no"]), int(dev["development_no"]))
            registry.developments[key] = fold_text(dev["name"])
    for item in content.get("items", []):
        entry = _entry(item, "name")
        if entry is not None:
            registry.items[entry.key] = entry
    return registry
