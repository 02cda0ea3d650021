"""``gyokaku batch``: parallel conversion, the summary, re-runs, failures, and Dask.

One local batch and one Dask batch (a LocalCluster of two worker processes)
run over the same inputs: two copies of a sample (the same stem in two
folders), and three bad files.  Exit codes: 0 when nothing failed, 10 when
an input failed, 2 for usage errors.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gyokaku.batch import BatchJob, BatchOptions, process_file
from gyokaku.batch_child import (
    ChildOutcome,
    ForkServerUnavailable,
    convert_command,
    fork_server,
    gyokaku_arguments,
    run_child,
    run_forked,
)
from gyokaku.batch_inputs import collect_inputs, output_names
from gyokaku.batch_summary import SUMMARY_NAME, read_summary
from gyokaku.cli import app
from gyokaku.cmd_batch import file_progress
from gyokaku.errors import ExitCode
from gyokaku.fork_server import runs_a_batch
from gyokaku.limits import Limits
from gyokaku.schemas.readers import read_table
from tests import processes
from tests.pdf_builders import SLOW, content_pdf
from tests.processes import commands_in_one_interpreter, python_output

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "othercity_fy2022" / "othercity_fy2022.pdf"
BAD = ROOT / "samples" / "bad"
VARYING = {"seconds"}  # the only summary column that may differ between two runs


def batch(*args: str) -> Any:
    """Run ``gyokaku batch ARGS`` in-process."""
    return CliRunner().invoke(app, ["batch", *args], env={"COLUMNS": "400"})


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A folder with the sample twice (same stem) and three bad files beside it."""
    root = tmp_path_factory.mktemp("inputs")
    for folder in ("2022", "2023"):
        (root / "reports" / folder).mkdir(parents=True)
        shutil.copy(SAMPLE, root / "reports" / folder / SAMPLE.name)
    notes = root / "notes.pdf"
    notes.write_text("not a PDF\n", encoding="utf-8")
    return [root / "reports", BAD / "encrypted.pdf", BAD / "truncated.pdf", notes]


@pytest.fixture(scope="module")
def local_run(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, Any]:
    """The inputs converted by a local batch of two workers."""
    outroot = tmp_path_factory.mktemp("local") / "out"
    return outroot, batch(*map(str, inputs), "-o", str(outroot), "--workers", "2")


def without_seconds(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Summary rows without the columns that vary between runs."""
    return [{key: value for key, value in row.items() if key not in VARYING} for row in rows]


def rows_by_name(outroot: Path) -> dict[str, dict[str, Any]]:
    """Summary rows by the file name of their input.

    The summary is sorted by full path, and where the checkout lives decides
    whether the bundled bad files sort before or after the temporary folders.
    """
    return {Path(row["input"]).name: row for row in read_summary(outroot)}


def data_files(outroot: Path) -> dict[str, bytes]:
    """Every file of every output folder except run.json, by relative path."""
    return {str(path.relative_to(outroot)): path.read_bytes()
            for path in sorted(outroot.glob("*/*")) if path.name != "run.json"}


# --- one local batch ---------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failures_do_not_stop_the_others(local_run: tuple[Path, Any], inputs: list[Path]
                                         ) -> None:
    outroot, result = local_run
    assert result.exit_code == 10, result.output
    reports, encrypted, truncated, notes = inputs
    first, second = reports / "2022" / SAMPLE.name, reports / "2023" / SAMPLE.name

    def row(path: Path, status: str, reason: str, code: int, count: int | None,
            folder: str) -> dict[str, Any]:
        return {"input": str(path), "sha256": sha256_of(path), "status": status,
                "reason": reason, "exit_code": code, "initiatives": count, "output_dir": folder}

    expected = {row["input"]: row for row in [
        row(first, "converted", "", 0, 15, SAMPLE.stem),
        row(second, "converted", "", 0, 15, f"{SAMPLE.stem}-2"),
        row(encrypted, "failed", "encrypted: a password is needed (--password)", 4, None, ""),
        row(truncated, "failed", "unreadable PDF (PSEOF: Unexpected EOF)", 3, None, ""),
        row(notes, "failed", "not a PDF (no %PDF- header)", 3, None, ""),
    ]}
    rows = without_seconds(read_summary(outroot))
    assert rows == [expected[row["input"]] for row in rows]
    assert sorted(row["input"] for row in rows) == sorted(expected)
    assert sorted(p.name for p in outroot.iterdir()) == [
        f"{SUMMARY_NAME}.csv", f"{SUMMARY_NAME}.json", SAMPLE.stem, f"{SAMPLE.stem}-2"]


def test_summary_is_sorted_by_path_with_one_row_per_input(local_run: tuple[Path, Any]) -> None:
    outroot, _ = local_run
    rows = read_summary(outroot)
    paths = [str(Path(row["input"]).resolve()) for row in rows]
    assert paths == sorted(paths) and len(rows) == 5
    outcomes = sorted((row["status"], row["exit_code"]) for row in rows)
    assert outcomes == [("converted", 0), ("converted", 0), ("failed", 3), ("failed", 3),
                        ("failed", 4)]


def test_summary_csv_agrees_with_the_json(local_run: tuple[Path, Any]) -> None:
    import csv

    outroot, _ = local_run
    text = (outroot / f"{SUMMARY_NAME}.csv").read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    rows = read_summary(outroot)
    assert list(records[0]) == list(rows[0])
    for record, row in zip(records, rows, strict=True):
        assert record == {key: "" if value is None else str(value) for key, value in row.items()}


def test_outputs_are_what_convert_writes(local_run: tuple[Path, Any], tmp_path: Path) -> None:
    outroot, _ = local_run
    single = tmp_path / "single"
    result = CliRunner().invoke(app, ["convert", str(SAMPLE), "-o", str(single), "-q"])
    assert result.exit_code == 0
    for folder in (outroot / SAMPLE.stem, outroot / f"{SAMPLE.stem}-2"):
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in single.iterdir())
        for path in single.iterdir():
            if path.name != "run.json":
                assert (folder / path.name).read_bytes() == path.read_bytes(), path.name
    rows = read_table(outroot / SAMPLE.stem, "initiatives", "parquet")
    assert len(rows) == 15


def test_the_table_shows_totals_and_failures(local_run: tuple[Path, Any]) -> None:
    _, result = local_run
    text = result.stdout
    for expected in ("converted │ 2", "failed    │ 3", "skipped   │ 0", "inputs    │ 5",
                     "encrypted: a password is needed (--password)", f"{SUMMARY_NAME}.csv"):
        assert expected in text, expected
    assert result.stderr == ""


# --- re-runs ----------------------------------------------------------------------------------


def test_rerun_skips_what_is_converted_and_retries_failures(
        inputs: list[Path], tmp_path: Path) -> None:
    outroot = tmp_path / "out"
    args = [str(inputs[0] / "2022"), str(BAD / "truncated.pdf"), "-o", str(outroot), "-j", "2"]
    assert batch(*args).exit_code == ExitCode.BATCH_INCOMPLETE
    written = (outroot / SAMPLE.stem / "run.json").read_bytes()
    again = batch(*args)
    assert again.exit_code == ExitCode.BATCH_INCOMPLETE
    rows = rows_by_name(outroot)
    assert {name: (row["status"], row["initiatives"]) for name, row in rows.items()} == {
        SAMPLE.name: ("skipped", 15), "truncated.pdf": ("failed", None)}
    assert rows[SAMPLE.name]["reason"] == (
        "already converted (same SHA-256, gyokaku version, engine and license)")
    assert (outroot / SAMPLE.stem / "run.json").read_bytes() == written
    forced = batch(*args, "--force")
    assert {name: row["status"] for name, row in rows_by_name(outroot).items()} == {
        SAMPLE.name: "converted", "truncated.pdf": "failed"}
    assert forced.exit_code == ExitCode.BATCH_INCOMPLETE


def test_changed_input_is_converted_again_and_all_done_exits_0(tmp_path: Path) -> None:
    report = tmp_path / "in" / "report.pdf"
    report.parent.mkdir()
    shutil.copy(BAD / "encrypted.pdf", report)
    outroot = tmp_path / "out"
    first = batch(str(report), "-o", str(outroot), "--password", "gyokaku")
    assert first.exit_code == 0, first.output
    assert read_summary(outroot)[0]["initiatives"] == 3
    shutil.copy(SAMPLE, report)
    second = batch(str(report), "-o", str(outroot), "--password", "gyokaku")
    assert second.exit_code == 0
    (row,) = read_summary(outroot)
    assert (row["status"], row["initiatives"]) == ("converted", 15)


def test_password_is_not_on_the_command_line() -> None:
    command = convert_command(SAMPLE, Path("out"), engine="pdfplumber", profile="auto",
                              registry=None, csv_bom=True, limits=Limits(),
                              license_text=BatchOptions().license_text)
    assert command[1:5] == ["-m", "gyokaku", "convert", str(SAMPLE)]
    assert "--password" not in command
    assert command[command.index("--max-stream-mb") + 1] == "256"
    assert command[command.index("--workers") + 1] == "1"  # the batch's workers share the cores
    assert command[command.index("--license") + 1] == "CC-BY-4.0"


def test_a_changed_license_is_converted_again(tmp_path: Path) -> None:
    import json

    outroot = tmp_path / "out"

    def run(license_text: str) -> str:
        result = batch(str(SAMPLE), "-o", str(outroot), "--license", license_text)
        assert result.exit_code == 0, result.output
        package = json.loads((outroot / SAMPLE.stem / "datapackage.json").read_text("utf-8"))
        assert [entry["name"] for entry in package["licenses"]] == [license_text]
        (row,) = read_summary(outroot)
        return str(row["status"])

    assert [run("CC0-1.0"), run("CC0-1.0"), run("CC-BY-4.0")] == [
        "converted", "skipped", "converted"]


def test_a_bad_license_is_a_usage_error_before_any_conversion(tmp_path: Path) -> None:
    outroot = tmp_path / "out"
    result = batch(str(SAMPLE), "-o", str(outroot), "--license", "not a license")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("gyokaku: --license: ") and result.stderr.count("\n") == 1
    assert not outroot.exists()


def test_batch_default_license_is_convert_default() -> None:
    from gyokaku.cli import DEFAULT_LICENSE as CONVERT_DEFAULT
    from gyokaku.schemas.datapackage import DEFAULT_LICENSE

    assert BatchOptions().license_text == CONVERT_DEFAULT == DEFAULT_LICENSE


def test_batch_default_engine_is_the_extract_default() -> None:
    from gyokaku.extract import DEFAULT_ENGINE

    assert BatchOptions().engine == DEFAULT_ENGINE == "pdfium"


# --- a file that hangs or crashes ---------------------------------------------------------


def test_the_batch_process_imports_no_pdf_or_arrow_library(tmp_path: Path) -> None:
    """Its conversions run in child processes: the batch itself only hashes inputs and reads
    earlier outputs' metadata, so it starts its first child without these imports."""
    heavy = ("pyarrow", "pandas", "numpy", "pdfplumber", "pdfminer", "pypdfium2", "orjson")
    command = ["batch", str(BAD / "truncated.pdf"), "-o", str(tmp_path / "out"), "-q"]
    assert commands_in_one_interpreter([command], heavy) == ([ExitCode.BATCH_INCOMPLETE], [])
    assert read_summary(tmp_path / "out")[0]["status"] == "failed"


def test_slow_file_is_stopped_and_leaves_nothing(tmp_path: Path) -> None:
    slow = content_pdf(tmp_path / "slow.pdf", SLOW)
    outroot = tmp_path / "out"
    result = batch(str(slow), "-o", str(outroot), "--max-file-seconds", "1")
    assert result.exit_code == ExitCode.BATCH_INCOMPLETE
    (row,) = read_summary(outroot)
    assert (row["status"], row["exit_code"], row["reason"]) == (
        "failed", ExitCode.TOO_LARGE, "took longer than 1 s (raise it with --max-file-seconds)")
    assert sorted(p.name for p in outroot.iterdir()) == [
        f"{SUMMARY_NAME}.csv", f"{SUMMARY_NAME}.json"]


def test_crashed_conversion_is_one_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    import gyokaku.batch

    def crashing(*args: Any, **kwargs: Any) -> list[str]:
        return [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]

    monkeypatch.setattr(gyokaku.batch, "convert_command", crashing)
    job = BatchJob(str(SAMPLE), SAMPLE, tmp_path / "out" / "x", BatchOptions())
    result = process_file(job)
    assert (result.status, result.exit_code, result.reason) == (
        "failed", ExitCode.FAILED, "the conversion process died (SIGKILL)")
    assert not (tmp_path / "out").exists()


def test_conversions_are_forked_from_the_fork_server() -> None:
    command = convert_command(SAMPLE, Path("out"), engine="pdfium", profile="auto",
                              registry=None, csv_bom=True, limits=Limits(),
                              license_text=BatchOptions().license_text)
    assert gyokaku_arguments(command) == command[3:]
    assert gyokaku_arguments([sys.executable, "-c", "pass"]) is None
    assert fork_server() is not None  # Linux has one


def forked(entry: Any, *arguments: str, password: str | None = None,
           seconds: float = 60) -> ChildOutcome:
    context = fork_server()
    assert context is not None
    return run_forked(context, list(arguments), password=password, seconds=seconds,
                      entry=entry)


def test_a_forked_conversion_imports_nothing_the_server_could_have(tmp_path: Path) -> None:
    """The fork server imports what a conversion needs once; whatever a forked conversion
    still imports is paid again for every file of the batch."""
    listing = tmp_path / "imported.json"
    outcome = forked(processes.imports_of_a_conversion, str(listing), "convert", str(SAMPLE),
                     "-o", str(tmp_path / "out"), "--quiet", "--workers", "1")
    assert outcome == ChildOutcome(0, "")
    libraries = {"gyokaku", "typer", "pydantic", "pydantic_core", "rich", "pyarrow", "numpy",
                 "PIL", "pypdfium2", "pypdfium2_raw", "pdfminer", "pdfplumber", "jinja2",
                 "rapidfuzz", "orjson"}
    imported = json.loads(listing.read_text(encoding="utf-8"))
    assert [name for name in imported if name.partition(".")[0] in libraries] == []


def test_a_forked_child_reports_its_exit_code_and_last_error_line() -> None:
    assert forked(processes.exit_with, "0") == ChildOutcome(0, "")
    assert forked(processes.complain_and_exit, "x.pdf", password="secret") == ChildOutcome(
        2, "x.pdf: secret")
    assert forked(processes.complain_and_exit, "x.pdf") == ChildOutcome(2, "x.pdf: None")


def test_a_forked_child_that_dies_or_hangs_is_one_outcome() -> None:
    assert forked(processes.die) == ChildOutcome(-signal.SIGKILL, "")
    assert forked(processes.hang, seconds=0.5) == ChildOutcome(-signal.SIGKILL, "",
                                                               timed_out=True)


def test_exit_codes_are_not_lost_when_threads_fork_at_once() -> None:
    """multiprocessing's start() polls the other started processes: a thread reading an exit
    code at the same time lost it (exit code 255 for a conversion that had succeeded, about
    one in a hundred forks with four threads)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda code: forked(processes.exit_with, str(code % 7)),
                                 range(300)))
    assert [outcome.exit_code for outcome in outcomes] == [code % 7 for code in range(300)]


def test_without_a_working_fork_server_the_command_runs_as_a_new_interpreter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context = fork_server()
    assert context is not None

    def unreachable(self: Any) -> None:
        raise ConnectionRefusedError("the fork server is not listening")

    monkeypatch.setattr(context.Process, "start", unreachable)
    missing = tmp_path / "missing.pdf"
    command = convert_command(missing, tmp_path / "out", engine="pdfium", profile="auto",
                              registry=None, csv_bom=True, limits=Limits(),
                              license_text=BatchOptions().license_text)
    with pytest.raises(ForkServerUnavailable):
        run_forked(context, command[3:], password=None, seconds=60)
    outcome = run_child(command, password=None, seconds=60)
    assert outcome.exit_code == ExitCode.USAGE and outcome.message.startswith(str(missing))


def test_only_a_batch_command_line_starts_the_fork_server_early() -> None:
    assert runs_a_batch(["batch", "reports", "-o", "out"])
    assert not runs_a_batch(["batch", "--help"])
    assert not runs_a_batch(["batch", "reports", "-h"])
    assert not runs_a_batch(["batch", "reports", "--scheduler", "tcp://host:8786"])
    assert not runs_a_batch(["batch", "reports", "--scheduler=tcp://host:8786"])
    assert not runs_a_batch(["convert", "report.pdf", "-o", "out"])
    assert not runs_a_batch(["compare", "batch"])
    assert not runs_a_batch([])


def test_the_command_starts_the_fork_server_before_importing_itself() -> None:
    """The server's imports run beside the command's own only if it starts first."""
    printed = python_output(
        "import json, sys",
        "import gyokaku.command as command",
        "calls = []",
        "def spy(arguments):",
        "    calls.append(['gyokaku.cli' in sys.modules, list(arguments)])",
        "    return False",
        "command.start_early = spy",
        "sys.argv = ['gyokaku', 'batch', '--help']",
        "try:",
        "    command.main()",
        "except SystemExit as exit:",
        "    print(json.dumps([exit.code, calls]))",
    )
    assert json.loads(printed[-1]) == [0, [[False, ["batch", "--help"]]]]


def test_an_early_fork_server_is_the_one_conversions_are_forked_from(tmp_path: Path) -> None:
    printed = python_output(
        "import sys",
        "import multiprocessing.forkserver as forkserver",
        "from gyokaku.fork_server import start_early",
        "print(start_early(['convert', 'x.pdf']), forkserver._forkserver._forkserver_pid)",
        "print(start_early(['batch', 'reports']), 'gyokaku.cli' in sys.modules)",
        "early = forkserver._forkserver._forkserver_pid",
        "from gyokaku.batch_child import fork_server, run_forked",
        "from tests import processes",
        "outcome = run_forked(fork_server(), ['3'], password=None, seconds=60,",
        "                     entry=processes.exit_with)",
        "print(outcome.exit_code, forkserver._forkserver._forkserver_pid == early)",
    )
    assert printed == ["False None", "True False", "3 True"]


def test_an_early_fork_server_ends_with_the_command() -> None:
    """A batch that converts nothing (a usage error) leaves no server behind."""
    (printed,) = python_output(
        "import multiprocessing.forkserver as forkserver",
        "from gyokaku.fork_server import start_early",
        "start_early(['batch', 'reports'])",
        "print(forkserver._forkserver._forkserver_pid)",
    )
    status = Path(f"/proc/{int(printed)}/status")
    for _ in range(200):
        if not status.exists() or "zombie" in status.read_text():
            break
        time.sleep(0.05)
    assert not status.exists() or "zombie" in status.read_text()


def test_a_daemonic_process_starts_new_interpreters() -> None:
    """A daemonic process (a Dask worker) may not have children of its own."""
    context = multiprocessing.get_context("spawn")  # not fork: this process may run threads
    results = context.Queue()
    child = context.Process(target=processes.report_fork_server, args=(results,), daemon=True)
    child.start()
    assert results.get(timeout=60) is False
    child.join()


# --- inputs, names and usage --------------------------------------------------------------


def test_same_stems_get_names_by_path_whatever_the_order(tmp_path: Path) -> None:
    paths = [tmp_path / "b" / "r.pdf", tmp_path / "a" / "r.pdf", tmp_path / "a" / "R-2.PDF"]
    for path in paths:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n")
    for order in (paths, paths[::-1], [tmp_path]):
        found = collect_inputs(order)
        assert [p.resolve() for p in found] == sorted(p.resolve() for p in paths)
        assert output_names(found) == ["R-2", "r", "r-3"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = batch(str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"gyokaku: {empty}: no PDF files found\n"
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    result = batch(str(SAMPLE), "-o", str(a_file))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"gyokaku: {a_file}: exists and is not a directory\n"


class FakeTerminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Pretend to be a terminal."""
        return True


def test_progress_bar_over_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from gyokaku.batch import FileResult

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with file_progress(3, quiet=False) as on_result:
        assert on_result is not None
        for name in ("a.pdf", "b.pdf", "c.pdf"):
            on_result(FileResult(name, "", "converted", "", 0, 0.1, 1, name))
    assert "3/3" in terminal.getvalue()
    with file_progress(3, quiet=True) as on_result:
        assert on_result is None


# --- the same batch on a Dask cluster -------------------------------------------------------


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A LocalCluster of two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_gives_the_same_summary_and_outputs(
        cluster_address: str, inputs: list[Path], local_run: tuple[Path, Any],
        tmp_path: Path) -> None:
    local_root, _ = local_run
    outroot = tmp_path / "dask"
    result = batch(*map(str, inputs), "-o", str(outroot), "--scheduler", cluster_address, "-q")
    assert (result.exit_code, result.stdout) == (ExitCode.BATCH_INCOMPLETE, ""), result.output
    assert without_seconds(read_summary(outroot)) == without_seconds(read_summary(local_root))
    assert data_files(outroot) == data_files(local_root)


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import gyokaku.batch_dask

    monkeypatch.setattr(gyokaku.batch_dask, "CONNECT_SECONDS", 0.5)
    monkeypatch.setattr(gyokaku.batch_dask.connect, "__defaults__", (0.5,))
    result = batch(str(SAMPLE), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("gyokaku: tcp://127.0.0.1:9: cannot reach the Dask scheduler")
    assert not (tmp_path / "out").exists()
