"""Converting the same PDF twice gives byte-identical data files; only run.json may differ.

Every committed sample is converted in this process (the shared fixture) and
again by ``gyokaku batch`` in a child process with another hash seed, so an
order that depends on set or dict hashing shows up as a difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, sample_pdfs

DATA_SUFFIXES = {".json", ".csv", ".parquet"}
RUN_FILE = "run.json"
CONTINUED_ROWS_SAMPLE = SAMPLES / "othercity_fy2022" / "othercity_fy2022.pdf"


def data_files(folder: Path) -> dict[str, bytes]:
    """The data files of an output folder (JSON, CSV, Parquet; not run.json), by name."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.suffix in DATA_SUFFIXES and path.name != RUN_FILE}


def run_gyokaku(*args: str, hash_seed: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m gyokaku ARGS`` with PYTHONHASHSEED set."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-m", "gyokaku", *args], capture_output=True,
                          text=True, check=False, env=env, timeout=300)


@pytest.fixture(scope="module")
def batch_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every sample converted by one batch in a child process (hash seed 0)."""
    outroot = tmp_path_factory.mktemp("determinism") / "out"
    done = run_gyokaku("batch", *map(str, sample_pdfs()), "-o", str(outroot), "-j", "2", "-q",
                       hash_seed="0")
    assert done.returncode == 0, done.stderr
    return outroot


@pytest.mark.parametrize("pdf", sample_pdfs(), ids=lambda path: path.name)
def test_data_files_are_identical_across_runs(pdf: Path, batch_outputs: Path,
                                              convert_sample: object) -> None:
    here = convert_sample(pdf)  # type: ignore[operator]
    there = batch_outputs / pdf.stem
    expected = data_files(here)
    assert {"initiatives.parquet", "plans.json", "cells.csv"} <= set(expected)
    assert data_files(there) == expected


def test_run_json_is_the_only_file_that_differs(tmp_path: Path) -> None:
    folders = []
    for seed in ("1", "2"):
        folder = tmp_path / f"seed{seed}"
        done = run_gyokaku("convert", str(CONTINUED_ROWS_SAMPLE), "-o", str(folder), "-q",
                           hash_seed=seed)
        assert done.returncode == 0, done.stderr
        folders.append(folder)
    first, second = ({path.name: path.read_bytes() for path in folder.iterdir()}
                     for folder in folders)
    assert sorted(first) == sorted(second)
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [RUN_FILE]


def test_run_json_holds_the_times(batch_outputs: Path) -> None:
    import json

    info = json.loads((batch_outputs / CONTINUED_ROWS_SAMPLE.stem / RUN_FILE).read_text("utf-8"))
    assert info["started_utc"].endswith("Z") and info["seconds"] >= 0
    for name, data in data_files(batch_outputs / CONTINUED_ROWS_SAMPLE.stem).items():
        assert info["started_utc"].encode() not in data, name
