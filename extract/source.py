"""Opening a PDF: header checks, passwords, page count, and clean errors.

Every failure of the PDF libraries is turned into one of the errors of
:mod:`gyokaku.errors` with a one-line problem text, so that no library
exception or traceback ever reaches the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from gyokaku.errors import EncryptedError, GyokakuError, LimitExceededError, NotAPdfError
from gyokaku.files import source_info
from gyokaku.model import SourceInfo

from .quiet import quiet

HEADER_WINDOW = 1024  # the %PDF marker may follow some junk bytes
PROBLEM_DETAIL_CHARS = 120


def check_header(path: str | Path) -> None:
    """Raise :class:`NotAPdfError` unless ``path`` is a non-empty file starting like a PDF."""
    file = Path(path)
    if not file.exists():
        raise NotAPdfError(str(path), "no such file")
    if not file.is_file():
        raise NotAPdfError(str(path), "not a file")
    try:
        with file.open("rb") as stream:
            head = stream.read(HEADER_WINDOW)
    except OSError as exc:
        raise NotAPdfError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise NotAPdfError(str(path), "empty file (0 bytes)")
    if b"%PDF" not in head:
        raise NotAPdfError(str(path), "not a PDF (no %PDF header)")


def root_cause(exc: BaseException) -> BaseException:
    """The library exception that pdfplumber wrapped, or ``exc`` itself."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc


def describe_exception(exc: BaseException) -> str:
    """A short one-line description of a library exception for a problem text."""
    cause = root_cause(exc)
    detail = " ".join(str(cause).split())
    if len(detail) > PROBLEM_DETAIL_CHARS:
        detail = detail[: PROBLEM_DETAIL_CHARS - 1] + "…"
    name = type(cause).__name__
    return f"{name}: {detail}" if detail else name


def open_error(path: str | Path, exc: BaseException, password: str | None) -> GyokakuError:
    """Map an exception raised while opening a PDF to a :class:`GyokakuError`."""
    cause = root_cause(exc)
    if isinstance(cause, PDFPasswordIncorrect):
        if not password:
            return EncryptedError(str(path), "encrypted: a password is needed (--password)")
        return EncryptedError(str(path), "encrypted: the password is wrong")
    if isinstance(cause, PDFEncryptionError):
        detail = describe_exception(cause)
        return EncryptedError(str(path), f"encrypted in an unsupported way ({detail})")
    if isinstance(cause, MemoryError):
        return LimitExceededError(str(path), "out of memory while opening the PDF")
    if isinstance(cause, GyokakuError):
        return cause
    return NotAPdfError(str(path), f"unreadable PDF ({describe_exception(exc)})")


def page_error(path: str | Path, page_index: int, exc: BaseException) -> GyokakuError:
    """Map an exception raised while reading one page to a :class:`GyokakuError`."""
    cause = root_cause(exc)
    if isinstance(cause, GyokakuError):
        return cause
    if isinstance(cause, MemoryError):
        return LimitExceededError(str(path), f"page {page_index + 1}: out of memory")
    detail = describe_exception(exc)
    return NotAPdfError(str(path), f"page {page_index + 1} is unreadable ({detail})")


NO_PAGES = "the PDF has no readable pages"


@contextmanager
def open_pdf(path: str | Path, password: str | None = None) -> Iterator[pdfplumber.PDF]:
    """Open ``path`` with pdfplumber; yield the open document and close it after.

    Raises :class:`NotAPdfError` (not a PDF, empty, unreadable, no pages) or
    :class:`EncryptedError` (no or wrong password).  The page list is read on
    opening, so ``len(pdf.pages)`` is cheap afterwards.
    """
    check_header(path)
    try:
        with quiet():
            pdf = pdfplumber.open(path, password=password)
            page_total = len(pdf.pages)
    except Exception as exc:  # the libraries raise anything on a malformed file
        raise open_error(path, exc, password) from None
    try:
        if page_total == 0:
            raise NotAPdfError(str(path), NO_PAGES)
        yield pdf
    finally:
        with quiet(), suppress(Exception):
            pdf.close()


def describe(path: str | Path, *, password: str | None = None) -> SourceInfo:
    """Identify a PDF: its path, file name, SHA-256 and page count.

    Opens the document (so it raises the same errors as :func:`open_pdf`);
    the page count is what a progress bar needs before pages are streamed.
    """
    with open_pdf(path, password=password) as pdf:
        page_count = len(pdf.pages)
    return source_info(path, page_count)
