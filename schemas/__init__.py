"""schemas stage: the typed output tables, their writers, readers and validator.

The tables are declared once, in :mod:`gyokaku.schemas.columns`; the pyarrow
schemas, the committed JSON Schemas (``NAME.schema.json``) and the CSV
headers derive from there.
"""

from .columns import FORMATS, TABLES, Column, TableSpec
from .readers import read_table
from .validate import validate_outdir
from .writers import write_dataset

__all__ = ["FORMATS", "TABLES", "Column", "TableSpec", "read_table", "validate_outdir",
           "write_dataset"]
