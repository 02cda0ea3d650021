"""Rebuilding a cell's text from its visual lines (gyokaku.normalize.lines).

Two kinds of fixtures: cells copied from the extraction of the committed
samples (real geometry, 7 pt text), and cells laid out here with the
geometry of a narrow report column (cell x0=100, 9 pt text, a full-width
glyph 9 pt wide, 2 pt padding) to pin each convention of the reference
README down on its own.
"""

from __future__ import annotations

import unicodedata

import pytest

from gyokaku.model import TextLine
from gyokaku.normalize.chars import fold_text, fold_variants
from gyokaku.normalize.lines import (
    LogicalLine,
    first_unbreakable_unit,
    is_bracket_heading,
    is_centred,
    join_cell_lines,
    join_vertical_lines,
    split_logical_lines,
    vertical_columns,
)

EM = 9.0
CELL_X0 = 100.0
PADDING = 2.0
LEADING = 12.0


def _width(text: str) -> float:
    """Printed width: a full-width glyph one em, a half-width one half an em."""
    return sum(EM if unicodedata.east_asian_width(ch) in "FWA" else EM / 2 for ch in text)


def _line(text: str, row: int, indent_em: float = 0.0) -> TextLine:
    x0 = CELL_X0 + PADDING + indent_em * EM
    top = 10.0 + row * LEADING
    return TextLine(text=text, x0=x0, x1=x0 + _width(text), top=top, bottom=top + EM, size=EM)


def _cell(rows: list[str], width_em: float, indents: dict[int, float] | None = None) -> str:
    """Join ``rows`` printed flush left in a cell whose text area is ``width_em`` wide."""
    lines = [_line(text, row, (indents or {}).get(row, 0.0)) for row, text in enumerate(rows)]
    return join_cell_lines(lines, CELL_X0, CELL_X0 + PADDING + width_em * EM + PADDING)


def T(text: str, x0: float, x1: float, top: float, size: float = 7.0) -> TextLine:
    """A line as the extractor returned it for the committed samples (7 pt rows)."""
    return TextLine(text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size)


# --- wraps inside a sentence (text_quirks: "mid-word line breaks") ----------------------


@pytest.mark.parametrize(
    ("rows", "width_em", "expected"),
    [
        (["①財政の健", "全性の維持・", "確保"], 6, "①財政の健全性の維持・確保"),
        (["民間活力やＩ", "ＣＴを活用"], 6, "民間活力やICTを活用"),
        (["官民連携（Ｐ", "ＰＰ）手法の導"], 6, "官民連携（PPP）手法の導"),
        (["・介護・引越し等に関する２", "８手続き"], 13, "・介護・引越し等に関する28手続き"),
        (["スケ", "ジュール"], 2, "スケジュール"),
        (["（Fit＆", "Gap）"], 4, "（Fit＆Gap）"),
        (["ｅラーニン", "グ"], 5, "eラーニング"),
        (["・次期４ヶ年計画", "の策定"], 8, "・次期4ヶ年計画の策定"),
    ],
)
def test_lines_wrapped_anywhere_are_joined_with_nothing(
    rows: list[str], width_em: float, expected: str
) -> None:
    assert _cell(rows, width_em) == expected


@pytest.mark.parametrize(
    ("rows", "width_em", "expected"),
    [
        (["子ども・", "子育て支援"], 4, "子ども・子育て支援"),
        (["全性の維持・", "確保"], 6, "全性の維持・確保"),
        (["・次期の検討・見", "直し"], 8, "・次期の検討・見直し"),
    ],
)
def test_a_middle_dot_at_line_end_is_running_text(
    rows: list[str], width_em: float, expected: str
) -> None:
    assert _cell(rows, width_em) == expected


def test_a_middle_dot_at_line_start_opens_a_bullet() -> None:
    rows = ["・予算編成にお", "ける事業見直し", "・事業点検の実", "施（運用を見直", "して実施）"]
    assert _cell(rows, 7) == "・予算編成における事業見直し\n・事業点検の実施（運用を見直して実施）"


# --- line ends: a real break or a wrap ------------------------------------------------


def test_a_line_ending_well_before_the_edge_ends_the_logical_line() -> None:
    assert _cell(["・ＳＮＳの運営：", "Facebookのフォロワー数"], 16) == (
        "・SNSの運営：\nFacebookのフォロワー数"
    )


def test_a_number_too_wide_for_the_room_left_is_a_wrap_not_a_break() -> None:
    # 3 ems were left after 枚数, but 469,636 needs 3.5: the line wrapped.
    rows = ["・交付開始から令和４年度末までの累積交付枚数", "469,636枚（交付率66.7％）"]
    assert _cell(rows, 25) == "・交付開始から令和4年度末までの累積交付枚数469,636枚（交付率66.7％）"


def test_kinsoku_closing_punctuation_travels_with_the_character_before_it() -> None:
    # 1.5 ems were left: し alone would have fitted, し。 (pushed together) did not.
    rows = ["目的・効果を検証し、事業を見直", "し。"]
    assert first_unbreakable_unit("し。") == "し。"
    assert _cell(rows, 16.5) == "目的・効果を検証し、事業を見直し。"
    # With 3.5 ems left し。 would have fitted with room to spare: a real break.
    assert _cell(rows, 18.5) == "目的・効果を検証し、事業を見直\nし。"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("ＣＴを活用", "Ｃ"),  # full-width letters break anywhere
        ("GapJ）を行った", "GapJ）"),
        ("469,636枚", "469,636"),
        ("（国民健康保", "（国"),  # an opening bracket never ends a line
        ("ジュール", "ジュー"),  # small kana and ー never start one
        ("、確保", "、"),
        ("", ""),
    ],
)
def test_first_unbreakable_unit(text: str, unit: str) -> None:
    assert first_unbreakable_unit(text) == unit


def test_latin_words_wrapped_at_a_space_are_joined_by_a_space() -> None:
    # 1.5 ems left after "brown": "fox" did not fit, and the wrap was at a space.
    assert _cell(["the quick brown", "fox jumps over"], 9) == "the quick brown fox jumps over"


def test_a_latin_word_split_at_a_full_line_is_joined_with_nothing() -> None:
    assert _cell(["abcdefghijklmnop", "qrstuv"], 8) == "abcdefghijklmnopqrstuv"


def test_a_trailing_space_glyph_marks_a_latin_word_wrap() -> None:
    assert _cell(["Okayama City ", "Open Data"], 6.5) == "Okayama City Open Data"


# --- bullets, notes, numbered markers ---------------------------------------------------


@pytest.mark.parametrize("mark", ["・", "･", "※", "●", "○", "■", "□", "◆", "◇", "＊", "*"])
def test_every_bullet_and_note_mark_opens_a_logical_line(mark: str) -> None:
    # The first line is full, so only the mark can explain the break.
    joined = _cell(["文章が続いて行の終わ", f"{mark}次の項目"], 10)
    assert joined == f"文章が続いて行の終わ\n{fold_text(mark)}次の項目"


@pytest.mark.parametrize("marker", ["①", "(1)", "（１）", "１）", "1."])
def test_numbered_markers_open_a_logical_line_after_a_short_line(marker: str) -> None:
    assert _cell(["以下の通り。", f"{marker}最初の項目"], 12) == (
        f"以下の通り。\n{fold_text(marker)}最初の項目"
    )


def test_a_numbered_marker_inside_running_text_is_no_break() -> None:
    # "…、" + "①公益性…": the previous line was full, so ① merely wrapped.
    assert _cell(["次の観点で評価する、", "①公益性と②効率性"], 10) == (
        "次の観点で評価する、①公益性と②効率性"
    )


def test_a_letter_and_bracket_after_a_latin_fragment_is_no_marker() -> None:
    # "(Fit＆Ga" + "p）を行った。" from the direct sample: p） is the end of "Gap）".
    cell = [
        T("・比較分析（Fit＆Gap）が必要なシステムまたは業", 635.45, 809.54, 90.25, 7.5),
        T("務毎のワーキンググループにおいて、標準システム", 635.45, 807.95, 99.63, 7.5),
        T("の調達に向けて、標準仕様との比較分析（Fit＆Ga", 635.45, 804.93, 109.0, 7.5),
        T("p）を行った。", 635.45, 685.06, 118.38, 7.5),
    ]
    assert join_cell_lines(cell, 632.945, 813.815) == (
        "・比較分析（Fit＆Gap）が必要なシステムまたは業務毎のワーキンググループにおいて、"
        "標準システムの調達に向けて、標準仕様との比較分析（Fit＆Gap）を行った。"
    )


# --- brackets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("（参考）", True),
        ("【R4年度研修実績等】", True),
        ("〔注〕", True),
        ("《別表》", True),
        ("（H29～R3)", True),  # mismatched widths still close
        ("（国民健康保", False),
        ("（市税）（国民健康保険料）", False),  # the first bracket closes early
        ("（5料合計）が向上した。", False),
        ("本文（参考）", False),
        ("", False),
    ],
)
def test_is_bracket_heading(text: str, heading: bool) -> None:
    assert is_bracket_heading(text) is heading


def test_a_bracketed_heading_line_is_its_own_logical_line() -> None:
    rows = ["目安を修正。", "（参考）", "・R3.4.1現在職員数"]
    assert _cell(rows, 10) == "目安を修正。\n（参考）\n・R3.4.1現在職員数"


def test_a_line_starting_with_a_bracket_that_continues_is_no_break() -> None:
    rows = ["等の推進によ", "る滞納の未然", "防止、収納率", "向上（市税）", "（国民健康保",
            "険料）"]
    assert _cell(rows, 6) == "等の推進による滞納の未然防止、収納率向上（市税）（国民健康保険料）"


# --- indentation ------------------------------------------------------------------------


def test_an_ideographic_space_indent_opens_a_paragraph_and_is_removed() -> None:
    rows = ["\u3000水道施設の計画的更新を実施", "した。",
            "\u3000人口減少などの課題を踏ま", "えた。"]
    assert _cell(rows, 14) == "水道施設の計画的更新を実施した。\n人口減少などの課題を踏まえた。"


def test_an_ascii_and_ideographic_indent_is_removed_too() -> None:
    assert _cell(["前の段落の終わり", " \u3000岡山市下水道事業経営計画"], 14) == (
        "前の段落の終わり\n岡山市下水道事業経営計画"
    )


def test_indentation_by_position_alone_opens_a_paragraph() -> None:
    # The second paragraph is indented by one em with no space glyph.
    rows = ["研究を行い成果を得た事業を", "見直した。", "次の段落の始まり"]
    assert _cell(rows, 13, indents={2: 1.0}) == (
        "研究を行い成果を得た事業を見直した。\n次の段落の始まり"
    )


def test_a_small_offset_is_no_indent() -> None:
    assert _cell(["研究を行い成果を得た事業を", "見直した。"], 13, indents={1: 0.3}) == (
        "研究を行い成果を得た事業を見直した。"
    )


# --- real cells of the committed samples ----------------------------------------------

_ACHIEVEMENT_1_1_3_A = [
    T("\u3000R3年度と比較し現年収納率はほぼ同程度を維持", 636.49, 792.40, 209.91),
    T("した。", 636.49, 657.50, 216.91),
    T("\u3000R3 R4", 636.49, 663.20, 223.91),
    T("\u3000市税 99.4%⇒99.3%", 636.49, 706.56, 230.91),
    T("※R3年度と比較し滞納繰越分を含めた全体収納率", 636.49, 792.43, 237.91),
    T("は同程度を維持した。", 636.49, 706.51, 244.89),
    T("\u3000R3年度と比較し現年収納率（5料合計）は向上", 636.49, 792.40, 265.89),
    T("した。", 636.49, 657.50, 272.89),
    T("\u3000R3 R4", 636.49, 663.20, 280.01),
    T("\u3000国保 94.4%→94.3%", 636.49, 708.35, 287.01),
    T("\u3000下水道負担金等 98.2%→98.3%", 636.49, 743.36, 314.99),
    T("※R3年度と比較し滞納繰越分を含めた全体収納率", 636.49, 792.43, 328.99),
    T("（5料合計）が向上した。", 636.49, 720.51, 335.99),
]


def test_the_1_1_3_a_figure_block() -> None:
    assert join_cell_lines(_ACHIEVEMENT_1_1_3_A, 635.443, 799.427) == (
        "R3年度と比較し現年収納率はほぼ同程度を維持した。\nR3 R4\n市税 99.4%⇒99.3%\n"
        "※R3年度と比較し滞納繰越分を含めた全体収納率は同程度を維持した。\n"
        "R3年度と比較し現年収納率（5料合計）は向上した。\nR3 R4\n国保 94.4%→94.3%\n"
        "下水道負担金等 98.2%→98.3%\n"
        "※R3年度と比較し滞納繰越分を含めた全体収納率（5料合計）が向上した。"
    )


def test_figure_lines_as_the_real_text_layer_aligns_them() -> None:
    # The reference text layer aligns the figures with runs of ASCII and ideographic blanks.
    rows = [
        "R3年度と比較し現年収納率はほぼ同程度を維持",
        "した。",
        "\u3000\u3000             R3   R4",
        "市税          99.4%⇒99.3%",
        "下水道負担金等\u300098.2%→98.3%",
        "５料合計\u3000\u3000\u3000\u300097.8%→97.9%",
    ]
    assert _cell(rows, 22) == (
        "R3年度と比較し現年収納率はほぼ同程度を維持した。\nR3 R4\n市税 99.4%⇒99.3%\n"
        "下水道負担金等 98.2%→98.3%\n5料合計 97.8%→97.9%"
    )


def test_figures_pushed_to_their_column_continue_the_label_line() -> None:
    # Text layer lines 1935-1937: the figures of a long label sit on the next line.
    rows = [
        "・キャリア形成支援研修",
        "\u3000\u3000\u3000\u3000\u3000\u3000\u3000 \u30005回\u3000108人参加",
        "\u3000\u3000有意義と回答した割合  89.0％",
        "・派遣研修\u3000  7団体\u3000394人参加",
    ]
    assert _cell(rows, 22) == (
        "・キャリア形成支援研修 5回 108人参加\n有意義と回答した割合 89.0％\n"
        "・派遣研修 7団体 394人参加"
    )


def test_a_single_ideographic_space_in_prose_is_kept() -> None:
    rows = [
        "\u3000中期経営計画の取組状況について各団体ごとに",
        "市が評価を行い、「令和3年度\u3000中期経営計画取組",
        "状況評価シート」を公表した。",
    ]
    assert _cell(rows, 22) == (
        "中期経営計画の取組状況について各団体ごとに市が評価を行い、"
        "「令和3年度\u3000中期経営計画取組状況評価シート」を公表した。"
    )


def test_the_sns_block_of_5_2_1() -> None:
    cell = [
        T("・ＳＮＳの運営：", 636.49, 692.50, 83.40),
        T("\u3000Facebookのフォロワー数 1.1万", 636.49, 744.01, 90.40),
        T("\u3000LINEの友達数 24,501人", 636.49, 719.40, 97.40),
        T("・広報紙の発行：", 636.49, 692.50, 104.40),
        T("\u3000月290,000部以内×12か月", 636.49, 727.20, 111.40),
        T("（うち特集記事年４回）", 636.49, 713.51, 118.40),
        T("・記者会見(24回)・記者発表(14回)、広報資料提供", 636.49, 796.31, 160.41),
        T("(1,835件）等パブリシティ活動の実施\u3000等", 636.49, 770.12, 167.39),
    ]
    assert join_cell_lines(cell, 635.443, 799.427) == (
        "・SNSの運営：\nFacebookのフォロワー数 1.1万\nLINEの友達数 24,501人\n・広報紙の発行：\n"
        "月290,000部以内×12か月\n（うち特集記事年4回）\n"
        "・記者会見(24回)・記者発表(14回)、広報資料提供(1,835件）等パブリシティ活動の実施\u3000等"
    )


def test_a_half_width_katakana_plan_cell_and_the_fold_parameter() -> None:
    cell = [
        T("・証明手数料拡", 359.09, 408.10, 80.11),
        T("充（ｸﾚｼﾞｯﾄ決", 359.09, 401.10, 87.11),
        T("済、電子ﾏﾈｰ決", 359.09, 404.61, 94.11),
        T("済）", 359.09, 373.10, 101.11),
    ]
    assert join_cell_lines(cell, 358.072, 413.546) == (
        "・証明手数料拡充（クレジット決済、電子マネー決済）"
    )
    assert join_cell_lines(cell, 358.072, 413.546, fold=fold_variants) == (
        "・証明手数料拡充（ｸﾚｼﾞｯﾄ決済、電子ﾏﾈｰ決済）"
    )


def test_a_centred_header_cell_is_one_wrapped_line() -> None:
    # The direct sample centres the header; 展開 is short, not indented.
    cell = [
        T("後期中期計画（行革プ", 33.4, 108.4, 60.0, 7.5),
        T("ラン）に基づく施策の", 33.4, 108.4, 69.4, 7.5),
        T("展開", 63.4, 78.4, 78.8, 7.5),
    ]
    assert is_centred(cell, 27.945, 113.945)
    assert join_cell_lines(cell, 27.945, 113.945) == "後期中期計画（行革プラン）に基づく施策の展開"


def test_a_centred_cell_still_breaks_where_a_line_ended_short() -> None:
    cell = [
        T("【施策１】", 550.2, 605.2, 50.0, 11.0),
        T("健全で持続可能な財政運営", 511.7, 643.7, 64.0, 11.0),
    ]
    assert is_centred(cell, 407.707, 747.694)
    assert join_cell_lines(cell, 407.707, 747.694) == "【施策1】\n健全で持続可能な財政運営"


def test_a_flush_left_paragraph_is_not_centred() -> None:
    assert not is_centred(_ACHIEVEMENT_1_1_3_A[:2], 635.443, 799.427)
    full = [_line("研究を行い成果を得た事業を", 0), _line("見直した成果を得た事業を", 1, 1.0)]
    assert not is_centred(full, CELL_X0, CELL_X0 + 2 * PADDING + 13 * EM)


# --- logical lines with their extents --------------------------------------------------


def test_split_logical_lines_gives_the_box_of_each_logical_line() -> None:
    # A plan cell: a wrapped measure, then a continuation arrow on a line of its own.
    lines = [_line("・予算編成にお", 0), _line("ける見直し", 1), _line("→", 2)]
    logical = split_logical_lines(lines, CELL_X0, CELL_X0 + 2 * PADDING + 7 * EM)
    assert logical == [
        LogicalLine("・予算編成における見直し", top=10.0, bottom=10.0 + LEADING + EM,
                    x0=102.0, x1=102.0 + 7 * EM),
        LogicalLine("→", top=10.0 + 2 * LEADING, bottom=10.0 + 2 * LEADING + EM,
                    x0=102.0, x1=102.0 + EM),
    ]


def test_lines_given_out_of_order_are_read_top_to_bottom() -> None:
    lines = [_line("ける事業見直し", 1), _line("・予算編成にお", 0)]
    assert join_cell_lines(lines, CELL_X0, CELL_X0 + 2 * PADDING + 7 * EM) == (
        "・予算編成における事業見直し"
    )


def test_pieces_on_one_row_are_read_left_to_right() -> None:
    left = _line("R3", 0)
    right = TextLine("R4", x0=left.x1 + 2 * EM, x1=left.x1 + 3 * EM, top=10.0, bottom=19.0, size=EM)
    assert join_cell_lines([right, left], CELL_X0, 200.0) == "R3 R4"


def test_an_empty_cell() -> None:
    assert join_cell_lines([], CELL_X0, 190.0) == ""
    assert split_logical_lines([_line("\u3000 ", 0)], CELL_X0, 190.0) == []


# --- tategaki ---------------------------------------------------------------------------


def _column(text: str, x0: float, top: float = 10.0) -> TextLine:
    return TextLine(text=text, x0=x0, x1=x0 + EM, top=top, bottom=top + len(text) * EM,
                    size=EM, vertical=True)


def test_vertical_columns_read_right_to_left() -> None:
    lines = [_column("推進の体系", 100.0), _column("行財政改革", 120.0)]
    assert join_vertical_lines(lines) == "行財政改革推進の体系"
    assert join_cell_lines(lines, 90.0, 140.0) == "行財政改革推進の体系"


def test_a_vertical_column_in_pieces_with_tate_chu_yoko_digits() -> None:
    digits = TextLine("28", x0=120.5, x1=128.5, top=30.0, bottom=39.0, size=EM)
    lines = [_column("年", 120.0, top=40.0), _column("計画", 100.0), digits, _column("平成", 120.0)]
    assert [[line.text for line in column] for column in vertical_columns(lines)] == [
        ["平成", "28", "年"], ["計画"]
    ]
    assert join_cell_lines(lines, 90.0, 140.0) == "平成28年計画"


def test_vertical_radicals_and_brackets_are_folded() -> None:
    assert join_vertical_lines([_column("︵⾏政︶", 100.0)]) == "（行政）"


def test_an_arrow_line_is_its_own_logical_line_even_after_a_full_line() -> None:
    # Found while testing: with 2 ems left (a tie with → plus tolerance) the arrow
    # was glued to the measure above it; an arrow-only line is never a wrap.
    lines = [_line("・予算編成におけ", 0), _line("る見直し", 1), _line("→", 2), _line("→ →", 3)]
    assert split_logical_lines(lines, CELL_X0, CELL_X0 + 2 * PADDING + 8 * EM)[1:] == [
        LogicalLine("→", top=34.0, bottom=43.0, x0=102.0, x1=111.0),
        LogicalLine("→ →", top=46.0, bottom=55.0, x0=102.0, x1=102.0 + 2.5 * EM),
    ]
