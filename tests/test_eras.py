"""Japanese eras → Gregorian years and dates (gyokaku.normalize.eras), on real report text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gyokaku.normalize.eras import (
    era_label,
    era_year,
    find_era_mentions,
    fiscal_year_of,
    parse_era_date,
    parse_era_range,
    parse_fiscal_year,
)

TRUTH = Path("/work/shared/reference/okayama_fy2022/truth.json")


# --- era_year / era_label / fiscal_year_of --------------------------------------------


@pytest.mark.parametrize(
    ("era", "year", "gregorian"),
    [("R", 4, 2022), ("令和", 1, 2019), ("Ｒ", 3, 2021), ("H", 29, 2017), ("平成", 31, 2019),
     ("S", 64, 1989), ("昭和", 1, 1926)],
)
def test_era_year(era: str, year: int, gregorian: int) -> None:
    assert era_year(era, year) == gregorian


@pytest.mark.parametrize(("era", "year"), [("X", 4), ("大化", 1), ("R", 0), ("H", -1), ("", 3)])
def test_era_year_rejects_unknown_eras_and_non_positive_years(era: str, year: int) -> None:
    with pytest.raises(ValueError):
        era_year(era, year)


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [(2021, "R3"), (2019, "R1"), (2018, "H30"), (2017, "H29"), (1989, "H1"), (1988, "S63"),
     (2025, "R7")],
)
def test_era_label(fiscal_year: int, label: str) -> None:
    assert era_label(fiscal_year) == label
    assert parse_fiscal_year(label) == fiscal_year


def test_era_label_before_showa_is_an_error() -> None:
    with pytest.raises(ValueError):
        era_label(1900)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(date(2023, 2, 6), 2022), (date(2023, 4, 1), 2023), (date(2023, 3, 31), 2022),
     (date(2023, 9, 30), 2023), (date(2022, 12, 31), 2022)],
)
def test_fiscal_year_of(day: date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


# --- parse_fiscal_year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "fiscal_year"),
    [
        ("R4", 2022),
        ("Ｒ３", 2021),
        ("R３", 2021),  # the header row prints R３ R４ … R７
        ("R７", 2025),
        ("令和４年度", 2022),
        ("令和4年度", 2022),
        ("令和元年度", 2019),
        ("H29", 2017),
        ("平成29年度", 2017),
        ("平成２３年度", 2011),
        ("2022年度", 2022),
        ("R4年度", 2022),
        (" R5 ", 2023),
    ],
)
def test_parse_fiscal_year(label: str, fiscal_year: int) -> None:
    assert parse_fiscal_year(label) == fiscal_year


@pytest.mark.parametrize(
    "label",
    ["", "R", "RPA", "HP", "R0", "R4～R8", "R5.9.30", "令和4年度の取組", "2016", "第4期",
     "施策３", "令和４年度の取組実績"],
)
def test_parse_fiscal_year_rejects_what_is_not_a_year_label(label: str) -> None:
    assert parse_fiscal_year(label) is None


# --- parse_era_range ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("H29～R3", (2017, 2021)),
        ("R4～R8", (2022, 2026)),
        ("R4～R7", (2022, 2025)),
        ("令和３年度～令和７年度", (2021, 2025)),
        ("R3～R7年度", (2021, 2025)),
        ("R4～6年度", (2022, 2024)),  # second era implied
        ("令和３～７年度", (2021, 2025)),
        ("平成30年度～令和3年度", (2018, 2021)),
        ("R１～R３", (2019, 2021)),
        ("アクションプラン前期編（H29～R3)", (2017, 2021)),  # mismatched brackets
    ],
)
def test_parse_era_range(text: str, years: tuple[int, int]) -> None:
    assert parse_era_range(text) == years


@pytest.mark.parametrize("text", ["R7～R3", "R4", "9月～", "（月～金）", ""])
def test_parse_era_range_none(text: str) -> None:
    assert parse_era_range(text) is None


# --- parse_era_date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("R5.9.30", date(2023, 9, 30)),
        ("R５.９.３０現在", date(2023, 9, 30)),  # the report's as-of line
        ("令和5年9月30日", date(2023, 9, 30)),
        ("R3.4.1", date(2021, 4, 1)),
        ("R5.2.6", date(2023, 2, 6)),
        ("（R5.2.6）、申請の選択肢を広げた", date(2023, 2, 6)),
        ("・令和5年4月1日付け機構改正", date(2023, 4, 1)),
        ("令和５年３月２４日清算結了", date(2023, 3, 24)),
    ],
)
def test_parse_era_date(text: str, day: date) -> None:
    assert parse_era_date(text) == day


@pytest.mark.parametrize("text", ["R5.2.30", "R5.3", "令和４年３月", "R4", "2023.9.30", ""])
def test_parse_era_date_none(text: str) -> None:
    assert parse_era_date(text) is None


def test_the_as_of_date_falls_in_the_fiscal_year_after_the_report_year() -> None:
    as_of = parse_era_date("R５.９.３０現在")
    assert as_of is not None and fiscal_year_of(as_of) == 2023
    started = parse_era_date("R5.2.6")
    assert started is not None and fiscal_year_of(started) == 2022


# --- find_era_mentions ----------------------------------------------------------------


def _summary(text: str) -> list[tuple[str, str, int, int]]:
    return [(m.raw, m.kind, m.year, m.last_year) for m in find_era_mentions(text)]


def test_mentions_in_a_plan_cell_with_a_range_and_a_fiscal_year() -> None:
    text = "・滞納整理５ヶ年計画（H29～R3）の実施\n・R７年度のPDCAチェック"
    mentions = find_era_mentions(text)
    assert _summary(text) == [
        ("H29～R3", "range", 2017, 2021),
        ("R７年度", "fiscal_year", 2025, 2025),
    ]
    assert [text[m.start:m.end] for m in mentions] == ["H29～R3", "R７年度"]


def test_mentions_keep_offsets_into_the_unfolded_text() -> None:
    text = "※令和４年３月で、１団体が解散（令和５年３月２４日清算結了）"
    first, second = find_era_mentions(text)
    assert (first.kind, first.year, first.month, first.day) == ("month", 2022, 3, None)
    assert (second.kind, second.date) == ("date", date(2023, 3, 24))
    assert text[second.start:second.end] == second.raw == "令和５年３月２４日"


def test_header_row_labels_are_fiscal_years() -> None:
    header = "＜施策＞ ＜展開＞ ＜項目名＞ （具体的取組） ＜概要＞ R３ R４ R５ R６ R７"
    assert [(m.raw, m.year) for m in find_era_mentions(header)] == [
        ("R３", 2021), ("R４", 2022), ("R５", 2023), ("R６", 2024), ("R７", 2025)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R１年調査時保有量の約30％削減", [("R１年", "year", 2019, 2019)]),
        ("令和7年開園のこども園2園", [("令和7年", "year", 2025, 2025)]),
        ("R5.3岡山市DX推進計画工程表", [("R5.3", "month", 2023, 2023)]),
        ("前期（R4～6年度）期間中", [("R4～6年度", "range", 2022, 2024)]),
        ("SIBを活用して実施。R１～R３を実施期間とし、R４に事業の評価",
         [("R１～R３", "range", 2019, 2021), ("R４", "fiscal_year", 2022, 2022)]),
        ("・R3.4.1現在職員数8,448人", [("R3.4.1", "date", 2021, 2021)]),
    ],
)
def test_mention_kinds(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert _summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "RPAやkintoneの導入",
        "市ＨＰで公表した",
        "HPの内容をわかりやすく",
        "100Hzの信号",
        "ＳＮＳの運営",
        "H2Oの分析",
        "CR3の規格",
        "経営計画2016(中間見直し後)",
        "ｇBizIDとの連携",
        "R10a",
    ],
)
def test_latin_words_and_plain_numbers_are_not_eras(text: str) -> None:
    assert find_era_mentions(text) == []


@pytest.mark.skipif(not TRUTH.is_file(), reason="reference truth not available")
def test_every_era_year_in_the_reference_texts_is_read_within_the_plan_decades() -> None:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    texts = [
        value
        for initiative in truth["initiatives"]
        for value in (initiative.get("summary"), initiative.get("achievement_fy2022"),
                      *(initiative.get("plan") or {}).values())
        if value
    ]
    mentions = [mention for text in texts for mention in find_era_mentions(text)]
    assert len(mentions) >= 40
    assert all(2011 <= mention.year <= mention.last_year <= 2026 for mention in mentions)
    assert {"range", "date", "month", "year", "fiscal_year"} <= {m.kind for m in mentions}
