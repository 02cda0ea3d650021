"""The Frictionless Data Package descriptor of an output folder (``datapackage.json``).

Everything about the tables is derived from :data:`~gyokaku.schemas.columns.TABLES`:
each table's CSV file is a tabular resource whose Table Schema gives every
column's type, Japanese title and description; its Parquet and JSON files are
listed beside it as plain file resources.  Every table with a ``code`` column
other than ``initiatives`` gets a foreign key to ``initiatives.code``, so a
table added later is described without changes here.

The descriptor holds nothing run-specific (no timestamps): the same dataset
gives a byte-identical ``datapackage.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gyokaku.files import file_sha256
from gyokaku.model import Dataset

from .columns import TABLES, Column, Kind, TableSpec
from .csv_values import LIST_SEPARATOR

PACKAGE_FILE = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DEFAULT_LICENSE = "CC-BY-4.0"
KEY_TABLE = "initiatives"
KEY_COLUMN = "code"
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "initiatives": ("code",),
    "plans": ("code", "fiscal_year"),
}
"""Primary keys of the tables that have one; other tables have none."""

INT32_RANGE = (-(2**31), 2**31 - 1)
CSV_DIALECT = {"header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True,
               "lineTerminator": "\r\n"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json",
               "parquet": "application/vnd.apache.parquet"}
FILE_FORMATS = {"parquet": "Parquet (zstd)", "json": "JSON array of records"}
TABLE_SCHEMA_TYPES: dict[Kind, str] = {
    "string": "string",
    "int32": "integer",
    "float64": "number",
    "bool": "boolean",
    "list<string>": "list",
}
PACKAGE_TITLE = "行財政改革 取組データ"
_NAME_CHARS = re.compile(r"[^a-z0-9._-]+")
_LICENSE_NAME = re.compile(r"[-a-zA-Z0-9._]+")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class KnownLicense:
    """A license gyokaku can describe fully from its identifier."""

    title: str
    path: str


KNOWN_LICENSES: dict[str, KnownLicense] = {
    "CC-BY-4.0": KnownLicense("Creative Commons Attribution 4.0 International",
                              "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": KnownLicense("Creative Commons Attribution-ShareAlike 4.0 International",
                                 "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": KnownLicense("CC0 1.0 Universal",
                            "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": KnownLicense("Open Data Commons Attribution License v1.0",
                               "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": KnownLicense("Open Data Commons Open Database License v1.0",
                             "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": KnownLicense("Open Data Commons Public Domain Dedication and License v1.0",
                             "https://opendatacommons.org/licenses/pddl/1-0/"),
}


# --- licenses ------------------------------------------------------------------------------


def license_entry(license_text: str) -> dict[str, str]:
    """The ``licenses`` entry of a license identifier (``CC-BY-4.0``) or URL.

    A known identifier also gets its title and URL.  Raises ``ValueError``
    for anything that is neither an identifier nor an http(s) URL.
    """
    text = license_text.strip()
    if _URL.fullmatch(text):
        return {"path": text}
    if not _LICENSE_NAME.fullmatch(text):
        raise ValueError(f"license must be an identifier such as {DEFAULT_LICENSE} or an "
                         f"http(s) URL, not {license_text!r}")
    known = KNOWN_LICENSES.get(text)
    if known is None:
        return {"name": text}
    return {"name": text, "path": known.path, "title": known.title}


# --- table schemas -------------------------------------------------------------------------


def field_descriptor(column: Column) -> dict[str, Any]:
    """The Table Schema field of one column, as its CSV spells it.

    In CSV an empty field is null, except in a non-null string column, where
    it is the empty string (that column has no missing values).  An empty
    list is an empty field too, so list columns are never ``required``.
    """
    field: dict[str, Any] = {
        "name": column.name,
        "type": TABLE_SCHEMA_TYPES[column.kind],
        "title": column.label,
        "description": column.description,
    }
    constraints: dict[str, Any] = {}
    if column.kind == "list<string>":
        field |= {"delimiter": LIST_SEPARATOR, "itemType": "string"}
    elif column.kind == "bool":
        field |= {"trueValues": ["true"], "falseValues": ["false"]}
    elif column.kind == "int32":
        constraints |= {"minimum": INT32_RANGE[0], "maximum": INT32_RANGE[1]}
    if not column.nullable and column.kind != "list<string>":
        constraints["required"] = True
        if column.kind == "string":
            field["missingValues"] = []
    if constraints:
        field["constraints"] = constraints
    return field


def foreign_keys(spec: TableSpec) -> list[dict[str, Any]]:
    """Every table but ``initiatives`` that has a ``code`` column refers to ``initiatives.code``."""
    if spec.name == KEY_TABLE or KEY_COLUMN not in spec.column_names:
        return []
    reference = {"resource": KEY_TABLE, "fields": [KEY_COLUMN]}
    return [{"fields": [KEY_COLUMN], "reference": reference}]


def primary_key(spec: TableSpec) -> list[str]:
    """The table's primary key columns (empty when it has none); checked against its columns."""
    key = list(PRIMARY_KEYS.get(spec.name, ()))
    unknown = [name for name in key if name not in spec.column_names]
    if unknown:
        raise KeyError(f"{spec.name}: primary key column(s) {unknown} are not columns")
    return key


def table_schema(spec: TableSpec) -> dict[str, Any]:
    """The Table Schema of one table's CSV file."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(column) for column in spec.columns],
        "missingValues": [""],
    }
    key = primary_key(spec)
    if key:
        schema["primaryKey"] = key
    references = foreign_keys(spec)
    if references:
        schema["foreignKeys"] = references
    return schema


# --- resources -----------------------------------------------------------------------------


def file_facts(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of one data file, as a resource's ``bytes`` and ``hash``."""
    return {"bytes": path.stat().st_size, "hash": f"sha256:{file_sha256(path)}"}


def table_resource(spec: TableSpec, folder: Path) -> dict[str, Any]:
    """The tabular resource of one table's CSV file in ``folder``."""
    return {
        "name": spec.name,
        "type": "table",
        "path": f"{spec.name}.csv",
        "format": "csv",
        "mediatype": MEDIA_TYPES["csv"],
        "encoding": "utf-8",
        "description": spec.description,
        **file_facts(folder / f"{spec.name}.csv"),
        "dialect": dict(CSV_DIALECT),
        "schema": table_schema(spec),
    }


def file_resource(spec: TableSpec, fmt: str, folder: Path) -> dict[str, Any]:
    """The resource of one table's Parquet or JSON file: the same rows as its CSV."""
    return {
        "name": f"{spec.name}-{fmt}",
        "type": "file",
        "path": f"{spec.name}.{fmt}",
        "format": fmt,
        "mediatype": MEDIA_TYPES[fmt],
        "description": f"{spec.description} {FILE_FORMATS[fmt]}: the same rows and columns "
                       f"as resource '{spec.name}'.",
        **file_facts(folder / f"{spec.name}.{fmt}"),
    }


def resources(folder: Path) -> list[dict[str, Any]]:
    """Every table's resources: its CSV table, then its Parquet and JSON files."""
    found = []
    for spec in TABLES.values():
        found.append(table_resource(spec, folder))
        found += [file_resource(spec, fmt, folder) for fmt in FILE_FORMATS]
    return found


# --- the package ---------------------------------------------------------------------------


def package_name(dataset: Dataset) -> str:
    """A package name (lowercase ASCII, digits, ``.-_``) from the source file's name."""
    stem = Path(dataset.source.file_name).stem.lower()
    name = _NAME_CHARS.sub("-", stem).strip("-._")
    return name or f"report-{dataset.source.sha256[:12]}"


def source_info(dataset: Dataset) -> dict[str, Any]:
    """Where the data came from: the PDF, its publisher, the date it is stated as of."""
    source = dataset.source
    return {
        "file_name": source.file_name,
        "sha256": source.sha256,
        "page_count": source.page_count,
        "publisher": dataset.publisher,
        "local_government_code": dataset.local_government_code,
        "as_of": dataset.as_of.isoformat() if dataset.as_of else None,
    }


def package_title(dataset: Dataset) -> str:
    """The package title: publisher, subject and source file."""
    publisher = f"{dataset.publisher} " if dataset.publisher else ""
    return f"{publisher}{PACKAGE_TITLE}（{dataset.source.file_name}）"


def package_descriptor(dataset: Dataset, folder: Path,
                       license_text: str = DEFAULT_LICENSE) -> dict[str, Any]:
    """The ``datapackage.json`` content for ``dataset`` whose tables are written in ``folder``."""
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": package_name(dataset),
        "title": package_title(dataset),
        "description": f"Initiatives, yearly plans and the cells they were read from, "
                       f"converted from {dataset.source.file_name} by gyokaku.",
        "licenses": [license_entry(license_text)],
        "sources": [{"title": dataset.source.file_name}],
        "source": source_info(dataset),
    }
    if dataset.publisher:
        descriptor["contributors"] = [{"title": dataset.publisher, "roles": ["publisher"]}]
    descriptor["resources"] = resources(folder)
    return descriptor


def write_datapackage(dataset: Dataset, folder: Path,
                      license_text: str = DEFAULT_LICENSE) -> Path:
    """Write ``datapackage.json`` into ``folder`` (after the tables); return its path."""
    path = folder / PACKAGE_FILE
    descriptor = package_descriptor(dataset, folder, license_text)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    path.write_bytes(text.encode("utf-8"))
    return path
