"""The declared tables: column specs, pyarrow schemas, JSON Schemas, value conversions."""

from __future__ import annotations

import json
import math
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pytest
from jsonschema import Draft202012Validator

from gyokaku.model import CellRecord, Initiative, Metric, Plan
from gyokaku.schemas.arrow import arrow_schema, arrow_table
from gyokaku.schemas.columns import TABLES, table_spec
from gyokaku.schemas.csv_values import format_csv_value, parse_csv_value
from gyokaku.schemas.json_schema import json_schema, load_json_schema, schema_text
from gyokaku.schemas.rows import column_value, record_row

SCHEMA_FOLDER = Path(__file__).resolve().parent.parent / "schemas"
MODEL_OF_TABLE = {"initiatives": Initiative, "plans": Plan, "cells": CellRecord,
                  "metrics": Metric}


def column(table: str, name: str):
    """The spec of one column."""
    return next(c for c in table_spec(table).columns if c.name == name)


# --- one place of truth ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_committed_json_schema_is_what_the_generator_produces(name: str) -> None:
    committed = (SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run: python -m gyokaku.schemas.regenerate"


@pytest.mark.parametrize("name", list(TABLES))
def test_package_data_schema_loads_and_equals_generated(name: str) -> None:
    assert load_json_schema(name) == json_schema(name)


@pytest.mark.parametrize(("name", "model"), list(MODEL_OF_TABLE.items()))
def test_columns_follow_the_model_fields_in_order(name: str, model: type) -> None:
    assert table_spec(name).column_names == tuple(f.name for f in fields(model))


@pytest.mark.parametrize(("name", "model"), list(MODEL_OF_TABLE.items()))
def test_nullability_follows_the_model(name: str, model: type) -> None:
    nullable_in_model = {f.name: "None" in str(f.type) for f in fields(model)}
    nullable_in_spec = {c.name: c.nullable for c in table_spec(name).columns}
    assert nullable_in_spec == nullable_in_model


def test_table_order_and_names() -> None:
    assert list(TABLES) == ["initiatives", "plans", "cells", "metrics"]


def test_every_column_has_a_japanese_label() -> None:
    for spec in TABLES.values():
        for col in spec.columns:
            assert any("\u3040" <= ch <= "\u9fff" for ch in col.label), col.name
            assert col.description
    assert column("initiatives", "code").label == "取組コード"
    assert column("initiatives", "departments").label == "担当部局"


def test_unknown_table_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="initiatives"):
        table_spec("budgets")


# --- pyarrow -------------------------------------------------------------------------------


def test_initiatives_arrow_types() -> None:
    schema = arrow_schema("initiatives")
    assert schema.field("code").type == pa.string() and not schema.field("code").nullable
    assert schema.field("policy_no").type == pa.int32()
    assert schema.field("page").type == pa.int32() and schema.field("page").nullable
    assert schema.field("letter").nullable
    departments = schema.field("departments")
    assert departments.type == pa.list_(pa.field("element", pa.string(), nullable=False))
    assert not departments.nullable
    assert schema.field("match_score").type == pa.float64()
    assert schema.metadata is None


def test_plans_and_cells_arrow_types() -> None:
    plans = arrow_schema("plans")
    assert plans.field("continued").type == pa.bool_()
    assert plans.field("raw").nullable and not plans.field("era_label").nullable
    cells = arrow_schema("cells")
    assert [cells.field(n).type for n in ("x0", "top", "x1", "bottom")] == [pa.float64()] * 4
    assert cells.field("match_score").nullable and cells.field("code").nullable


def test_arrow_table_refuses_null_in_non_null_column() -> None:
    row = {"code": None, "fiscal_year": 2021, "era_label": "R3", "raw": None, "text": None,
           "continued": False}
    with pytest.raises(ValueError, match=r"plans\.code"):
        arrow_table([row], "plans")


def test_arrow_table_refuses_int32_overflow() -> None:
    row = {"code": "1-1-1", "fiscal_year": 2**31, "era_label": "R3", "raw": None,
           "text": None, "continued": False}
    with pytest.raises((pa.ArrowInvalid, OverflowError)):
        arrow_table([row], "plans")


# --- JSON Schema -----------------------------------------------------------------------------


def plan_row(**changes: object) -> dict[str, object]:
    """A valid plans record with some fields changed."""
    row: dict[str, object] = {"code": "1-1-5-d", "fiscal_year": 2022, "era_label": "R4",
                              "raw": "→", "text": "・総括・検証", "continued": True}
    row.update(changes)
    return row


@pytest.mark.parametrize("name", list(TABLES))
def test_json_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    items = schema["items"]
    assert items["additionalProperties"] is False
    assert items["required"] == list(table_spec(name).column_names)
    assert list(items["properties"]) == list(table_spec(name).column_names)


def test_json_schema_nulls_only_where_declared() -> None:
    validator = Draft202012Validator(json_schema("plans"))
    assert validator.is_valid([plan_row(), plan_row(raw=None, text=None)])
    assert not validator.is_valid([plan_row(code=None)])
    assert not validator.is_valid([plan_row(continued=None)])


def test_json_schema_types_keys_and_ranges() -> None:
    validator = Draft202012Validator(json_schema("plans"))
    assert not validator.is_valid([plan_row(fiscal_year="2022")])
    assert not validator.is_valid([plan_row(fiscal_year=2022.5)])
    assert not validator.is_valid([plan_row(fiscal_year=2**31)])
    assert not validator.is_valid([plan_row(continued="true")])
    assert not validator.is_valid([plan_row(extra="x")])
    missing = plan_row()
    del missing["raw"]
    assert not validator.is_valid([missing])
    assert not validator.is_valid(plan_row())  # a record, not an array of records


def test_json_schema_departments_is_a_list_of_strings() -> None:
    prop = json_schema("initiatives")["items"]["properties"]["departments"]
    assert prop["type"] == "array" and prop["items"] == {"type": "string"}
    assert prop["title"] == "担当部局"


def test_json_schema_nullable_types_list_null() -> None:
    props = json_schema("cells")["items"]["properties"]
    assert props["match_score"]["type"] == ["number", "null"]
    assert props["x0"]["type"] == "number"
    assert props["page_index"]["type"] == "integer"


# --- values: rounding and CSV spelling -------------------------------------------------------


def test_bbox_rounds_to_two_decimals_and_scores_to_four() -> None:
    assert column_value(12.3456, column("cells", "x0")) == 12.35
    assert column_value(0.876543, column("cells", "match_score")) == 0.8765
    assert column_value(1, column("initiatives", "match_score")) == 1.0
    assert isinstance(column_value(1, column("initiatives", "match_score")), float)


def test_negative_zero_becomes_zero() -> None:
    value = column_value(-0.001, column("cells", "x0"))
    assert value == 0.0 and math.copysign(1.0, value) == 1.0
    assert json.dumps(value) == "0.0"


def test_non_finite_float_is_refused() -> None:
    with pytest.raises(ValueError, match="match_score"):
        column_value(float("nan"), column("initiatives", "match_score"))


def test_empty_string_in_nullable_column_becomes_null() -> None:
    assert column_value("", column("plans", "raw")) is None
    assert column_value("", column("cells", "text")) == ""


def test_record_row_copies_lists_and_keeps_column_order() -> None:
    departments = ["財政局", "総務局"]
    plan = Plan("3-2-1", 2021, "R3", "", "・ｸﾚｼﾞｯﾄ決済の導入", False)
    row = record_row(plan, "plans")
    assert list(row) == list(table_spec("plans").column_names)
    assert row["raw"] is None and row["text"] == "・ｸﾚｼﾞｯﾄ決済の導入"
    cell = column("initiatives", "departments")
    copied = column_value(departments, cell)
    assert copied == departments and copied is not departments


def test_record_row_refuses_non_records() -> None:
    with pytest.raises(TypeError):
        record_row({"code": "1-1-1"}, "plans")


@pytest.mark.parametrize(
    ("table", "name", "value", "text"),
    [
        ("initiatives", "departments", ["財政局", "総務局"], "財政局、総務局"),
        ("initiatives", "departments", [], ""),
        ("initiatives", "letter", None, ""),
        ("initiatives", "page", 7, "7"),
        ("initiatives", "match_score", 0.9312, "0.9312"),
        ("plans", "continued", True, "true"),
        ("plans", "continued", False, "false"),
        ("plans", "text", "・①ＩＣＴ化\n・９３．１％", "・①ＩＣＴ化\n・９３．１％"),
        ("cells", "raw_text", "", ""),
        ("cells", "match_score", None, ""),
    ],
)
def test_csv_values_round_trip(table: str, name: str, value: object, text: str) -> None:
    col = column(table, name)
    assert format_csv_value(value, col) == text
    assert parse_csv_value(text, col) == value


def test_csv_parse_refuses_bad_text() -> None:
    with pytest.raises(ValueError):
        parse_csv_value("yes", column("plans", "continued"))
    with pytest.raises(ValueError):
        parse_csv_value("", column("plans", "fiscal_year"))
    with pytest.raises(ValueError):
        parse_csv_value("R3", column("plans", "fiscal_year"))
