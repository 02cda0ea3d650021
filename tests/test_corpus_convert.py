"""Full conversion of every real-world PDF (../shared/corpus/realworld) in bounded time.

Each file must give a dataset or a clean one-line error with a documented
exit code: never an internal error, a crash or a hang.  None of them is a
reform report, so "no reform table" (6) is the usual answer.  The files are
converted by two child processes in parallel, each converting its share
in-process with a per-page time limit and killed if it runs past its
deadline.  The outcomes are printed as a table and written to
``build/test-outcomes/realworld_convert.csv``.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path("/work/shared/corpus/realworld")
ROOT = Path(__file__).resolve().parent.parent
OUTCOMES = ROOT / "build" / "test-outcomes" / "realworld_convert.csv"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="real-world corpus not available")

CHILDREN = 2
CHILD_SECONDS = 150.0
PAGE_SECONDS = 20.0
CLEAN_EXITS = {3, 4, 5, 6, 7}
PASSWORDS = {  # the test passwords published with these files
    "pdfplumber__password-example.pdf": "test",
    "pdfminer__rc4-40.pdf": "foo",
    "pdfminer__aes-256-r6.pdf": "usersecret",
}

CHILD = f"""
import json, sys, time, traceback
from pathlib import Path
from gyokaku.cli import silenced
from gyokaku.errors import GyokakuError
from gyokaku.limits import Limits
from gyokaku.pipeline import convert
from gyokaku.schemas.writers import write_dataset

jobs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
with silenced() as terminal:
    for path, password, out in jobs:
        started = time.perf_counter()
        try:
            dataset = convert(Path(path), password=password,
                              limits=Limits(page_seconds={PAGE_SECONDS}))
            write_dataset(dataset, Path(out))
            outcome = {{"outcome": "dataset", "initiatives": len(dataset.initiatives)}}
        except GyokakuError as error:
            outcome = {{"outcome": "error", "exit_code": int(error.exit_code),
                        "line": " ".join(error.problem.split())}}
        except Exception:
            outcome = {{"outcome": "crash", "line": traceback.format_exc()[-500:]}}
        outcome.update(file=Path(path).name, seconds=round(time.perf_counter() - started, 2))
        terminal.write(json.dumps(outcome) + "\\n")
        terminal.flush()
"""


def corpus_files() -> list[Path]:
    """The files listed in the corpus manifest."""
    with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as manifest:
        return [CORPUS / row["file"] for row in csv.DictReader(manifest)]


def shares(files: list[Path], count: int) -> list[list[Path]]:
    """``files`` dealt round-robin, largest first, so the children finish together."""
    by_size = sorted(files, key=lambda path: -path.stat().st_size)
    return [by_size[index::count] for index in range(count)]


def run_children(files: list[Path], outroot: Path) -> dict[str, dict[str, object]]:
    """Convert ``files`` in parallel child processes; their outcomes by file name."""
    children = []
    for number, share in enumerate(shares(files, CHILDREN)):
        jobs = [(str(path), PASSWORDS.get(path.name), str(outroot / path.stem)) for path in share]
        job_file = outroot / f"jobs-{number}.json"
        job_file.write_text(json.dumps(jobs), encoding="utf-8")
        children.append(subprocess.Popen(
            [sys.executable, "-c", CHILD, str(job_file)], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    outcomes: dict[str, dict[str, object]] = {}
    deadline = time.monotonic() + CHILD_SECONDS
    for child in children:
        try:
            _, stderr = child.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            _, stderr = child.communicate()
        for line in stderr.splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                outcomes[record["file"]] = record
    return outcomes


def outcome_table(files: list[Path], outcomes: dict[str, dict[str, object]]) -> list[list[str]]:
    """One row per file: name, outcome, exit code, seconds, initiatives or error line."""
    rows = []
    for path in files:
        record = outcomes.get(path.name, {"outcome": "hang or died"})
        detail = record.get("line") or record.get("initiatives", "")
        rows.append([path.name, str(record["outcome"]), str(record.get("exit_code", "")),
                     str(record.get("seconds", "")), " ".join(str(detail).split())])
    return rows


def save_table(rows: list[list[str]]) -> None:
    """Write the outcome table as CSV under build/test-outcomes."""
    OUTCOMES.parent.mkdir(parents=True, exist_ok=True)
    with OUTCOMES.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["file", "outcome", "exit_code", "seconds", "detail"])
        writer.writerows(rows)


def test_every_real_world_pdf_gives_a_dataset_or_a_clean_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = corpus_files()
    started = time.monotonic()
    outcomes = run_children(files, tmp_path)
    seconds = time.monotonic() - started
    rows = outcome_table(files, outcomes)
    save_table(rows)
    with capsys.disabled():
        print(f"\nreal-world corpus: {len(files)} files in {seconds:.1f} s ({OUTCOMES})")
        for row in rows:
            print("  " + " | ".join(row)[:160])
    assert [row for row in rows if row[1] not in ("dataset", "error")] == []
    assert [row for row in rows if row[1] == "error" and int(row[2]) not in CLEAN_EXITS] == []
    assert all(float(row[3]) < PAGE_SECONDS * 3 for row in rows)
    by_file = {row[0]: row for row in rows}
    assert by_file["pdfplumber__empty.pdf"][1:3] == ["error", "3"]
    for name in PASSWORDS:  # opened with their passwords: readable, just not reform reports
        assert by_file[name][1:3] == ["error", "6"], by_file[name]
    for path in files:
        output = tmp_path / path.stem
        assert output.is_dir() == (by_file[path.name][1] == "dataset")
