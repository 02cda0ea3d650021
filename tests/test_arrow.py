"""Arrow columns assembled from their buffers: the arrays ``pyarrow.array`` gives, without
pandas, and no value converted into another type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gyokaku.pipeline import convert
from gyokaku.schemas.arrow import (
    INT32_MAX,
    INT32_MIN,
    arrow_schema,
    arrow_table,
    bool_array,
    column_array,
    float64_array,
    int32_array,
    string_array,
    string_list_array,
)
from gyokaku.schemas.columns import Column
from gyokaku.schemas.rows import dataset_rows
from tests.conftest import ROOT
from tests.processes import commands_in_one_interpreter

SAMPLE = ROOT / "samples" / "okayama_fy2022" / "okayama_fy2022.pdf"

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
int32s = st.integers(INT32_MIN, INT32_MAX)
floats = st.floats(allow_nan=False)
text_lists = st.lists(texts, max_size=4)


def same_as_pyarrow(built: pa.Array, values: list[Any], arrow_type: pa.DataType) -> None:
    """``built`` is valid and equals what ``pyarrow.array`` makes of ``values``."""
    built.validate(full=True)
    expected = pa.array(values, type=arrow_type)
    assert built.type == arrow_type
    assert built.null_count == expected.null_count
    assert built.equals(expected)
    assert built.to_pylist() == values


@given(st.lists(st.none() | texts, max_size=40))
def test_strings_as_pyarrow_makes_them(values: list[str | None]) -> None:
    same_as_pyarrow(string_array(values), values, pa.string())


@given(st.lists(st.none() | int32s, max_size=40))
def test_int32_as_pyarrow_makes_them(values: list[int | None]) -> None:
    same_as_pyarrow(int32_array(values), values, pa.int32())


@given(st.lists(st.none() | floats, max_size=40))
def test_float64_as_pyarrow_makes_them(values: list[float | None]) -> None:
    same_as_pyarrow(float64_array(values), values, pa.float64())


@given(st.lists(st.none() | st.booleans(), max_size=40))
def test_bool_as_pyarrow_makes_them(values: list[bool | None]) -> None:
    same_as_pyarrow(bool_array(values), values, pa.bool_())


@given(st.lists(st.none() | text_lists, max_size=20))
def test_string_lists_as_pyarrow_makes_them(values: list[list[str] | None]) -> None:
    arrow_type = arrow_schema("initiatives").field("departments").type
    same_as_pyarrow(string_list_array(values), values, arrow_type)


def test_edge_values_survive() -> None:
    same_as_pyarrow(int32_array([INT32_MIN, INT32_MAX, 0]), [INT32_MIN, INT32_MAX, 0],
                    pa.int32())
    signed_zero = float64_array([-0.0, 0.0, 5e-324])
    assert [str(value) for value in signed_zero.to_pylist()] == ["-0.0", "0.0", "5e-324"]
    nan = float64_array([float("nan")])
    assert str(nan.to_pylist()[0]) == "nan" and nan.null_count == 0
    same_as_pyarrow(string_array(["①", "⾏政", "𠮷", "ｸﾚｼﾞｯﾄ", ""]),
                    ["①", "⾏政", "𠮷", "ｸﾚｼﾞｯﾄ", ""], pa.string())
    for build in (string_array, int32_array, float64_array, bool_array, string_list_array):
        assert len(build([])) == 0 and len(build([None])) == 1


@pytest.mark.parametrize(("build", "value"), [
    (string_array, 1),
    (string_array, b"bytes"),
    (int32_array, 1.0),
    (int32_array, True),
    (int32_array, "1"),
    (float64_array, 1),
    (float64_array, "1.5"),
    (bool_array, 1),
    (string_list_array, ("a", "b")),
    (string_list_array, "ab"),
])
def test_a_value_of_another_type_is_refused_not_converted(build: Any, value: object) -> None:
    with pytest.raises(TypeError, match=type(value).__name__):
        build([value])


@pytest.mark.parametrize("value", [INT32_MAX + 1, INT32_MIN - 1, 2**63, -(2**70)])
def test_an_integer_out_of_range_is_refused(value: int) -> None:
    with pytest.raises(OverflowError, match="int32"):
        int32_array([1, value])


def test_null_in_a_list_and_in_a_non_null_column_are_refused() -> None:
    with pytest.raises(ValueError, match="null in a list"):
        string_list_array([["a", None]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"plans\.code: null in a non-null"):
        column_array(["a", None], Column("code", "string", False, "", ""), "plans.code")


def test_an_empty_table_has_the_declared_schema() -> None:
    table = arrow_table([], "metrics")
    assert table.num_rows == 0 and table.schema.equals(arrow_schema("metrics"))


def test_a_dataset_makes_the_tables_pyarrow_array_makes() -> None:
    for name, rows in dataset_rows(convert(SAMPLE, engine="pdfium")).items():
        schema = arrow_schema(name)
        expected = pa.Table.from_arrays(
            [pa.array([row[field.name] for row in rows], type=field.type) for field in schema],
            schema=schema)
        table = arrow_table(rows, name)
        table.validate(full=True)
        assert table.equals(expected), name


def test_converting_a_report_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas when ``pyarrow.array`` first sees a Python list; the dataset is
    written without it (a fifth of a second and 40 MB a conversion)."""
    command = ["convert", str(SAMPLE), "-o", str(tmp_path / "out"), "-q"]
    assert commands_in_one_interpreter([command], ["pandas"], cwd=ROOT) == ([0], [])
    assert pq.read_table(tmp_path / "out" / "initiatives.parquet").num_rows == 44
