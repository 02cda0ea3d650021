"""Measured line wrapping for the reportlab renderings: Japanese breaks anywhere, simple kinsoku.

Each content line (``"\\n"``) starts a new printed line.  A paragraph line (one
that does not open with a mark such as ・ ※ 【 （) can be indented by position:
its first printed line is shifted right by one em, no space glyph is printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.generator.direct_fonts import text_width

# characters that may not open a printed line (kinsoku); a blank stays at the end of its line
# and a middle dot never opens a wrapped line, where it would read as a bullet
NO_LINE_START = frozenset(
    "、。，．,.）)〕］]｝}〉》」』】・ー－！？!?：；:;％%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ 　"
)
NO_LINE_END = frozenset("（(〔［[｛{〈《「『【")
PARAGRAPH_MARKS = frozenset("・※【（(〔［「『＜<→⇒○〇◎●■□◆◇") | frozenset(
    map(chr, range(0x2460, 0x2474))
)


@dataclass(frozen=True)
class PrintedLine:
    """One printed line of a cell: its text and its x offset from the cell's text origin."""

    text: str
    indent: float = 0.0


def is_paragraph(line: str) -> bool:
    """True when a content line opens with no mark (so it is indented by one em)."""
    return bool(line) and line[0] not in PARAGRAPH_MARKS


def _fit(text: str, start: int, font: str, size: float, width: float) -> int:
    """End index of the longest run from ``start`` that fits ``width`` (at least one char)."""
    used = 0.0
    end = start
    while end < len(text):
        advance = text_width(text[end], font, size)
        if used + advance > width and end > start:
            break
        used += advance
        end += 1
    return end


def _kinsoku_break(text: str, start: int, end: int) -> int:
    """Move a break at ``end`` left until no forbidden character meets it."""
    if end >= len(text):
        return end
    cut = end
    while cut - start > 1 and (text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
        cut -= 1
    return cut if cut - start > 1 else end


def wrap_text(
    text: str, font: str, size: float, width: float, first_indent: float = 0.0
) -> list[str]:
    """Break one content line into printed lines no wider than ``width`` points."""
    pieces: list[str] = []
    start = 0
    available = width - first_indent
    while start < len(text):
        end = _kinsoku_break(text, start, _fit(text, start, font, size, available))
        pieces.append(text[start:end])
        start = end
        available = width
    return pieces or [""]


def layout_text(
    text: str | None, font: str, size: float, width: float, indent_paragraphs: bool = False
) -> list[PrintedLine]:
    """Printed lines of a cell text: content lines wrapped to ``width``, paragraphs indented."""
    if not text:
        return []
    printed: list[PrintedLine] = []
    for line in text.split("\n"):
        indent = size if indent_paragraphs and is_paragraph(line) else 0.0
        for k, piece in enumerate(wrap_text(line, font, size, width, indent)):
            printed.append(PrintedLine(piece, indent if k == 0 else 0.0))
    return printed
