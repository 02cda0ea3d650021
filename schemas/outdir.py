"""Atomic output directories: build beside OUTDIR, move into place when complete.

An existing OUTDIR is replaced only when it is empty or a previous gyokaku
output (its ``run.json`` names the tool); anything else is refused, so a
mistyped ``-o`` never deletes someone's files.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gyokaku.errors import ExitCode, GyokakuError

RUN_FILE = "run.json"
TOOL_NAME = "gyokaku"


def is_previous_output(folder: Path) -> bool:
    """True when ``folder`` holds a ``run.json`` written by gyokaku."""
    try:
        info = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(info, dict) and info.get("tool") == TOOL_NAME


def check_outdir(outdir: Path) -> None:
    """Raise :class:`GyokakuError` (exit code USAGE) unless ``outdir`` may be written.

    It may be written when it does not exist, is an empty directory or is a
    previous gyokaku output.
    """
    if not outdir.exists() and not outdir.is_symlink():
        return
    if not outdir.is_dir():
        raise _refusal(outdir, "exists and is not a directory")
    if is_previous_output(outdir) or not any(outdir.iterdir()):
        return
    raise _refusal(outdir, f"exists and is not a gyokaku output (no gyokaku {RUN_FILE})")


def _refusal(outdir: Path, why: str) -> GyokakuError:
    return GyokakuError(str(outdir), f"{why}; refusing to replace it", ExitCode.USAGE)


def _sibling(outdir: Path, suffix: str) -> Path:
    """A fresh hidden name beside ``outdir`` (same file system, so renames are atomic)."""
    return outdir.with_name(f".{outdir.name}.{secrets.token_hex(6)}.{suffix}")


@contextmanager
def staged_outdir(outdir: Path) -> Iterator[Path]:
    """Yield an empty staging directory; move it to ``outdir`` when the block succeeds.

    If the block raises, the staging directory is removed and ``outdir`` is
    left as it was (absent, or the previous output).
    """
    check_outdir(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(outdir, "tmp")
    staging.mkdir()
    try:
        yield staging
        _move_into_place(staging, outdir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _move_into_place(staging: Path, outdir: Path) -> None:
    check_outdir(outdir)  # again: it may have changed while the output was built
    if not outdir.exists() and not outdir.is_symlink():
        staging.rename(outdir)
        return
    old = _sibling(outdir, "old")
    outdir.rename(old)
    try:
        staging.rename(outdir)
    except BaseException:
        old.rename(outdir)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink()
