"""Layout profiles: the layout rules of one publisher's report, as plain data.

A profile says which header wording marks which column role, how item
numbers are printed and what page furniture looks like.  It never holds a
report's content.  :func:`parse_profile` validates a parsed TOML mapping;
reading the file is left to the caller (``gyokaku.profiles``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gyokaku.errors import ProfileError

DETAIL_ROLES = (
    "number", "policy", "development", "item", "initiative", "summary",
    "departments", "achievement", "plan_group", "plan",
)
INDEX_ROLES = ("policy", "development", "item", "departments", "page", "policy_development")
# Japanese administrative units end in one of these; a printed line ending in one ends a name.
DEFAULT_DEPARTMENT_SUFFIXES = ("局", "課", "室", "部", "所", "署", "センター", "本部", "事務局")
NUMBERING_KEYS = ("policy", "development", "item", "letter", "number",
                  "section_policy", "section_development")


@dataclass(frozen=True)
class Profile:
    """One report layout: header patterns per role, numbering, furniture."""

    name: str
    description: str
    publisher: str | None
    local_government_code: str | None
    era: str
    detail_columns: dict[str, tuple[re.Pattern[str], ...]]
    index_columns: dict[str, tuple[re.Pattern[str], ...]]
    index_groups: dict[str, tuple[str, ...]]
    numbering: dict[str, re.Pattern[str]]
    page_label: tuple[re.Pattern[str], ...]
    source: str = ""
    row_roles: tuple[str, ...] = field(default=("summary", "achievement"))
    department_suffixes: tuple[str, ...] = field(default=DEFAULT_DEPARTMENT_SUFFIXES)

    @property
    def has_index(self) -> bool:
        """True when the layout prints an index page of items."""
        return bool(self.index_columns)


def _fail(source: str, problem: str) -> ProfileError:
    return ProfileError(source, f"invalid profile: {problem}")


def _compile(source: str, where: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise _fail(source, f"{where} must be a string pattern, not {type(pattern).__name__}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise _fail(source, f"{where}: bad regular expression {pattern!r} ({exc})") from None


def _pattern_list(source: str, where: str, value: Any) -> tuple[re.Pattern[str], ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise _fail(source, f"{where} must be a non-empty list of patterns")
    return tuple(_compile(source, f"{where}[{i}]", v) for i, v in enumerate(values))


def _columns(source: str, section: str, table: Any, roles: tuple[str, ...]
             ) -> dict[str, tuple[re.Pattern[str], ...]]:
    if table is None:
        return {}
    if not isinstance(table, Mapping):
        raise _fail(source, f"[{section}] must be a table")
    unknown = sorted(set(table) - set(roles))
    if unknown:
        raise _fail(source, f"[{section}] has unknown role(s) {', '.join(unknown)}; "
                            f"known: {', '.join(roles)}")
    return {role: _pattern_list(source, f"{section}.{role}", v) for role, v in table.items()}


def _numbering(source: str, table: Any) -> dict[str, re.Pattern[str]]:
    if not isinstance(table, Mapping):
        raise _fail(source, "[numbering] must be a table")
    unknown = sorted(set(table) - set(NUMBERING_KEYS))
    if unknown:
        raise _fail(source, f"[numbering] has unknown key(s) {', '.join(unknown)}")
    return {key: _compile(source, f"numbering.{key}", v) for key, v in table.items()}


def _groups(source: str, table: Any) -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for key, roles in (table or {}).items():
        if not isinstance(roles, list) or not all(r in INDEX_ROLES for r in roles):
            raise _fail(source, f"index.groups.{key} must list index roles")
        groups[key] = tuple(roles)
    return groups


def _optional_str(source: str, where: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _fail(source, f"{where} must be a string")


def parse_profile(data: Mapping[str, Any], source: str) -> Profile:
    """Validate a parsed profile mapping and build a :class:`Profile`.

    Raises :class:`~gyokaku.errors.ProfileError` naming ``source`` and the problem.
    """
    head = data.get("profile")
    if not isinstance(head, Mapping) or not isinstance(head.get("name"), str):
        raise _fail(source, "missing [profile] table with a name")
    detail = data.get("detail", {})
    index = data.get("index", {})
    detail_columns = _columns(source, "detail.columns", detail.get("columns"), DETAIL_ROLES)
    if "achievement" not in detail_columns and "summary" not in detail_columns:
        raise _fail(source, "[detail.columns] needs at least a summary or achievement role")
    numbering = _numbering(source, data.get("numbering", {}))
    furniture = data.get("furniture", {})
    row_roles = tuple(detail.get("row_roles", ("summary", "achievement")))
    suffixes = data.get("departments", {}).get("suffixes", DEFAULT_DEPARTMENT_SUFFIXES)
    if not isinstance(suffixes, list | tuple) or not all(isinstance(x, str) for x in suffixes):
        raise _fail(source, "departments.suffixes must be a list of strings")
    return Profile(
        name=head["name"],
        description=_optional_str(source, "profile.description", head.get("description")) or "",
        publisher=_optional_str(source, "profile.publisher", head.get("publisher")),
        local_government_code=_optional_str(
            source, "profile.local_government_code", head.get("local_government_code")),
        era=head.get("era", "reiwa"),
        detail_columns=detail_columns,
        index_columns=_columns(source, "index.columns", index.get("columns"), INDEX_ROLES),
        index_groups=_groups(source, index.get("groups")),
        numbering=numbering,
        page_label=_pattern_list(source, "furniture.page_label",
                                 furniture.get("page_label", [r"(?P<page>[0-9]+)"])),
        source=source,
        row_roles=row_roles,
        department_suffixes=tuple(suffixes),
    )
