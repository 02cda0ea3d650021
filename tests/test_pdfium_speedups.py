"""The pdfium engine's fast paths give what the plain ways give.

Out-parameters go to PDFium as plain addresses, the calls made per
character and per path segment take their arguments unconverted, page x
and matrix flags are remembered: each is checked here against pypdfium2's
own typed bindings or the uncached computation.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from gyokaku.extract import pdfium_ffi as ffi
from gyokaku.extract.pdfium_chars import read_char_runs
from gyokaku.extract.pdfium_glyphs import PageX, user_box
from gyokaku.extract.pdfium_objects import page_objects
from gyokaku.extract.pdfium_source import page_frame
from gyokaku.extract.pdfium_styles import ALIGNED, StyleReader, device_flags, linear_flags
from gyokaku.extract.units import coord

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.fixture()
def text_page() -> Iterator[tuple[pdfium.PdfPage, int]]:
    document = pdfium.PdfDocument(str(FIXTURES / "ruled_table.pdf"))
    page = document[0]
    handle = ffi.load_text_page(ffi.address(page.raw))
    try:
        yield page, handle
    finally:
        ffi.close_text_page(handle)
        page.close()
        document.close()


def test_char_out_parameters_match_typed_bindings(text_page: tuple[pdfium.PdfPage, int]) -> None:
    _, handle = text_page
    raw = ctypes.cast(handle, pdfium_c.FPDF_TEXTPAGE)
    scratch = ffi.Scratch()
    records = [record for run in read_char_runs(handle, scratch) for record in run]
    assert records
    for record in records[:20]:
        rect = pdfium_c.FS_RECTF()
        assert pdfium_c.FPDFText_GetLooseCharBox(raw, record.index, ctypes.byref(rect))
        assert (record.left, record.bottom, record.right, record.top) == (
            rect.left, rect.bottom, rect.right, rect.top)
        assert ffi.char_text_object(ffi.handle_arg(handle), record.index) == record.obj
        assert ffi.address(pdfium_c.FPDFText_GetTextObject(raw, record.index)) == record.obj
        matrix = pdfium_c.FS_MATRIX()
        assert pdfium_c.FPDFText_GetMatrix(raw, record.index, ctypes.byref(matrix))
        assert ffi.char_matrix(ffi.handle_arg(handle), record.index, scratch.matrix_arg)
        assert scratch.read_matrix() == (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e,
                                         matrix.f)
        x, y = ctypes.c_double(), ctypes.c_double()
        assert pdfium_c.FPDFText_GetCharOrigin(raw, record.index, ctypes.byref(x), ctypes.byref(y))
        assert ffi.get_char_origin(handle, record.index, *scratch.double_refs)
        assert (scratch.doubles[0].value, scratch.doubles[1].value) == (x.value, y.value)
        size = ctypes.c_float()
        text_object = ctypes.cast(record.obj, pdfium_c.FPDF_PAGEOBJECT)
        assert pdfium_c.FPDFTextObj_GetFontSize(text_object, ctypes.byref(size))
        assert ffi.text_object_size(record.obj, scratch) == size.value


def test_path_out_parameters_match_typed_bindings(text_page: tuple[pdfium.PdfPage, int]) -> None:
    page, _ = text_page
    scratch = ffi.Scratch()
    paths = [obj for kind, obj, _ in page_objects(ffi.address(page.raw), scratch)
             if kind == ffi.OBJECT_PATH]
    assert paths
    for path in paths[:10]:
        typed = ctypes.cast(path, pdfium_c.FPDF_PAGEOBJECT)
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        assert pdfium_c.FPDFPath_GetDrawMode(typed, ctypes.byref(fill), ctypes.byref(stroke))
        assert ffi.path_draw_mode(path, *scratch.int_refs)
        assert (scratch.ints[0].value, scratch.ints[1].value) == (fill.value, stroke.value)
        colour = [ctypes.c_uint() for _ in range(4)]
        typed_ok = pdfium_c.FPDFPageObj_GetStrokeColor(typed, *map(ctypes.byref, colour))
        assert bool(ffi.stroke_color(path, *scratch.colour_refs)) == bool(typed_ok)
        if typed_ok:
            assert [value.value for value in scratch.colour] == [value.value for value in colour]
        bounds = [ctypes.c_float() for _ in range(4)]
        assert pdfium_c.FPDFPageObj_GetBounds(typed, *map(ctypes.byref, bounds))
        assert ffi.object_width(path, scratch) == abs(bounds[2].value - bounds[0].value)
        count = pdfium_c.FPDFPath_CountSegments(typed)
        assert count > 0
        for index in range(count):
            segment = pdfium_c.FPDFPath_GetPathSegment(typed, index)
            unchecked = ffi.path_segment(ffi.handle_arg(path), index)
            assert isinstance(unchecked, ffi.SegmentArg)
            assert unchecked.value == ffi.address(segment)
            x, y = ctypes.c_float(), ctypes.c_float()
            assert pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            assert ffi.segment_point(unchecked, *scratch.float_args[:2])
            assert (scratch.floats[0].value, scratch.floats[1].value) == (x.value, y.value)
            assert ffi.segment_type(unchecked) == pdfium_c.FPDFPathSegment_GetType(segment)
            assert ffi.segment_close(unchecked) == pdfium_c.FPDFPathSegment_GetClose(segment)


def test_generated_flags_match_typed_bindings(text_page: tuple[pdfium.PdfPage, int]) -> None:
    _, handle = text_page
    raw = ctypes.cast(handle, pdfium_c.FPDF_TEXTPAGE)
    flags = [ffi.char_is_generated(ffi.handle_arg(handle), index)
             for index in range(ffi.count_chars(handle))]
    assert flags == [pdfium_c.FPDFText_IsGenerated(raw, index)
                     for index in range(ffi.count_chars(handle))]
    assert 1 in flags  # the fixture has characters PDFium made up (line breaks)


@pytest.mark.parametrize("rotation", [0, 180])
def test_page_x_is_coord_of_the_frame_map(rotation: int) -> None:
    frame = page_frame((0.0, 0.0, 595.0, 842.0), rotation)
    page_x = PageX(frame)
    for x in (0.0, -0.0, 12.3456, 12.3456, 100.0005, 1e-12, -3.0, float("inf")):
        expected = coord(frame.ax * x + frame.cx)
        assert page_x[x] == expected
        assert str(page_x[x]) == str(expected)  # the sign of zero too


@pytest.mark.parametrize("device", [(1.0, 0.0, 0.0, 1.0), (0.0, -1.0, 1.0, 0.0),
                                    (-1.0, 0.0, 0.0, -1.0), (0.0, 1.0, -1.0, 0.0)])
@pytest.mark.parametrize("matrix", [(1.0, 0.0, 0.0, 1.0), (-0.0, 1.0, -1.0, 0.0),
                                    (0.0, 1.0, -1.0, -0.0), (0.7, 0.7, -0.7, 0.7),
                                    (1.0, 0.0, 0.3, 1.0), (-1.0, 0.0, 0.0, -1.0)])
def test_linear_flags(matrix: tuple[float, float, float, float],
                      device: tuple[float, float, float, float]) -> None:
    a, b, c, d = matrix
    upright, turned, along_x, along_y = linear_flags(matrix, device)
    assert (upright, turned) == device_flags(matrix, device)
    assert along_x == (abs(b) < ALIGNED and abs(c) < ALIGNED)
    assert along_y == (abs(a) < ALIGNED and abs(d) < ALIGNED)


def test_general_box_reads_the_origin(text_page: tuple[pdfium.PdfPage, int]) -> None:
    """A skewed style takes the general path, which asks PDFium for the character's origin."""
    _, handle = text_page
    scratch = ffi.Scratch()
    record = read_char_runs(handle, scratch)[0][0]
    styles = StyleReader(handle, page_frame((0.0, 0.0, 595.0, 842.0), 0), scratch)
    style = styles.make(record.obj, (1.0, 0.2, 0.2, 1.0, 0.0, 0.0))
    assert not (style.along_x or style.along_y)
    ffi.get_char_origin(handle, record.index, *scratch.double_refs)
    ox, oy = scratch.doubles[0].value, scratch.doubles[1].value
    x0, y0, _, _ = user_box(record, style, False, handle, scratch)
    assert (x0, y0) == (ox + 0.2 * style.descent, oy + 1.0 * style.descent)


def test_char_runs_are_the_longest_runs_of_one_text_object(
        text_page: tuple[pdfium.PdfPage, int]) -> None:
    _, handle = text_page
    runs = read_char_runs(handle, ffi.Scratch())
    assert len(runs) > 1
    assert all(run and {record.obj for record in run} == {run[0].obj} for run in runs)
    assert all(before[-1].obj != after[0].obj for before, after in itertools.pairwise(runs))
    indexes = [record.index for run in runs for record in run]
    assert indexes == sorted(indexes)  # the text page's order
