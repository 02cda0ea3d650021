"""`--registry`: item names and departments from a file instead of the index page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gyokaku.errors import ProfileError
from gyokaku.pipeline import convert, load_registry
from tests.conftest import SAMPLES, load_json

PDF = SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf"
GOLDEN = SAMPLES / "okayama_fy2022" / "golden" / "initiatives.json"
CONTENT = SAMPLES / "okayama_fy2022" / "content.json"
FIELDS = ("code", "item_name", "departments", "policy_name", "development_name")


def _fields(records: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [tuple(r[f] for f in FIELDS) for r in records]


@pytest.mark.parametrize("registry", [GOLDEN, CONTENT], ids=["output", "content"])
def test_registry_file_gives_the_same_codes_and_names(registry: Path) -> None:
    dataset = convert(PDF, registry=registry)
    got = [{f: getattr(i, f) for f in FIELDS} for i in dataset.initiatives]
    assert _fields(got) == _fields(load_json(GOLDEN))
    assert not [f for f in dataset.flags if f.kind.endswith("match")]


def test_registry_names_win_and_a_renamed_item_is_flagged(tmp_path: Path) -> None:
    records = load_json(GOLDEN)
    for record in records:
        if record["code"] == "1-1-2":
            record["item_name"] = "まったく別の名前の取組項目"
    registry = tmp_path / "initiatives.json"
    registry.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    dataset = convert(PDF, registry=registry)
    flagged = {f.code for f in dataset.flags if f.kind in ("weak_match", "ambiguous_match")}
    assert flagged == {"1-1-2"}
    item = next(i for i in dataset.initiatives if i.code == "1-1-2")
    assert item.match_score < 0.85


@pytest.mark.parametrize(("text", "problem"), [
    ("{", "not readable JSON"),
    ('{"policies": []}', "must be an initiatives.json array"),
    ("[]", "holds no items"),
])
def test_bad_registry_is_one_clear_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "registry.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_registry(path)
    assert problem in info.value.one_line() and str(path) in info.value.one_line()


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="not found"):
        load_registry(tmp_path / "nope.json")
