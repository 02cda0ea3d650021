"""Character folds of gyokaku.normalize.chars, on characters seen in the real reports."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gyokaku.normalize.chars import (
    BLANKS,
    FOLD_TABLE,
    FOLDED_CHARACTERS,
    LOOKALIKE_PUNCTUATION,
    VERTICAL_FORMS,
    collapse_blanks,
    fold_compatibility_ideographs,
    fold_fullwidth_alnum,
    fold_halfwidth_katakana,
    fold_lookalike_punctuation,
    fold_radicals,
    fold_text,
    fold_variants,
    fold_vertical_forms,
    fold_widths,
    has_japanese,
    is_blank,
    parse_equivalent_ideographs,
    radical_table,
)

REFERENCE = Path("/work/shared/reference/okayama_fy2022")
DATA_FILE = Path(__file__).resolve().parents[1] / "normalize" / "data" / (
    "EquivalentUnifiedIdeograph.txt"
)

# --- radicals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("施策３ ⾏政のスマート化", "施策３ 行政のスマート化"),  # ⾏ U+2F8F
        ("施策４ 組織⼒の向上", "施策４ 組織力の向上"),  # ⼒ U+2F12
        ("施策５ 公⺠連携と透明性の⾼い市政運営", "施策５ 公民連携と透明性の高い市政運営"),
    ],
)
def test_heading_radicals_fold_to_unified_ideographs(printed: str, expected: str) -> None:
    assert fold_radicals(printed) == expected


def test_cjk_radical_civilian_is_folded_although_nfkc_keeps_it() -> None:
    assert unicodedata.normalize("NFKC", "\u2ea0") == "\u2ea0"
    assert fold_text("\u2ea0") == "\u6c11"


def test_radical_table_comes_from_the_data_file_with_ranges_expanded() -> None:
    table = radical_table()
    # 2E8C..2E8D ; 5C0F and 2ECC..2ECE ; 8FB6 are ranges in the file.
    assert table["\u2e8c"] == table["\u2e8d"] == "\u5c0f"
    assert table["\u2ecc"] == table["\u2ecd"] == table["\u2ece"] == "\u8fb6"
    assert table["\u2e87"] == "\U00020628"  # a target outside the BMP
    # Every Kangxi radical has an equivalent; 2E80 (REPEAT) has none.
    assert all(chr(cp) in table for cp in range(0x2F00, 0x2FD6))
    assert "\u2e80" not in table
    # CJK strokes are listed in the file too but are not folded.
    assert "\u31d0" not in table


def test_data_file_keeps_its_unicode_header() -> None:
    head = DATA_FILE.read_text(encoding="utf-8").splitlines()[:5]
    assert head[0] == "# EquivalentUnifiedIdeograph-15.0.0.txt"
    assert any("©" in line and "Unicode" in line for line in head)
    assert any("terms_of_use" in line for line in head)


def test_parse_equivalent_ideographs_reads_ranges_and_skips_comments() -> None:
    text = "# header\n2E8C..2E8D ; 5C0F  # [2] SMALL\n\n2F00       ; 4E00  # ONE\n# 2E80; none\n"
    assert parse_equivalent_ideographs(text) == {
        "\u2e8c": "\u5c0f",
        "\u2e8d": "\u5c0f",
        "\u2f00": "\u4e00",
    }


# --- compatibility ideographs, vertical forms, look-alikes ----------------------------


def test_compatibility_ideographs_fold_to_canonical_form() -> None:
    assert fold_compatibility_ideographs("\uf9dc\ufa19") == "\u9686\u795e"  # 隆 神
    # U+FA11 﨑 is a unified ideograph that happens to sit in the block: kept.
    assert fold_compatibility_ideographs("\ufa11") == "\ufa11"
    assert fold_compatibility_ideographs("\U0002f800") == "\u4e3d"


def test_vertical_brackets_become_full_width_not_ascii() -> None:
    assert unicodedata.normalize("NFKC", "\ufe35") == "("
    assert fold_vertical_forms("︵令和︶﹁将来﹂﹃書名﹄︻注︼") == "（令和）「将来」『書名』【注】"
    assert fold_vertical_forms("︿︽︹︷﹇") == "〈《〔｛［"
    assert fold_vertical_forms("︐︑︒︓︔︕︖︙︰") == "，、。：；！？…‥"


def test_vertical_form_table_covers_the_blocks_except_documented_keeps() -> None:
    blocks = {*range(0xFE10, 0xFE1A), *range(0xFE30, 0xFE50)}
    kept = {0xFE45, 0xFE46, *range(0xFE49, 0xFE50)}
    assert {ord(ch) for ch in VERTICAL_FORMS} == blocks - kept
    assert fold_vertical_forms("﹅﹆﹏") == "﹅﹆﹏"


def test_lookalike_dots_become_katakana_middle_dot() -> None:
    assert fold_lookalike_punctuation("子ども‧子育て∙支援⋅") == "子ども・子育て・支援・"
    assert fold_lookalike_punctuation("• ·") == "• ·"
    assert set(LOOKALIKE_PUNCTUATION.values()) == {"・"}


# --- widths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        (
            "・証明手数料拡充（ｸﾚｼﾞｯﾄ決済、電子ﾏﾈｰ決済）",
            "・証明手数料拡充（クレジット決済、電子マネー決済）",
        ),
        ("ｼﾞ", "ジ"),
        ("ﾊﾟｿｺﾝ", "パソコン"),
        ("ｳﾞ", "ヴ"),
        ("･ｰ｢｣､｡", "・ー「」、。"),
    ],
)
def test_halfwidth_katakana_is_widened(printed: str, expected: str) -> None:
    assert fold_halfwidth_katakana(printed) == expected


def test_lone_sound_marks_become_spacing_marks() -> None:
    # Nothing half-width to combine with: the spacing forms ゛ ゜ are used.
    assert fold_halfwidth_katakana("ﾞカﾟ") == "゛カ゜"
    assert fold_halfwidth_katakana("ｱﾞ") == "ア゛"  # ア takes no voiced mark


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("押印不要書類＝９３．１％", "押印不要書類＝93．1％"),
        ("民間活力やＩＣＴを活用", "民間活力やICTを活用"),
        ("ｇBizID", "gBizID"),
        ("ｂ）ネーミングライツ", "b）ネーミングライツ"),
        ("R５.９.３０現在", "R5.9.30現在"),
        ("Fit＆Gap", "Fit＆Gap"),
        ("（H29～R3)", "（H29～R3)"),
        ("市ＨＰ・Ｅメール", "市HP・Eメール"),
    ],
)
def test_fullwidth_letters_and_digits_only_are_narrowed(printed: str, expected: str) -> None:
    assert fold_fullwidth_alnum(printed) == expected


def test_fold_text_keeps_symbols_nfkc_would_destroy() -> None:
    kept = "①②⑥ⅠⅡ　⇒→～※（）％＆．，：＝【】「」"
    assert fold_text(kept) == kept
    assert unicodedata.normalize("NFKC", kept) != kept


def test_fold_text_on_a_heading_and_a_plan_cell() -> None:
    heading = fold_text("施策５ 公⺠連携と透明性の⾼い市政運営")
    assert heading == "施策5 公民連携と透明性の高い市政運営"
    assert fold_text("・R７年度のPDCAチェック") == "・R7年度のPDCAチェック"


def chain_of_variant_folds(text: str) -> str:
    """The four variant folds one after the other, as fold_variants once did."""
    from gyokaku.normalize.chars import (
        fold_compatibility_ideographs,
        fold_lookalike_punctuation,
        fold_radicals,
        fold_vertical_forms,
    )

    return fold_lookalike_punctuation(fold_vertical_forms(
        fold_compatibility_ideographs(fold_radicals(text))))


def test_fold_variants_in_one_pass_is_the_chain_of_folds_on_every_character() -> None:
    from gyokaku.normalize.chars import _COMPATIBILITY, _LOOKALIKES, _RADICALS, _VERTICAL

    touched = set().union(_RADICALS, _COMPATIBILITY, _VERTICAL, _LOOKALIKES)
    every = "".join(chr(code) for code in sorted(touched))
    assert len(touched) > 300
    assert fold_variants(every) == chain_of_variant_folds(every)
    for code in touched:
        assert fold_variants(chr(code)) == chain_of_variant_folds(chr(code)), hex(code)


@given(st.text())
def test_fold_variants_is_the_chain_on_any_text(text: str) -> None:
    assert fold_variants(text) == chain_of_variant_folds(text)


def test_fold_variants_keeps_widths_as_printed_and_fold_widths_only_widths() -> None:
    assert fold_variants("⾏政のＩＣＴ化（ｸﾚｼﾞｯﾄ）︵注︶") == "行政のＩＣＴ化（ｸﾚｼﾞｯﾄ）（注）"
    assert fold_widths("⾏政のＩＣＴ化（ｸﾚｼﾞｯﾄ）") == "⾏政のICT化（クレジット）"


# --- the documented set of folded characters -------------------------------------------


def test_folded_characters_lists_every_source_of_the_tables() -> None:
    folded = {"\u2f8f", "\u2ea0", "\uf9dc", "\ufe35", "\u2027", "ｼ", "ﾞ", "Ａ", "９"}
    assert folded <= FOLDED_CHARACTERS
    assert not {"①", "Ⅰ", "・", "（", "％", "\u3000", "•", "·", "A", "9"} & FOLDED_CHARACTERS


def test_fold_table_gives_what_each_character_becomes_on_its_own() -> None:
    for char, target in FOLD_TABLE.items():
        assert fold_text(char) == target, hex(ord(char))


def test_every_character_outside_folded_characters_is_untouched() -> None:
    for cp in range(0x20, 0x30000):
        char = chr(cp)
        if char not in FOLDED_CHARACTERS and unicodedata.category(char) != "Cs":
            assert fold_text(char) == char, hex(cp)


def _is_subsequence(needles: list[str], haystack: str) -> bool:
    """Whether ``needles`` occur in ``haystack`` in this order."""
    position = 0
    for needle in needles:
        position = haystack.find(needle, position)
        if position < 0:
            return False
        position += 1
    return True


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="reference text layer not available")
def test_text_layer_loses_nothing_but_folded_characters() -> None:
    text = (REFERENCE / "text_layer.txt").read_text(encoding="utf-8")
    folded = fold_text(text)
    assert fold_text(folded) == folded
    assert _is_subsequence([ch for ch in text if ch not in FOLDED_CHARACTERS], folded)
    assert not {"\u2f8f", "\u2f12", "\u2ea0", "\u2fbc"} & set(folded)
    assert "施策５ 公民連携と透明性の高い市政運営".translate({0xFF15: "5"}) in folded


_SAMPLED = st.text(
    alphabet=st.sampled_from(
        sorted(FOLDED_CHARACTERS)[::7]
        + list("ｼﾞﾟｶﾊｰ行政①Ⅱ　（）・、。ABCabc0129ＡＺａｚ０９※→⇒")
    ),
    max_size=40,
)


@given(_SAMPLED)
def test_fold_text_is_idempotent(text: str) -> None:
    once = fold_text(text)
    assert fold_text(once) == once


@given(_SAMPLED)
def test_no_character_is_lost_except_by_a_documented_fold(text: str) -> None:
    folded = fold_text(text)
    assert _is_subsequence([ch for ch in text if ch not in FOLDED_CHARACTERS], folded)
    assert len(folded) <= len(text)  # a fold never adds characters (ｼﾞ → ジ merges two)


# --- blanks ---------------------------------------------------------------------------


def test_is_blank() -> None:
    assert all(is_blank(ch) for ch in " \u3000\t\u00a0\u2002")
    assert not any(is_blank(ch) for ch in "\na・_\u200b")
    assert all(unicodedata.category(ch) == "Zs" for ch in BLANKS - {"\t"})


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # figure lines of the 1-1-3-a achievement, as the text layer prints them
        ("市税          99.4%⇒99.3%", "市税 99.4%⇒99.3%"),
        ("国保\u3000\u3000\u3000\u3000\u3000\u300094.4%→94.3%", "国保 94.4%→94.3%"),
        ("５料合計\u3000      93.3%→93.9%", "５料合計 93.3%→93.9%"),
        ("\u3000\u3000             R3   R4", "R3 R4"),
        # an indent of ASCII + ideographic space
        (" \u3000岡山市下水道事業経営計画2016", "岡山市下水道事業経営計画2016"),
        # a single ideographic space inside prose is kept
        ("「令和3年度\u3000中期経営計画取組", "「令和3年度\u3000中期経営計画取組"),
        ("LINEの友達数 24,501人", "LINEの友達数 24,501人"),
        ("a\tb\u00a0c", "a b c"),
        ("末尾\u3000", "末尾"),
        ("\u3000\u3000", ""),
        ("", ""),
    ],
)
def test_collapse_blanks(line: str, expected: str) -> None:
    assert collapse_blanks(line) == expected


def test_collapse_blanks_in_a_figure_line_drops_the_ideographic_space() -> None:
    line = "・基本研修\u300018回\u30001,650人参加"
    assert collapse_blanks(line) == line
    assert collapse_blanks(line, keep_ideographic_space=False) == "・基本研修 18回 1,650人参加"


@pytest.mark.parametrize(("text", "expected"), [
    ("行財政改革", True), ("ひらがな", True), ("カタカナ", True), ("ｸﾚｼﾞｯﾄ", True),
    ("⾏", True), ("⺠", True), ("﨑", True), ("R4 21,950千円", True),
    ("", False), ("Hello", False), ("!\"#$%&'()", False), ("①Ｒ３　、。（）", False),
    ("\x01\x04\x05\x06", False), ("ÄÅÇÉ 99.4%", False),
])
def test_has_japanese_needs_a_kana_or_kanji(text: str, expected: bool) -> None:
    assert has_japanese(text) is expected
