"""Small facts about input files that need no PDF library."""

from __future__ import annotations

import hashlib
from pathlib import Path

from gyokaku.model import SourceInfo


def file_sha256(path: str | Path) -> str:
    """The SHA-256 hex digest of a file, read in chunks."""
    with Path(path).open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def source_info(path: str | Path, page_count: int) -> SourceInfo:
    """What a dataset records of the PDF it came from: path, file name, SHA-256, pages."""
    return SourceInfo(path=str(path), file_name=Path(path).name, sha256=file_sha256(path),
                      page_count=page_count)
