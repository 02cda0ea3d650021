"""pyarrow schemas of the output tables, derived from :mod:`gyokaku.schemas.columns`, and
the tables themselves.

A table's columns are assembled from their Arrow buffers (validity bitmap,
offsets, values) made with NumPy, not converted by ``pyarrow.array``: that
function imports pandas the first time it sees a Python list (it checks the
list for pandas types), about a fifth of a second and 40 MB that a
conversion has no other use for.  The columns are the ones ``pyarrow.array``
gives for the same values (tested), and a value of another type than its
column's is refused rather than converted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from .columns import Column, Kind, table_spec

# Lists hold no nulls; the item field is named as Parquet's compliant nested
# type names it, so that a schema read back from a file equals this one.
_STRING_LIST = pa.list_(pa.field("element", pa.string(), nullable=False))

_ARROW_TYPES: dict[Kind, pa.DataType] = {
    "string": pa.string(),
    "int32": pa.int32(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "list<string>": _STRING_LIST,
}

INT32_MIN, INT32_MAX = int(np.iinfo(np.int32).min), int(np.iinfo(np.int32).max)
OFFSET_MAX = INT32_MAX  # string and list offsets are int32


def arrow_field(column: Column) -> pa.Field:
    """The pyarrow field of one column (type and nullability, no metadata)."""
    return pa.field(column.name, _ARROW_TYPES[column.kind], nullable=column.nullable)


def arrow_schema(name: str) -> pa.Schema:
    """The declared pyarrow schema of table ``name``."""
    return pa.schema([arrow_field(column) for column in table_spec(name).columns])


def _check_types(values: Sequence[Any], allowed: tuple[type, ...], where: str) -> None:
    """Refuse a value whose type is not one of ``allowed`` (``None`` is checked elsewhere)."""
    found = set(map(type, values))
    found.discard(type(None))
    stray = found.difference(allowed)
    if stray:
        kinds = ", ".join(sorted(kind.__name__ for kind in stray))
        raise TypeError(f"{where}: expected {' or '.join(k.__name__ for k in allowed)}, "
                        f"got {kinds}")


def _validity(values: Sequence[Any]) -> tuple[pa.Buffer | None, int]:
    """The validity bitmap of ``values`` (``None`` when nothing is null) and the null count."""
    present = np.fromiter((value is not None for value in values), dtype=np.bool_,
                          count=len(values))
    nulls = len(values) - int(np.count_nonzero(present))
    if not nulls:
        return None, 0
    return pa.py_buffer(np.packbits(present, bitorder="little")), nulls


def _offsets(lengths: np.ndarray, where: str) -> pa.Buffer:
    """32-bit offsets of consecutive pieces of ``lengths``."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] > OFFSET_MAX:
        raise ValueError(f"{where}: over {OFFSET_MAX} bytes or items in one column")
    return pa.py_buffer(offsets.astype(np.int32))


def _utf8_pieces(texts: Sequence[str | None], where: str) -> tuple[pa.Buffer, pa.Buffer]:
    """Offsets and data of ``texts`` (a null is an empty piece)."""
    encoded = [b"" if text is None else text.encode("utf-8") for text in texts]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    return _offsets(lengths, where), pa.py_buffer(b"".join(encoded))


def string_array(values: Sequence[str | None], where: str = "strings") -> pa.Array:
    """A ``string`` array of ``values``."""
    _check_types(values, (str,), where)
    validity, nulls = _validity(values)
    offsets, data = _utf8_pieces(values, where)
    return pa.Array.from_buffers(pa.string(), len(values), [validity, offsets, data], nulls)


def int32_array(values: Sequence[int | None], where: str = "integers") -> pa.Array:
    """An ``int32`` array of ``values``; a value out of its range raises ``OverflowError``."""
    _check_types(values, (int,), where)
    validity, nulls = _validity(values)
    filled = [0 if value is None else value for value in values] if nulls else values
    try:
        wide = np.array(filled, dtype=np.int64)
    except OverflowError:
        raise OverflowError(f"{where}: a value out of the int32 range") from None
    if len(wide) and (wide.min() < INT32_MIN or wide.max() > INT32_MAX):
        raise OverflowError(f"{where}: a value out of the int32 range")
    data = pa.py_buffer(wide.astype(np.int32))
    return pa.Array.from_buffers(pa.int32(), len(values), [validity, data], nulls)


def float64_array(values: Sequence[float | None], where: str = "numbers") -> pa.Array:
    """A ``float64`` array of ``values``."""
    _check_types(values, (float,), where)
    validity, nulls = _validity(values)
    filled = [0.0 if value is None else value for value in values] if nulls else values
    data = pa.py_buffer(np.array(filled, dtype=np.float64))
    return pa.Array.from_buffers(pa.float64(), len(values), [validity, data], nulls)


def bool_array(values: Sequence[bool | None], where: str = "flags") -> pa.Array:
    """A ``bool`` array of ``values``."""
    _check_types(values, (bool,), where)
    validity, nulls = _validity(values)
    bits = np.fromiter((value is True for value in values), dtype=np.bool_, count=len(values))
    data = pa.py_buffer(np.packbits(bits, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, data], nulls)


def string_list_array(values: Sequence[list[str] | None], where: str = "lists") -> pa.Array:
    """A ``list<string>`` array (items never null) of ``values``."""
    _check_types(values, (list,), where)
    validity, nulls = _validity(values)
    items = [item for value in values if value is not None for item in value]
    if None in items:
        raise ValueError(f"{where}: null in a list")
    child = string_array(items, where)
    lengths = np.fromiter((0 if value is None else len(value) for value in values),
                          dtype=np.int64, count=len(values))
    return pa.Array.from_buffers(_STRING_LIST, len(values), [validity, _offsets(lengths, where)],
                                 nulls, children=[child])


_BUILDERS: dict[Kind, Callable[[Sequence[Any], str], pa.Array]] = {
    "string": string_array,
    "int32": int32_array,
    "float64": float64_array,
    "bool": bool_array,
    "list<string>": string_list_array,
}


def column_array(values: Sequence[Any], column: Column, where: str) -> pa.Array:
    """The Arrow array of one column's ``values``; ``where`` names it in errors."""
    array: pa.Array = _BUILDERS[column.kind](values, where)
    if not column.nullable and array.null_count:
        raise ValueError(f"{where}: null in a non-null column")
    return array


def arrow_table(rows: Sequence[Mapping[str, Any]], name: str) -> pa.Table:
    """Rows (dicts keyed by column name) as a pyarrow table of the declared schema.

    Raises ``TypeError`` when a value is not of its column's type,
    ``OverflowError`` when an integer is out of range, and ``ValueError`` when
    a null is in a non-null column.
    """
    columns = table_spec(name).columns
    arrays = [column_array([row[column.name] for row in rows], column,
                           f"{name}.{column.name}")
              for column in columns]
    return pa.Table.from_arrays(arrays, schema=arrow_schema(name))
