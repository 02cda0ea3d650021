"""Small PDFs built in the tests with pikepdf: many pages, huge pages, bombs, image-only pages."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf

A4 = (595.0, 842.0)
MIB = 1 << 20
HELLO = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"
# 120 000 one-point glyphs in 240 rows of 500, a point apart: seconds to read (about 3 s as
# Python on a 2-core machine), for the tests of the time limits.  Every glyph stands alone, so
# the search for vertical text weighs each one.
SLOW = b"BT /F1 1 Tf " + b"".join(
    b"1 0 0 1 %d %d Tm (a) Tj " % (i % 500, i // 500) for i in range(120_000)) + b"ET"


def blank_pdf(path: Path, pages: int, *, size: tuple[float, float] = A4,
              user_unit: float | None = None) -> Path:
    """A PDF of ``pages`` empty pages of ``size`` points (scaled by ``user_unit``)."""
    pdf = pikepdf.new()
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=size)
        if user_unit is not None:
            page.obj.UserUnit = user_unit
    pdf.save(path)
    return path


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))


def content_pdf(path: Path, content: bytes, *, encoding: str | None = "flate") -> Path:
    """A one-page A4 PDF whose content stream is ``content``, encoded with ``encoding``
    (``flate``, ``lzw`` or ``None``)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf)))
    if encoding == "lzw":
        stream = pikepdf.Stream(pdf, lzw_encode(content))
        stream.Filter = pikepdf.Name.LZWDecode
    elif encoding == "flate":
        stream = pikepdf.Stream(pdf, zlib.compress(content, 9))
        stream.Filter = pikepdf.Name.FlateDecode
    else:
        stream = pikepdf.Stream(pdf, content)
    page.Contents = pdf.make_indirect(stream)
    pdf.save(path, compress_streams=False)
    return path


def pages_pdf(path: Path, contents: list[bytes]) -> Path:
    """An A4 PDF with one page per item of ``contents`` (each a flate-encoded content stream)."""
    pdf = pikepdf.new()
    font = _font(pdf)
    for content in contents:
        page = pdf.add_blank_page(page_size=A4)
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        stream = pikepdf.Stream(pdf, zlib.compress(content, 9))
        stream.Filter = pikepdf.Name.FlateDecode
        page.Contents = pdf.make_indirect(stream)
    pdf.save(path, compress_streams=False)
    return path


def bomb_pdf(path: Path, megabytes: int) -> Path:
    """A page whose few-hundred-KB content stream inflates to ``megabytes`` MiB of blanks."""
    deflater = zlib.compressobj(9)
    blanks = b" " * MIB
    parts = [deflater.compress(HELLO)]
    parts += [deflater.compress(blanks) for _ in range(megabytes)]
    parts.append(deflater.flush())
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=A4)
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font(pdf)))
    stream = pikepdf.Stream(pdf, b"".join(parts))
    stream.Filter = pikepdf.Name.FlateDecode
    page.Contents = pdf.make_indirect(stream)
    pdf.save(path, compress_streams=False)
    return path


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A scan-like PDF: every page draws a grey image and holds no text."""
    pdf = pikepdf.new()
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=A4)
        image = pikepdf.Stream(pdf, bytes(range(64)))
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = 8, 8, 8
        image.ColorSpace = pikepdf.Name.DeviceGray
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_indirect(
            pikepdf.Stream(pdf, b"q 495 0 0 742 50 50 cm /Im0 Do Q\n"))
    pdf.save(path)
    return path


def _lzw_width(emitted: int) -> int:
    """The code width pdfminer's decoder reads with after ``emitted`` codes since a clear."""
    table_length = 258 + max(0, emitted - 1)
    return 9 if table_length < 511 else 10 if table_length < 1023 else (
        11 if table_length < 2047 else 12)


def lzw_encode(data: bytes) -> bytes:
    """PDF LZWDecode data (9- to 12-bit codes, EarlyChange 1) for ``data``."""
    clear, end, table_limit = 256, 257, 4000

    def fresh() -> dict[bytes, int]:
        return {bytes([value]): value for value in range(256)}

    table, next_code, emitted = fresh(), 258, 0
    codes: list[tuple[int, int]] = [(clear, 9)]
    word = b""
    for value in data:
        candidate = word + bytes([value])
        if candidate in table:
            word = candidate
            continue
        codes.append((table[word], _lzw_width(emitted)))
        emitted += 1
        table[candidate], next_code = next_code, next_code + 1
        word = bytes([value])
        if next_code >= table_limit:
            codes.append((clear, _lzw_width(emitted)))
            table, next_code, emitted = fresh(), 258, 0
    if word:
        codes.append((table[word], _lzw_width(emitted)))
        emitted += 1
    codes.append((end, _lzw_width(emitted)))
    return _pack(codes)


def _pack(codes: list[tuple[int, int]]) -> bytes:
    """Codes of the given widths as a big-endian bit string, padded to whole bytes."""
    bits, count, out = 0, 0, bytearray()
    for code, width in codes:
        bits, count = (bits << width) | code, count + width
        while count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
        bits &= (1 << count) - 1
    if count:
        out.append((bits << (8 - count)) & 0xFF)
    return bytes(out)
