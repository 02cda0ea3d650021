"""Extraction engines: one strategy per engine behind one interface.

Every engine streams :class:`gyokaku.model.Page` objects one at a time and
differs only in how it finds table grids:

* ``pdfium`` (default, the fastest) reads characters and ruling directly
  through PDFium (see :mod:`pdfium_engine`);
* ``pdfplumber`` reads the ruling from the page's vector shapes as
  pdfplumber (pdfminer) parses them;
* ``camelot`` lets camelot-py's lattice parser find the grid on the
  rendered page (in a child process, see :mod:`camelot_worker`).

Glyphs, cell filling and lines are the same code for all, so on cleanly
ruled tables the engines give identical pages.  Every engine can also read
one page by its index (:meth:`Engine.reader`), which is what
:mod:`parallel` uses to read pages in several processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, ClassVar, Protocol

from gyokaku.errors import NotAPdfError
from gyokaku.model import Page

from .camelot_client import CamelotWorker
from .camelot_grid import grids_from_tables
from .content import PageContent, read_page
from .grid import Grid, find_grids
from .layout import build_page
from .pdfium_engine import PdfiumEngine
from .reader import PageReader, guarded_page
from .source import open_pdf

DEFAULT_PAGE_SECONDS = 120.0

GridFinder = Callable[[PageContent], list[Grid]]


class Engine(Protocol):
    """Turns a PDF into pages of tables and loose lines."""

    name: ClassVar[str]
    parallel: ClassVar[bool]  # whether pages may be read by several processes at once

    def pages(self, path: str | Path, *, password: str | None = None) -> Iterator[Page]:
        """Yield the document's pages one at a time, in order."""
        ...

    def page_count(self, path: str | Path, *, password: str | None = None) -> int:
        """Number of pages :meth:`pages` will yield."""
        ...

    def reader(self, path: str | Path, *, password: str | None = None
               ) -> AbstractContextManager[PageReader]:
        """The document opened for reading pages by index, closed when the block ends."""
        ...


class RulingEngine:
    """Grids from the page's own vector ruling (pdfplumber objects)."""

    name: ClassVar[str] = "pdfplumber"
    parallel: ClassVar[bool] = True

    def __init__(self, page_seconds: float | None = DEFAULT_PAGE_SECONDS) -> None:
        """``page_seconds`` bounds the time spent on one page (``None``: no limit)."""
        self.page_seconds = page_seconds

    @contextmanager
    def grid_finder(self, path: str | Path, password: str | None) -> Iterator[GridFinder]:
        """A function finding one page's grids, valid while the document is read."""
        yield lambda content: find_grids(content.segments, content.tolerances.snap)

    def page_count(self, path: str | Path, *, password: str | None = None) -> int:
        """Number of pages :meth:`pages` will yield."""
        with open_pdf(path, password=password) as pdf:
            return len(pdf.pages)

    def pages(self, path: str | Path, *, password: str | None = None) -> Iterator[Page]:
        """Yield the document's pages one at a time; page caches are freed as it goes."""
        with self.reader(path, password=password) as reader:
            yield from reader.pages()

    @contextmanager
    def reader(self, path: str | Path, *, password: str | None = None) -> Iterator[PageReader]:
        """The document opened for reading pages by index, closed when the block ends."""
        with open_pdf(path, password=password) as pdf, self.grid_finder(path, password) as finder:
            yield PageReader(len(pdf.pages),
                             lambda index: self._extract(path, pdf.pages[index], index, finder))

    def _extract(self, path: str | Path, plumber_page: Any, index: int, finder: GridFinder) -> Page:
        with guarded_page(path, index, self.page_seconds):
            try:
                content = read_page(plumber_page, index)
                page = build_page(index, content.width, content.height, content.glyphs,
                                  finder(content))
            finally:
                plumber_page.close()
        return page


class CamelotEngine(RulingEngine):
    """Grids from camelot-py's lattice parser on the rendered page."""

    name: ClassVar[str] = "camelot"
    parallel: ClassVar[bool] = False  # camelot runs in a child process of its own already

    @contextmanager
    def grid_finder(self, path: str | Path, password: str | None) -> Iterator[GridFinder]:
        """Ask a camelot child process for each page's grids; snap them onto the ruling."""
        with CamelotWorker(self.page_seconds) as worker:

            def find(content: PageContent) -> list[Grid]:
                if content.cyclic_forms:  # would crash camelot's parser
                    problem = (
                        f"page {content.index + 1} draws itself recursively (cyclic form "
                        "XObjects): camelot cannot read it, try the pdfplumber engine"
                    )
                    raise NotAPdfError(str(path), problem)
                tables = worker.tables(str(Path(path).resolve()), content.index + 1, password)
                return grids_from_tables(
                    tables, content.height, content.segments, content.tolerances.snap
                )

            yield find


ENGINES: dict[str, type[RulingEngine] | type[PdfiumEngine]] = {
    RulingEngine.name: RulingEngine,
    CamelotEngine.name: CamelotEngine,
    PdfiumEngine.name: PdfiumEngine,
}
DEFAULT_ENGINE = PdfiumEngine.name


def get_engine(
    name: str = DEFAULT_ENGINE, *, page_seconds: float | None = DEFAULT_PAGE_SECONDS
) -> Engine:
    """The engine called ``name`` (see :data:`ENGINES`); ``ValueError`` for an unknown name."""
    try:
        engine_class = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise ValueError(f"unknown engine {name!r} (known: {known})") from None
    return engine_class(page_seconds=page_seconds)
