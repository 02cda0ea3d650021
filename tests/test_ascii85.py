"""The fast ASCII85 decoder gives pdfminer's bytes, or pdfminer's error, for any input."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer import ascii85 as pdfminer_ascii85
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1

from gyokaku.extract import ascii85

ROOT = Path(__file__).resolve().parents[1]
DIRECT = ROOT / "samples" / "okayama_fy2022" / "okayama_fy2022_direct.pdf"


def outcome(decode, data: bytes) -> tuple[str, object]:
    """What a decoder does with ``data``: the bytes, or the error's type and message."""
    try:
        return "bytes", decode(data)
    except Exception as exc:  # the same error is what is compared
        return "error", (type(exc), str(exc))


def same_as_pdfminer(data: bytes) -> None:
    assert outcome(ascii85.ascii85decode, data) == outcome(pdfminer_ascii85.ascii85decode, data)


@given(st.binary(max_size=300), st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_encoded_data_decodes_to_the_same_bytes(payload: bytes, framed: bool,
                                                wrapped: bool) -> None:
    encoded = base64.a85encode(payload, adobe=framed, wrapcol=40 if wrapped else 0)
    same_as_pdfminer(encoded)
    same_as_pdfminer(encoded + b"\r\n")


@given(st.binary(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_bytes_give_the_same_result_or_error(data: bytes) -> None:
    same_as_pdfminer(data)


@given(st.text(alphabet="!#%&*+0123456789<>@ABCXYZ^_`abcsuvwxyz \n~", max_size=40))
@settings(max_examples=300, deadline=None)
def test_near_valid_text_gives_the_same_result_or_error(text: str) -> None:
    same_as_pdfminer(text.encode())


@pytest.mark.parametrize("data", [
    b"", b"~>", b"<~~>", b"!", b"!!", b"z", b"!!z!!!", b"zz!!!!!~>",  # z: pdfminer's own decoder
    b"s8W-!", b"s8W-\"",  # the largest group, and one past it (overflow)
    b"87cURD]i,\"Ebo80~>", b"87cUR\nD]i,\n\"Ebo80", b"87cURD]i,\"Ebo8\x0c0",  # form feed: no blank
    b"uuuuu", b"{", b"~",
])
def test_edge_cases(data: bytes) -> None:
    same_as_pdfminer(data)


def test_decodes_a_reportlab_report_like_pdfminer() -> None:
    """Every ASCII85 stream of the reportlab sample (content streams and fonts)."""
    compared = 0
    with DIRECT.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        for xref in document.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = resolve1(document.getobj(objid))
                except Exception:
                    continue
                filters = obj.get_filters() if isinstance(obj, PDFStream) else []
                if "ASCII85Decode" in [getattr(name, "name", name) for name, _ in filters]:
                    same_as_pdfminer(obj.rawdata)
                    compared += 1
    assert compared > 10
