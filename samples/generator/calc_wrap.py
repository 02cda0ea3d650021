"""Japanese line breaking for spreadsheet cells, measured with the body font's metrics.

LibreOffice Calc opens .xlsx cells with its forbidden-character rules switched
off, so it would start lines with 、 or 。, which a Japanese spreadsheet never
does.  The renderer therefore breaks every cell's lines itself, the way a
Japanese spreadsheet wraps: anywhere between Japanese characters, never inside
a run of ASCII letters and digits unless the run is longer than the line, and
with the usual kinsoku rules (no 、。）」・ at a line start, no （「【 at a line
end).  The lines are written into the cells as explicit breaks, which makes
every row height exact.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

BODY_FONT = "IPAexGothic"
BODY_FONT_FILES = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
)

# LibreOffice's ja-JP locale lists (the same as a Japanese spreadsheet's standard level).
NO_LINE_START = frozenset(
    "!%),.:;?]}¢°’”‰′″℃、。々〉》」』】〕゛゜ゝゞ・ヽヾ！％），．：；？］｝｡｣､･ﾞﾟ￠"
)
NO_LINE_END = frozenset("$([\\{£¥‘“〈《「『【〔＄（［｛｢￡￥")
_WORD_PUNCTUATION = frozenset(".,%")


@lru_cache(maxsize=1)
def _register_body_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = next((p for p in BODY_FONT_FILES if p.exists()), None)
    if path is None:
        raise FileNotFoundError(f"{BODY_FONT} not found (apt-get install fonts-ipaexfont)")
    pdfmetrics.registerFont(TTFont(BODY_FONT, str(path)))
    return BODY_FONT


@lru_cache(maxsize=4096)
def _char_em(char: str) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(char, _register_body_font(), 1000)) / 1000


def text_width(text: str, size: float) -> float:
    """Advance width of ``text`` in points, set in the body font at ``size``."""
    return sum(_char_em(char) for char in text) * size


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in _WORD_PUNCTUATION)


def can_break_before(text: str, index: int) -> bool:
    """True when a line may end between ``text[index - 1]`` and ``text[index]``."""
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (_is_word_char(before) and _is_word_char(after))


def _fit_end(text: str, start: int, width: float, size: float) -> int:
    """The largest end such that ``text[start:end]`` fits (at least one character)."""
    used = 0.0
    end = start
    while end < len(text):
        advance = text_width(text[end], size)
        if used + advance > width:
            break
        used += advance
        end += 1
    return max(end, start + 1)


def _break_at(text: str, start: int, end: int) -> int:
    """Move a break back from ``end`` to the nearest allowed position after ``start``."""
    index = end
    while index > start and not can_break_before(text, index):
        index -= 1
    return index if index > start else end


def wrap_line(line: str, width: float, size: float) -> list[str]:
    """Break one paragraph line into printed lines no wider than ``width`` points.

    A space at a break stays at the end of the earlier line (it does not count
    toward the width there).
    """
    lines: list[str] = []
    start = 0
    while text_width(line[start:].rstrip(" "), size) > width:
        end = _fit_end(line, start, width, size)
        brk = _break_at(line, start, end)
        while brk < len(line) and line[brk] == " ":
            brk += 1
        lines.append(line[start:brk])
        start = brk
    if start < len(line) or not lines:
        lines.append(line[start:])
    return lines


def wrap_text(text: str, width: float, size: float) -> list[str]:
    """Printed lines of a cell: every ``\\n`` line broken to ``width`` points."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap_line(paragraph, width, size))
    return lines
