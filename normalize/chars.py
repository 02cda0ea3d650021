"""Character folds: repair the code points PDF producers emit for Japanese text.

Each fold is a small table-driven step that maps single characters (the
half-width katakana step also merges a voiced-sound mark into the kana
before it).  :func:`fold_text` applies them all.  Nothing here uses NFKC on
a whole string: NFKC would also turn ①② into 1 2, （ into (, and ％ into %,
which the reports print on purpose.

The folds, and what they change:

* radicals: Kangxi radicals (U+2F00–U+2FD5) and CJK Radicals Supplement
  (U+2E80–U+2EF3) → the equivalent unified ideograph, from Unicode's
  ``EquivalentUnifiedIdeograph.txt`` (bundled in ``data/``);
* compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) → their
  canonical (NFC) ideograph;
* vertical presentation forms → the horizontal form (see
  :data:`VERTICAL_FORMS`);
* look-alike punctuation → the Japanese middle dot (see
  :data:`LOOKALIKE_PUNCTUATION`);
* half-width katakana → full-width katakana (see :func:`fold_halfwidth_katakana`);
* full-width ASCII letters and digits → ASCII (full-width punctuation stays).

:data:`FOLD_TABLE` maps every character a fold may change to what it
becomes on its own; :data:`FOLDED_CHARACTERS` is the set of those characters.
Any other character passes through every fold unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

RADICAL_BLOCKS: tuple[tuple[int, int], ...] = ((0x2E80, 0x2EF3), (0x2F00, 0x2FD5))
"""Inclusive code point ranges of the Kangxi and CJK-radical blocks."""

COMPATIBILITY_IDEOGRAPH_BLOCKS: tuple[tuple[int, int], ...] = (
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)
"""Inclusive code point ranges of the CJK compatibility ideograph blocks."""

_EQUIVALENT_IDEOGRAPH_FILE = "EquivalentUnifiedIdeograph.txt"

VERTICAL_FORMS: Mapping[str, str] = MappingProxyType({
    # U+FE10–U+FE19: Vertical Forms.  Japanese sets this punctuation full width.
    "\uFE10": "\uFF0C",  # ︐ → ， full-width comma
    "\uFE11": "\u3001",  # ︑ → 、
    "\uFE12": "\u3002",  # ︒ → 。
    "\uFE13": "\uFF1A",  # ︓ → ：
    "\uFE14": "\uFF1B",  # ︔ → ；
    "\uFE15": "\uFF01",  # ︕ → ！
    "\uFE16": "\uFF1F",  # ︖ → ？
    "\uFE17": "\u3016",  # ︗ → 〖
    "\uFE18": "\u3017",  # ︘ → 〗
    "\uFE19": "\u2026",  # ︙ → … (one ellipsis character, not NFKC's "...")
    # U+FE30–U+FE48: CJK Compatibility Forms that are vertical variants.
    "\uFE30": "\u2025",  # ︰ → ‥ (not NFKC's "..")
    "\uFE31": "\u2015",  # ︱ → ― the dash Japanese fonts set (Shift_JIS 0x815C in cp932)
    "\uFE32": "\u2013",  # ︲ → – (no full-width en dash exists)
    "\uFE33": "\uFF3F",  # ︳ → ＿
    "\uFE34": "\uFF3F",  # ︴ → ＿
    "\uFE35": "\uFF08",  # ︵ → （ (NFKC would give ASCII "(")
    "\uFE36": "\uFF09",  # ︶ → ）
    "\uFE37": "\uFF5B",  # ︷ → ｛
    "\uFE38": "\uFF5D",  # ︸ → ｝
    "\uFE39": "\u3014",  # ︹ → 〔
    "\uFE3A": "\u3015",  # ︺ → 〕
    "\uFE3B": "\u3010",  # ︻ → 【
    "\uFE3C": "\u3011",  # ︼ → 】
    "\uFE3D": "\u300A",  # ︽ → 《
    "\uFE3E": "\u300B",  # ︾ → 》
    "\uFE3F": "\u3008",  # ︿ → 〈
    "\uFE40": "\u3009",  # ﹀ → 〉
    "\uFE41": "\u300C",  # ﹁ → 「
    "\uFE42": "\u300D",  # ﹂ → 」
    "\uFE43": "\u300E",  # ﹃ → 『
    "\uFE44": "\u300F",  # ﹄ → 』
    "\uFE47": "\uFF3B",  # ﹇ → ［
    "\uFE48": "\uFF3D",  # ﹈ → ］
    # Kept as they are: ﹅ ﹆ (sesame dots, emphasis marks with no horizontal
    # counterpart) and U+FE49–U+FE4F (horizontal overlines and low lines).
})
"""Vertical presentation form → the horizontal character Japanese text uses."""

LOOKALIKE_PUNCTUATION: Mapping[str, str] = MappingProxyType({
    "\u2027": "\u30FB",  # ‧ HYPHENATION POINT → ・
    "\u2219": "\u30FB",  # ∙ BULLET OPERATOR → ・
    "\u22C5": "\u30FB",  # ⋅ DOT OPERATOR → ・
    # Kept: • U+2022 and · U+00B7, which are legitimate in other contexts.
})
"""Dots some PDF producers emit for the Japanese middle dot ・ (U+30FB)."""

_HALFWIDTH_KANA_FIRST = 0xFF61
_HALFWIDTH_KANA_LAST = 0xFF9F
_HALFWIDTH_VOICED = "\uFF9E"  # ﾞ
_HALFWIDTH_SEMI_VOICED = "\uFF9F"  # ﾟ
_COMBINING_MARKS = {_HALFWIDTH_VOICED: "\u3099", _HALFWIDTH_SEMI_VOICED: "\u309A"}
_SPACING_MARKS = {_HALFWIDTH_VOICED: "\u309B", _HALFWIDTH_SEMI_VOICED: "\u309C"}  # ゛ ゜

_FULLWIDTH_ASCII_OFFSET = 0xFEE0
_FULLWIDTH_ALNUM_RANGES = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))

BLANKS: frozenset[str] = frozenset(
    " \t\u00A0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A"
    "\u202F\u205F"
)
"""Characters treated as blank inside a line (no line breaks)."""

IDEOGRAPHIC_SPACE = "\u3000"

_BLANK_CLASS = "[" + "".join(sorted(BLANKS)) + "]"
_BLANK_RUN = re.compile(_BLANK_CLASS + "+")


def _code_points(first: int, last: int) -> Iterator[str]:
    """Every character from ``first`` to ``last`` inclusive."""
    return (chr(cp) for cp in range(first, last + 1))


def parse_equivalent_ideographs(source: str) -> dict[str, str]:
    """Parse ``EquivalentUnifiedIdeograph.txt`` text into a radical → ideograph map.

    Lines look like ``2E8C..2E8D ; 5C0F  # ...``; comments and blank lines
    are skipped and ranges are expanded.
    """
    table: dict[str, str] = {}
    for line in source.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        code_field, target_field = (part.strip() for part in data.split(";"))
        first, _, last = code_field.partition("..")
        target = chr(int(target_field, 16))
        for char in _code_points(int(first, 16), int(last or first, 16)):
            table[char] = target
    return table


def _in_blocks(char: str, blocks: tuple[tuple[int, int], ...]) -> bool:
    """Whether ``char`` lies in one of the inclusive ranges ``blocks``."""
    return any(first <= ord(char) <= last for first, last in blocks)


@cache
def radical_table() -> Mapping[str, str]:
    """Radical code point → unified ideograph, for the two radical blocks only.

    Read once from the bundled Unicode data file.  CJK strokes (U+31C0…),
    which the file also lists, are not folded.
    """
    source = (
        resources.files(__package__ or "gyokaku.normalize")
        .joinpath("data", _EQUIVALENT_IDEOGRAPH_FILE)
        .read_text(encoding="utf-8")
    )
    table = parse_equivalent_ideographs(source)
    return MappingProxyType(
        {char: target for char, target in table.items() if _in_blocks(char, RADICAL_BLOCKS)}
    )


@cache
def compatibility_ideograph_table() -> Mapping[str, str]:
    """Compatibility ideograph → its canonical (NFC) unified ideograph."""
    table: dict[str, str] = {}
    for first, last in COMPATIBILITY_IDEOGRAPH_BLOCKS:
        for char in _code_points(first, last):
            canonical = unicodedata.normalize("NFC", char)
            if canonical != char:
                table[char] = canonical
    return MappingProxyType(table)


@cache
def halfwidth_katakana_table() -> Mapping[str, str]:
    """Half-width katakana or punctuation → full-width, each character on its own.

    A lone ﾞ or ﾟ becomes the spacing mark ゛ or ゜; after a kana that can
    take it, :func:`fold_halfwidth_katakana` merges it instead.
    """
    table = {
        char: unicodedata.normalize("NFKC", char)
        for char in _code_points(_HALFWIDTH_KANA_FIRST, _HALFWIDTH_KANA_LAST)
    }
    table.update(_SPACING_MARKS)
    return MappingProxyType(table)


@cache
def fullwidth_alphanumeric_table() -> Mapping[str, str]:
    """Full-width Ａ–Ｚ, ａ–ｚ, ０–９ → ASCII (no punctuation)."""
    return MappingProxyType({
        char: chr(ord(char) - _FULLWIDTH_ASCII_OFFSET)
        for first, last in _FULLWIDTH_ALNUM_RANGES
        for char in _code_points(first, last)
    })


def _translation(table: Mapping[str, str]) -> dict[int, str]:
    """A ``str.translate`` table from a character map."""
    return {ord(char): target for char, target in table.items()}


_RADICALS = _translation(radical_table())
_COMPATIBILITY = _translation(compatibility_ideograph_table())
_VERTICAL = _translation(VERTICAL_FORMS)
_LOOKALIKES = _translation(LOOKALIKE_PUNCTUATION)
_FULLWIDTH_ALNUM = _translation(fullwidth_alphanumeric_table())


def _chained(*tables: dict[int, str]) -> dict[int, str]:
    """One ``str.translate`` table doing what ``tables`` do one after the other.

    ``translate`` maps each character on its own, so running the chain on each
    character any table changes gives the same result in a single pass.
    """
    chained: dict[int, str] = {}
    for code in set().union(*tables):
        text = chr(code)
        for table in tables:
            text = text.translate(table)
        chained[code] = text
    return chained


_VARIANTS = _chained(_RADICALS, _COMPATIBILITY, _VERTICAL, _LOOKALIKES)
_HALFWIDTH_KANA_RUN = re.compile("[\uFF61-\uFF9F]+")


# Kana, ideographs (with radicals and compatibility forms) and half-width katakana.
_JAPANESE_CHAR = re.compile("[\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF"
                            "\uF900-\uFAFF\uFF66-\uFF9F]")


def has_japanese(text: str) -> bool:
    """True when ``text`` holds at least one kana or kanji (radicals and half-width kana
    count)."""
    return _JAPANESE_CHAR.search(text) is not None


def fold_radicals(text: str) -> str:
    """Replace Kangxi / CJK-radical code points by the unified ideograph (⾏ → 行)."""
    return text.translate(_RADICALS)


def fold_compatibility_ideographs(text: str) -> str:
    """Replace CJK compatibility ideographs by their canonical ideograph."""
    return text.translate(_COMPATIBILITY)


def fold_vertical_forms(text: str) -> str:
    """Replace vertical presentation forms by horizontal ones (︵ → （)."""
    return text.translate(_VERTICAL)


def fold_lookalike_punctuation(text: str) -> str:
    """Replace dots that stand in for the middle dot by ・ (‧ → ・)."""
    return text.translate(_LOOKALIKES)


def fold_fullwidth_alnum(text: str) -> str:
    """Replace full-width letters and digits by ASCII (９３．１％ → 93．1％).

    One character in, one character out, so offsets are kept.
    """
    return text.translate(_FULLWIDTH_ALNUM)


def _fold_kana_run(run: str) -> str:
    """Fold one run of half-width katakana, merging ﾞ ﾟ into the kana before."""
    table = halfwidth_katakana_table()
    folded: list[str] = []
    for char in run:
        mark = _COMBINING_MARKS.get(char)
        if mark and folded:
            merged = unicodedata.normalize("NFC", folded[-1] + mark)
            if len(merged) == 1:
                folded[-1] = merged
                continue
        folded.append(table[char])
    return "".join(folded)


def fold_halfwidth_katakana(text: str) -> str:
    """Replace half-width katakana by full-width (ｸﾚｼﾞｯﾄ → クレジット, ･ → ・)."""
    return _HALFWIDTH_KANA_RUN.sub(lambda match: _fold_kana_run(match.group()), text)


def fold_variants(text: str) -> str:
    """Fold code-point variants (radicals, compatibility ideographs, vertical
    forms, look-alike dots) but keep full- and half-width forms as printed.

    The same as the four folds one after the other, in one pass.
    """
    return text.translate(_VARIANTS)


def fold_widths(text: str) -> str:
    """Fold widths only: half-width katakana → full width, full-width alphanumerics → ASCII."""
    return fold_fullwidth_alnum(fold_halfwidth_katakana(text))


@lru_cache(maxsize=1024)
def fold_text(text: str) -> str:
    """Apply every character fold; idempotent, never applies NFKC to the whole text.

    Remembered: a cell's lines are folded again each time the cell is read.
    """
    return fold_widths(fold_variants(text))


def _fold_table() -> Mapping[str, str]:
    """Every character any fold may change, with what it becomes on its own."""
    table: dict[str, str] = {}
    for part in (
        radical_table(),
        compatibility_ideograph_table(),
        VERTICAL_FORMS,
        LOOKALIKE_PUNCTUATION,
        halfwidth_katakana_table(),
        fullwidth_alphanumeric_table(),
    ):
        table.update(part)
    return MappingProxyType(table)


FOLD_TABLE: Mapping[str, str] = _fold_table()
"""Character → replacement for every character a fold may change.

A half-width ﾞ or ﾟ right after a kana is merged into that kana instead of
becoming ゛ or ゜.
"""

FOLDED_CHARACTERS: frozenset[str] = frozenset(FOLD_TABLE)
"""The characters :func:`fold_text` may change; all others pass unchanged."""


def is_blank(char: str) -> bool:
    """Whether ``char`` is a blank inside a line (space, U+3000, tab, NBSP...)."""
    return char in BLANKS


def _collapse_run(run: str, at_edge: bool, keep_ideographic_space: bool) -> str:
    """What one run of blanks becomes (see :func:`collapse_blanks`)."""
    if at_edge:
        return ""
    if keep_ideographic_space and run == IDEOGRAPHIC_SPACE:
        return IDEOGRAPHIC_SPACE
    return " "


def collapse_blanks(line: str, *, keep_ideographic_space: bool = True) -> str:
    """Tidy the blanks of one line.

    Leading and trailing blanks are removed; a run of two or more blanks
    (mixed or not) becomes one ASCII space; a single blank becomes an ASCII
    space, except a single U+3000 between two characters, which is kept
    unless ``keep_ideographic_space`` is false (figure lines).
    """
    def replace(match: re.Match[str]) -> str:
        at_edge = match.start() == 0 or match.end() == len(line)
        return _collapse_run(match.group(), at_edge, keep_ideographic_space)

    return _BLANK_RUN.sub(replace, line)
