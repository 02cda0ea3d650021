"""The run metadata written to ``run.json`` beside the data files.

Everything that varies between two conversions of the same PDF (times,
tool version, file checksums of this run) lives here, never inside the
data files, so that those stay byte-identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gyokaku import __version__
from gyokaku.build import build_name
from gyokaku.files import file_sha256
from gyokaku.model import Dataset

from .columns import TABLES
from .outdir import TOOL_NAME


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def utc_text(moment: datetime) -> str:
    """``moment`` as ISO 8601 UTC text to the second, ending in ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_entry(path: Path) -> dict[str, Any]:
    """Name, size in bytes and SHA-256 of one written file (read in chunks: the review page
    of a long report is tens of megabytes)."""
    return {"name": path.name, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def run_info(
    dataset: Dataset,
    *,
    started: datetime,
    finished: datetime,
    seconds: float,
    files: Sequence[Path],
    csv_bom: bool,
) -> dict[str, Any]:
    """The content of ``run.json`` for one conversion."""
    source = dataset.source
    return {
        "tool": TOOL_NAME,
        "version": __version__,
        "build": build_name(),
        "engine": dataset.engine,
        "profile": dataset.profile,
        "profile_reason": dataset.profile_reason,
        "publisher": dataset.publisher,
        "as_of": dataset.as_of.isoformat() if dataset.as_of else None,
        "source": {
            "path": source.path,
            "file_name": source.file_name,
            "sha256": source.sha256,
            "page_count": source.page_count,
        },
        "started_utc": utc_text(started),
        "finished_utc": utc_text(finished),
        "seconds": round(seconds, 3),
        "counts": {name: len(getattr(dataset, name)) for name in TABLES}
        | {"flags": len(dataset.flags), "pages_skipped": len(dataset.pages_skipped)},
        "flags": [asdict(flag) for flag in dataset.flags],
        "pages_skipped": list(dataset.pages_skipped),
        "csv_bom": csv_bom,
        "files": [file_entry(path) for path in files],
    }
