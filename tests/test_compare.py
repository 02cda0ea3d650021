"""``gyokaku compare`` over the FY2021 / FY2022 / FY2023 sample editions, and its parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from gyokaku.cli import app, register_commands
from gyokaku.compare import compare_folders, write_comparison
from gyokaku.errors import ExitCode
from gyokaku.normalize.compare_model import Edition
from gyokaku.normalize.comparison import compare_editions
from gyokaku.normalize.textdiff import char_edits
from gyokaku.schemas.arrow import arrow_schema
from gyokaku.schemas.columns import COMPARE_TABLES
from gyokaku.schemas.json_schema import json_schema, load_json_schema
from gyokaku.schemas.readers import read_table
from gyokaku.schemas.validate import json_schema_problems
from samples.generator.golden import golden_text
from tests.conftest import SAMPLES, load_json
from tests.processes import commands_in_one_interpreter

EDITIONS = ("okayama_fy2021", "okayama_fy2022", "okayama_fy2023")
YEAR = {name: 2021 + n for n, name in enumerate(EDITIONS)}
CHANGE_FIELDS = ("from_edition", "to_edition", "kind", "code", "field", "before", "after")

register_commands()


@pytest.fixture(scope="module")
def diffdir(convert_sample, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The three sample editions converted and compared (newest given first on purpose)."""
    outs = [convert_sample(SAMPLES / name / f"{name}.pdf") for name in reversed(EDITIONS)]
    out = tmp_path_factory.mktemp("compare") / "diff"
    write_comparison(compare_folders(outs), out)
    return out


def _planted() -> set[tuple[Any, ...]]:
    return {(YEAR[c["from_edition"]], YEAR[c["to_edition"]], c["kind"], c["code"], c["field"],
             golden_text(c["before"]), golden_text(c["after"]))
            for c in load_json(SAMPLES / "editions_changes.json")}


def test_changes_are_exactly_the_planted_ones(diffdir: Path) -> None:
    rows = pq.read_table(diffdir / "changes.parquet").to_pylist()
    found = [tuple(row[f] for f in CHANGE_FIELDS) for row in rows]
    assert len(found) == len(set(found))
    planted = _planted()
    assert not planted - set(found), "missed"
    assert not set(found) - planted, "extra"
    assert all(row["certain"] for row in rows)


def test_every_initiative_is_classified(diffdir: Path) -> None:
    links = pq.read_table(diffdir / "links.parquet").to_pylist()
    by_pair = {(r["from_code"], r["to_code"], r["to_edition"]): r["status"] for r in links}
    assert by_pair[(None, "3-1-5-a", 2022)] == "added"
    assert by_pair[("3-1-1-b", None, 2023)] == "dropped"
    assert by_pair[("3-2-2-a", "3-2-2-a", 2022)] == "renamed"  # its item was renamed
    assert by_pair[("1-1-5-a", "1-1-5-a", 2022)] == "text_changed"  # department renamed
    assert by_pair[("1-2-1", "1-2-1", 2022)] == "unchanged"
    initiatives = {2022: 44, 2023: 44}
    for year, count in initiatives.items():
        assert sum(1 for r in links if r["to_edition"] == year and r["to_code"]) == count
    assert all(r["link"] in ("code", None) for r in links)


def test_metric_series_lines_up_a_collection_rate_across_editions(diffdir: Path) -> None:
    rows = [r for r in pq.read_table(diffdir / "metric_series.parquet").to_pylist()
            if r["key"] == "1-1-3-a" and r["metric"] == "市税 現年収納率"]
    expected = sorted(
        (m["fiscal_year"], YEAR[name], m["value"])
        for name in EDITIONS
        for m in load_json(SAMPLES / name / "content.json")["metrics"]
        if m["code"] == "1-1-3-a" and m["metric"] == "市税 現年収納率")
    assert [(r["fiscal_year"], r["edition"], r["value"]) for r in rows] == expected
    assert {r["unit"] for r in rows} == {"%"}
    revised = {r["fiscal_year"] for r in rows if r["revised"]}
    restated = {y for y, e, v in expected if any(y == y2 and v != v2 for y2, _, v2 in expected)}
    assert revised == restated


def test_text_diffs_rebuild_the_newer_text(diffdir: Path) -> None:
    changes = read_table(diffdir, "changes", "json")
    diffs = read_table(diffdir, "diffs", "csv")
    change = next(c for c in changes if c["kind"] == "renamed" and c["code"] == "3-2-2")
    edits = [d for d in diffs if d["code"] == "3-2-2" and d["field"] == "item_name"]
    assert [(d["op"], d["removed"], d["added"]) for d in edits] == [("delete", "の見直し", "")]
    assert change["before"].replace("の見直し", "") == change["after"]


def test_history_and_plans_per_edition(diffdir: Path) -> None:
    history = read_table(diffdir, "history", "parquet")
    departments = {r["edition"]: r["departments"] for r in history if r["key"] == "5-1-2-a"}
    assert "こども未来局" in departments[2023] and "こども未来局" not in departments[2022]
    plans = read_table(diffdir, "plan_history", "parquet")
    cells = {r["edition"]: r["raw"] for r in plans
             if r["key"] == "3-1-3-a" and r["fiscal_year"] == 2022}
    assert cells == {2021: "→", 2022: "・施設使用料検討", 2023: "・施設使用料検討"}


def test_every_table_is_written_with_its_schema_in_three_formats(diffdir: Path) -> None:
    for name in COMPARE_TABLES:
        assert pq.read_schema(diffdir / f"{name}.parquet") == arrow_schema(name)
        parquet = read_table(diffdir, name, "parquet")
        assert read_table(diffdir, name, "json") == parquet
        assert read_table(diffdir, name, "csv") == parquet
    assert [r["edition"] for r in read_table(diffdir, "editions", "parquet")] == [2021, 2022, 2023]


@pytest.mark.parametrize("name", list(COMPARE_TABLES))
def test_committed_json_schemas_of_the_compare_tables_are_current(name: str) -> None:
    assert load_json_schema(name) == json_schema(name), "python -m gyokaku.schemas.regenerate"


def test_comparison_json_validates_against_its_schema(diffdir: Path) -> None:
    for name in COMPARE_TABLES:
        assert json_schema_problems(diffdir, name) == []


# --- linking without the samples ------------------------------------------------------------


def _row(code: str, name: str, summary: str, achievement: str = "実施した。") -> dict[str, Any]:
    policy, development, item, *_ = code.split("-")
    return {"code": code, "policy_no": int(policy), "policy_name": "財政",
            "development_no": int(development), "development_name": "健全性",
            "item_no": int(item), "item_name": name, "letter": None, "initiative_name": None,
            "departments": ["財政局"], "summary": summary, "achievement": achievement}


def test_comparing_and_validating_do_not_import_pandas(convert_sample, tmp_path: Path  # type: ignore[no-untyped-def]
                                                       ) -> None:
    """pq.read_table imports pyarrow.dataset, which imports pandas (a fifth of a second); the
    Parquet files are read as single files instead."""
    outs = [str(convert_sample(SAMPLES / name / f"{name}.pdf")) for name in EDITIONS[:2]]
    commands = [["compare", *outs, "-o", str(tmp_path / "diff"), "-q"], ["validate", outs[0]]]
    assert commands_in_one_interpreter(commands, ["pandas"]) == ([0, 0], [])
    assert len(read_table(tmp_path / "diff", "links", "parquet")) > 0


def test_a_renumbered_initiative_is_linked_by_similarity() -> None:
    old = Edition(2021, "a", [_row("1-1-1", "基金残高の確保", "基金残高を一定程度確保する。"),
                              _row("1-1-2", "市債の借入抑制", "市債の借入を抑制する。")])
    new = Edition(2022, "b", [_row("1-1-1", "市債の借入抑制", "市債の借入を抑制する。"),
                              _row("1-1-3", "基金残高の確保", "基金残高を一定程度確保する。")])
    comparison = compare_editions([new, old])
    links = {(link.from_code, link.to_code): link for link in comparison.links}
    assert set(links) == {("1-1-1", "1-1-3"), ("1-1-2", "1-1-1")}
    assert all(link.link == "fuzzy" and link.certain and link.status == "unchanged"
               for link in links.values())
    assert {(c.kind, c.before, c.after) for c in comparison.changes} == {
        ("renumbered", "1-1-1", "1-1-3"), ("renumbered", "1-1-2", "1-1-1")}
    keys = {(h.edition, h.code): h.key for h in comparison.history}
    assert keys == {(2021, "1-1-1"): "1-1-3", (2021, "1-1-2"): "1-1-1",
                    (2022, "1-1-1"): "1-1-1", (2022, "1-1-3"): "1-1-3"}


def test_a_same_code_row_that_reads_unlike_needs_a_look() -> None:
    old = Edition(2021, "a", [_row("1-1-1", "基金残高の確保", "基金残高を一定程度確保する。")])
    new = Edition(2022, "b", [_row("1-1-1", "窓口のデジタル化", "窓口の手続を電子化する。")])
    [link] = compare_editions([old, new]).links
    assert (link.link, link.status, link.certain) == ("code", "renamed", False)


def test_an_unrelated_new_row_is_added_and_the_old_one_dropped() -> None:
    old = Edition(2021, "a", [_row("1-1-2", "基金残高の確保", "基金残高を一定程度確保する。")])
    new = Edition(2022, "b", [_row("1-1-3", "窓口のデジタル化", "窓口の手続を電子化する。")])
    links = compare_editions([old, new]).links
    assert [(link.status, link.certain) for link in links] == [("added", True), ("dropped", True)]


def test_two_datasets_of_one_year_are_refused() -> None:
    with pytest.raises(ValueError, match="same year"):
        compare_editions([Edition(2022, "a", []), Edition(2022, "b", [])])


def test_char_edits_say_what_was_removed_and_added() -> None:
    edits = char_edits("基金は401億円", "基金は417億円")
    assert [(e.op, e.removed, e.added, e.before_start, e.after_start) for e in edits] == [
        ("delete", "0", "", 4, 4), ("insert", "", "7", 6, 5)]


# --- the command -----------------------------------------------------------------------------


def test_command_writes_and_summarises(convert_sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outs = [str(convert_sample(SAMPLES / name / f"{name}.pdf")) for name in EDITIONS[1:]]
    result = CliRunner().invoke(app, ["compare", *outs, "-o", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "2022 → 2023" in result.output and "3-1-1-b" in result.output
    assert (tmp_path / "d" / "run.json").is_file()


def test_command_refuses_bad_input_in_one_line(convert_sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = str(convert_sample(SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf"))
    runner = CliRunner()
    cases = {
        (out,): ExitCode.USAGE,
        (out, out): ExitCode.USAGE,
        (out, str(tmp_path)): ExitCode.USAGE,
    }
    for args, code in cases.items():
        result = runner.invoke(app, ["compare", *args, "-o", str(tmp_path / "d")])
        assert result.exit_code == code, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not (tmp_path / "d").exists()


def test_command_never_replaces_a_converted_dataset(convert_sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outs = [convert_sample(SAMPLES / name / f"{name}.pdf") for name in EDITIONS[1:]]
    before = (outs[0] / "initiatives.json").read_bytes()
    runner = CliRunner()
    for target in (outs[0], convert_sample(SAMPLES / "okayama_fy2021" / "okayama_fy2021.pdf")):
        result = runner.invoke(app, ["compare", *map(str, outs), "-o", str(target)])
        assert result.exit_code == ExitCode.USAGE, result.output
        assert "refusing" in result.output
    assert (outs[0] / "initiatives.json").read_bytes() == before
    again = runner.invoke(app, ["compare", *map(str, outs), "-o", str(tmp_path / "d"), "-q"])
    assert again.exit_code == 0 and again.output == ""
    replaced = runner.invoke(app, ["compare", *map(str, outs), "-o", str(tmp_path / "d"), "-q"])
    assert replaced.exit_code == 0  # a previous comparison is replaced
