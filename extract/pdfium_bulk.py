"""PDFium calls repeated over a page's characters or objects, one list at a time.

Reading a page calls a few PDFium functions once per character or text
object: thousands of calls a page, each costing far more in ctypes than
PDFium spends answering it.  The compiled build (``setup.py``) brings the C
extension ``_pdfium_bulk``, which makes a whole list of calls in one;
without it, each call goes through ctypes here.  Both give the same lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from . import pdfium_ffi as ffi

Box = Sequence[float]  # left, top, right, bottom, as FS_RECTF holds them


def _native() -> ModuleType | None:
    try:
        from . import _pdfium_bulk
    except ImportError:  # a build without the extension
        return None
    return _pdfium_bulk


NATIVE = _native()

_TEXT_OBJECT = ffi.function_address("FPDFText_GetTextObject")
_LOOSE_BOX = ffi.function_address("FPDFText_GetLooseCharBox")
_CHAR_MATRIX = ffi.function_address("FPDFText_GetMatrix")
_PAGE_OBJECT = ffi.function_address("FPDFPage_GetObject")
_OBJECT_TYPE = ffi.function_address("FPDFPageObj_GetType")
_FONT = ffi.function_address("FPDFTextObj_GetFont")
_FONT_SIZE = ffi.function_address("FPDFTextObj_GetFontSize")


def char_objects(text_page: ffi.Handle, indexes: Sequence[int]) -> list[int]:
    """The text object of each character of ``indexes`` (0 for none)."""
    if NATIVE is not None:
        return NATIVE.objects_at(_TEXT_OBJECT, text_page, indexes)
    page_arg, text_object = ffi.handle_arg(text_page), ffi.char_text_object
    return [text_object(page_arg, index) or 0 for index in indexes]


def char_boxes(text_page: ffi.Handle, indexes: Sequence[int], scratch: ffi.Scratch
               ) -> list[Box | None]:
    """The loose box of each character of ``indexes`` (``None`` when PDFium has none)."""
    if NATIVE is not None:
        return NATIVE.floats_at(_LOOSE_BOX, text_page, indexes, 4)
    page_arg, loose_box = ffi.handle_arg(text_page), ffi.char_loose_box
    box, box_arg = scratch.rect_values, scratch.rect_arg
    return [box[:] if loose_box(page_arg, index, box_arg) else None for index in indexes]


def char_matrices(text_page: ffi.Handle, indexes: Sequence[int], scratch: ffi.Scratch
                  ) -> list[ffi.Matrix | None]:
    """The matrix of the text object of each character of ``indexes`` (text space → user
    space, with the form matrices), ``None`` when PDFium has none."""
    if NATIVE is not None:
        return NATIVE.floats_at(_CHAR_MATRIX, text_page, indexes, 6)
    page_arg, matrix_arg = ffi.handle_arg(text_page), scratch.matrix_arg
    return [scratch.read_matrix() if ffi.char_matrix(page_arg, index, matrix_arg) else None
            for index in indexes]


def page_objects(page: ffi.Handle, count: int) -> list[int]:
    """The first ``count`` objects of a page, in drawing order (0 for a missing one)."""
    if NATIVE is not None:
        return NATIVE.objects_at(_PAGE_OBJECT, page, range(count))
    return [ffi.get_page_object(page, index) or 0 for index in range(count)]


def object_types(objects: Sequence[int]) -> list[int]:
    """The type of each page object (``FPDF_PAGEOBJ_*``; unknown, 0, for a null one)."""
    if NATIVE is not None:
        return NATIVE.ints_of(_OBJECT_TYPE, objects)
    return [ffi.object_type(obj) for obj in objects]


def fonts(text_objects: Sequence[int]) -> list[int]:
    """The font of each text object (0 for none)."""
    if NATIVE is not None:
        return NATIVE.pointers_of(_FONT, text_objects)
    return [ffi.text_object_font(obj) or 0 for obj in text_objects]


def font_sizes(text_objects: Sequence[int], scratch: ffi.Scratch) -> list[float]:
    """The font size (Tf) of each text object, before any matrix (0 when unknown)."""
    if NATIVE is not None:
        sizes = NATIVE.floats_of(_FONT_SIZE, text_objects)
        return [0.0 if size is None else size for size in sizes]
    return [ffi.text_object_size(obj, scratch) for obj in text_objects]
