"""Opening a PDF with PDFium, and where its pages' points land.

Errors are mapped to those of :mod:`gyokaku.errors` exactly as
:mod:`gyokaku.extract.source` does for pdfplumber.  Page coordinates follow
pdfplumber's convention: origin at the top-left corner of the MediaBox as
the page is displayed (``/Rotate`` applied), ``top`` growing downwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from gyokaku.errors import EncryptedError, GyokakuError, LimitExceededError, NotAPdfError

from . import pdfium_ffi as ffi
from .quiet import quiet
from .source import check_header, describe_exception

# pdfminer's device matrix for each /Rotate (its linear part): used to tell
# upright and turned glyphs the way pdfplumber does.
DEVICE_ROTATION: dict[int, tuple[float, float, float, float]] = {
    0: (1.0, 0.0, 0.0, 1.0),
    90: (0.0, -1.0, 1.0, 0.0),
    180: (-1.0, 0.0, 0.0, -1.0),
    270: (0.0, 1.0, -1.0, 0.0),
}


def open_error(path: str | Path, exc: BaseException, password: str | None) -> GyokakuError:
    """Map an exception raised while PDFium opens a document to a :class:`GyokakuError`."""
    code = getattr(exc, "err_code", None)
    if code == ffi.ERROR_PASSWORD:
        if not password:
            return EncryptedError(str(path), "encrypted: a password is needed (--password)")
        return EncryptedError(str(path), "encrypted: the password is wrong")
    if code == ffi.ERROR_SECURITY:
        detail = describe_exception(exc)
        return EncryptedError(str(path), f"encrypted in an unsupported way ({detail})")
    if isinstance(exc, MemoryError):
        return LimitExceededError(str(path), "out of memory while opening the PDF")
    return NotAPdfError(str(path), f"unreadable PDF ({describe_exception(exc)})")


@contextmanager
def open_document(path: str | Path, password: str | None = None) -> Iterator[pdfium.PdfDocument]:
    """Open ``path`` with PDFium; yield the document and close it after.

    Raises :class:`NotAPdfError` or :class:`EncryptedError` like
    :func:`gyokaku.extract.source.open_pdf`.
    """
    check_header(path)
    try:
        with quiet():
            document = pdfium.PdfDocument(str(path), password=password)
    except Exception as exc:  # PDFium reports every failure as one error type
        raise open_error(path, exc, password) from None
    try:
        if len(document) == 0:
            raise NotAPdfError(str(path), "the PDF has no readable pages")
        yield document
    finally:
        with quiet(), suppress(Exception):
            document.close()


@dataclass(frozen=True, slots=True)
class PageFrame:
    """A page's size as displayed and the map from PDF user space to page coordinates.

    A user-space point ``(x, y)`` lands at ``(ax*x + bx*y + cx, ay*x + by*y + cy)``;
    ``device`` is the linear part of pdfminer's matrix for the page's rotation.
    """

    width: float
    height: float
    ax: float
    bx: float
    cx: float
    ay: float
    by: float
    cy: float
    device: tuple[float, float, float, float]

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Where the user-space point ``(x, y)`` lands on the displayed page."""
        return (self.ax * x + self.bx * y + self.cx, self.ay * x + self.by * y + self.cy)


def page_frame(mediabox: tuple[float, float, float, float], rotation: int) -> PageFrame:
    """The frame of a page with this MediaBox (any two opposite corners) and ``/Rotate``."""
    x0, x1 = sorted((float(mediabox[0]), float(mediabox[2])))
    y0, y1 = sorted((float(mediabox[1]), float(mediabox[3])))
    rotation = rotation % 360 if rotation % 90 == 0 else 0
    device = DEVICE_ROTATION[rotation]
    if rotation == 90:
        return PageFrame(y1 - y0, x1 - x0, 0.0, 1.0, -y0, 1.0, 0.0, -x0, device)
    if rotation == 180:
        return PageFrame(x1 - x0, y1 - y0, -1.0, 0.0, x1, 0.0, 1.0, -y0, device)
    if rotation == 270:
        return PageFrame(y1 - y0, x1 - x0, 0.0, -1.0, y1, -1.0, 0.0, x1, device)
    return PageFrame(x1 - x0, y1 - y0, 1.0, 0.0, -x0, 0.0, -1.0, y1, device)


def frame_of(page: pdfium.PdfPage) -> PageFrame:
    """The frame of a loaded PDFium page."""
    return page_frame(page.get_mediabox(), int(page.get_rotation()))
