"""``gyokaku validate OUTDIR``: passes on every sample's conversion, names each deliberate break."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gyokaku.cli import app, register_commands
from gyokaku.errors import ExitCode
from gyokaku.model import Dataset, Initiative, Plan, SourceInfo
from gyokaku.schemas.columns import TABLES
from gyokaku.schemas.writers import write_dataset
from tests.conftest import sample_pdfs

PDFS = sample_pdfs()
IDS = [p.name for p in PDFS]
OKAYAMA = next(p for p in PDFS if p.name == "okayama_fy2022.pdf")

register_commands()


def validate(outdir: Path) -> Any:
    """Run ``gyokaku validate outdir`` in-process."""
    return CliRunner().invoke(app, ["validate", str(outdir)])


def problem_lines(result: Any) -> list[str]:
    """The problem lines on stderr, each checked to be ``gyokaku: ...``."""
    lines = result.stderr.splitlines()
    assert all(line.startswith("gyokaku: ") for line in lines), lines
    return lines


@pytest.fixture
def copied(tmp_path: Path, convert_sample) -> Path:  # type: ignore[no-untyped-def]
    """A fresh copy of the Okayama sample's output, free to break."""
    target = tmp_path / "out"
    shutil.copytree(convert_sample(OKAYAMA), target)
    return target


def initiative(code: str) -> Initiative:
    """A minimal initiative."""
    return Initiative(code, 1, None, 1, None, 1, "項目", None, None, ["財政局"], 1, None, None,
                      2022, "岡山市", "r.pdf", "cd" * 32, 1.0)


def consistent_output(tmp_path: Path, initiatives: list[Initiative], plans: list[Plan]) -> Path:
    """An output whose three formats and package agree, written by the real writer."""
    source = SourceInfo("/in/r.pdf", "r.pdf", "cd" * 32, 1)
    outdir = tmp_path / "made"
    write_dataset(Dataset(source, initiatives, plans), outdir)
    return outdir


# --- valid outputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_every_sample_conversion_validates(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    outdir = convert_sample(pdf)
    result = validate(outdir)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith(f"{outdir}: OK: {len(TABLES)} tables")
    assert len(result.stdout.splitlines()) == 1


def test_output_without_bom_validates(tmp_path: Path) -> None:
    outdir = tmp_path / "nobom"
    source = SourceInfo("/in/r.pdf", "r.pdf", "cd" * 32, 1)
    write_dataset(Dataset(source, [initiative("1-1-1")]), outdir, csv_bom=False)
    assert not (outdir / "initiatives.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert validate(outdir).exit_code == 0


# --- broken outputs: each problem named, exit code 9 --------------------------------------------


def test_missing_package_is_named(copied: Path) -> None:
    (copied / "datapackage.json").unlink()
    result = validate(copied)
    assert result.exit_code == ExitCode.INVALID_OUTPUT == 9
    assert problem_lines(result) == [f"gyokaku: {copied / 'datapackage.json'}: missing"]
    assert result.stdout == ""


def test_dangling_foreign_key_is_found_by_frictionless(tmp_path: Path) -> None:
    plan = Plan("9-9-9", 2022, "R4", "・検討", "・検討", False)
    outdir = consistent_output(tmp_path, [initiative("1-1-1")], [plan])
    result = validate(outdir)
    assert result.exit_code == ExitCode.INVALID_OUTPUT
    [line] = problem_lines(result)
    assert line.startswith(f"gyokaku: {outdir / 'plans.csv'}: foreign-key: ")
    assert '"9-9-9" not found in the lookup table "initiatives"' in line


def test_duplicate_code_violates_the_primary_key(tmp_path: Path) -> None:
    outdir = consistent_output(tmp_path, [initiative("1-1-1"), initiative("1-1-1")], [])
    [line] = problem_lines(validate(outdir))
    assert line.startswith(f"gyokaku: {outdir / 'initiatives.csv'}: primary-key: ")


def test_edited_csv_value_is_named_by_both_checks(copied: Path) -> None:
    path = copied / "plans.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text("\ufeff" + text.replace(",2021,R3,", ",2021,R2,", 1), encoding="utf-8")
    result = validate(copied)
    assert result.exit_code == ExitCode.INVALID_OUTPUT
    lines = problem_lines(result)
    assert f"gyokaku: {path}: differs from parquet: row 0 column era_label: 'R2', " \
           f"expected 'R3'" in lines
    assert any(line.startswith(f"gyokaku: {path}: hash-count: ") for line in lines)


def test_wrong_type_in_csv_is_a_type_error(copied: Path) -> None:
    descriptor = json.loads((copied / "datapackage.json").read_text(encoding="utf-8"))
    path = copied / "plans.csv"
    text = path.read_text(encoding="utf-8-sig").replace(",2021,R3,", ",R3,R3,", 1)
    path.write_text("\ufeff" + text, encoding="utf-8")
    _refresh_facts(copied, descriptor)
    lines = problem_lines(validate(copied))
    assert any(f"{path}: type-error: " in line and '"fiscal_year"' in line for line in lines)


def test_package_schema_differing_from_the_columns_is_named(copied: Path) -> None:
    path = copied / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    plans = next(r for r in descriptor["resources"] if r["name"] == "plans")
    plans["schema"]["fields"][1]["type"] = "string"
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    assert problem_lines(validate(copied)) == [
        f"gyokaku: {path}: resource 'plans': field 2 is 'fiscal_year' (string), "
        f"declared 'fiscal_year' (integer)"]


def test_resource_outside_the_folder_is_refused_unread(copied: Path) -> None:
    path = copied / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"].append({"name": "elsewhere", "path": "../../etc/passwd"})
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    assert problem_lines(validate(copied)) == [
        f"gyokaku: {path}: resource 'elsewhere': path '../../etc/passwd' is not a file "
        f"name in the output folder"]


def test_invalid_license_in_package_is_found_by_frictionless(copied: Path) -> None:
    path = copied / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["licenses"] = [{"title": "a license with neither name nor path"}]
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    result = validate(copied)
    assert result.exit_code == ExitCode.INVALID_OUTPUT
    assert problem_lines(result) == [
        f"gyokaku: {path}: The data package has an error: license requires \"path\" or "
        f"\"name\": {{'title': 'a license with neither name nor path'}}"]


def test_not_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = validate(tmp_path / "nothing")
    assert result.exit_code == ExitCode.USAGE
    assert problem_lines(result) == [f"gyokaku: {tmp_path / 'nothing'}: not a directory"]


def _refresh_facts(outdir: Path, descriptor: dict[str, Any]) -> None:
    """Make sizes and hashes match the edited files, so only the content is wrong."""
    import hashlib

    for entry in descriptor["resources"]:
        data = (outdir / entry["path"]).read_bytes()
        entry["bytes"], entry["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
    (outdir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False),
                                             encoding="utf-8")
