"""The label a figure is given: the noun phrase printed next to it.

A *noun run* is a stretch of label characters (kanji, katakana, Latin
letters, digits), where ・ and ＆ may join two label characters and a few
kana connectors may join two noun runs (の, のための, による, における,
に関する ...).  A run never crosses a year reference or another figure,
and may end in one bracketed note: ``文書要望（広報広聴課受付分）``.

Positions listed as ``blocked`` (year references, other figures) stop
every run.  Everything here is pure: text and offsets in, strings out.
"""

from __future__ import annotations

from collections.abc import Sequence

JOINERS = "・＆&"
CONNECTORS: tuple[str, ...] = (
    "のための", "における", "に関する", "に対する", "にかかる", "に係る", "による",
    "からの", "への", "での", "との", "の",
)
"""Kana words that may join two noun runs into one label, longest first."""

LINK_MARKS = "：:＝=はがをの（("
"""One of these may stand between a label and its figure (残高は401億円, 交付率：20%)."""

BULLET_MARKS = "・※○●◎■□◆◇-"
BLANKS = " \u3000"
OPEN_BRACKETS = "（("
CLOSE_BRACKETS = "）)"

FRAGMENT = "\x00fragment"
"""What :func:`run_before` returns for a one-character run (園 of こども園): too short."""

def is_label_char(ch: str) -> bool:
    """Kanji (and 々 〆), katakana (and ー), Latin letters and digits."""
    return bool(
        "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆ヵヶー"
        or "\u30a1" <= ch <= "\u30fa" or (ch.isascii() and ch.isalnum())
        or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a"
    )


def _free(blocked: Sequence[bool], i: int) -> bool:
    return 0 <= i < len(blocked) and not blocked[i]


def _label_at(text: str, blocked: Sequence[bool], i: int) -> bool:
    return _free(blocked, i) and is_label_char(text[i])


def _bracket_note_start(text: str, blocked: Sequence[bool], end: int) -> int | None:
    """Start of a bracketed note ending at ``end`` that may close a label, else None."""
    if end == 0 or text[end - 1] not in CLOSE_BRACKETS:
        return None
    opening = max(text.rfind(b, 0, end - 1) for b in OPEN_BRACKETS)
    if opening <= 0 or any(blocked[opening:end]) or "\n" in text[opening:end]:
        return None
    inner = text[opening + 1:end - 1]
    if any(b in inner for b in OPEN_BRACKETS + CLOSE_BRACKETS + "。、"):
        return None
    return opening if _label_at(text, blocked, opening - 1) else None


def _step_left(text: str, blocked: Sequence[bool], i: int) -> int | None:
    """Where the run continues when it is at ``i`` (exclusive), or None when it stops there."""
    if _label_at(text, blocked, i - 1):
        return i - 1
    if text[i - 1] in JOINERS and _label_at(text, blocked, i - 2):
        return i - 1
    for word in CONNECTORS:
        first = i - len(word)
        if first > 0 and text.startswith(word, first) and not any(blocked[first:i]) \
                and _label_at(text, blocked, first - 1):
            return first
    return None


def run_before(text: str, end: int, blocked: Sequence[bool]) -> str:
    """The noun run ending at ``end``: ``""`` if none, :data:`FRAGMENT` for one character."""
    start = _bracket_note_start(text, blocked, end) or end
    if not _label_at(text, blocked, start - 1):
        return ""
    i = start - 1
    while i > 0 and (step := _step_left(text, blocked, i)) is not None:
        i = step
    run = text[i:end]
    return FRAGMENT if len(run) == 1 else run


def skip_link(text: str, pos: int) -> int:
    """``pos`` moved left over blanks and at most one link mark (は, が, ：, （ ...)."""
    i = pos
    while i > 0 and text[i - 1] in BLANKS:
        i -= 1
    if i > 0 and text[i - 1] in LINK_MARKS:
        i -= 1
    while i > 0 and text[i - 1] in BLANKS:
        i -= 1
    return i


def run_after(text: str, start: int, blocked: Sequence[bool]) -> str:
    """The noun run right after ``start``'s の (``約270件の取組`` → 取組), else ``""``."""
    if not text.startswith("の", start):
        return ""
    i = start + 1
    while i < len(text) and (_label_at(text, blocked, i) or (
            text[i] in JOINERS and i > start + 1 and _label_at(text, blocked, i + 1))):
        i += 1
    return text[start + 1:i]


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the line holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def strip_mark(line: str) -> str:
    """A line without its leading bullet mark and blanks."""
    return line.lstrip(BLANKS).lstrip(BULLET_MARKS).lstrip(BLANKS)


def is_bullet_line(line: str) -> bool:
    """True for a line opening with ・ (a list item)."""
    return line.lstrip(BLANKS).startswith("・")


def balanced(text: str) -> bool:
    """True when every bracket of ``text`` is closed, in order."""
    depth = 0
    for ch in text:
        if ch in OPEN_BRACKETS + "【「『":
            depth += 1
        elif ch in CLOSE_BRACKETS + "】」』":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def line_key(text: str, start: int, blocked: Sequence[bool]) -> str:
    """The key of a ``KEY figure`` / ``KEY：figure`` line whose figure starts at ``start``.

    The key is the whole text from the line's start (bullet mark removed) to
    the blank or colon before the figure, when that text holds no other figure,
    no year, no 、。 and no open bracket; otherwise ``""``.
    """
    line_start, _ = line_bounds(text, start)
    head = text[line_start:start]
    key = strip_mark(head)
    if not key or key[-1] not in BLANKS + "：:":
        return ""
    key = key.rstrip(BLANKS + "：:")
    key_start = start - len(strip_mark(head))
    if not key or any(blocked[key_start:start]) or any(p in key for p in "、。"):
        return ""
    return key if balanced(key) else ""


def without_bracket_note(label: str) -> str:
    """``現年収納率（5料合計）`` → ``現年収納率``; other labels unchanged."""
    if label and label[-1] in CLOSE_BRACKETS:
        opening = max(label.rfind(b) for b in OPEN_BRACKETS)
        if opening > 0:
            return label[:opening]
    return label
