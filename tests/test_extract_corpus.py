"""Robustness over real-world PDFs nobody on this project wrote (../shared/corpus/realworld).

Every file must give pages or raise a GyokakuError: never another exception,
never a hang, never a line on the terminal.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from gyokaku.errors import EncryptedError, GyokakuError, NotAPdfError
from gyokaku.extract import get_engine

CORPUS = Path("/work/shared/corpus/realworld")
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="real-world corpus not available")

PASSWORDS = {  # the test passwords published with these files
    "pdfplumber__password-example.pdf": "test",
    "pdfminer__rc4-40.pdf": "foo",
    "pdfminer__aes-256-r6.pdf": "usersecret",
}
CORPUS_SECONDS = 60.0


def corpus_files() -> list[Path]:
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as manifest:
        return [CORPUS / row["file"] for row in csv.DictReader(manifest)]


def outcome(path: Path, engine: str = "pdfplumber", password: str | None = None) -> object:
    try:
        return list(get_engine(engine).pages(path, password=password))
    except GyokakuError as error:
        assert "\n" not in error.one_line()
        return error


def test_every_file_gives_pages_or_a_clean_error(capfd: pytest.CaptureFixture[str]) -> None:
    files = corpus_files()
    assert len(files) == 58
    started = time.monotonic()
    results = {path.name: outcome(path) for path in files}
    assert time.monotonic() - started < CORPUS_SECONDS
    assert all(isinstance(result, (list, GyokakuError)) for result in results.values())
    assert capfd.readouterr() == ("", "")  # the libraries' warnings never reach the terminal
    errors = {
        name: type(result) for name, result in results.items() if isinstance(result, GyokakuError)
    }
    assert errors["pdfplumber__empty.pdf"] is NotAPdfError
    assert errors["pdfjs__poppler-742-0-fuzzed.pdf"] is NotAPdfError
    assert all(errors[name] is EncryptedError for name in PASSWORDS)
    assert len(errors) <= 14  # the fuzzed, broken, page-less and encrypted ones


@pytest.mark.parametrize("name", sorted(PASSWORDS))
def test_encrypted_files_open_with_their_password(name: str) -> None:
    pages = outcome(CORPUS / name, password=PASSWORDS[name])
    assert isinstance(pages, list) and pages and pages[0].glyph_count > 0


def test_ruled_government_table_is_found() -> None:
    (page,) = outcome(CORPUS / "pdfplumber__nics-background-checks-2015-11.pdf")  # type: ignore[misc]
    (table,) = page.tables
    assert (table.n_rows, table.n_cols) == (14, 25)
    title, state = table.cells[:2]
    assert (title.row, title.col, title.row_span, title.col_span) == (0, 0, 1, 25)
    assert title.raw_text == "NICS Firearm Background Checks\nNovember - 2015"
    assert (state.row, state.col, state.raw_text) == (1, 0, "State / Territory")


def test_rotated_page_gives_the_same_table_turned() -> None:
    (upright,) = outcome(CORPUS / "pdfplumber__nics-background-checks-2015-11.pdf")  # type: ignore[misc]
    (rotated,) = outcome(CORPUS / "pdfplumber__nics-background-checks-2015-11-rotated.pdf")  # type: ignore[misc]
    assert (rotated.width, rotated.height) == (upright.height, upright.width)
    assert len(rotated.tables[0].cells) == len(upright.tables[0].cells)


def test_vertical_japanese_reads_top_to_bottom() -> None:
    pages = outcome(CORPUS / "pdfjs__vertical.pdf")
    assert isinstance(pages, list)
    vertical = [line.text for page in pages for line in page.loose_lines if line.vertical]
    assert vertical and all(len(text) >= 2 for text in vertical)


def test_a_tiny_page_budget_stops_the_page() -> None:
    engine = get_engine(page_seconds=1e-6)
    with pytest.raises(GyokakuError, match="took longer than") as caught:
        list(engine.pages(CORPUS / "pdfplumber__ca-warn-report.pdf"))
    assert caught.value.exit_code == 7
