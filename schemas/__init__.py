"""schemas stage: the typed output tables, their writers, readers and validator.

The tables are declared once, in :mod:`gyokaku.schemas.columns`; the pyarrow
schemas, the committed JSON Schemas (``NAME.schema.json``) and the CSV
headers derive from there.

The names below are imported when first used, so that a process reading
only, say, :mod:`gyokaku.schemas.outdir` (``gyokaku batch`` checking earlier
outputs) does not import pyarrow.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .columns import FORMATS, TABLES, Column, TableSpec
    from .readers import read_table
    from .validate import validate_outdir
    from .writers import write_dataset

_MODULE_OF = {
    "FORMATS": "columns", "TABLES": "columns", "Column": "columns", "TableSpec": "columns",
    "read_table": "readers", "validate_outdir": "validate", "write_dataset": "writers",
}

__all__ = ["FORMATS", "TABLES", "Column", "TableSpec", "read_table", "validate_outdir",
           "write_dataset"]


def __getattr__(name: str) -> Any:
    """The public names of the stage, imported from their module on first use."""
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_MODULE_OF[name]}", __name__), name)
