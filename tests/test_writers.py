"""Writing a dataset: Parquet/JSON/CSV contents, determinism, atomicity, reading, validation."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

from gyokaku.errors import ExitCode, GyokakuError
from gyokaku.model import CellRecord, Dataset, Flag, Initiative, Plan, SourceInfo
from gyokaku.schemas import writers
from gyokaku.schemas.arrow import arrow_schema
from gyokaku.schemas.columns import TABLES
from gyokaku.schemas.csv_values import format_csv_value
from gyokaku.schemas.json_schema import load_json_schema
from gyokaku.schemas.outdir import check_outdir
from gyokaku.schemas.readers import read_table
from gyokaku.schemas.rows import Row, column_value, dataset_rows
from gyokaku.schemas.validate import first_difference, validate_outdir
from gyokaku.schemas.writers import write_dataset
from tests.conftest import EXPECTED_BUILD

SHA = "0f" * 32
SUMMARY = "・収納率向上のため、\"滞納整理計画\"を策定する。\n・口座振替, コンビニ収納等の推進"
DATA_FILES = [f"{name}.{fmt}" for name in TABLES for fmt in ("parquet", "json", "csv")]


def initiative(code: str, **changes: object) -> Initiative:
    """An initiative of the sample dataset with some fields changed."""
    values: dict[str, object] = dict(
        code=code, policy_no=1, policy_name="健全で持続可能な財政運営", development_no=1,
        development_name="財政運営の健全性確保", item_no=3,
        item_name="収納率の向上（市税）（国民健康保険料、介護保険料、保育料等）",
        letter=None, initiative_name=None, departments=["財政局", "保健福祉局"], page=1,
        summary=SUMMARY,
        achievement="市税 99.4%⇒99.3%\n９３．１％（前年度比＋０．２ポイント）",
        report_fiscal_year=2022, publisher="岡山市", source_file="okayama_fy2022.pdf",
        source_sha256=SHA, match_score=0.987654321,
    )
    values.update(changes)
    return Initiative(**values)  # type: ignore[arg-type]


def sample_dataset() -> Dataset:
    """A small dataset with the awkward content real reports have."""
    initiatives = [
        initiative("1-1-3"),
        initiative("1-1-4-b", letter="b", initiative_name="ｸﾚｼﾞｯﾄ決済・ＩＣＴ活用の推進①",
                   departments=[], page=None, summary=None, achievement="",
                   publisher=None, match_score=1),
        initiative("3-2-1-a", policy_no=3, development_no=2, item_no=1, letter="a",
                   initiative_name="ＲＰＡ導入（gBizID）", departments=["政策局"],
                   match_score=0.5),
    ]
    plans = [
        Plan("1-1-3", 2021, "R3", "・第4期中期計画の策定", "・第4期中期計画の策定", False),
        Plan("1-1-3", 2022, "R4", "→", "・第4期中期計画の策定", True),
        Plan("1-1-4-b", 2023, "R5", None, None, False),
        Plan("3-2-1-a", 2024, "R6", "→\n・評価, \"次期\"の検討", "→\n・評価", True),
    ]
    cells = [
        CellRecord(2, "1", 56.694999, 100.004, 300.5, 180.125, 3, 1, "summary",
                   "・収納率向上の\nため", "・収納率向上のため", "1-1-3", 0.98765),
        CellRecord(3, None, -0.001, 0.0, 841.89, 595.276, 0, 0, "header", "＜施策＞",
                   "＜施策＞", None, None),
    ]
    flags = [Flag("weak_match", "detail row matched with a low score", "3-2-1-a", 4, 0.5),
             Flag("unresolved_arrow", "→ with nothing before it")]
    source = SourceInfo("/data/okayama_fy2022.pdf", "okayama_fy2022.pdf", SHA, 15)
    return Dataset(source, initiatives, plans, cells, flags, [0, 1],
                   profile="okayama", engine="pdfplumber")


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """A freshly written output directory of the sample dataset."""
    target = tmp_path / "out"
    write_dataset(sample_dataset(), target)
    return target


# --- what gets written -----------------------------------------------------------------------


def test_write_dataset_returns_every_file_written(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "out"
    paths = write_dataset(sample_dataset(), target)
    assert [p.name for p in paths] == [*DATA_FILES, "datapackage.json", "run.json"]
    assert all(p.parent == target and p.is_file() for p in paths)
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [*DATA_FILES, "datapackage.json", "run.json"])


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_schema_is_exactly_the_declared_one(outdir: Path, name: str) -> None:
    assert pq.read_schema(outdir / f"{name}.parquet").equals(arrow_schema(name),
                                                            check_metadata=True)
    assert pq.read_table(outdir / f"{name}.parquet").schema.equals(arrow_schema(name))


def test_parquet_is_zstd_compressed(outdir: Path) -> None:
    meta = pq.ParquetFile(outdir / "initiatives.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_parquet_values_round_trip(outdir: Path) -> None:
    rows = pq.read_table(outdir / "initiatives.parquet").to_pylist()
    assert [r["code"] for r in rows] == ["1-1-3", "1-1-4-b", "3-2-1-a"]
    assert rows[0]["departments"] == ["財政局", "保健福祉局"]
    assert rows[1]["departments"] == []
    assert rows[1]["initiative_name"] == "ｸﾚｼﾞｯﾄ決済・ＩＣＴ活用の推進①"
    assert rows[1]["page"] is None and rows[1]["letter"] == "b"
    assert rows[1]["achievement"] is None  # empty text in a nullable column is null
    assert rows[0]["match_score"] == 0.9877 and rows[1]["match_score"] == 1.0
    assert rows[0]["summary"].endswith("口座振替, コンビニ収納等の推進")
    assert rows == dataset_rows(sample_dataset())["initiatives"]


def test_cells_bbox_and_scores_are_rounded(outdir: Path) -> None:
    rows = read_table(outdir, "cells", "parquet")
    assert (rows[0]["x0"], rows[0]["top"], rows[0]["x1"], rows[0]["bottom"]) == \
        (56.69, 100.0, 300.5, 180.12)
    assert rows[0]["match_score"] == 0.9877
    assert rows[1]["x0"] == 0.0 and rows[1]["match_score"] is None
    assert '"x0": -0.0' not in (outdir / "cells.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(TABLES))
def test_json_validates_against_committed_schema(outdir: Path, name: str) -> None:
    document = json.loads((outdir / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator(load_json_schema(name)).validate(document)
    assert len(document) == len(getattr(sample_dataset(), name))


def test_json_is_utf8_and_not_ascii_escaped(outdir: Path) -> None:
    data = (outdir / "initiatives.json").read_bytes()
    text = data.decode("utf-8")
    assert text.startswith("[\n") and text.endswith("]\n")
    assert "ｸﾚｼﾞｯﾄ決済・ＩＣＴ活用の推進①" in text and "\\u" not in text
    record = json.loads(text)[1]
    assert list(record) == list(TABLES["initiatives"].column_names)
    assert record["letter"] == "b" and record["page"] is None and record["departments"] == []


def test_json_has_the_layout_of_the_json_module(outdir: Path) -> None:
    """Two-space indent, one key per line, ``": "`` and ``","``, not ASCII-escaped: the
    files read as Python's ``json.dumps(..., indent=2)`` would write them."""
    for name, rows in dataset_rows(sample_dataset()).items():
        expected = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        assert (outdir / f"{name}.json").read_text(encoding="utf-8") == expected, name


@pytest.mark.parametrize("number", [1e-05, 1.5e-07, 4.01e10, 1e16, 0.1 + 0.2, 99.4])
def test_json_numbers_read_back_as_the_same_float(number: float) -> None:
    text = writers.json_bytes([{"value": number}]).decode("utf-8")
    assert json.loads(text) == [{"value": number}]
    assert "NaN" not in text and "Infinity" not in text


def test_a_failure_writing_json_leaves_no_output(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def no_room(rows: object, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers, "write_json", no_room)
    with pytest.raises(GyokakuError, match="No space left on device"):
        write_dataset(sample_dataset(), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_csv_spells_every_value_as_format_csv_value() -> None:
    """The CSV writer leaves None, strings and numbers to the csv module: the same text as
    formatting every value with ``format_csv_value``."""
    for name, rows in dataset_rows(sample_dataset()).items():
        columns = TABLES[name].columns
        reference = io.StringIO(newline="")
        writer = csv.writer(reference, lineterminator="\r\n")
        writer.writerow(column.name for column in columns)
        for row in rows:
            writer.writerow(format_csv_value(row[column.name], column) for column in columns)
        assert writers.csv_text(rows, name) == reference.getvalue(), name


def test_rows_hold_column_value_of_every_field() -> None:
    dataset = sample_dataset()
    for name, rows in dataset_rows(dataset).items():
        records = getattr(dataset, TABLES[name].name)
        assert rows == [{column.name: column_value(getattr(record, column.name), column)
                         for column in TABLES[name].columns} for record in records], name


def test_csv_starts_with_bom_and_reads_back_with_pandas(outdir: Path) -> None:
    data = (outdir / "initiatives.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcode,policy_no,")
    frame = pd.read_csv(outdir / "initiatives.csv", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    assert list(frame.columns) == list(TABLES["initiatives"].column_names)
    assert frame["departments"].tolist() == ["財政局、保健福祉局", "", "政策局"]
    assert frame["letter"].tolist() == ["", "b", "a"]
    assert frame.loc[0, "summary"] == SUMMARY
    assert frame["match_score"].tolist() == ["0.9877", "1.0", "0.5"]


def test_csv_booleans_nulls_and_line_ends(outdir: Path) -> None:
    data = (outdir / "plans.csv").read_bytes().decode("utf-8-sig")
    lines = data.split("\r\n")
    assert lines[0] == "code,fiscal_year,era_label,raw,text,continued"
    assert lines[1] == "1-1-3,2021,R3,・第4期中期計画の策定,・第4期中期計画の策定,false"
    assert lines[3] == "1-1-4-b,2023,R5,,,false"
    frame = pd.read_csv(io.StringIO(data, newline=""), dtype={"continued": str},
                        keep_default_na=False)
    assert frame["continued"].tolist() == ["false", "true", "false", "true"]
    assert frame.loc[3, "raw"] == "→\n・評価, \"次期\"の検討"


def test_no_csv_bom(tmp_path: Path) -> None:
    write_dataset(sample_dataset(), tmp_path / "out", csv_bom=False)
    for name, spec in TABLES.items():
        first_column = spec.column_names[0].encode()
        assert (tmp_path / "out" / f"{name}.csv").read_bytes().startswith(first_column + b",")
    frame = pd.read_csv(tmp_path / "out" / "plans.csv", encoding="utf-8")
    assert frame.columns[0] == "code"
    assert json.loads((tmp_path / "out" / "run.json").read_text())["csv_bom"] is False


@pytest.mark.parametrize("fmt", ["parquet", "json", "csv"])
@pytest.mark.parametrize("name", list(TABLES))
def test_read_table_gives_the_written_rows_in_every_format(
        outdir: Path, name: str, fmt: str) -> None:
    assert read_table(outdir, name, fmt) == dataset_rows(sample_dataset())[name]


def test_read_table_refuses_unknown_format(outdir: Path) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        read_table(outdir, "plans", "xlsx")


def test_run_json_holds_the_run_metadata(outdir: Path) -> None:
    info = json.loads((outdir / "run.json").read_text(encoding="utf-8"))
    assert info["tool"] == "gyokaku" and info["version"]
    assert info["build"] == EXPECTED_BUILD
    assert info["engine"] == "pdfplumber" and info["profile"] == "okayama"
    assert info["source"] == {"path": "/data/okayama_fy2022.pdf",
                              "file_name": "okayama_fy2022.pdf", "sha256": SHA, "page_count": 15}
    assert info["counts"] == {"initiatives": 3, "plans": 4, "cells": 2, "metrics": 0,
                              "flags": 2, "pages_skipped": 2}
    assert info["flags"][0] == {"kind": "weak_match", "message": "detail row matched with a low "
                                "score", "code": "3-2-1-a", "page_index": 4, "score": 0.5}
    assert info["pages_skipped"] == [0, 1]
    assert info["started_utc"].endswith("Z") and info["finished_utc"].endswith("Z")
    assert info["seconds"] >= 0
    assert [f["name"] for f in info["files"]] == [*DATA_FILES, "datapackage.json"]
    parquet = info["files"][0]
    assert parquet["bytes"] == (outdir / "initiatives.parquet").stat().st_size


def test_empty_dataset_writes_valid_empty_tables(tmp_path: Path) -> None:
    empty = Dataset(SourceInfo("x.pdf", "x.pdf", SHA, 1))
    write_dataset(empty, tmp_path / "out")
    assert validate_outdir(tmp_path / "out") == []
    assert pq.read_schema(tmp_path / "out" / "plans.parquet").equals(arrow_schema("plans"))
    assert (tmp_path / "out" / "plans.json").read_text(encoding="utf-8") == "[]\n"
    assert read_table(tmp_path / "out", "plans", "csv") == []


# --- determinism --------------------------------------------------------------------------------


def test_writing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    write_dataset(sample_dataset(), tmp_path / "a")
    write_dataset(sample_dataset(), tmp_path / "b", started=None)
    for name in DATA_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_rewriting_the_same_outdir_gives_identical_bytes(outdir: Path) -> None:
    before = {name: (outdir / name).read_bytes() for name in DATA_FILES}
    write_dataset(sample_dataset(), outdir)
    assert {name: (outdir / name).read_bytes() for name in DATA_FILES} == before


# --- atomicity and the existing OUTDIR -----------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    """Hidden staging or backup folders left beside an output."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def fail_on_plans_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make writing the second table's CSV fail, after several files were written."""
    real = writers.write_csv

    def failing(rows: list[Row], name: str, path: Path, *, bom: bool = True) -> None:
        if name == "plans":
            raise RuntimeError("disk on fire")
        real(rows, name, path, bom=bom)

    monkeypatch.setattr(writers, "write_csv", failing)


def test_failure_in_the_middle_leaves_no_outdir(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fail_on_plans_csv(monkeypatch)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_dataset(sample_dataset(), tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert leftovers(tmp_path) == []


def test_failure_keeps_the_previous_output(outdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}
    fail_on_plans_csv(monkeypatch)
    with pytest.raises(RuntimeError):
        write_dataset(Dataset(SourceInfo("y.pdf", "y.pdf", SHA, 1)), outdir)
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before
    assert leftovers(outdir.parent) == []


def test_previous_output_is_replaced_entirely(outdir: Path) -> None:
    (outdir / "stale.txt").write_text("from an older version", encoding="utf-8")
    write_dataset(Dataset(SourceInfo("y.pdf", "y.pdf", SHA, 1)), outdir)
    assert not (outdir / "stale.txt").exists()
    assert read_table(outdir, "initiatives", "json") == []
    assert leftovers(outdir.parent) == []


def test_unrelated_outdir_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(GyokakuError) as caught:
        write_dataset(sample_dataset(), target)
    assert caught.value.exit_code == ExitCode.USAGE
    assert str(target) in caught.value.one_line() and "not a gyokaku output" in str(caught.value)
    assert [p.name for p in target.iterdir()] == ["chapter1.docx"]
    assert leftovers(tmp_path) == []


def test_run_json_of_another_tool_does_not_make_an_output(tmp_path: Path) -> None:
    target = tmp_path / "other"
    target.mkdir()
    (target / "run.json").write_text('{"tool": "something-else"}', encoding="utf-8")
    with pytest.raises(GyokakuError):
        check_outdir(target)


def test_a_file_as_outdir_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(GyokakuError, match="not a directory"):
        write_dataset(sample_dataset(), target)
    assert target.read_text(encoding="utf-8") == "a,b\n"


def test_an_empty_existing_outdir_is_used(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    write_dataset(sample_dataset(), tmp_path / "out")
    assert validate_outdir(tmp_path / "out") == []


def test_unwritable_location_is_one_gyokaku_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(GyokakuError) as caught:
        write_dataset(sample_dataset(), blocker / "out")
    assert caught.value.one_line().startswith(f"{blocker / 'out'}: cannot write the dataset")
    assert "\n" not in caught.value.one_line()


def test_non_finite_score_fails_before_anything_is_written(tmp_path: Path) -> None:
    dataset = sample_dataset()
    dataset.initiatives[0].match_score = float("nan")
    with pytest.raises(ValueError, match="match_score"):
        write_dataset(dataset, tmp_path / "out")
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


# --- validation -------------------------------------------------------------------------------


def test_valid_output_has_no_problems(outdir: Path) -> None:
    assert validate_outdir(outdir) == []


def test_validator_finds_a_changed_csv_value(outdir: Path) -> None:
    path = outdir / "plans.csv"
    path.write_bytes(path.read_bytes().replace(b"2022,R4", b"2023,R4"))
    problems = validate_outdir(outdir)
    assert problems == [f"{path}: differs from parquet: row 1 column fiscal_year: 2023, "
                        "expected 2022"]


def test_validator_compares_json_and_csv_when_parquet_is_unreadable(outdir: Path) -> None:
    (outdir / "plans.parquet").write_bytes(b"not parquet")
    csv_path = outdir / "plans.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b",R4,", b",R9,"))
    problems = validate_outdir(outdir)
    assert any(p.startswith(f"{outdir / 'plans.parquet'}: unreadable") for p in problems)
    assert f"{csv_path}: differs from json: row 1 column era_label: 'R9', expected 'R4'" \
        in problems


def test_validator_finds_json_schema_violations(outdir: Path) -> None:
    path = outdir / "plans.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["extra"] = 1
    rows[2]["continued"] = None
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    problems = validate_outdir(outdir)
    assert any("$[0]" in p and "extra" in p for p in problems)
    assert any("$[2].continued" in p and "None is not of type 'boolean'" in p for p in problems)
    assert all(p.startswith(str(path)) for p in problems)


def test_validator_finds_a_wrong_parquet_schema(outdir: Path) -> None:
    path = outdir / "plans.parquet"
    table = pq.read_table(path)
    widened = table.cast(pa.schema([f.with_type(pa.int64()) if f.name == "fiscal_year" else f
                                    for f in table.schema]))
    pq.write_table(widened, path)
    problems = validate_outdir(outdir)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: schema is not the declared one")
    assert "fiscal_year: int64 not null" in problems[0]


def test_validator_finds_a_wrong_csv_header_and_missing_files(outdir: Path) -> None:
    path = outdir / "cells.csv"
    path.write_bytes(path.read_bytes().replace(b"raw_text", b"rawtext", 1))
    (outdir / "plans.json").unlink()
    problems = validate_outdir(outdir)
    assert f"{outdir / 'plans.json'}: missing" in problems
    assert any(p.startswith(f"{path}: unreadable") and "header" in p for p in problems)


def test_validator_finds_row_count_mismatch_with_run_json(outdir: Path) -> None:
    info = json.loads((outdir / "run.json").read_text(encoding="utf-8"))
    info["counts"]["plans"] = 5
    (outdir / "run.json").write_text(json.dumps(info), encoding="utf-8")
    assert validate_outdir(outdir) == [f"{outdir / 'plans.parquet'}: 4 rows, run.json counts 5"]


def test_validator_on_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    assert validate_outdir(tmp_path / "nope") == [f"{tmp_path / 'nope'}: not a directory"]
    problems = validate_outdir(tmp_path)
    assert problems[0] == f"{tmp_path / 'run.json'}: missing"
    assert f"{tmp_path / 'initiatives.parquet'}: missing" in problems


def test_first_difference() -> None:
    assert first_difference([{"a": 1}], [{"a": 1}]) is None
    assert first_difference([{"a": 1}], []) == "0 rows instead of 1"
    assert first_difference([{"a": 1}], [{"a": 1, "b": 2}]) == \
        "row 0 column b: 2, expected '<absent>'"


def test_written_files_are_hashed_in_chunks(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """run.json and datapackage.json record each file's size and SHA-256 without reading it
    whole: the review page of a long report is tens of megabytes, and reading it at once
    made the largest allocation of a conversion."""
    from gyokaku.schemas.datapackage import file_facts
    from gyokaku.schemas.run_info import file_entry

    data = bytes(range(256)) * 40_000 + b"end"
    path = tmp_path / "report.html"
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()

    def whole(self: Path) -> bytes:
        raise AssertionError(f"{self.name} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)
    assert file_entry(path) == {"name": "report.html", "bytes": len(data), "sha256": digest}
    assert file_facts(path) == {"bytes": len(data), "hash": f"sha256:{digest}"}
