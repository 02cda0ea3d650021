"""Errors a user sees: one line naming the file and the problem, and an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes of the ``gyokaku`` command."""

    OK = 0
    FAILED = 1          # unexpected internal error (a bug: please report it)
    USAGE = 2           # bad command-line usage
    NOT_A_PDF = 3       # not a PDF, empty, truncated or unreadable
    ENCRYPTED = 4       # encrypted and no (or a wrong) password
    NO_TEXT = 5         # pages without a text layer: OCR is needed
    NO_REPORT = 6       # no reform table found
    TOO_LARGE = 7       # a size limit was exceeded (pages, page size, objects, time)
    BAD_PROFILE = 8     # a layout profile or registry file is invalid
    INVALID_OUTPUT = 9  # `gyokaku validate` found a problem
    BATCH_INCOMPLETE = 10  # `gyokaku batch`: at least one input failed


class GyokakuError(Exception):
    """A problem with one input, reported as a single line."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, path: str, problem: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        if exit_code is not None:
            self.exit_code = exit_code

    def __reduce__(self) -> tuple[type[GyokakuError], tuple[str, str, ExitCode]]:
        """Pickle by the constructor's arguments (errors cross from page-reading processes)."""
        return (type(self), (self.path, self.problem, self.exit_code))

    def one_line(self) -> str:
        """The message as shown to the user: ``FILE: problem`` on one line."""
        return " ".join(str(self).split())


class NotAPdfError(GyokakuError):
    """The file is not a readable PDF."""

    exit_code = ExitCode.NOT_A_PDF


class EncryptedError(GyokakuError):
    """The PDF is encrypted and cannot be opened with the given password."""

    exit_code = ExitCode.ENCRYPTED


class NoTextLayerError(GyokakuError):
    """The pages have no text layer; OCR would be needed."""

    exit_code = ExitCode.NO_TEXT


class NoReportError(GyokakuError):
    """No reform table was found in the PDF."""

    exit_code = ExitCode.NO_REPORT


class LimitExceededError(GyokakuError):
    """A configured size or time limit was exceeded."""

    exit_code = ExitCode.TOO_LARGE


class ProfileError(GyokakuError):
    """A layout profile or registry file is invalid."""

    exit_code = ExitCode.BAD_PROFILE
