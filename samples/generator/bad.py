"""Bad inputs under samples/bad/: files the pipeline must reject or report, each small.

- ``encrypted.pdf``: detail page 1 of the Okayama report, RC4-128 encrypted,
  user password ``gyokaku`` (owner password ``gyokaku-owner``).
- ``image_only.pdf``: a greyscale scan-like raster of that page, no text layer.
- ``truncated.pdf``: that page's PDF cut in the middle (no xref, no trailer).
- ``no_table.pdf``: a valid Japanese text PDF (a synthetic city newsletter
  about reform) with no table and no ruling.
- ``not_a_pdf.pdf``: an HTML error page saved under a .pdf name.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pypdfium2
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.generator.build_direct import okayama_content_path, render_direct
from samples.generator.content import Content, load_content
from samples.generator.direct_draw import draw_centered, draw_text
from samples.generator.direct_fonts import GOTHIC, MINCHO, register_fonts
from samples.generator.direct_text import layout_text

FOLDER = "bad"
USER_PASSWORD = "gyokaku"
OWNER_PASSWORD = "gyokaku-owner"
RASTER_DPI = 100
JPEG_QUALITY = 60

NEWSLETTER_TITLE = "架空市　市政だより　令和５年１０月号（抜粋）"
NEWSLETTER_PARAGRAPHS = (
    "行財政改革の取組について",
    "市では、限られた財源を効果的に活用し、将来にわたって質の高い市民サービスを提供するため、"
    "行財政改革に取り組んでいます。令和４年度は、事務事業の見直しや行政手続のオンライン化、"
    "公共施設の長寿命化などを進めました。",
    "取組の詳しい実績は、市ホームページの「行財政改革推進項目一覧及び取組実績」で公表しています。"
    "ご意見・ご提案は、行政経営課までお寄せください。",
    "※この資料は試験用に作成した架空のものです。実在の自治体とは関係ありません。",
)
HTML_ERROR_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>404 ページが見つかりません</title></head>
<body>
<h1>お探しのページは見つかりませんでした</h1>
<p>指定されたファイル（行財政改革推進項目一覧.pdf）は移動または削除された可能性があります。</p>
</body>
</html>
"""


def write_encrypted(content: Content, path: Path) -> Path:
    """Detail page 1 of ``content``, encrypted with the user password ``gyokaku``."""
    render_direct(
        content, path, pages=[1], front=False, password=USER_PASSWORD, owner_password=OWNER_PASSWORD
    )
    return path


def _one_page_pdf(content: Content) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.pdf"
        render_direct(content, path, pages=[1], front=False)
        return path.read_bytes()


def write_truncated(content: Content, path: Path) -> Path:
    """Detail page 1 as a PDF cut after half of its bytes."""
    data = _one_page_pdf(content)
    path.write_bytes(data[: len(data) // 2])
    return path


def _page_jpeg(pdf_bytes: bytes) -> tuple[bytes, tuple[float, float]]:
    """Greyscale JPEG of the first page and the page size in points."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    page = document[0]
    size = (float(page.get_width()), float(page.get_height()))
    image = page.render(scale=RASTER_DPI / 72, grayscale=True).to_pil().convert("L")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    document.close()
    return buffer.getvalue(), size


def write_image_only(content: Content, path: Path) -> Path:
    """A page holding only a raster of detail page 1 (no text layer)."""
    jpeg, size = _page_jpeg(_one_page_pdf(content))
    canvas = Canvas(str(path), pagesize=size, invariant=1)
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=size[0], height=size[1])
    canvas.showPage()
    canvas.save()
    return path


def write_no_table(path: Path) -> Path:
    """A one-page Japanese newsletter: text only, no table, no ruling."""
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    draw_centered(canvas, NEWSLETTER_TITLE, A4[0] / 2, 70, GOTHIC, 14)
    top = 120.0
    heading, *paragraphs = NEWSLETTER_PARAGRAPHS
    draw_text(canvas, heading, 60, top, GOTHIC, 12)
    for paragraph in paragraphs:
        top += 14
        for line in layout_text(paragraph, MINCHO, 10.5, A4[0] - 120, indent_paragraphs=True):
            top += 18
            draw_text(canvas, line.text, 60 + line.indent, top, MINCHO, 10.5)
    canvas.showPage()
    canvas.save()
    return path


def write_not_a_pdf(path: Path) -> Path:
    """An HTML error page with a .pdf name."""
    path.write_text(HTML_ERROR_PAGE, encoding="utf-8")
    return path


def build(samples_dir: Path) -> list[Path]:
    """Write every bad input into samples/bad/."""
    folder = samples_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    content = load_content(okayama_content_path(samples_dir))
    return [
        write_encrypted(content, folder / "encrypted.pdf"),
        write_image_only(content, folder / "image_only.pdf"),
        write_truncated(content, folder / "truncated.pdf"),
        write_no_table(folder / "no_table.pdf"),
        write_not_a_pdf(folder / "not_a_pdf.pdf"),
    ]
