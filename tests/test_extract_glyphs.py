"""pdfplumber chars → glyphs: cleaning, page-relative coordinates, fake-bold dedupe."""

from __future__ import annotations

from pathlib import Path

from gyokaku.extract.content import read_page
from gyokaku.extract.glyphs import dedupe_glyphs, glyph_em, glyphs_from_chars
from gyokaku.extract.source import open_pdf
from gyokaku.model import Glyph

CORPUS = Path("/work/shared/corpus/realworld")


def char(
    text: str, x0: float, top: float, size: float = 10.0, **extra: object
) -> dict[str, object]:
    base = {
        "text": text, "x0": x0, "x1": x0 + size, "top": top, "bottom": top + size,
        "size": size, "fontname": "ABCDEF+Gothic", "upright": True,
        "matrix": (size, 0, 0, size, x0, 0), "width": size, "height": size,
    }  # fmt: skip
    return base | extra


def test_control_characters_and_empty_glyphs_are_dropped() -> None:
    glyphs = glyphs_from_chars([char("\x00", 0, 0), char("", 10, 0), char("a\u200b", 20, 0)])
    assert [g.text for g in glyphs] == ["a"]


def test_spaces_are_kept() -> None:
    assert [g.text for g in glyphs_from_chars([char(" ", 0, 0), char("\u3000", 10, 0)])] == [
        " ",
        "\u3000",
    ]


def test_coordinates_move_to_the_page_box_and_off_page_glyphs_go() -> None:
    glyphs = glyphs_from_chars(
        [char("内", 150, 250), char("外", 900, 250)], origin=(100, 200), page_size=(500, 400)
    )
    assert glyphs == [Glyph("内", 50, 50, 60, 60, 10.0, "ABCDEF+Gothic", True)]


def test_non_finite_coordinates_are_dropped() -> None:
    assert glyphs_from_chars([char("x", float("nan"), 0)]) == []


def test_turned_glyph_size_is_its_box_width() -> None:
    # turned by 90°: pdfminer's size is the advance (box height), the font size is the width
    turned = char("担", 0, 0, width=10.0, height=7.0, size=7.0, matrix=(0, 10, -10, 0, 0, 0))
    assert glyph_em(turned) == 10.0


def test_fake_bold_doubles_are_read_once() -> None:
    a = Glyph("本", 100.0, 50.0, 108.6, 58.6, 8.6)
    doubled = Glyph("本", 100.27, 50.0, 108.87, 58.6, 8.6)
    neighbour = Glyph("本", 108.6, 50.0, 117.2, 58.6, 8.6)
    assert dedupe_glyphs([a, neighbour, doubled]) == [a, neighbour]


def test_narrow_repeated_letters_are_not_doubles() -> None:
    first = Glyph("l", 10.0, 0.0, 12.2, 10.0, 10.0)
    second = Glyph("l", 12.2, 0.0, 14.4, 10.0, 10.0)
    assert dedupe_glyphs([first, second]) == [first, second]


def test_real_fake_bold_pdf_reads_each_glyph_once() -> None:
    with open_pdf(CORPUS / "pdfplumber__issue-71-duplicate-chars.pdf") as pdf:
        page = pdf.pages[0]
        glyphs = read_page(page, 0).glyphs
        expected = len(page.dedupe_chars().chars)  # pdfplumber's own answer for this page
    assert len(glyphs) == expected == 1078
    seen: dict[tuple[str, int, int], Glyph] = {}
    for glyph in glyphs:
        key = (glyph.text, round(glyph.x0), round(glyph.top))
        assert key not in seen, (glyph, seen[key])
        seen[key] = glyph
