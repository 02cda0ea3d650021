"""Numbering, registry and rapidfuzz matching of row fragments to item codes."""

from __future__ import annotations

import re

import pytest

from gyokaku.normalize.match import RowFragments, match_item, name_similarity
from gyokaku.normalize.numbering import number_value, parse_combined, parse_numbered
from gyokaku.normalize.registry import (
    ItemEntry,
    Registry,
    registry_from_content,
    registry_from_output,
    split_departments,
)
from gyokaku.profiles import load_profile

OKAYAMA = load_profile("okayama")


@pytest.mark.parametrize(("token", "value"), [("12", 12), ("①", 1), ("⑳", 20), ("㉑", 21),
                                              ("a", None), ("", None)])
def test_number_value(token: str, value: int | None) -> None:
    assert number_value(token) == value


def test_parse_numbered_with_profile_patterns() -> None:
    numbering = OKAYAMA.numbering
    policy = parse_numbered("1\u3000健全で持続可能な財政運営", numbering["policy"])
    assert policy is not None and (policy.number, policy.name) == (1, "健全で持続可能な財政運営")
    dev = parse_numbered("2）市民に分かりやすい財政情報の提供", numbering["development"])
    assert dev is not None and (dev.number, dev.name) == (2, "市民に分かりやすい財政情報の提供")
    item = parse_numbered("⑤公営企業等の健全経営", numbering["item"])
    assert item is not None and (item.number, item.name) == (5, "公営企業等の健全経営")
    letter = parse_numbered("b）ネーミングライツ導入等", numbering["letter"])
    assert letter is not None and (letter.letter, letter.name) == ("b", "ネーミングライツ導入等")
    assert parse_numbered("ネーミングライツ", numbering["letter"]) is None


def test_parse_combined_number() -> None:
    pattern = re.compile(r"(?P<policy>[0-9]+)-[（(](?P<development>[0-9]+)[）)]-(?P<item>[①-⑳])")
    parsed = parse_combined("2-(3)-④", pattern)
    assert parsed is not None and (parsed.policy, parsed.development, parsed.item) == (2, 3, 4)
    assert parse_combined("2-3-4", pattern) is None


def test_split_departments() -> None:
    assert split_departments("水道局、下水道河川局、\n市場事業部") == (
        "水道局", "下水道河川局", "市場事業部")
    assert split_departments("") == ()


def _registry() -> Registry:
    registry = Registry("test")
    registry.policies = {1: "健全で持続可能な財政運営"}
    registry.developments = {(1, 1): "財政運営の健全性確保"}
    for no, name in ((1, "財政の健全性の維持・確保"), (2, "事務事業の見直し"),
                     (3, "税収等の適正な徴収")):
        entry = ItemEntry(1, 1, no, name, ("財政局",), 1)
        registry.items[entry.key] = entry
    return registry


def test_match_by_number_and_name_scores_one() -> None:
    row = RowFragments(1, "健全で持続可能な財政運営", 1, "財政運営の健全性確保",
                       2, "事務事業の見直し")
    match = match_item(_registry(), row)
    assert match.entry is not None and match.entry.code == "1-1-2"
    assert match.score == 1.0 and not match.weak and not match.ambiguous


def test_match_name_only_when_numbers_missing() -> None:
    row = RowFragments(None, None, None, None, None, "税収等の適正な徴収")
    match = match_item(_registry(), row)
    assert match.entry is not None and match.entry.code == "1-1-3"
    assert not match.weak


def test_number_contradicted_by_name_is_flagged() -> None:
    row = RowFragments(1, None, 1, None, 1, "税収等の適正な徴収")
    match = match_item(_registry(), row)
    assert match.weak and match.ambiguous
    assert "1-1-3" in match.reason


def test_weak_name_only_match_is_flagged() -> None:
    row = RowFragments(None, None, None, None, None, "まったく別の取組")
    assert match_item(_registry(), row).weak


def test_similarity_ignores_width_and_blanks() -> None:
    assert name_similarity("公民連携（ＰＰＰ）手法", "公民連携（PPP） 手法") == 1.0


def test_registry_from_output_and_content() -> None:
    records = [{"code": "1-1-2", "policy_no": 1, "policy_name": "P", "development_no": 1,
                "development_name": "D", "item_no": 2, "item_name": "事務事業の見直し",
                "departments": ["政策局", "財政局"], "page": 1}]
    registry = registry_from_output(records, "x")
    assert registry.items[(1, 1, 2)].departments == ("政策局", "財政局")
    assert registry.policies == {1: "P"}
    content = {"policies": [{"policy_no": 1, "name": "P"}],
               "developments": [{"policy_no": 1, "development_no": 1, "name": "D"}],
               "items": [{"policy_no": 1, "development_no": 1, "item_no": 2, "name": "N",
                          "departments": ["財政局"], "page": 3}]}
    registry = registry_from_content(content, "y")
    assert registry.items[(1, 1, 2)].page == 3 and registry.developments == {(1, 1): "D"}
