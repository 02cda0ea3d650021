"""Opening PDFs: page count, identity, and one-line errors for bad inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gyokaku.errors import EncryptedError, ExitCode, GyokakuError, NotAPdfError
from gyokaku.extract import describe, get_engine, open_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def test_describe_gives_hash_and_page_count() -> None:
    path = FIXTURES / "three_pages.pdf"
    info = describe(path)
    assert info.page_count == 3
    assert info.file_name == "three_pages.pdf"
    assert info.path == str(path)
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_open_pdf_yields_the_document() -> None:
    with open_pdf(FIXTURES / "three_pages.pdf") as pdf:
        assert len(pdf.pages) == 3


def problem_of(path: Path, password: str | None = None) -> GyokakuError:
    with pytest.raises(GyokakuError) as caught:
        list(get_engine().pages(path, password=password))
    error = caught.value
    assert "\n" not in error.one_line()
    assert error.one_line().startswith(f"{path}: ")
    return error


def test_missing_file(tmp_path: Path) -> None:
    error = problem_of(tmp_path / "nowhere.pdf")
    assert isinstance(error, NotAPdfError) and error.problem == "no such file"


def test_directory_is_not_a_pdf(tmp_path: Path) -> None:
    assert problem_of(tmp_path).problem == "not a file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    error = problem_of(path)
    assert isinstance(error, NotAPdfError)
    assert error.exit_code == ExitCode.NOT_A_PDF
    assert "empty" in error.problem


def test_text_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("施策一覧\n", encoding="utf-8")
    assert problem_of(path).problem == "not a PDF (no %PDF header)"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (FIXTURES / "ruled_table.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    error = problem_of(path)
    assert isinstance(error, NotAPdfError)
    assert error.problem.startswith("unreadable PDF (")


def test_encrypted_without_password() -> None:
    error = problem_of(FIXTURES / "encrypted.pdf")
    assert isinstance(error, EncryptedError)
    assert error.exit_code == ExitCode.ENCRYPTED
    assert "password is needed" in error.problem


def test_encrypted_with_wrong_password() -> None:
    error = problem_of(FIXTURES / "encrypted.pdf", password="guess")
    assert isinstance(error, EncryptedError) and "wrong" in error.problem


def test_encrypted_with_password() -> None:
    (page,) = get_engine().pages(FIXTURES / "encrypted.pdf", password="secret")
    assert [line.text for line in page.loose_lines] == ["暗号"]
    assert describe(FIXTURES / "encrypted.pdf", password="secret").page_count == 1


def test_unknown_engine_name() -> None:
    with pytest.raises(ValueError, match="unknown engine 'tabula'"):
        get_engine("tabula")
