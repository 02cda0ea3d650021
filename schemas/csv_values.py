"""How column values are spelled in CSV, and read back.

- a null is an empty field (so in a non-null string column an empty field is ``""``);
- a list (``departments``) is its items joined with ``、`` (U+3001, the
  Japanese enumeration comma), an empty list is an empty field;
- a boolean is ``true`` or ``false``;
- a number is written as Python's shortest round-trip form (``12.5``, ``3``).
"""

from __future__ import annotations

from typing import Any

from .columns import Column

LIST_SEPARATOR = "、"


def format_csv_value(value: Any, column: Column) -> str:
    """The CSV field text of ``value`` in ``column``."""
    if value is None:
        return ""
    if column.kind == "bool":
        return "true" if value else "false"
    if column.kind == "list<string>":
        return LIST_SEPARATOR.join(value)
    return str(value)


def needs_formatting(column: Column) -> bool:
    """Whether :func:`format_csv_value` spells some value of ``column`` otherwise than the
    ``csv`` module would by itself (an empty field for ``None``, ``str`` of anything else)."""
    return column.kind in ("bool", "list<string>")


def parse_csv_value(text: str, column: Column) -> Any:
    """The value a CSV field ``text`` of ``column`` stands for (inverse of formatting).

    Raises ``ValueError`` when the text cannot be a value of the column.
    """
    if text == "":
        return _empty_value(column)
    if column.kind == "int32":
        return int(text)
    if column.kind == "float64":
        return float(text)
    if column.kind == "bool":
        return _parse_bool(text)
    if column.kind == "list<string>":
        return text.split(LIST_SEPARATOR)
    return text


def _empty_value(column: Column) -> Any:
    if column.kind == "list<string>":
        return []
    if column.nullable:
        return None
    if column.kind == "string":
        return ""
    raise ValueError(f"{column.name}: empty field in a non-null {column.kind} column")


def _parse_bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"not a CSV boolean (true/false): {text!r}")
    return text == "true"
