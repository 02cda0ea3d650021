"""The synthetic FY2021 / FY2023 okayama editions and their list of planted changes.

``differences`` below recomputes, from the content files alone, every change
between consecutive editions; samples/editions_changes.json must list exactly
those, so a comparison tested against that file can miss nothing and invent
nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from samples.generator import editions
from samples.generator.content import Content, achievement_key, load_content

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ORDER = ("okayama_fy2021", "okayama_fy2022", "okayama_fy2023")


def _content(name: str) -> Content:
    return load_content(SAMPLES / name / "content.json")


def _label(content: Content, initiative: dict[str, Any]) -> str:
    items = {item["code"]: item for item in content["items"]}
    name: str = initiative["name"] or items[initiative["item_code"]]["name"]
    return name


def _change(old: str, new: str, kind: str, code: str, field: str | None,
            before: Any, after: Any) -> dict[str, Any]:
    return {"from_edition": old, "to_edition": new, "kind": kind, "code": code,
            "field": field, "before": before, "after": after}


def _initiative_changes(old: Content, new: Content, names: tuple[str, str]) -> list[dict]:
    before = {i["code"]: i for i in old["initiatives"]}
    after = {i["code"]: i for i in new["initiatives"]}
    changes = [_change(*names, "added", code, None, None, _label(new, after[code]))
               for code in after.keys() - before.keys()]
    changes += [_change(*names, "dropped", code, None, _label(old, before[code]), None)
                for code in before.keys() - after.keys()]
    for code in before.keys() & after.keys():
        a, b = before[code], after[code]
        for year in sorted(a["plan"].keys() | b["plan"].keys()):
            if a["plan"].get(year) != b["plan"].get(year):
                changes.append(_change(*names, "plan_changed", code, f"plan.{year}",
                                       a["plan"].get(year), b["plan"].get(year)))
        if a["name"] != b["name"]:
            changes.append(_change(*names, "renamed", code, "initiative_name", a["name"],
                                   b["name"]))
        if a["summary"] != b["summary"]:
            changes.append(_change(*names, "text_changed", code, "summary", a["summary"],
                                   b["summary"]))
        old_text, new_text = a[achievement_key(old)], b[achievement_key(new)]
        if old_text != new_text:
            changes.append(_change(*names, "text_changed", code, "achievement", old_text,
                                   new_text))
    return changes


def _item_changes(old: Content, new: Content, names: tuple[str, str]) -> list[dict]:
    before = {i["code"]: i for i in old["items"]}
    after = {i["code"]: i for i in new["items"]}
    changes = []
    for code in before.keys() & after.keys():
        a, b = before[code], after[code]
        if a["name"] != b["name"]:
            changes.append(_change(*names, "renamed", code, "item_name", a["name"], b["name"]))
        gone = [d for d in a["departments"] if d not in b["departments"]]
        came = [d for d in b["departments"] if d not in a["departments"]]
        for old_name, new_name in zip(gone, came, strict=True):
            changes.append(_change(*names, "department_renamed", code, "departments",
                                   old_name, new_name))
    return changes


def differences(old_name: str, new_name: str) -> list[dict[str, Any]]:
    """Every change from one edition's content file to the next one's."""
    old, new = _content(old_name), _content(new_name)
    names = (old_name, new_name)
    return _initiative_changes(old, new, names) + _item_changes(old, new, names)


def _sort_key(change: dict[str, Any]) -> tuple[str, ...]:
    return (change["from_edition"], change["to_edition"], change["kind"], change["code"],
            change["field"] or "")


def test_changes_file_lists_exactly_the_differences() -> None:
    listed = json.loads((SAMPLES / editions.CHANGES_FILE).read_text(encoding="utf-8"))
    found = differences(*ORDER[0:2]) + differences(*ORDER[1:3])
    assert sorted(found, key=_sort_key) == sorted(listed, key=_sort_key)


def test_fy2023_plants_each_kind_of_change() -> None:
    found = differences("okayama_fy2022", "okayama_fy2023")
    kinds = [change["kind"] for change in found]
    for kind in ("added", "dropped", "renamed", "department_renamed", "plan_changed"):
        assert kinds.count(kind) == 1, kind
    assert kinds.count("text_changed") >= 20  # achievements with era years or figures
    plan = next(change for change in found if change["kind"] == "plan_changed")
    assert plan["before"] == "→" and plan["after"].startswith("・")
    assert {c["code"] for c in found if c["kind"] in ("added", "dropped")} == {"3-2-1-d", "3-1-1-b"}


def test_fy2021_lacks_the_initiative_fy2022_added() -> None:
    found = differences("okayama_fy2021", "okayama_fy2022")
    added = [change for change in found if change["kind"] == "added"]
    assert [change["code"] for change in added] == ["3-1-5-a"]
    assert not any(change["kind"] == "dropped" for change in found)
    assert len(_content("okayama_fy2021")["items"]) == 31


@pytest.mark.parametrize(("name", "year", "as_of"), [
    ("okayama_fy2021", 2021, "2022-09-30"),
    ("okayama_fy2022", 2022, "2023-09-30"),
    ("okayama_fy2023", 2023, "2024-09-30"),
])
def test_editions_are_a_year_apart(name: str, year: int, as_of: str) -> None:
    content = _content(name)
    document = content["document"]
    assert document["report_fiscal_year"] == year
    assert document["as_of"] == as_of
    reiwa = "０１２３４５６７８９"[year - 2018]
    assert document["title"].endswith(f"令和{reiwa}年度取組実績")
    assert all(f"achievement_fy{year}" in i for i in content["initiatives"])
    assert document.get("synthetic", False) is (year != 2022)
    if year != 2022:
        assert "Synthetic" in document["note"]


@pytest.mark.parametrize("name", ["okayama_fy2021", "okayama_fy2023"])
def test_edition_metrics_are_printed_in_their_achievements(name: str) -> None:
    content = _content(name)
    texts = {i["code"]: i[achievement_key(content)] for i in content["initiatives"]}
    for metric in content["metrics"]:
        assert metric["raw"] in texts[metric["code"]], (metric["code"], metric["raw"])
        if "row" in metric:
            assert metric["row"] in texts[metric["code"]], (metric["code"], metric["row"])


def test_figures_move_with_the_year() -> None:
    fy2022 = {i["code"]: i["achievement_fy2022"] for i in _content("okayama_fy2022")["initiatives"]}
    fy2023 = {i["code"]: i["achievement_fy2023"] for i in _content("okayama_fy2023")["initiatives"]}
    assert "令和4年度の財政健全化指標" in fy2022["1-1-1"]
    assert "令和5年度の財政健全化指標" in fy2023["1-1-1"]
    assert "401億円" not in fy2023["1-1-1"]
    assert "（R4～6年度）" in fy2023["1-1-5-c"]  # a plan period is not an era reference


@pytest.mark.parametrize("year", sorted(editions.EDITIONS))
def test_committed_editions_are_what_the_generator_derives(year: int) -> None:
    content, changes = editions.derive_edition(_content("okayama_fy2022"), year)
    assert content == _content(f"okayama_fy{year}")
    assert changes
