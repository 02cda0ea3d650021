"""datapackage.json: derived from the column specs, true to the files, read back by frictionless."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package
from typer.testing import CliRunner

from gyokaku.cli import app
from gyokaku.errors import ExitCode
from gyokaku.model import Dataset, Initiative, SourceInfo
from gyokaku.normalize.asof import as_of_date, as_of_in_line
from gyokaku.schemas.columns import TABLES, Column, TableSpec
from gyokaku.schemas.datapackage import (
    DEFAULT_LICENSE,
    PACKAGE_FILE,
    foreign_keys,
    license_entry,
    package_name,
    resources,
    table_schema,
)
from gyokaku.schemas.readers import read_table
from gyokaku.schemas.writers import write_dataset
from tests.conftest import load_json, sample_pdfs

PDFS = sample_pdfs()
IDS = [p.name for p in PDFS]
OKAYAMA = next(p for p in PDFS if p.name == "okayama_fy2022.pdf")


def descriptor_of(outdir: Path) -> dict[str, Any]:
    """The written datapackage.json."""
    data: dict[str, Any] = load_json(outdir / PACKAGE_FILE)
    return data


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """The resource called ``name``."""
    [found] = [r for r in descriptor["resources"] if r["name"] == name]
    return found


def tiny_dataset(file_name: str = "report.pdf") -> Dataset:
    """One initiative, nothing else."""
    source = SourceInfo(f"/in/{file_name}", file_name, "ab" * 32, 1)
    item = Initiative("1-1-1", 1, None, 1, None, 1, "項目", None, None, [], 1, None, None,
                      2022, None, file_name, "ab" * 32, 1.0)
    return Dataset(source, [item])


# --- the descriptor of a real conversion -----------------------------------------------------


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_source_publisher_and_as_of_come_from_the_report(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    document = load_json(pdf.parent / "content.json")["document"]
    source = descriptor_of(convert_sample(pdf))["source"]
    assert source["file_name"] == pdf.name
    assert source["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert source["publisher"] == document["publisher"]
    assert source["as_of"] == document["as_of"]


def test_okayama_package_names_its_code_and_license(convert_sample) -> None:  # type: ignore[no-untyped-def]
    descriptor = descriptor_of(convert_sample(OKAYAMA))
    assert descriptor["source"]["local_government_code"] == "331007"
    assert descriptor["name"] == "okayama_fy2022"
    assert descriptor["contributors"] == [{"title": "岡山市", "roles": ["publisher"]}]
    assert descriptor["licenses"] == [{
        "name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 International"}]


def test_every_table_is_described_column_by_column(convert_sample) -> None:  # type: ignore[no-untyped-def]
    descriptor = descriptor_of(convert_sample(OKAYAMA))
    for name, spec in TABLES.items():
        table = resource(descriptor, name)
        assert (table["path"], table["format"], table["encoding"]) == (f"{name}.csv", "csv",
                                                                     "utf-8")
        fields = table["schema"]["fields"]
        assert [f["name"] for f in fields] == list(spec.column_names)
        assert [f["title"] for f in fields] == [c.label for c in spec.columns]
        assert resource(descriptor, f"{name}-parquet")["path"] == f"{name}.parquet"
        assert resource(descriptor, f"{name}-json")["path"] == f"{name}.json"
    types = {f["name"]: f for f in resource(descriptor, "initiatives")["schema"]["fields"]}
    assert types["policy_no"]["type"] == "integer"
    assert types["match_score"]["type"] == "number"
    assert types["departments"].items() >= {"type": "list", "delimiter": "、"}.items()
    assert types["departments"]["title"] == "担当部局"


def test_keys(convert_sample) -> None:  # type: ignore[no-untyped-def]
    descriptor = descriptor_of(convert_sample(OKAYAMA))
    to_initiatives = [{"fields": ["code"],
                       "reference": {"resource": "initiatives", "fields": ["code"]}}]
    assert resource(descriptor, "initiatives")["schema"]["primaryKey"] == ["code"]
    assert "foreignKeys" not in resource(descriptor, "initiatives")["schema"]
    plans = resource(descriptor, "plans")["schema"]
    assert plans["primaryKey"] == ["code", "fiscal_year"]
    assert plans["foreignKeys"] == to_initiatives
    assert resource(descriptor, "cells")["schema"]["foreignKeys"] == to_initiatives


def test_sizes_and_hashes_are_the_files(convert_sample) -> None:  # type: ignore[no-untyped-def]
    outdir = convert_sample(OKAYAMA)
    for entry in descriptor_of(outdir)["resources"]:
        data = (outdir / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"


def test_frictionless_reads_the_csv_as_the_parquet_holds_it(convert_sample) -> None:  # type: ignore[no-untyped-def]
    outdir = convert_sample(OKAYAMA)
    package = Package(str(outdir / PACKAGE_FILE))
    for name, spec in TABLES.items():
        rows = package.get_table_resource(name).read_rows()
        got = [{c.name: _as_parquet(row[c.name], c) for c in spec.columns} for row in rows]
        assert got == read_table(outdir, name, "parquet"), name


def _as_parquet(value: Any, column: Column) -> Any:
    if column.kind == "list<string>" and value is None:
        return []  # CSV cannot tell an empty list from a null: both are an empty field
    if column.kind == "float64" and value is not None:
        return float(value)  # frictionless reads numbers as Decimal
    return value


# --- derived from the column specs ---------------------------------------------------------


def test_a_table_added_later_gets_its_resource_and_foreign_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metrics = TableSpec("metrics", "One row per figure.", (
        Column("code", "string", False, "取組コード", "Initiative."),
        Column("value", "float64", True, "値", "The figure."),
        Column("counted", "bool", False, "集計", "Whether it counts."),
    ))
    monkeypatch.setitem(TABLES, "metrics", metrics)
    for name in TABLES:
        for fmt in ("csv", "parquet", "json"):
            (tmp_path / f"{name}.{fmt}").write_bytes(b"x")
    found = {r["name"]: r for r in resources(tmp_path)}
    assert {"metrics", "metrics-parquet", "metrics-json"} <= set(found)
    schema = found["metrics"]["schema"]
    assert schema["foreignKeys"] == foreign_keys(metrics) != []
    assert "primaryKey" not in schema
    assert [f["type"] for f in schema["fields"]] == ["string", "number", "boolean"]
    assert schema["fields"][2]["trueValues"] == ["true"]


def test_non_null_strings_may_be_empty_but_not_missing() -> None:
    fields = {f["name"]: f for f in table_schema(TABLES["cells"])["fields"]}
    assert fields["raw_text"]["missingValues"] == []
    assert fields["raw_text"]["constraints"] == {"required": True}
    assert "missingValues" not in fields["page_label"]
    assert "constraints" not in fields["page_label"]


def test_unknown_primary_key_column_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from gyokaku.schemas import datapackage

    monkeypatch.setitem(datapackage.PRIMARY_KEYS, "plans", ("code", "year"))
    with pytest.raises(KeyError, match="year"):
        table_schema(TABLES["plans"])


# --- names, licenses, determinism --------------------------------------------------------------


@pytest.mark.parametrize(("file_name", "expected"), [
    ("okayama_fy2022.pdf", "okayama_fy2022"),
    ("Okayama FY2022 (final).pdf", "okayama-fy2022-final"),
    ("行財政改革推進項目一覧.pdf", "report-abababababab"),
])
def test_package_name(file_name: str, expected: str) -> None:
    assert package_name(tiny_dataset(file_name)) == expected


def test_license_entries() -> None:
    assert license_entry("CC0-1.0")["path"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert license_entry("LicenseRef-city") == {"name": "LicenseRef-city"}
    assert license_entry("https://example.org/terms") == {"path": "https://example.org/terms"}
    with pytest.raises(ValueError, match="identifier"):
        license_entry("my own license")


def test_license_option_reaches_the_package(tmp_path: Path) -> None:
    write_dataset(tiny_dataset(), tmp_path / "out", license_text="CC0-1.0")
    assert descriptor_of(tmp_path / "out")["licenses"][0]["name"] == "CC0-1.0"
    assert DEFAULT_LICENSE == "CC-BY-4.0"


def test_bad_license_option_is_a_usage_error_before_converting(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["convert", str(OKAYAMA), "-o", str(tmp_path / "out"),
                                      "--license", "all rights reserved"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("gyokaku: --license: license must be an identifier")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_descriptor_is_identical_when_written_again(tmp_path: Path) -> None:
    write_dataset(tiny_dataset(), tmp_path / "a")
    write_dataset(tiny_dataset(), tmp_path / "b")
    assert (tmp_path / "a" / PACKAGE_FILE).read_bytes() == (tmp_path / "b" / PACKAGE_FILE
                                                            ).read_bytes()
    assert json.loads((tmp_path / "a" / PACKAGE_FILE).read_text())["source"]["as_of"] is None


# --- the as-of date -----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "expected"), [
    ("R５.９.３０現在", date(2023, 9, 30)),
    ("架空市\u3000令和５年８月３１日現在", date(2023, 8, 31)),
    ("2024年3月31日 時点", date(2024, 3, 31)),
    ("R5.2.6に説明会を開催", None),
    ("令和５年度現在", None),
])
def test_as_of_in_line(line: str, expected: date | None) -> None:
    assert as_of_in_line(line) == expected


def test_as_of_is_the_first_as_of_line() -> None:
    lines = ["行財政改革推進項目一覧", "R5.2.6に開催", "R５.９.３０現在", "R６.１.１現在"]
    assert as_of_date(lines) == date(2023, 9, 30)
    assert as_of_date(["表紙"]) is None
