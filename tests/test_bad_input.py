"""Bad input through ``gyokaku convert``: one stderr line naming the file, the documented
exit code, no OUTDIR — for encrypted files, scans, limits (pages, page size, objects,
stream size, page time) raised by their options, and decompression bombs.

The inputs not covered by tests/test_cli.py are built here with pikepdf
(tests/pdf_builders.py); the committed ones come from samples/bad.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gyokaku.cli import app
from gyokaku.errors import ExitCode, LimitExceededError
from gyokaku.extract.streamguard import (
    StreamTooLarge,
    inflate_bounded,
    lzw_decode_bounded,
    stream_limit,
)
from gyokaku.limits import Limits
from gyokaku.schemas.readers import read_table
from tests.pdf_builders import (
    HELLO,
    SLOW,
    blank_pdf,
    bomb_pdf,
    content_pdf,
    image_only_pdf,
    lzw_encode,
)

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "samples" / "bad"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
SMALL_SAMPLE = ROOT / "samples" / "othercity_fy2022" / "othercity_fy2022.pdf"
PASSWORD = "gyokaku"


def convert(pdf: Path, out: Path, *options: str, env: dict[str, str] | None = None) -> Any:
    """Run ``gyokaku convert PDF -o OUT OPTIONS`` in-process."""
    return CliRunner().invoke(app, ["convert", str(pdf), "-o", str(out), "-q", *options],
                              env={"COLUMNS": "400", **(env or {})})


def refusal(result: Any, pdf: Path, out: Path, code: ExitCode) -> str:
    """Assert a clean refusal (exit code, one line naming the file, no output); its problem."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert (result.exit_code, len(lines)) == (code, 1), result.stderr
    prefix = f"gyokaku: {pdf}: "
    assert lines[0].startswith(prefix), lines[0]
    assert result.stdout == ""
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    return lines[0].removeprefix(prefix)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where the dataset would go."""
    return tmp_path / "out"


# --- encrypted ---------------------------------------------------------------------------


def test_encrypted_converts_with_the_right_password(out: Path) -> None:
    result = convert(BAD / "encrypted.pdf", out, "--password", PASSWORD)
    assert result.exit_code == 0, result.stderr
    codes = [row["code"] for row in read_table(out, "initiatives", "parquet")]
    assert codes and all(code.startswith("1-") for code in codes)


def test_encrypted_with_a_wrong_password(out: Path) -> None:
    pdf = BAD / "encrypted.pdf"
    problem = refusal(convert(pdf, out, "--password", "wrong"), pdf, out, ExitCode.ENCRYPTED)
    assert problem == "encrypted: the password is wrong"


def test_wrong_password_from_the_environment(out: Path) -> None:
    pdf = BAD / "encrypted.pdf"
    result = convert(pdf, out, env={"GYOKAKU_PASSWORD": "wrong"})
    assert refusal(result, pdf, out, ExitCode.ENCRYPTED) == "encrypted: the password is wrong"


# --- no text layer, no table ----------------------------------------------------------------


@pytest.mark.parametrize("build", ["committed", "generated"])
def test_scan_says_ocr_is_needed(build: str, tmp_path: Path, out: Path) -> None:
    pdf = BAD / "image_only.pdf" if build == "committed" else image_only_pdf(tmp_path / "s.pdf")
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.NO_TEXT)
    assert "no text layer" in problem and "OCR is needed" in problem


def test_text_without_a_reform_table(tmp_path: Path, out: Path) -> None:
    pdf = content_pdf(tmp_path / "hello.pdf", HELLO)
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.NO_REPORT)
    assert problem.startswith("no reform table found")


NO_TABLE = "no reform table found (no table header matches the 'okayama' layout profile)"


def test_text_without_kana_or_kanji_names_the_fonts(out: Path) -> None:
    # a report-like table printed to PostScript and back: its font lost its Unicode map
    pdf = FIXTURES / "through_postscript.pdf"
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.NO_REPORT)
    assert problem == (f"{NO_TABLE}; its text holds no kana or kanji at all: its fonts may "
                       "lack a Unicode map (as after printing through PostScript)")


def test_japanese_text_without_a_table_says_only_that(out: Path) -> None:
    pdf = BAD / "no_table.pdf"
    assert refusal(convert(pdf, out), pdf, out, ExitCode.NO_REPORT) == NO_TABLE


def test_header_then_garbage_is_not_a_pdf(tmp_path: Path, out: Path) -> None:
    pdf = tmp_path / "garbage.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.NOT_A_PDF)
    assert problem.startswith("unreadable PDF")


@pytest.mark.parametrize("fraction", [0.02, 0.5, 0.98])
def test_sample_cut_short_is_unreadable(fraction: float, tmp_path: Path, out: Path) -> None:
    data = SMALL_SAMPLE.read_bytes()
    pdf = tmp_path / "cut.pdf"
    pdf.write_bytes(data[: int(len(data) * fraction)])
    assert refusal(convert(pdf, out), pdf, out, ExitCode.NOT_A_PDF).startswith("unreadable PDF")


# --- page count -------------------------------------------------------------------------------


def test_twenty_thousand_pages_are_refused_before_reading_them(tmp_path: Path,
                                                                out: Path) -> None:
    pdf = blank_pdf(tmp_path / "many.pdf", 20_000)
    started = time.perf_counter()
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.TOO_LARGE)
    assert time.perf_counter() - started < 10
    assert problem == "more than 5000 pages (limit 5000 pages; raise it with --max-pages)"


def test_page_limit_is_raised_by_its_option(tmp_path: Path, out: Path) -> None:
    pdf = blank_pdf(tmp_path / "six.pdf", 6)
    problem = refusal(convert(pdf, out, "--max-pages", "5"), pdf, out, ExitCode.TOO_LARGE)
    assert problem.startswith("more than 5 pages")
    # past the limit, the blank pages are what they are: no text layer
    refusal(convert(pdf, out, "--max-pages", "6"), pdf, out, ExitCode.NO_TEXT)


# --- page size --------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "user_unit", "shown"), [
    ((14_400.0, 14_400.0), None, "page 1 is 5080 × 5080 mm"),
    ((1000.0, 500.0), 10.0, "page 1 is 3528 × 1764 mm"),
])
def test_huge_pages_are_refused(size: tuple[float, float], user_unit: float | None, shown: str,
                                tmp_path: Path, out: Path) -> None:
    pdf = blank_pdf(tmp_path / "huge.pdf", 1, size=size, user_unit=user_unit)
    problem = refusal(convert(pdf, out), pdf, out, ExitCode.TOO_LARGE)
    assert problem == f"{shown} (limit 2000 mm; raise it with --max-page-mm)"


def test_page_size_limit_is_raised_by_its_option(tmp_path: Path, out: Path) -> None:
    pdf = blank_pdf(tmp_path / "a3.pdf", 1, size=(842.0, 1191.0))  # A3: 297 × 420 mm
    problem = refusal(convert(pdf, out, "--max-page-mm", "400"), pdf, out, ExitCode.TOO_LARGE)
    assert problem.startswith("page 1 is 297 × 420 mm")
    refusal(convert(pdf, out, "--max-page-mm", "420.5"), pdf, out, ExitCode.NO_TEXT)


# --- object count -----------------------------------------------------------------------------


def test_object_limit_and_its_option(tmp_path: Path, out: Path) -> None:
    pdf = blank_pdf(tmp_path / "ten.pdf", 10)
    problem = refusal(convert(pdf, out, "--max-objects", "20"), pdf, out, ExitCode.TOO_LARGE)
    assert problem == ("more than 20 objects in the cross-reference table "
                       "(limit 20 objects; raise it with --max-objects)")
    refusal(convert(pdf, out, "--max-objects", "100"), pdf, out, ExitCode.NO_TEXT)


# --- decompressed stream size -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300 KB PDF whose page content inflates to 300 MiB."""
    return bomb_pdf(tmp_path_factory.mktemp("bomb") / "bomb.pdf", 300)


@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])  # pdfium decodes outside pdfminer
def test_decompression_bomb_is_stopped(engine: str, bomb: Path, out: Path) -> None:
    assert bomb.stat().st_size < 1_000_000
    started = time.perf_counter()
    problem = refusal(convert(bomb, out, "--engine", engine), bomb, out, ExitCode.TOO_LARGE)
    assert time.perf_counter() - started < 10
    assert problem == ("a stream decompresses past the size limit, a decompression bomb? "
                       "(limit 256 MB; raise it with --max-stream-mb)")


@pytest.mark.parametrize("encoding", ["flate", "lzw"])
def test_stream_limit_is_raised_by_its_option(encoding: str, tmp_path: Path, out: Path) -> None:
    pdf = content_pdf(tmp_path / "long.pdf", HELLO + b" " * 300_000, encoding=encoding)
    problem = refusal(convert(pdf, out, "--max-stream-mb", "0.2"), pdf, out,
                      ExitCode.TOO_LARGE)
    assert problem.startswith("a stream decompresses past the size limit")
    refusal(convert(pdf, out, "--max-stream-mb", "0.4"), pdf, out, ExitCode.NO_REPORT)


def test_bounded_inflate_matches_zlib_within_the_limit() -> None:
    import zlib

    data = HELLO * 1000
    packed = zlib.compress(data)
    assert inflate_bounded(packed + b"trailing junk", len(data)) == data
    with pytest.raises(StreamTooLarge):
        inflate_bounded(packed, len(data) - 1)
    with pytest.raises(zlib.error, match="incomplete or truncated"):
        inflate_bounded(packed[:-6], len(data))


def test_bounded_lzw_matches_pdfminer_within_the_limit() -> None:
    from pdfminer.lzw import lzwdecode

    data = b"\0" * 300_000
    packed = lzw_encode(data)
    assert len(packed) < 2000 and lzwdecode(packed) == data
    assert lzw_decode_bounded(packed, len(data)) == data
    with pytest.raises(StreamTooLarge):
        lzw_decode_bounded(packed, 100_000)


def test_stream_limit_applies_only_inside_its_block(tmp_path: Path) -> None:
    from gyokaku.extract import get_engine

    pdf = content_pdf(tmp_path / "long.pdf", HELLO + b" " * 300_000)
    tight = Limits(max_stream_mb=0.1)
    plumber = get_engine("pdfplumber")  # the engine whose streams pdfminer decodes
    with pytest.raises(LimitExceededError, match=str(pdf)), stream_limit(tight, str(pdf)):
        list(plumber.pages(pdf))
    (page,) = plumber.pages(pdf)  # no limit outside the block
    assert page.glyph_count == 5


# --- time per page ----------------------------------------------------------------------------


def test_slow_page_is_stopped_quickly(tmp_path: Path, out: Path) -> None:
    pdf = content_pdf(tmp_path / "slow.pdf", SLOW)
    started = time.perf_counter()
    problem = refusal(convert(pdf, out, "--max-page-seconds", "0.3"), pdf, out,
                      ExitCode.TOO_LARGE)
    assert time.perf_counter() - started < 5
    assert problem == "page 1 took longer than 0.3 s to read (raise it with --max-page-seconds)"


def test_slow_opening_is_stopped_and_the_limit_raised_by_its_option(out: Path) -> None:
    pdf = SMALL_SAMPLE
    problem = refusal(convert(pdf, out, "--max-page-seconds", "0.001"), pdf, out,
                      ExitCode.TOO_LARGE)
    assert problem == ("opening the document took too long "
                       "(limit 0.001 s; raise it with --max-page-seconds)")
    result = convert(pdf, out, "--max-page-seconds", "60")
    assert result.exit_code == 0 and (out / "initiatives.parquet").is_file()


def test_limit_options_are_checked(out: Path) -> None:
    result = convert(SMALL_SAMPLE, out, "--max-pages", "0")
    assert result.exit_code == ExitCode.USAGE and not out.exists()
