"""The PDFium calls made a list at a time give what one typed call per item gives.

``pdfium_bulk`` makes its calls from the C extension ``_pdfium_bulk`` in the compiled build and
through ctypes otherwise; both ways are checked here against pypdfium2's own typed bindings,
on every page of real PDFs (the ``native`` cases run where the extension is built: ``make
test`` runs them on the compiled build).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from gyokaku.extract import pdfium_bulk as bulk
from gyokaku.extract import pdfium_ffi as ffi
from gyokaku.extract.pdfium_chars import read_char_runs
from tests.conftest import EXPECTED_BUILD, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
PDFS = [FIXTURES / "ruled_table.pdf", FIXTURES / "turned_text.pdf",
        ROOT / "samples" / "okayama_fy2022" / "okayama_fy2022.pdf"]


@pytest.fixture(params=["native", "ctypes"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way of making the calls: the C extension (where built) and ctypes."""
    if request.param == "native":
        if bulk.NATIVE is None:
            pytest.skip("the C extension is part of the compiled build")
    else:
        monkeypatch.setattr(bulk, "NATIVE", None)
    return str(request.param)


def test_the_compiled_build_makes_the_calls_from_c() -> None:
    assert (bulk.NATIVE is not None) == (EXPECTED_BUILD == "compiled")


def pages(pdf: Path) -> Iterator[tuple[int, int, int]]:
    """(page, text page, character count) of each page, as handles."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            handle = ffi.address(page.raw)
            text_page = ffi.load_text_page(handle)
            try:
                yield handle, text_page, ffi.count_chars(text_page)
            finally:
                ffi.close_text_page(text_page)
                page.close()
    finally:
        document.close()


def typed_floats(function: object, handle: object, index: int, kind: type) -> tuple | None:
    out = kind()
    if not function(handle, index, ctypes.byref(out)):  # type: ignore[operator]
        return None
    return tuple(getattr(out, name) for name, _ in kind._fields_)  # type: ignore[attr-defined]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda path: path.name)
def test_character_calls_match_typed_bindings(way: str, pdf: Path) -> None:
    checked = 0
    for _, text_page, count in pages(pdf):
        raw = ctypes.cast(text_page, pdfium_c.FPDF_TEXTPAGE)
        indexes = [*range(0, count, 2), count + 3]  # every other one, and one too far
        objects = bulk.char_objects(text_page, indexes)
        assert objects == [ffi.address(pdfium_c.FPDFText_GetTextObject(raw, index))
                           for index in indexes]
        boxes = bulk.char_boxes(text_page, indexes, ffi.Scratch())
        assert [None if box is None else tuple(box) for box in boxes] == [
            typed_floats(pdfium_c.FPDFText_GetLooseCharBox, raw, index, pdfium_c.FS_RECTF)
            for index in indexes]
        matrices = bulk.char_matrices(text_page, indexes, ffi.Scratch())
        assert matrices == [
            typed_floats(pdfium_c.FPDFText_GetMatrix, raw, index, pdfium_c.FS_MATRIX)
            for index in indexes]
        assert boxes[-1] is None and matrices[-1] is None and objects[-1] == 0
        checked += count
    assert checked > 0


@pytest.mark.parametrize("pdf", PDFS, ids=lambda path: path.name)
def test_object_calls_match_typed_bindings(way: str, pdf: Path) -> None:
    kinds_seen = set()
    for page, _, _ in pages(pdf):
        raw_page = ctypes.cast(page, pdfium_c.FPDF_PAGE)
        count = pdfium_c.FPDFPage_CountObjects(raw_page)
        objects = bulk.page_objects(page, count)
        assert objects == [ffi.address(pdfium_c.FPDFPage_GetObject(raw_page, index))
                           for index in range(count)]
        raw_objects = [ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT) for obj in objects]
        kinds = bulk.object_types(objects)
        assert kinds == [pdfium_c.FPDFPageObj_GetType(obj) for obj in raw_objects]
        kinds_seen.update(kinds)
        # asked of every object, text or not: the others have no font and no size
        assert bulk.fonts(objects) == [ffi.address(pdfium_c.FPDFTextObj_GetFont(obj))
                                       for obj in raw_objects]
        sizes = []
        for obj in raw_objects:
            size = ctypes.c_float()
            ok = pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
            sizes.append(size.value if ok else 0.0)
        assert bulk.font_sizes(objects, ffi.Scratch()) == sizes
    assert {ffi.OBJECT_TEXT, ffi.OBJECT_PATH} <= kinds_seen


def test_nothing_asked_gives_empty_lists(way: str) -> None:
    for page, text_page, _ in pages(FIXTURES / "ruled_table.pdf"):
        assert bulk.char_objects(text_page, []) == []
        assert bulk.char_boxes(text_page, [], ffi.Scratch()) == []
        assert bulk.page_objects(page, 0) == []
        assert bulk.object_types([]) == bulk.fonts([]) == []
        assert bulk.font_sizes([], ffi.Scratch()) == []


def test_runs_are_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    if bulk.NATIVE is None:
        pytest.skip("the C extension is part of the compiled build")
    for pdf in PDFS:
        for _, text_page, _ in pages(pdf):
            native = read_char_runs(text_page, ffi.Scratch())
            with monkeypatch.context() as patched:
                patched.setattr(bulk, "NATIVE", None)
                assert read_char_runs(text_page, ffi.Scratch()) == native


@pytest.fixture()
def native() -> object:
    if bulk.NATIVE is None:
        pytest.skip("the C extension is part of the compiled build")
    return bulk.NATIVE


def test_extension_refuses_bad_arguments(native: object) -> None:
    function = ffi.function_address("FPDFText_GetLooseCharBox")
    with pytest.raises(ValueError, match="null function"):
        native.floats_at(0, 0, [0], 4)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="width"):
        native.floats_at(function, 0, [0], 7)  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="sequence"):
        native.objects_at(function, 0, 3)  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        native.ints_of(function, ["not a handle"])  # type: ignore[attr-defined]
    with pytest.raises(OverflowError):
        native.floats_at(function, 0, [2**40], 4)  # type: ignore[attr-defined]
