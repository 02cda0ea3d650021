"""The ``pdfium`` engine: glyphs and ruling read directly through PDFium.

It produces the same :class:`gyokaku.model.Page` objects as the
``pdfplumber`` engine (same grids, cells and lines; see
:mod:`pdfium_glyphs` for where glyph boxes may differ by a fraction of a
point), but reads each page an order of magnitude faster: PDFium parses the
content stream in C, and only the characters' boxes and the paths' points
cross into Python.  Grid finding, cell filling and line building are the
shared code of :mod:`grid`, :mod:`layout` and :mod:`lines`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

import pypdfium2 as pdfium

from gyokaku.model import Glyph, Page

from . import pdfium_ffi as ffi
from .content import typical_em
from .grid import find_grids
from .layout import build_page
from .pdfium_blanks import blank_runs
from .pdfium_chars import read_char_runs
from .pdfium_glyphs import page_glyphs
from .pdfium_objects import Matrix, object_matrix, page_objects
from .pdfium_paths import raw_page_segments
from .pdfium_source import PageFrame, frame_of, open_document
from .pdfium_styles import StyleReader
from .reader import PageReader, guarded_page
from .ruling import Tolerances, normalize_segments

PAGE_SECONDS = 120.0  # the same default budget as the other engines


def _page_glyphs(handle: int, text_page: int, frame: PageFrame,
                 paths: list[tuple[int, Matrix]]) -> list[Glyph]:
    """The page's glyphs; its path objects (with their matrices) are collected on the way."""
    styles = StyleReader(text_page, frame)
    runs = read_char_runs(text_page, styles.scratch) if text_page else []
    on_text_page = {run[0].obj for run in runs}
    unread: list[tuple[int, Matrix]] = []
    for kind, obj, outer in page_objects(handle, styles.scratch):
        if kind == ffi.OBJECT_PATH:
            paths.append((obj, object_matrix(obj, outer, styles.scratch)))
        elif obj not in on_text_page:
            unread.append((obj, object_matrix(obj, outer, styles.scratch)))
    if unread:
        runs += blank_runs(unread, runs, styles)
    return page_glyphs(runs, styles)


def read_page(document: pdfium.PdfDocument, index: int) -> Page:
    """Extract page ``index`` of an open document; the page is closed afterwards."""
    page = document[index]
    try:
        handle = ffi.address(page.raw)
        frame = frame_of(page)
        text_page = ffi.load_text_page(handle) or 0
        paths: list[tuple[int, Matrix]] = []
        try:
            glyphs = _page_glyphs(handle, text_page, frame, paths)
        finally:
            if text_page:
                ffi.close_text_page(text_page)
        tolerances = Tolerances.for_em(typical_em(glyphs, frame.width, frame.height))
        raw = raw_page_segments(paths, frame, tolerances.snap)
        grids = find_grids(normalize_segments(raw, tolerances), tolerances.snap)
        return build_page(index, frame.width, frame.height, glyphs, grids)
    finally:
        page.close()


class PdfiumEngine:
    """Glyphs and ruling from PDFium's own text page and path objects."""

    name: ClassVar[str] = "pdfium"
    parallel: ClassVar[bool] = True

    def __init__(self, page_seconds: float | None = PAGE_SECONDS) -> None:
        """``page_seconds`` bounds the time spent on one page (``None``: no limit)."""
        self.page_seconds = page_seconds

    def page_count(self, path: str | Path, *, password: str | None = None) -> int:
        """Number of pages :meth:`pages` will yield."""
        with open_document(path, password) as document:
            return len(document)

    def pages(self, path: str | Path, *, password: str | None = None) -> Iterator[Page]:
        """Yield the document's pages one at a time; each page is freed before the next."""
        with self.reader(path, password=password) as reader:
            yield from reader.pages()

    @contextmanager
    def reader(self, path: str | Path, *, password: str | None = None) -> Iterator[PageReader]:
        """The document opened for reading pages by index, closed when the block ends."""
        with open_document(path, password) as document:
            yield PageReader(len(document), lambda index: self._extract(path, document, index))

    def _extract(self, path: str | Path, document: pdfium.PdfDocument, index: int) -> Page:
        with guarded_page(path, index, self.page_seconds):
            page = read_page(document, index)
        return page
