"""pdfplumber chars → glyphs: cleaning, page-relative coordinates, fake-bold dedupe."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gyokaku.extract.content import read_page
from gyokaku.extract.glyphs import (
    blank_flags,
    dedupe_glyphs,
    glyph_em,
    glyphs_from_chars,
    inked_count,
    is_blank,
    keep_first,
    near_twins,
)
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


@pytest.mark.parametrize("texts", [
    [" ", "\u3000", "本", "\u00a0", "x"],  # one character each: looked up in C
    [" ", "\u3000\u3000", "本", " a", "fi"],  # longer texts: is_blank on each
])
def test_blank_flags_are_is_blank(texts: list[str]) -> None:
    glyphs = [Glyph(text, 0.0, 0.0, 1.0, 1.0, 1.0) for text in texts]
    assert blank_flags(glyphs) == [is_blank(text) for text in texts]
    assert inked_count(glyphs) == sum(not is_blank(text) for text in texts)
    assert blank_flags([]) == [] and inked_count([]) == 0


def test_only_glyphs_near_a_same_text_glyph_are_compared() -> None:
    a = Glyph("本", 100.0, 50.0, 108.6, 58.6, 8.6)
    doubled = Glyph("本", 100.27, 50.0, 108.87, 58.6, 8.6)
    other_text = Glyph("日", 100.27, 50.0, 108.87, 58.6, 8.6)
    far = Glyph("本", 300.0, 50.0, 308.6, 58.6, 8.6)
    assert near_twins([a, doubled, other_text, far]) == [True, True, False, False]
    assert near_twins([a, other_text]) == [False, False]  # every text drawn once


def test_a_degenerate_page_compares_every_glyph() -> None:
    # one-nanopoint glyphs a page apart: the screening grid would need too many cells
    far_apart = [Glyph("x", x0, 0.0, x0 + 1e-9, 1e-9, 1e-9) for x0 in (0.0, 1e3, 1e9)]
    assert near_twins(far_apart) == [True] * 3
    assert dedupe_glyphs(far_apart) == far_apart


glyph_sets = st.lists(
    st.builds(
        Glyph,
        text=st.sampled_from("本日lx"),
        x0=st.integers(0, 40).map(lambda n: n * 1.7),
        top=st.integers(0, 6).map(lambda n: n * 2.3),
        x1=st.just(0.0),
        bottom=st.just(0.0),
        size=st.sampled_from([1.0, 8.6, 10.0, 24.0]),
        font=st.just("F"),
        upright=st.booleans(),
    ).map(lambda g: g._replace(x1=g.x0 + g.size * 0.6, bottom=g.top + g.size)),
    max_size=80,
)


@given(glyph_sets, st.lists(st.floats(-0.2, 0.2), min_size=80, max_size=80))
@settings(max_examples=300, deadline=None)
def test_screening_keeps_the_same_glyphs_as_comparing_all(glyphs: list[Glyph],
                                                          jitter: list[float]) -> None:
    """Duplicates (jittered copies) and near misses: the screen changes nothing."""
    jittered = [g._replace(x0=g.x0 + d, x1=g.x1 + d) for g, d in zip(glyphs, jitter, strict=False)]
    mixed = glyphs + jittered
    assert dedupe_glyphs(mixed) == keep_first(mixed, [True] * len(mixed))


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
