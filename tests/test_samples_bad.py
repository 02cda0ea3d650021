"""Each committed bad input is what its name claims (read with pikepdf and pdfplumber)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfplumber.utils.exceptions import PdfminerException

BAD = Path(__file__).resolve().parent.parent / "samples" / "bad"
PASSWORD = "gyokaku"


def first_page_text(path: Path, password: str = "") -> str:
    """Text of the first page, read with pdfplumber."""
    with pdfplumber.open(path, password=password) as pdf:
        text: str = pdf.pages[0].extract_text()
    return text


def test_encrypted_needs_the_user_password() -> None:
    path = BAD / "encrypted.pdf"
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pytest.raises(PdfminerException):
        first_page_text(path)
    with pikepdf.open(path, password=PASSWORD) as pdf:
        assert pdf.is_encrypted
        assert len(pdf.pages) == 1
    text = first_page_text(path, PASSWORD)
    assert text.startswith("施策１ 健全で持続可能な財政運営")
    assert "＜施策＞ ＜展開＞ ＜項目名＞ （具体的取組） ＜概要＞ R３ R４ R５ R６ R７" in text


def test_image_only_has_an_image_and_no_text_layer() -> None:
    with pdfplumber.open(BAD / "image_only.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert page.chars == []
        assert page.extract_text() == ""
        assert len(page.images) == 1
        image = page.images[0]
        assert image["width"] == pytest.approx(page.width) and image["height"] == pytest.approx(
            page.height
        )
        assert image["srcsize"][0] > 1000  # a raster at about 100 dpi, not a thumbnail


def test_truncated_is_a_pdf_cut_short() -> None:
    data = (BAD / "truncated.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" not in data and b"startxref" not in data and b"trailer" not in data
    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(BAD / "truncated.pdf")
    with pytest.raises(PdfminerException):
        first_page_text(BAD / "truncated.pdf")


def test_no_table_is_japanese_text_without_ruling() -> None:
    with pdfplumber.open(BAD / "no_table.pdf") as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        text = page.extract_text()
        assert not page.rects and not page.lines and not page.curves and not page.images
        assert page.find_tables() == []
    assert len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text)) > 150
    assert "行財政改革" in text and "架空" in text
    assert "R３" not in text and "取組実績\n" not in text


def test_not_a_pdf_is_html_with_a_pdf_name() -> None:
    data = (BAD / "not_a_pdf.pdf").read_bytes()
    assert not data.startswith(b"%PDF")
    assert data.lstrip().lower().startswith(b"<!doctype html")
    with pytest.raises(pikepdf.PdfError):
        pikepdf.open(BAD / "not_a_pdf.pdf")
