"""Write the review page, ``report.html``: the converted data beside the PDF it came from.

The I/O edge of the review: every page of the PDF is rendered with pypdfium2
and embedded as a base64 JPEG image, so the page is one self-contained file
that opens in any browser with no network.  Each page shows the box of every
cell read, coloured by role; each initiative shows its fields beside the crop
of its row (the page image, clipped); flagged and low-score matches come first.

Text from the PDF is untrusted input: the jinja2 template is rendered with
autoescaping on.  The page holds no timestamps: converting the same PDF twice
gives the same bytes.  A PDF that pdfium cannot render (the data came from
another reader) still gets a review page, without images and saying why.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pypdfium2 as pdfium

from gyokaku.model import Dataset
from gyokaku.review_view import REVIEW_SCORE, ReviewView, review_view

REVIEW_FILE = "report.html"
TEMPLATE = "review.html.j2"
RENDER_SCALE = 1.5  # pixels per PDF point: above screen density for a row crop, files stay small
JPEG_QUALITY = 85  # JPEG encodes several times faster than WebP or PNG; text stays crisp


@dataclass(slots=True)
class RenderedPages:
    """Page sizes in points and page images as data URIs (None where rendering failed)."""

    sizes: list[tuple[float, float]] = field(default_factory=list)
    images: list[str | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def image_uri(bitmap: pdfium.PdfBitmap) -> str:
    """A rendered page as a ``data:`` URI holding a JPEG image."""
    buffer = io.BytesIO()
    bitmap.to_pil().convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_page(document: pdfium.PdfDocument, index: int, rendered: RenderedPages) -> None:
    """Render page ``index`` into ``rendered`` (its size always; its image unless that fails)."""
    page = document[index]
    try:
        rendered.sizes.append(page.get_size())
        try:
            rendered.images.append(image_uri(page.render(scale=RENDER_SCALE)))
        except pdfium.PdfiumError as error:
            rendered.images.append(None)
            rendered.problems.append(f"page index {index} could not be rendered: {error}")
    finally:
        page.close()


def render_pages(pdf_path: Path, password: str | None = None) -> RenderedPages:
    """Every page of ``pdf_path`` rendered; a PDF pdfium cannot open gives no pages, a note."""
    rendered = RenderedPages()
    try:
        document = pdfium.PdfDocument(str(pdf_path), password=password)
    except pdfium.PdfiumError as error:
        rendered.problems.append(f"the pages could not be rendered: {error}")
        return rendered
    try:
        for index in range(len(document)):
            render_page(document, index, rendered)
    finally:
        document.close()
    return rendered


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


def review_html(view: ReviewView) -> str:
    """The review page's HTML for ``view``."""
    template = template_environment().get_template(TEMPLATE)
    return template.render(view=view, review_score=REVIEW_SCORE)


def attach_images(view: ReviewView, rendered: RenderedPages) -> None:
    """Give each page of ``view`` its image and add the rendering problems as notes."""
    for page in view.pages:
        if page.index < len(rendered.images):
            page.image_uri = rendered.images[page.index]
    view.notes.extend(rendered.problems)


def write_review(dataset: Dataset, pdf_path: Path, folder: Path, *,
                 password: str | None = None) -> Path:
    """Write ``report.html`` for ``dataset`` (converted from ``pdf_path``) into ``folder``."""
    rendered = render_pages(pdf_path, password)
    view = review_view(dataset, rendered.sizes)
    attach_images(view, rendered)
    path = folder / REVIEW_FILE
    path.write_bytes(review_html(view).encode("utf-8"))
    return path
