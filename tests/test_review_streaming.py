"""report.html in two passes: page images spooled to a file, then the template streamed.

The streamed page must be byte for byte the page as it was written before
(every image in memory as a data URI, the template rendered to one string);
a page that fails to render still gets its note and a grey placeholder; and
the images are never all in memory: the first pass keeps none, and each
page's data URI is written out before the next one is built.
"""

from __future__ import annotations

import base64
import io
import os
import re
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO, Any, cast

import pypdfium2 as pdfium
import pytest
from markupsafe import escape

from gyokaku import forking, review
from gyokaku.model import Dataset, Flag
from gyokaku.review import (
    DATA_URI_PREFIX,
    JPEG_QUALITY,
    RENDER_SCALE,
    REVIEW_FILE,
    TEMPLATE,
    PageImage,
    jpeg_bytes,
    jpeg_data_uri,
    read_span,
    render_bitmap,
    render_pages,
    spooled_view,
    template_environment,
    write_html,
    write_review,
)
from gyokaku.review_view import REVIEW_SCORE, review_view
from tests.conftest import REALWORLD, ROOT
from tests.test_review import HOSTILE, OKAYAMA, cell, dataset, initiative

OTHERCITY = ROOT / "samples" / "othercity_fy2022" / "othercity_fy2022.pdf"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
ROTATED = REALWORLD / "pdfplumber__issue-848.pdf"  # pages rotated 0, 90, 180 and 270 degrees
PAGES = 15  # in the Okayama sample
PLACEHOLDER = re.compile(r'<rect x="0" y="0" width="[\d.]+" height="[\d.]+" fill="#f2f2f2"/>')


def small_dataset() -> Dataset:
    """Two initiatives with cells on page index 2, a flag, and text that must be escaped."""
    cells = [cell("1-1-1", 100, 150, text=HOSTILE), cell("1-1-2", 150, 200, role="plan")]
    flags = [Flag("weak_match", HOSTILE, "1-1-2", 2, 0.5), Flag("duplicate_code", "twice", None)]
    return dataset([initiative("1-1-1", name=HOSTILE), initiative("1-1-2", 0.5)], cells, flags)


def whole_page_html(data: Dataset, pdf: Path, failing: Collection[int] = ()) -> bytes:
    """report.html as written before streaming: every page image in memory as a data URI,
    the template rendered to one string; the pages in ``failing`` as if pdfium failed ("boom")."""
    document = pdfium.PdfDocument(str(pdf))
    sizes: list[tuple[float, float]] = []
    uris: list[str | None] = []
    try:
        for index in range(len(document)):
            page = document[index]
            sizes.append(page.get_size())
            uris.append(None if index in failing else in_memory_uri(page))
            page.close()
    finally:
        document.close()
    view = review_view(data, sizes)
    for page_view, uri in zip(view.pages, uris, strict=True):
        page_view.image_uri = None if uri is None else escape(uri)
    view.notes.extend(f"page index {index} could not be rendered: boom" for index in failing)
    template = template_environment().get_template(TEMPLATE)
    return template.render(view=view, review_score=REVIEW_SCORE).encode("utf-8")


def in_memory_uri(page: pdfium.PdfPage) -> str:
    """One page rendered to a JPEG data URI in memory, with the review's settings."""
    buffer = io.BytesIO()
    page.render(scale=RENDER_SCALE).to_pil().convert("RGB").save(buffer, "JPEG",
                                                                 quality=JPEG_QUALITY)
    return DATA_URI_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")


def failing_render(monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    """Make pdfium fail to render page index ``failing`` (in this process or a forked one)."""
    get_page: Callable[..., Any] = pdfium.PdfDocument.get_page
    render: Callable[..., Any] = pdfium.PdfPage.render

    def indexed(document: pdfium.PdfDocument, index: int) -> Any:
        page = get_page(document, index)
        page.test_index = index
        return page

    def flaky(page: pdfium.PdfPage, **kwargs: Any) -> Any:
        if getattr(page, "test_index", None) == failing:
            raise pdfium.PdfiumError("boom")
        return render(page, **kwargs)

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", indexed)
    monkeypatch.setattr(pdfium.PdfPage, "render", flaky)


class CountingOutput(io.RawIOBase):
    """An output that keeps nothing: it counts the page images written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.images = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.images += chunk.count(DATA_URI_PREFIX.encode("ascii"))
        return len(chunk)


# --- the same bytes as before -------------------------------------------------------------


def test_streamed_page_is_the_page_rendered_whole(tmp_path: Path) -> None:
    data = small_dataset()
    written = write_review(data, OKAYAMA, tmp_path).read_bytes()
    assert written == whole_page_html(data, OKAYAMA)
    assert written.count(b'<image id="page-image-') == PAGES
    assert [p.name for p in tmp_path.iterdir()] == [REVIEW_FILE]  # the spool is gone


def test_streamed_page_of_a_converted_sample_is_the_page_rendered_whole(tmp_path: Path) -> None:
    from gyokaku.pipeline import convert

    data = convert(OTHERCITY)
    assert write_review(data, OTHERCITY, tmp_path).read_bytes() == whole_page_html(data, OTHERCITY)


# --- the page images: RGBX, the JPEG of the RGB rendering --------------------------------


def page_jpegs(pdf: Path) -> list[tuple[str, str]]:
    """Each page's image as the review renders it, and as the RGB rendering gives it."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        pairs = []
        for index in range(len(document)):
            page = document[index]
            bitmap = render_bitmap(page)
            assert (bitmap.mode, bitmap.to_pil().mode) == ("RGBX", "RGBX")  # mapped, not copied
            pairs.append((jpeg_data_uri(jpeg_bytes(bitmap)), in_memory_uri(page)))
            page.close()
        return pairs
    finally:
        document.close()


@pytest.mark.parametrize("pdf", [
    OKAYAMA, OTHERCITY, FIXTURES / "turned_text.pdf", FIXTURES / "type3_grid.pdf",
    pytest.param(ROTATED, marks=pytest.mark.skipif(not ROTATED.is_file(),
                                                   reason="real-world corpus not available")),
], ids=lambda pdf: pdf.stem)
def test_each_page_image_is_the_jpeg_of_the_rgb_rendering(pdf: Path) -> None:
    pairs = page_jpegs(pdf)
    assert pairs and all(rendered == expected for rendered, expected in pairs)


def test_a_bitmap_with_alpha_is_encoded_as_an_rgb_jpeg() -> None:
    document = pdfium.PdfDocument(str(OKAYAMA))
    try:
        page = document[0]
        bitmap = page.render(scale=RENDER_SCALE, fill_color=(255, 255, 255, 0))
        assert bitmap.to_pil().mode == "RGBA"
        buffer = io.BytesIO()
        bitmap.to_pil().convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
        assert jpeg_bytes(bitmap) == buffer.getvalue()
        page.close()
    finally:
        document.close()


# --- a page that cannot be rendered -------------------------------------------------------


def test_a_page_that_fails_to_render_gets_its_note_and_a_grey_placeholder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_dataset()
    expected = whole_page_html(data, OKAYAMA, failing={2})
    failing_render(monkeypatch, 2)
    written = write_review(data, OKAYAMA, tmp_path).read_bytes()
    html = written.decode("utf-8")
    assert '<ul class="notes"><li>page index 2 could not be rendered: boom</li></ul>' in html
    assert html.count('<image id="page-image-') == PAGES - 1
    assert '<image id="page-image-2"' not in html
    figures = re.findall(r'<figure class="page" id="page-(\d+)">(.*?)</figure>', html, re.S)
    assert [index for index, figure in figures if PLACEHOLDER.search(figure)] == ["2"]
    assert [index for index, figure in figures if "<use href=" not in figure] == ["2"]
    assert written == expected


# --- never all the images in memory -------------------------------------------------------


def test_the_first_pass_keeps_only_where_each_image_lies(tmp_path: Path) -> None:
    with tempfile.TemporaryFile(dir=tmp_path) as spool:
        rendered = render_pages(OKAYAMA, spool)
        spans = [span for span in rendered.spans if span is not None]
        assert (len(rendered.sizes), len(spans), rendered.problems) == (PAGES, PAGES, [])
        assert all(type(n) is int for span in spans for n in (span.offset, span.length))
        assert not [v for v in [*rendered.sizes, *rendered.spans] if isinstance(v, str | bytes)]
        assert sum(span.length for span in spans) == spool.seek(0, io.SEEK_END)
        for span in spans:
            jpeg = read_span(spool, span)
            assert jpeg.startswith(b"\xff\xd8") and jpeg.endswith(b"\xff\xd9")


def test_each_page_image_is_written_before_the_next_is_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = CountingOutput()
    written_before: list[int] = []
    build = review.jpeg_data_uri

    def counted(data: bytes) -> str:
        written_before.append(output.images)
        return build(data)

    monkeypatch.setattr(review, "jpeg_data_uri", counted)
    with tempfile.TemporaryFile(dir=tmp_path) as spool:
        view = spooled_view(small_dataset(), OKAYAMA, spool)
        assert all(isinstance(page.image_uri, PageImage) for page in view.pages)
        write_html(view, cast(IO[bytes], output))
    # URI k is built once, when k URIs are already out: never two in memory at a time.
    assert written_before == list(range(PAGES))
    assert output.images == PAGES


def test_a_page_image_is_read_from_the_spool_each_time_it_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []
    read = review.read_span

    def counted(spool: Any, span: review.Span) -> bytes:
        reads.append(span.offset)
        return read(spool, span)

    monkeypatch.setattr(review, "read_span", counted)
    with tempfile.TemporaryFile(dir=tmp_path) as spool:
        image = spooled_view(small_dataset(), OKAYAMA, spool).pages[3].image_uri
        assert image is not None
        first, second = image.__html__(), image.__html__()
    assert first == second and first.startswith(DATA_URI_PREFIX)
    assert len(reads) == 2 and reads[0] == reads[1]  # not cached between writes


# --- rendered by forked workers -----------------------------------------------------------


@pytest.fixture
def forking_pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Let rendering fork even if other tests left threads behind; record each pool's size."""
    started: list[int] = []
    real = forking.in_order

    def recording(work: Any, count: int, workers: int) -> Any:
        started.append(workers)
        return real(work, count, workers)

    monkeypatch.setattr(review, "can_fork", lambda: True)
    monkeypatch.setattr(review, "in_order", recording)
    return started


def test_workers_write_the_same_review_as_one_process(tmp_path: Path,
                                                      forking_pools: list[int]) -> None:
    data = small_dataset()
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = write_review(data, OKAYAMA, tmp_path / "one", workers=1)
    assert forking_pools == []
    two = write_review(data, OKAYAMA, tmp_path / "two", workers=2)
    assert forking_pools == [2]
    assert one.read_bytes() == two.read_bytes()


def test_a_page_failing_in_a_worker_gets_its_note(tmp_path: Path, forking_pools: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = small_dataset()
    expected = whole_page_html(data, OKAYAMA, failing={5})
    failing_render(monkeypatch, 5)
    assert write_review(data, OKAYAMA, tmp_path, workers=2).read_bytes() == expected
    assert forking_pools == [2]


def dying_render(source: review.Source, index: int) -> review.PageRendering:
    """Renders as a worker does, but the process dies at page index 4 (as a crash would)."""
    if index == 4:
        os._exit(1)
    return REAL_RENDER_IN_WORKER(source, index)


REAL_RENDER_IN_WORKER = review.render_in_worker


def test_a_render_worker_that_dies_leaves_a_review_saying_so(
        tmp_path: Path, forking_pools: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "render_in_worker", dying_render)
    html = write_review(small_dataset(), OKAYAMA, tmp_path, workers=2).read_text("utf-8")
    assert re.search(r"rendering stopped: the process rendering page index [0-4] died", html)
    assert html.count('<image id="page-image-') <= 4
    assert html.count('<figure class="page"') == PAGES  # every page keeps its size and boxes
