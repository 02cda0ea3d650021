"""The metrics table: every figure of the summaries and achievements, labelled and dated.

The okayama_fy2022 conversion (both renderers) must equal the hand-written
golden list field by field; the rules are pinned one by one on small texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gyokaku.model import Metric
from gyokaku.normalize.metrics import text_metrics
from gyokaku.schemas.arrow import arrow_schema
from tests.conftest import SAMPLES, load_json

FY2022 = SAMPLES / "okayama_fy2022"
RENDERINGS = [FY2022 / "okayama_fy2022.pdf", FY2022 / "okayama_fy2022_direct.pdf"]


def _metrics(text: str, year: int | None = 2022, field: str = "achievement") -> list[Metric]:
    return text_metrics(text, code="1-1-1", field=field, cell_year=year)


def _one(text: str, year: int | None = 2022) -> Metric:
    found = _metrics(text, year)
    assert len(found) == 1, found
    return found[0]


def _labels(text: str) -> list[str | None]:
    return [m.metric for m in _metrics(text)]


# --- the sample report against its hand-written golden ---------------------------------------


@pytest.mark.parametrize("pdf", RENDERINGS, ids=[p.name for p in RENDERINGS])
def test_metrics_equal_the_hand_written_golden(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    out = convert_sample(pdf)
    got: list[dict[str, Any]] = pq.read_table(out / "metrics.parquet").to_pylist()
    golden = load_json(FY2022 / "golden" / "metrics.json")
    assert len(got) == len(golden)
    problems = [f"row {n} {want['code']} {want['raw']} {key}: want {value!r} got {row[key]!r}"
                for n, (want, row) in enumerate(zip(golden, got, strict=True))
                for key, value in want.items() if row[key] != value]
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("pdf", RENDERINGS, ids=[p.name for p in RENDERINGS])
def test_offsets_point_at_raw_in_the_initiative_text(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    out = convert_sample(pdf)
    texts = {(r["code"], field): r[field]
             for r in pq.read_table(out / "initiatives.parquet").to_pylist()
             for field in ("summary", "achievement")}
    metrics = pq.read_table(out / "metrics.parquet")
    assert metrics.schema == arrow_schema("metrics")
    for row in metrics.to_pylist():
        assert texts[(row["code"], row["field"])][row["start"]:row["end"]] == row["raw"]


def test_golden_covers_the_figures_the_issue_names() -> None:
    labels = {m["metric"] for m in load_json(FY2022 / "golden" / "metrics.json")}
    for wanted in ("市税 現年収納率", "財源調整のための基金の残高", "新規寄附企業", "累積交付枚数",
                   "交付率", "業務削減効果", "基本研修", "職員数"):
        assert wanted in labels


# --- numbers ---------------------------------------------------------------------------------


def test_money_is_in_yen() -> None:
    assert [m.value for m in _metrics("・基金は401億円、売却額は21,950千円。")] == [
        40_100_000_000, 21_950_000]
    assert {m.unit for m in _metrics("・基金は401億円、売却額は21,950千円。")} == {"円"}


def test_compound_amounts_are_read_whole() -> None:
    figure = _one("・寄附額は3億2千万円となった。")
    assert (figure.value, figure.raw) == (320_000_000, "3億2千万円")


def test_full_width_decimal_point_and_percent_sign() -> None:
    figure = _one("（押印不要書類＝93．1％）")
    assert (figure.value, figure.unit, figure.metric) == (93.1, "%", "押印不要書類")


def test_dates_era_years_ordinals_and_per_head_numbers_are_no_figures() -> None:
    text = "R5.2.6に開始し、令和4年度の第2回会議で職員1人当たりの時間を計画2016に定めた。"
    assert _metrics(text) == []


def test_bare_number_is_a_figure_only_after_a_count_label() -> None:
    assert _one("・ホームページの運営：アクセス数39,966,057").metric == "アクセス数"
    assert _one("Facebookのフォロワー数 1.1万").value == 11_000
    assert _metrics("岡山市下水道事業経営計画2016に定める方針") == []


def test_approximations_bounds_and_rates() -> None:
    found = _metrics("業務改善案件が約50課・100案件近くに上った。\n"
                     "・家族等5人以上での窓口\n月290,000部以内")
    assert [(m.approx, m.kind, m.per) for m in found] == [
        (True, "value", None), (True, "value", None), (False, "minimum", None),
        (False, "maximum", "月")]


def test_a_range_gives_two_rows_with_one_unit() -> None:
    found = _metrics("・相談件数は5～10件で推移した。")
    assert [(m.value, m.unit, m.kind) for m in found] == [
        (5, "件", "range_min"), (10, "件", "range_max")]


# --- years -----------------------------------------------------------------------------------


YEAR_TABLE = ("R3年度と比較し現年収納率（5料合計）は向上した。\nR3 R4\n"
              "国保 94.4%→94.3%\n5料合計 97.8%→97.9%\n次の段落です。")


def test_year_table_rows_take_their_column_years_and_the_topic() -> None:
    found = _metrics(YEAR_TABLE)
    assert [(m.metric, m.fiscal_year, m.value, m.kind) for m in found] == [
        ("国保 現年収納率", 2021, 94.4, "value"), ("国保 現年収納率", 2022, 94.3, "value"),
        ("5料合計 現年収納率", 2021, 97.8, "value"), ("5料合計 現年収納率", 2022, 97.9, "value")]


def test_previous_year_in_brackets_is_the_same_measure_a_year_earlier() -> None:
    found = _metrics("・令和4年度末の財源調整のための基金の残高は401億円と"
                     "前年度末（390億円）と同水準。")
    assert [(m.metric, m.fiscal_year) for m in found] == [
        ("財源調整のための基金の残高", 2022), ("財源調整のための基金の残高", 2021)]


def test_a_year_named_only_after_the_figure_leaves_it_without_one() -> None:
    found = _metrics("・借入額を200億円程度に抑制してきたが、"
                     "令和4年度は借入額は275億円と増加した。")
    assert [(m.metric, m.fiscal_year, m.approx) for m in found] == [
        ("借入額", None, True), ("借入額", 2022, False)]


def test_no_year_in_the_sentence_means_the_cell_year() -> None:
    assert _one("応答件数：22,049件", year=2023).fiscal_year == 2023
    summary = text_metrics("・応答件数を22,049件にする。", code="x", field="summary",
                           cell_year=None)
    assert [(m.field, m.fiscal_year) for m in summary] == [("summary", None)]


def test_a_date_gives_the_fiscal_year_and_as_of() -> None:
    figure = _one("・R3.4.1現在職員数8,448人")
    assert (figure.metric, figure.fiscal_year, figure.as_of) == ("職員数", 2021, "2021-04-01")


def test_a_month_gives_its_fiscal_year() -> None:
    assert _one("※令和4年3月で、1団体が解散").fiscal_year == 2021


def test_calendar_years_and_base_years_are_skipped() -> None:
    assert _one("令和7年開園の幼稚園2園の事業者を決定した。").fiscal_year == 2022
    base = _one("・計画策定時（平成28年度）比で3.1％の縮減となった。")
    assert (base.fiscal_year, base.metric) == (2022, "縮減")
    since = _one("・前年度から約2,400㎡減少した。")
    assert (since.fiscal_year, since.unit) == (2022, "㎡")


# --- labels ----------------------------------------------------------------------------------


def test_line_key_keeps_its_kana() -> None:
    assert _labels("有意義と回答した割合 92.2％") == ["有意義と回答した割合"]


def test_noun_run_stops_at_kana_and_at_years() -> None:
    assert _labels("・交付開始から令和4年度末までの累積交付枚数469,636枚（交付率66.7％）") == [
        "累積交付枚数", "交付率"]
    assert _metrics("累積交付枚数469,636枚")[0].kind == "cumulative"


def test_siblings_share_a_label() -> None:
    assert _labels("総務省や中国地方の5県2市と意見交換を行った。") == ["中国地方", "中国地方"]
    assert _labels("・基本研修 18回 1,650人参加") == ["基本研修", "基本研修"]


def test_noun_run_after_no_when_nothing_comes_before() -> None:
    assert _labels("・R4年度は約270件の取組において、12,500時間程度の業務削減効果があった。") == [
        "取組", "業務削減効果"]


def test_one_character_runs_are_no_label() -> None:
    assert _labels("令和7年開園のこども園2園の事業者を決定した。") == [None]


def test_heading_line_labels_the_lines_under_it() -> None:
    found = _metrics("・市政テレビ：\n月3回×2局\n日3回(毎日)×1局")
    assert [(m.metric, m.value, m.unit, m.per) for m in found] == [
        ("市政テレビ", 3, "回", "月"), ("市政テレビ", 2, "局", None),
        ("市政テレビ", 3, "回", "日"), ("市政テレビ", 1, "局", None)]


def test_labels_shared_by_list_items_get_the_item_key() -> None:
    text = ("・基本研修 18回\n有意義と回答した割合 92.2％\n"
            "・課題研修 8回\n有意義と回答した割合 93.7％")
    assert _labels(text) == ["基本研修", "基本研修 有意義と回答した割合",
                             "課題研修", "課題研修 有意義と回答した割合"]


def test_before_after_pairs_outside_a_year_table() -> None:
    arrow = _metrics("・チャットボットFAQ数\n1,394件→1,506件へ増加")
    assert [(m.metric, m.kind, m.fiscal_year) for m in arrow] == [
        ("チャットボットFAQ数", "before", None), ("チャットボットFAQ数", "after", 2022)]
    words = _metrics("・オンラインで申請できる手続を120手続から205手続に拡大した。")
    assert [(m.metric, m.kind, m.unit) for m in words] == [
        ("手続", "before", "手続き"), ("手続", "after", "手続き")]


def test_connectors_join_noun_runs() -> None:
    text = "・臨時財政対策債を除いた通常分の借入額を200億円に抑えた。"
    assert _labels(text) == ["通常分の借入額"]


# --- any text ----------------------------------------------------------------------------------

TOKENS = ["0", "1", "2", "12", "3.4", "1,650", "93．1", "％", "%", "円", "億", "千", "万",
          "件", "人", "回", "約", "程度", "以上", "～", "→", "から", "・", "：", "（", "）", "R4",
          "令和4年度", "末", "前年度", "R3.4.1", "現在", "の", "は", "が", "\n", "、", "。", " ",
          "基金", "職員数", "市税", "第", "年", "月", "当たり", "R3 R4\n", "比"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_any_text_gives_metrics_that_point_at_their_raw(text: str) -> None:
    for metric in _metrics(text):
        assert text[metric.start:metric.end] == metric.raw
        assert metric.metric is None or metric.metric == metric.metric.strip()
        assert metric.kind in ("value", "cumulative", "minimum", "maximum", "range_min",
                               "range_max", "before", "after")
