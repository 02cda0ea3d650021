"""Cheap checks of a PDF's size before any page is read.

pdfplumber builds every page object when a document is opened, and a page
is parsed in full when it is read; a file with a million pages, millions
of objects or pages metres wide would exhaust the machine first.  These
checks read only the cross-reference tables and the page tree (pdfminer,
no content streams) and stop at the first limit exceeded:

* the object count is the number of entries in the cross-reference tables;
* pages are counted while walking the page tree, stopping one page past the
  limit (a ``/Count`` that lies makes no difference);
* each page's MediaBox, scaled by its ``/UserUnit``, gives its size;
* each page's content streams are decoded once, within the stream limit of
  :mod:`.streamguard` when one is set, so that an engine decoding them
  outside pdfminer (pdfium) never meets a decompression bomb; the decoded
  bytes are dropped at once.
"""

from __future__ import annotations

from contextlib import suppress
from itertools import islice
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument, PDFXRef, PDFXRefStream
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from gyokaku.errors import GyokakuError, NotAPdfError
from gyokaku.files import source_info
from gyokaku.limits import Limits, limit_error, points_to_mm
from gyokaku.model import SourceInfo

from .budget import PageTimeout, time_budget
from .quiet import quiet
from .source import NO_PAGES, check_header, open_error


def object_count(document: PDFDocument, cap: int) -> int:
    """Entries in the document's cross-reference tables (counting stops past ``cap``)."""
    total = 0
    for xref in document.xrefs:
        if isinstance(xref, PDFXRefStream):
            total += sum(max(0, int(count)) for _, count in xref.ranges)
        elif isinstance(xref, PDFXRef):
            total += len(xref.offsets)
        else:
            total += sum(1 for _ in islice(xref.get_objids(), cap + 1))
        if total > cap:
            break
    return total


def page_size_mm(page: PDFPage) -> tuple[float, float]:
    """Width and height of a page's MediaBox in millimetres, ``/UserUnit`` applied."""
    x0, y0, x1, y1 = page.mediabox
    unit = resolve1(page.attrs.get("UserUnit", 1))
    scale = float(unit) if isinstance(unit, (int, float)) and unit > 0 else 1.0
    return points_to_mm(abs(x1 - x0) * scale), points_to_mm(abs(y1 - y0) * scale)


def decode_contents(page: PDFPage) -> None:
    """Decode the page's content streams once and drop the result.

    Raises :class:`~gyokaku.extract.streamguard.StreamTooLarge` past the
    stream limit; a stream that cannot be decoded is left for the engine to
    report.
    """
    for stream in page.contents:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream) or stream.data is not None:
            continue
        raw = stream.rawdata
        with suppress(Exception):
            stream.get_data()
        stream.data, stream.rawdata = None, raw  # keep memory flat over many pages


def check_objects(path: str, document: PDFDocument, limits: Limits) -> None:
    """Raise :class:`~gyokaku.errors.LimitExceededError` when the document has too many objects."""
    count = object_count(document, limits.max_objects)
    if count > limits.max_objects:
        found = f"more than {limits.max_objects} objects in the cross-reference table"
        raise limit_error(path, found, "max_objects", limits)


def check_pages(path: str, document: PDFDocument, limits: Limits) -> int:
    """Raise :class:`~gyokaku.errors.LimitExceededError` for too many pages or an oversized
    page; decode each page's content streams (see :func:`decode_contents`).  Returns the
    page count."""
    pages = islice(PDFPage.create_pages(document), limits.max_pages + 1)
    number = 0
    for number, page in enumerate(pages, start=1):
        if number > limits.max_pages:
            raise limit_error(path, f"more than {limits.max_pages} pages", "max_pages", limits)
        width, height = page_size_mm(page)
        if max(width, height) > limits.max_page_mm:
            found = f"page {number} is {width:.0f} × {height:.0f} mm"
            raise limit_error(path, found, "max_page_mm", limits)
        decode_contents(page)
    return number


def check_limits(path: str | Path, limits: Limits, *, password: str | None = None) -> int:
    """Check the object count, page count and page sizes of ``path`` against ``limits``;
    returns the page count.

    Raises :class:`~gyokaku.errors.LimitExceededError` for the first limit
    exceeded, and the errors of :func:`~gyokaku.extract.source.open_pdf` for
    a file that cannot be opened.
    """
    check_header(path)
    try:
        with quiet(), Path(path).open("rb") as stream:
            document = PDFDocument(PDFParser(stream), password=password or "")
            check_objects(str(path), document, limits)
            return check_pages(str(path), document, limits)
    except GyokakuError:
        raise
    except Exception as exc:  # the libraries raise anything on a malformed file
        raise open_error(path, exc, password) from None


def describe_within_limits(path: str | Path, limits: Limits, *,
                           password: str | None = None) -> SourceInfo:
    """:func:`check_limits`, then what :func:`~gyokaku.extract.source.describe` tells,
    within ``limits.page_seconds`` together.

    The document is parsed once: the page count is the one the limit check
    walked (the pages pdfplumber would list), so the errors are
    :func:`~gyokaku.extract.source.open_pdf`'s.
    """
    try:
        with time_budget(limits.page_seconds):
            page_count = check_limits(path, limits, password=password)
            if page_count == 0:
                raise NotAPdfError(str(path), NO_PAGES)
            return source_info(path, page_count)
    except PageTimeout:
        found = "opening the document took too long"
        raise limit_error(str(path), found, "page_seconds", limits) from None
