"""Shared fixtures: the committed samples and their conversions (converted once per session)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REALWORLD = ROOT.parent / "shared" / "corpus" / "realworld"

# A process started by multiprocessing imports the functions it runs (tests.processes) by name,
# with this process's sys.path, where pytest's importlib mode does not put the repository.
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

# The build under test: "python" (the sources; what `make test` runs) or "compiled" (the mypyc
# build of `make compiled`, which `make test-compiled` puts first on PYTHONPATH).
EXPECTED_BUILD = os.environ.get("GYOKAKU_TEST_BUILD", "python")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run against another build than the one asked for: a compiled run that
    silently imported the sources would test nothing new."""
    from gyokaku.build import build_name

    running = build_name()
    if running != EXPECTED_BUILD:
        raise pytest.UsageError(f"GYOKAKU_TEST_BUILD is {EXPECTED_BUILD!r} but gyokaku "
                                f"imports as the {running!r} build")


def sample_pdfs() -> list[Path]:
    """Every committed sample PDF that has a golden dataset beside it."""
    return sorted(p for p in SAMPLES.glob("*/*.pdf")
                  if (p.parent / "golden").is_dir() and p.parent.name != "long")


def load_json(path: Path) -> Any:
    """Read a UTF-8 JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


_CONVERTED: dict[tuple[Path, str], Path] = {}


@pytest.fixture(scope="session")
def convert_sample(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Convert a sample PDF with an engine (once per session) and return the output folder."""
    from gyokaku.pipeline import convert
    from gyokaku.schemas.writers import write_dataset

    def run(pdf: Path, engine: str = "pdfplumber") -> Path:
        key = (pdf, engine)
        if key not in _CONVERTED:
            out = tmp_path_factory.mktemp(f"{pdf.stem}-{engine}") / "out"
            write_dataset(convert(pdf, engine=engine), out)
            _CONVERTED[key] = out
        return _CONVERTED[key]

    return run
