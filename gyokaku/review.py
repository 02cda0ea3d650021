"""Write the review page, ``report.html``: the converted data beside the PDF it came from.

The I/O edge of the review: every page of the PDF is rendered with pypdfium2
and embedded as a base64 JPEG image, so the page is one self-contained file
that opens in any browser with no network.  Each page shows the box of every
cell read, coloured by role; each initiative shows its fields beside the crop
of its row (the page image, clipped); flagged and low-score matches come first.

The page is written in two passes, so that memory stays flat however many
pages the PDF has:

1. :func:`render_pages` renders the pages (in forked worker processes, one
   per core, when the process may fork; see :mod:`gyokaku.forking`) and
   appends each JPEG, in page order, to a spool, an unnamed temporary file
   beside the output.  Only small metadata stays in memory: each page's size,
   where its JPEG lies in the spool (:class:`Span`, or None when the page
   could not be rendered), and the problems met, which become notes on the
   page.
2. :func:`write_html` streams the template into ``report.html`` piece by
   piece.  A page's image is a :class:`PageImage`: its ``data:`` URI is read
   back from the spool and encoded only when the template writes it, and is
   dropped once written, so one page image at a time is in memory.

Text from the PDF is untrusted input: the jinja2 template is rendered with
autoescaping on.  The page holds no timestamps: converting the same PDF twice
gives the same bytes.  A PDF that pdfium cannot render (the data came from
another reader) still gets a review page, without images and saying why.
"""

from __future__ import annotations

import base64
import io
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

import jinja2
import pypdfium2 as pdfium

from gyokaku.forking import WorkerDied, auto_workers, can_fork, in_order, kept_open
from gyokaku.model import Dataset
from gyokaku.review_view import REVIEW_SCORE, ReviewView, review_view

REVIEW_FILE = "report.html"
TEMPLATE = "review.html.j2"
RENDER_SCALE = 1.5  # pixels per PDF point: above screen density for a row crop, files stay small
JPEG_QUALITY = 85  # JPEG encodes several times faster than WebP or PNG; text stays crisp
DATA_URI_PREFIX = "data:image/jpeg;base64,"
JPEG_MODES = frozenset({"RGB", "RGBX"})  # colour images Pillow encodes as JPEG unconverted


# --- first pass: the pages rendered into the spool ----------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Where one page's JPEG lies in the spool: its first byte and its length in bytes."""

    offset: int
    length: int


@dataclass(slots=True)
class RenderedPages:
    """Page sizes in points, where each page's JPEG lies (None where rendering failed), notes.

    The images themselves are in the spool file, never here.
    """

    sizes: list[tuple[float, float]] = field(default_factory=list)
    spans: list[Span | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def render_bitmap(page: pdfium.PdfPage) -> pdfium.PdfBitmap:
    """The page rendered at :data:`RENDER_SCALE` on white, four bytes a pixel in RGB order.

    Pillow maps an ``RGBX`` buffer as it is and its JPEG encoder takes it
    directly, while pdfium's default three-byte ``BGR`` would be unpacked
    into a new image and copied again to get ``RGB``: as much work as the
    rendering itself, for the same pixels and so the same JPEG bytes.
    """
    return page.render(scale=RENDER_SCALE, prefer_bgrx=True, rev_byteorder=True)


def jpeg_bytes(bitmap: pdfium.PdfBitmap) -> bytes:
    """A rendered page encoded as a JPEG image."""
    image = bitmap.to_pil()
    if image.mode not in JPEG_MODES:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def spool_image(spool: IO[bytes], data: bytes) -> Span:
    """Append ``data`` to ``spool``; return where it lies."""
    offset = spool.seek(0, io.SEEK_END)
    spool.write(data)
    return Span(offset, len(data))


@dataclass(frozen=True, slots=True)
class PageRendering:
    """One page rendered: its JPEG, or why there is none."""

    jpeg: bytes | None
    problem: str | None = None


def render_page(document: pdfium.PdfDocument, index: int) -> PageRendering:
    """Page ``index`` rendered as a JPEG, or the problem met rendering it."""
    page = document[index]
    try:
        return PageRendering(jpeg_bytes(render_bitmap(page)))
    except pdfium.PdfiumError as error:
        return PageRendering(None, f"page index {index} could not be rendered: {error}")
    finally:
        page.close()


Source = tuple[str, str | None]  # a PDF's path and password


def render_in_worker(source: Source, index: int) -> PageRendering:
    """:func:`render_page` in a worker process, which keeps the document open between pages."""
    path, password = source
    document = kept_open(source, lambda: closing(pdfium.PdfDocument(path, password=password)))
    return render_page(document, index)


def _renderings(pdf_path: Path, password: str | None, count: int, workers: int | None
                ) -> Iterator[PageRendering]:
    wanted = auto_workers(count) if workers is None else max(1, workers)
    if wanted > 1 and count > 1 and can_fork():
        # each worker opens the document itself: an open one shares its file offset on fork
        yield from in_order(partial(render_in_worker, (str(pdf_path), password)), count,
                            min(wanted, count))
        return
    document = pdfium.PdfDocument(str(pdf_path), password=password)
    try:
        for index in range(count):
            yield render_page(document, index)
    finally:
        document.close()


def render_pages(pdf_path: Path, spool: IO[bytes], password: str | None = None, *,
                 workers: int | None = None) -> RenderedPages:
    """Every page of ``pdf_path`` rendered into ``spool`` in page order; a PDF pdfium cannot
    open gives no pages, a note.

    ``workers`` processes render at once (``None``: one per core, when the
    document is long enough to gain from it and this process may fork).
    """
    rendered = RenderedPages()
    try:
        document = pdfium.PdfDocument(str(pdf_path), password=password)
    except pdfium.PdfiumError as error:
        rendered.problems.append(f"the pages could not be rendered: {error}")
        return rendered
    try:
        rendered.sizes = [document.get_page_size(index) for index in range(len(document))]
    finally:
        document.close()
    try:
        for rendering in _renderings(pdf_path, password, len(rendered.sizes), workers):
            span = spool_image(spool, rendering.jpeg) if rendering.jpeg is not None else None
            rendered.spans.append(span)
            if rendering.problem is not None:
                rendered.problems.append(rendering.problem)
    except WorkerDied as died:
        rendered.problems.append(f"rendering stopped: the process rendering page index "
                                 f"{died.index} died")
    return rendered


# --- the page images, read back lazily ----------------------------------------------------


def read_span(spool: IO[bytes], span: Span) -> bytes:
    """The bytes ``span`` covers in ``spool``."""
    spool.seek(span.offset)
    data = spool.read(span.length)
    if len(data) != span.length:
        raise OSError(f"the image spool ends early: {len(data)} of {span.length} bytes read")
    return data


def jpeg_data_uri(data: bytes) -> str:
    """A JPEG image as a ``data:`` URI."""
    return DATA_URI_PREFIX + base64.b64encode(data).decode("ascii")


class PageImage:
    """One page's image as a ``data:`` URI, built from the spool each time it is written.

    The template writes it with ``{{ page.image_uri }}``: autoescaping hands
    it to markupsafe, which takes ``__html__`` as text that is already safe
    (a base64 URI has nothing to escape).  The URI is not kept afterwards.
    """

    __slots__ = ("span", "spool")

    def __init__(self, spool: IO[bytes], span: Span) -> None:
        self.spool = spool
        self.span = span

    def __html__(self) -> str:
        """The page's JPEG read from the spool, as a ``data:`` URI."""
        return jpeg_data_uri(read_span(self.spool, self.span))


def attach_images(view: ReviewView, rendered: RenderedPages, spool: IO[bytes]) -> None:
    """Give each rendered page of ``view`` its image in ``spool``; add the problems as notes."""
    for page in view.pages:
        span = rendered.spans[page.index] if page.index < len(rendered.spans) else None
        if span is not None:
            page.image_uri = PageImage(spool, span)
    view.notes.extend(rendered.problems)


def spooled_view(dataset: Dataset, pdf_path: Path, spool: IO[bytes], *,
                 password: str | None = None, workers: int | None = None) -> ReviewView:
    """The first pass: the review's content, its page images rendered into ``spool`` (by
    ``workers`` processes, see :func:`render_pages`)."""
    rendered = render_pages(pdf_path, spool, password, workers=workers)
    view = review_view(dataset, rendered.sizes)
    attach_images(view, rendered, spool)
    return view


# --- second pass: the template streamed to the file ---------------------------------------


def points(value: float) -> str:
    """A coordinate in PDF points as SVG text, to 1/100 point."""
    return f"{value:.2f}"


def template_environment() -> jinja2.Environment:
    """The jinja2 environment of the package's templates, autoescaping everything."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("gyokaku", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["pt"] = points
    return environment


def write_html(view: ReviewView, output: IO[bytes]) -> None:
    """Stream the review page's HTML for ``view`` into ``output``, as UTF-8, piece by piece."""
    template = template_environment().get_template(TEMPLATE)
    template.stream(view=view, review_score=REVIEW_SCORE).dump(output, encoding="utf-8")


def write_review(dataset: Dataset, pdf_path: Path, folder: Path, *,
                 password: str | None = None, workers: int | None = None) -> Path:
    """Write ``report.html`` for ``dataset`` (converted from ``pdf_path``) into ``folder``;
    ``workers`` processes render the pages (``None``: one per core)."""
    path = folder / REVIEW_FILE
    # The spool sits beside the output rather than in /tmp, which may be a RAM disk.
    with tempfile.TemporaryFile(dir=folder) as spool:
        view = spooled_view(dataset, pdf_path, spool, password=password, workers=workers)
        with path.open("wb") as output:
            write_html(view, output)
    return path
