"""The few PDFium functions the pdfium engine calls, bound for speed.

pypdfium2's raw bindings type every handle as a distinct pointer class,
which costs a conversion on each of the hundreds of thousands of calls a
long report needs (a few per character).  Here the same C functions are
re-bound with plain ``void *`` handles, passed as integers, and the
out-parameters are written into small preallocated structures.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

Handle = int  # an opaque PDFium handle (page, text page, page object...) as an address

SEGMENT_LINETO = int(pdfium_c.FPDF_SEGMENT_LINETO)
SEGMENT_BEZIERTO = int(pdfium_c.FPDF_SEGMENT_BEZIERTO)
SEGMENT_MOVETO = int(pdfium_c.FPDF_SEGMENT_MOVETO)
OBJECT_TEXT = int(pdfium_c.FPDF_PAGEOBJ_TEXT)
OBJECT_PATH = int(pdfium_c.FPDF_PAGEOBJ_PATH)
OBJECT_FORM = int(pdfium_c.FPDF_PAGEOBJ_FORM)
ERROR_PASSWORD = int(pdfium_c.FPDF_ERR_PASSWORD)
ERROR_SECURITY = int(pdfium_c.FPDF_ERR_SECURITY)

_VOID_P = ctypes.c_void_p
_INT = ctypes.c_int
# Out-parameters are passed as the plain address of a Scratch structure: a typed
# pointer (or byref) costs a conversion on every call, about a third of a short call.
_OUT = ctypes.c_void_p


def function_address(name: str) -> int:
    """The address of the PDFium function ``name``, as pypdfium2 bound it."""
    return ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value or 0


def _rebind(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The PDFium function ``name`` called through a prototype with simpler types."""
    prototype = ctypes.CFUNCTYPE(restype, *argtypes)
    return prototype(function_address(name))


def _rebind_unchecked(name: str, restype: Any) -> Callable[..., Any]:
    """The PDFium function ``name`` called with no argument conversion at all.

    Converting arguments through a prototype makes a ctypes object for each one,
    about a third of a call as short as these.  Unconverted, a Python integer goes
    to C as an ``int``: handles and out-parameters must be passed as
    ``ctypes.c_void_p`` objects, made once (see :func:`handle_arg`).
    """
    function = _rebind(name, restype)
    function.argtypes = None  # type: ignore[attr-defined]
    return function


# text pages
load_text_page = _rebind("FPDFText_LoadPage", _VOID_P, _VOID_P)
close_text_page = _rebind("FPDFText_ClosePage", None, _VOID_P)
count_chars = _rebind("FPDFText_CountChars", _INT, _VOID_P)
get_text = _rebind("FPDFText_GetText", _INT, _VOID_P, _INT, _INT, _VOID_P)
get_unicode = _rebind("FPDFText_GetUnicode", ctypes.c_uint, _VOID_P, _INT)
is_hyphen = _rebind("FPDFText_IsHyphen", _INT, _VOID_P, _INT)
get_char_origin = _rebind("FPDFText_GetCharOrigin", _INT, _VOID_P, _INT, _OUT, _OUT)
# the calls made for every character or text object: (text page, index[, out]), the text
# page and the out-parameter as handle_arg objects
char_text_object = _rebind_unchecked("FPDFText_GetTextObject", _VOID_P)
char_loose_box = _rebind_unchecked("FPDFText_GetLooseCharBox", _INT)
char_is_generated = _rebind_unchecked("FPDFText_IsGenerated", _INT)
char_matrix = _rebind_unchecked("FPDFText_GetMatrix", _INT)

# fonts of text objects
text_object_font_size = _rebind("FPDFTextObj_GetFontSize", _INT, _VOID_P, _OUT)
text_object_font = _rebind("FPDFTextObj_GetFont", _VOID_P, _VOID_P)
font_ascent = _rebind("FPDFFont_GetAscent", _INT, _VOID_P, ctypes.c_float, _OUT)
font_descent = _rebind("FPDFFont_GetDescent", _INT, _VOID_P, ctypes.c_float, _OUT)
font_base_name = _rebind("FPDFFont_GetBaseFontName", ctypes.c_size_t, _VOID_P, _VOID_P,
                         ctypes.c_size_t)

# page objects and paths
count_page_objects = _rebind("FPDFPage_CountObjects", _INT, _VOID_P)
get_page_object = _rebind("FPDFPage_GetObject", _VOID_P, _VOID_P, _INT)
count_form_objects = _rebind("FPDFFormObj_CountObjects", _INT, _VOID_P)
get_form_object = _rebind("FPDFFormObj_GetObject", _VOID_P, _VOID_P, ctypes.c_ulong)
object_type = _rebind("FPDFPageObj_GetType", _INT, _VOID_P)
object_matrix = _rebind("FPDFPageObj_GetMatrix", _INT, _VOID_P, _OUT)
object_bounds = _rebind("FPDFPageObj_GetBounds", _INT, _VOID_P, _OUT, _OUT, _OUT, _OUT)
path_draw_mode = _rebind("FPDFPath_GetDrawMode", _INT, _VOID_P, _OUT, _OUT)
stroke_color = _rebind("FPDFPageObj_GetStrokeColor", _INT, _VOID_P, _OUT, _OUT, _OUT, _OUT)
fill_color = _rebind("FPDFPageObj_GetFillColor", _INT, _VOID_P, _OUT, _OUT, _OUT, _OUT)
count_segments = _rebind("FPDFPath_CountSegments", _INT, _VOID_P)


class SegmentArg(ctypes.c_void_p):
    """A path segment handle, returned by :data:`path_segment` as the argument object the
    segment calls take (a plain ``c_void_p`` result would come back as an integer)."""


# the calls made for every path segment: (path, index) with the path as a handle_arg object,
# then (segment[, out, out]) with the SegmentArg returned
path_segment = _rebind_unchecked("FPDFPath_GetPathSegment", SegmentArg)
segment_point = _rebind_unchecked("FPDFPathSegment_GetPoint", _INT)
segment_type = _rebind_unchecked("FPDFPathSegment_GetType", _INT)
segment_close = _rebind_unchecked("FPDFPathSegment_GetClose", _INT)


def handle_arg(handle: Handle) -> ctypes.c_void_p:
    """A handle or address as the argument object the unchecked functions take."""
    return ctypes.c_void_p(handle)


def address(pointer: Any) -> Handle:
    """The address held by a pypdfium2 raw pointer (0 for NULL)."""
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


Matrix = tuple[float, float, float, float, float, float]


class Scratch:
    """Preallocated out-parameters for the calls above (one per reading, not shared).

    Each ``*_ref`` is the address of the structure beside it, as the typed calls take it;
    each ``*_arg`` the same address as the argument object the unchecked calls take.
    """

    def __init__(self) -> None:
        """Allocate the structures and note their addresses once."""
        self.rect = pdfium_c.FS_RECTF()
        # the same memory as four floats (left, top, right, bottom): one slice reads them all
        self.rect_values = (ctypes.c_float * 4).from_buffer(self.rect)
        self.rect_arg = handle_arg(ctypes.addressof(self.rect))  # only the unchecked call
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.addressof(self.matrix)
        self.matrix_values = (ctypes.c_float * 6).from_buffer(self.matrix)
        self.matrix_arg = handle_arg(self.matrix_ref)
        self.floats = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self.float_refs = tuple(ctypes.addressof(value) for value in self.floats)
        self.float_args = tuple(handle_arg(ref) for ref in self.float_refs)
        self.doubles = (ctypes.c_double(), ctypes.c_double())
        self.double_refs = tuple(ctypes.addressof(value) for value in self.doubles)
        self.ints = (ctypes.c_int(), ctypes.c_int())
        self.int_refs = tuple(ctypes.addressof(value) for value in self.ints)
        self.colour = tuple(ctypes.c_uint() for _ in range(4))
        self.colour_refs = tuple(ctypes.addressof(value) for value in self.colour)

    def read_matrix(self) -> Matrix:
        """The matrix last written into :attr:`matrix`."""
        return tuple(self.matrix_values[:])  # type: ignore[return-value]  # six floats


def page_text(text_page: Handle, count: int) -> str | None:
    """All ``count`` characters of a text page in one call, or ``None`` if they are not
    one UTF-16 unit each (then each character must be asked for on its own)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = get_text(text_page, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="surrogatepass")
    return text if len(text) == count else None


def char_text(text_page: Handle, index: int) -> str:
    """One character's text, also outside the basic multilingual plane."""
    code = get_unicode(text_page, index)
    return chr(code) if 0 <= code <= 0x10FFFF else ""


def text_object_size(text_object: Handle, scratch: Scratch) -> float:
    """The font size (Tf) of a text object, before any matrix."""
    ok = text_object_font_size(text_object, scratch.float_refs[0])
    return scratch.floats[0].value if ok else 0.0


def object_width(obj: Handle, scratch: Scratch) -> float:
    """The width of a page object's bounding box in user space (0 when unknown)."""
    if not object_bounds(obj, *scratch.float_refs):
        return 0.0
    left, _, right, _ = (value.value for value in scratch.floats)
    return abs(right - left)


def font_metric(font: Handle, scratch: Scratch, *, descent: bool) -> float:
    """The font's ascent or descent as a fraction of the em (descent is negative)."""
    reader = font_descent if descent else font_ascent
    ok = reader(font, 1000.0, scratch.float_refs[0]) if font else 0
    return float(scratch.floats[0].value) / 1000.0 if ok else 0.0


def font_name(font: Handle) -> str:
    """The font's base name as PDFium reports it (subset tag removed)."""
    if not font:
        return ""
    size = font_base_name(font, None, 0)
    if size <= 1:
        return ""
    buffer = ctypes.create_string_buffer(size)
    font_base_name(font, buffer, size)
    return buffer.value.decode("utf-8", errors="replace")
