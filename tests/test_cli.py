"""The ``gyokaku`` command: exit codes, one-line errors, silence, summary, atomic output.

Most tests replace ``gyokaku.pipeline`` with a stand-in so that the command
itself is tested; the tests at the end run the real pipeline on the sample
PDF and are skipped only while that PDF or ``gyokaku/pipeline.py`` is missing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gyokaku import __version__
from gyokaku.cli import ConvertOptions, _page_progress, app, check_report, silenced
from gyokaku.errors import EncryptedError, ExitCode, GyokakuError, NotAPdfError
from gyokaku.limits import Limits
from gyokaku.model import Dataset, Flag, Initiative, Plan, SourceInfo
from gyokaku.schemas.readers import read_table
from gyokaku.schemas.validate import validate_outdir
from tests.conftest import EXPECTED_BUILD

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "okayama_fy2022" / "okayama_fy2022.pdf"
BAD_SAMPLES = ROOT / "samples" / "bad"
TRUTH = Path("/work/shared/reference/okayama_fy2022/truth.json")
WIDE = {"COLUMNS": "400"}  # keep rich from wrapping long temporary paths


def run(*args: str) -> Any:
    """Invoke the command in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(app, list(args), env=WIDE)


def small_dataset(path: Path) -> Dataset:
    """What the stand-in pipeline returns."""
    source = SourceInfo(str(path), path.name, "ab" * 32, 3)
    item = Initiative("1-1-4-b", 1, "健全で持続可能な財政運営", 1, None, 4, None, "b",
                      "ｸﾚｼﾞｯﾄ決済の推進①", ["財政局", "市民生活局"], 2, "・概要", None, 2022,
                      "岡山市", path.name, "ab" * 32, 0.6123)
    plan = Plan("1-1-4-b", 2021, "R3", "→", "・導入", True)
    flags = [Flag("weak_match", "matched [ｸﾚｼﾞｯﾄ] with a low score", "1-1-4-b", 1, 0.6123)]
    return Dataset(source, [item], [plan], [], flags, [0], profile="okayama",
                   engine="pdfplumber")


class StandInPipeline:
    """Records how it was called; returns a dataset, or raises what it is told to."""

    def __init__(self, raises: BaseException | None = None,
                 noise: Callable[[], None] | None = None) -> None:
        self.raises = raises
        self.noise = noise
        self.calls: list[tuple[Path, dict[str, Any]]] = []

    def convert(self, pdf_path: Path, **options: Any) -> Dataset:
        """The pipeline's ``convert``."""
        self.calls.append((pdf_path, options))
        if self.noise:
            self.noise()
        if self.raises:
            raise self.raises
        return small_dataset(pdf_path)


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch) -> StandInPipeline:
    """A stand-in ``gyokaku.pipeline`` returning a small dataset."""
    return install(monkeypatch, StandInPipeline())


def install(monkeypatch: pytest.MonkeyPatch, stand_in: StandInPipeline) -> StandInPipeline:
    """Make ``from gyokaku.pipeline import convert`` give the stand-in."""
    module = types.ModuleType("gyokaku.pipeline")
    module.convert = stand_in.convert  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gyokaku.pipeline", module)
    return stand_in


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    """A file that starts like a PDF (the stand-in pipeline reads nothing else)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    return path


def stderr_lines(result: Any) -> list[str]:
    """The non-empty lines the command wrote to stderr."""
    return [line for line in result.stderr.splitlines() if line.strip()]


# --- version and usage -----------------------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"gyokaku {__version__} ({EXPECTED_BUILD})\n"


def test_console_script_prints_the_version() -> None:
    script = Path(sys.executable).parent / "gyokaku"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          check=False)
    expected = f"gyokaku {__version__} ({EXPECTED_BUILD})\n"
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def test_help_documents_the_exit_codes() -> None:
    result = run("convert", "--help")
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())
    for code in set(ExitCode) - {ExitCode.INVALID_OUTPUT, ExitCode.BATCH_INCOMPLETE}:
        assert f"{int(code)} " in help_text, code  # 9 and 10 belong to validate and batch
    assert "2 usage (bad option, missing input file" in help_text


def test_readme_lists_every_exit_code() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    listed = [int(line.split("|")[1]) for line in table.splitlines()
              if line.startswith("| ") and line.split("|")[1].strip().isdigit()]
    assert listed == [int(code) for code in ExitCode]


def test_unknown_engine_is_a_usage_error(pdf: Path, tmp_path: Path) -> None:
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"), "--engine", "tabula")
    assert result.exit_code == ExitCode.USAGE
    assert not (tmp_path / "out").exists()


# --- bad input: one line, the documented exit code, no OUTDIR ---------------------------------


def test_non_pdf_input(tmp_path: Path, pipeline: StandInPipeline) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("行財政改革推進項目一覧\n", encoding="utf-8")
    result = run("convert", str(text), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.NOT_A_PDF == 3
    assert stderr_lines(result) == [f"gyokaku: {text}: not a PDF (no %PDF- header)"]
    assert result.stdout == ""
    assert not (tmp_path / "out").exists() and pipeline.calls == []


def test_empty_input(tmp_path: Path, pipeline: StandInPipeline) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    result = run("convert", str(empty), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.NOT_A_PDF
    assert stderr_lines(result) == [f"gyokaku: {empty}: empty file, not a PDF"]
    assert not (tmp_path / "out").exists()


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.pdf"
    result = run("convert", str(missing), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.USAGE == 2
    assert stderr_lines(result) == [f"gyokaku: {missing}: no such file"]
    assert not (tmp_path / "out").exists()


def test_directory_as_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run("convert", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.USAGE
    assert stderr_lines(result) == [f"gyokaku: {tmp_path}: is a directory, not a PDF file"]


def test_html_saved_as_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    html = BAD_SAMPLES / "not_a_pdf.pdf"
    if not html.is_file():
        pytest.skip("samples/bad/not_a_pdf.pdf not generated")
    result = run("convert", str(html), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.NOT_A_PDF
    assert stderr_lines(result) == [f"gyokaku: {html}: not a PDF (no %PDF- header)"]
    assert not (tmp_path / "out").exists()


def test_pdf_header_may_follow_leading_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"\x00" * 100 + b"%PDF-1.4\n")
    check_report(path)
    path.write_bytes(b"\x00" * 1100 + b"%PDF-1.4\n")
    with pytest.raises(NotAPdfError):
        check_report(path)


def test_pipeline_error_is_one_line_with_its_exit_code(
        pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, StandInPipeline(
        raises=EncryptedError(str(pdf), "encrypted;\n a password is needed (--password)")))
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.ENCRYPTED
    assert stderr_lines(result) == [
        f"gyokaku: {pdf}: encrypted; a password is needed (--password)"]
    assert not (tmp_path / "out").exists()


def test_internal_error_is_one_line_exit_1(
        pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, StandInPipeline(raises=ValueError("bad cell\n(3, 4)")))
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.FAILED == 1
    assert stderr_lines(result) == [f"gyokaku: {pdf}: internal error: ValueError: bad cell (3, 4)"]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_debug_adds_the_traceback(pdf: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, StandInPipeline(raises=ZeroDivisionError("division by zero")))
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"), "--debug")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert stderr_lines(result)[-1] == \
        f"gyokaku: {pdf}: internal error: ZeroDivisionError: division by zero"


def test_unrelated_outdir_is_refused_before_converting(
        pdf: Path, tmp_path: Path, pipeline: StandInPipeline) -> None:
    target = tmp_path / "documents"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("convert", str(pdf), "-o", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert stderr_lines(result) == [
        f"gyokaku: {target}: exists and is not a gyokaku output (no gyokaku run.json); "
        "refusing to replace it"]
    assert pipeline.calls == []
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


# --- success ------------------------------------------------------------------------------------


def test_convert_writes_the_dataset_and_a_summary(
        pdf: Path, tmp_path: Path, pipeline: StandInPipeline) -> None:
    out = tmp_path / "out"
    result = run("convert", str(pdf), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert validate_outdir(out) == []
    assert read_table(out, "initiatives", "csv")[0]["departments"] == ["財政局", "市民生活局"]
    assert (out / "plans.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    summary = result.stdout
    assert "pages skipped │ 1 (page index 0)" in summary
    for expected in ("initiatives", "plans", "flagged", "okayama",
                     "pdfplumber", str(out), "1-1-4-b", "0.6123",
                     "matched [ｸﾚｼﾞｯﾄ] with a low score"):
        assert expected in summary, expected


def test_options_reach_the_pipeline(pdf: Path, tmp_path: Path,
                                    pipeline: StandInPipeline) -> None:
    registry = tmp_path / "codes.csv"
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"), "--engine", "camelot",
                 "--profile", "okayama", "--registry", str(registry), "--password", "secret",
                 "--quiet", "--no-csv-bom", "--workers", "3")
    assert result.exit_code == 0
    [(path, options)] = pipeline.calls
    assert path == pdf
    assert options == {"engine": "camelot", "profile": "okayama", "registry": registry,
                       "password": "secret", "on_progress": None, "limits": Limits(),
                       "workers": 3}
    assert not (tmp_path / "out" / "plans.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_password_from_the_environment(pdf: Path, tmp_path: Path,
                                       pipeline: StandInPipeline) -> None:
    result = CliRunner().invoke(app, ["convert", str(pdf), "-o", str(tmp_path / "out"), "-q"],
                                env={"GYOKAKU_PASSWORD": "from-env"})
    assert result.exit_code == 0
    assert pipeline.calls[0][1]["password"] == "from-env"


def test_quiet_prints_nothing(pdf: Path, tmp_path: Path, pipeline: StandInPipeline) -> None:
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"), "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "out" / "run.json").is_file()


def test_converting_again_replaces_the_previous_output(
        pdf: Path, tmp_path: Path, pipeline: StandInPipeline) -> None:
    out = tmp_path / "out"
    assert run("convert", str(pdf), "-o", str(out), "-q").exit_code == 0
    first = (out / "initiatives.parquet").read_bytes()
    assert run("convert", str(pdf), "-o", str(out), "-q").exit_code == 0
    assert (out / "initiatives.parquet").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "report.pdf"]


def test_write_failure_leaves_no_outdir(pdf: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, StandInPipeline())
    from gyokaku.schemas import writers

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers, "write_json", broken)
    out = tmp_path / "out"
    result = run("convert", str(pdf), "-o", str(out))
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"gyokaku: {out}: cannot write the dataset: No space left on device"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


# --- library noise ----------------------------------------------------------------------------


def make_noise() -> None:
    """What PDF libraries do while they work."""
    print("pdfminer says hello")
    print("CropBox missing from /Page, defaulting to MediaBox", file=sys.stderr)
    warnings.warn("a deprecated call", DeprecationWarning, stacklevel=1)
    warnings.warn("a user warning", UserWarning, stacklevel=1)
    logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
    logging.getLogger("camelot").error("an engine complaint")


def test_library_noise_never_reaches_the_terminal(
        pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    install(monkeypatch, StandInPipeline(noise=make_noise))
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"), "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert caplog.records == []


def test_silencing_is_undone_afterwards() -> None:
    filters = list(warnings.filters)
    stdout, stderr = sys.stdout, sys.stderr
    with silenced():
        make_noise()
    assert logging.root.manager.disable == logging.NOTSET
    assert warnings.filters == filters
    assert (sys.stdout, sys.stderr) == (stdout, stderr)


NOISY_RUN = textwrap.dedent("""
    import logging, os, sys, types, warnings
    from gyokaku.model import Dataset, SourceInfo

    def convert(pdf_path, **options):
        os.write(1, b"C library noise on fd 1\\n")
        os.write(2, b"C library noise on fd 2\\n")
        print("python noise on stdout")
        print("python noise on stderr", file=sys.stderr)
        warnings.warn("a python warning")
        logging.getLogger("pdfminer").warning("Could not get FontBBox")
        return Dataset(SourceInfo(str(pdf_path), pdf_path.name, "0" * 64, 1))

    module = types.ModuleType("gyokaku.pipeline")
    module.convert = convert
    sys.modules["gyokaku.pipeline"] = module
    from gyokaku.cli import main
    sys.argv = ["gyokaku", "convert", *sys.argv[1:]]
    main()
""")


def run_noisy(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in a fresh process with a pipeline that writes to the real fds."""
    env = {**os.environ, "COLUMNS": "400", "PYTHONWARNINGS": "always"}
    return subprocess.run([sys.executable, "-c", NOISY_RUN, *args], capture_output=True,
                          text=True, check=False, env=env, timeout=60)


def test_c_level_noise_is_silenced_too(pdf: Path, tmp_path: Path) -> None:
    done = run_noisy(str(pdf), "-o", str(tmp_path / "quiet"), "--quiet")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    done = run_noisy(str(pdf), "-o", str(tmp_path / "out"))
    assert done.returncode == 0 and done.stderr == ""
    assert "C library noise" not in done.stdout and "python noise" not in done.stdout
    assert "initiatives" in done.stdout


# --- progress ---------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Pretend to be a terminal."""
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    with _page_progress(io.StringIO(), quiet=False) as on_progress:
        assert on_progress is None
    with _page_progress(FakeTerminal(), quiet=True) as on_progress:
        assert on_progress is None
    terminal = FakeTerminal()
    with _page_progress(terminal, quiet=False) as on_progress:
        assert on_progress is not None
        for done in range(1, 14):
            on_progress(done, 13)
    assert "13/13" in terminal.getvalue()


def test_progress_bar_starts_no_thread() -> None:
    import threading

    from gyokaku.extract.parallel import can_fork

    threads = threading.active_count()
    with _page_progress(FakeTerminal(), quiet=False) as on_progress:
        assert on_progress is not None
        on_progress(1, 2)
        assert threading.active_count() == threads  # else pages could not be read in parallel
        assert can_fork() == (threads == 1)


def test_convert_options_defaults() -> None:
    options = ConvertOptions(Path("a.pdf"), Path("out"))
    assert (options.engine, options.profile, options.csv_bom, options.quiet, options.workers) == \
        ("pdfium", "auto", True, False, None)


def test_gyokaku_error_one_line_is_what_the_command_prints(
        pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = GyokakuError(str(pdf), "no reform table\nfound", ExitCode.NO_REPORT)
    install(monkeypatch, StandInPipeline(raises=error))
    result = run("convert", str(pdf), "-o", str(tmp_path / "out"))
    assert result.exit_code == 6
    assert stderr_lines(result) == [f"gyokaku: {error.one_line()}"]


# --- the real pipeline on the sample PDF ------------------------------------------------------

needs_pipeline = pytest.mark.skipif(
    not SAMPLE_PDF.is_file() or importlib.util.find_spec("gyokaku.pipeline") is None,
    reason="needs samples/okayama_fy2022/okayama_fy2022.pdf and gyokaku/pipeline.py",
)


@pytest.mark.parametrize(("name", "code"), [
    ("truncated.pdf", ExitCode.NOT_A_PDF),
    ("encrypted.pdf", ExitCode.ENCRYPTED),
    ("image_only.pdf", ExitCode.NO_TEXT),
    ("no_table.pdf", ExitCode.NO_REPORT),
])
def test_bad_samples_give_one_line_and_their_exit_code(
        name: str, code: ExitCode, tmp_path: Path) -> None:
    bad = BAD_SAMPLES / name
    if not bad.is_file() or importlib.util.find_spec("gyokaku.pipeline") is None:
        pytest.skip(f"needs samples/bad/{name} and gyokaku/pipeline.py")
    result = run("convert", str(bad), "-o", str(tmp_path / "out"))
    lines = stderr_lines(result)
    assert (result.exit_code, len(lines)) == (code, 1), result.stderr
    assert lines[0].startswith(f"gyokaku: {bad}: ")
    assert result.stdout == "" and not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The sample PDF converted once by the real command."""
    out = tmp_path_factory.mktemp("sample") / "okayama_fy2022"
    result = CliRunner().invoke(app, ["convert", str(SAMPLE_PDF), "-o", str(out)], env=WIDE)
    return out, result


@needs_pipeline
def test_sample_converts_and_validates(sample_output: tuple[Path, Any]) -> None:
    out, result = sample_output
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert validate_outdir(out) == []
    assert "initiatives" in result.stdout and str(out) in result.stdout


@needs_pipeline
def test_sample_initiatives_are_the_reports(sample_output: tuple[Path, Any]) -> None:
    out, _ = sample_output
    truth = json.loads(TRUTH.read_text(encoding="utf-8")) if TRUTH.is_file() else None
    rows = read_table(out, "initiatives", "parquet")
    assert len(rows) == 44
    if truth is not None:
        assert sorted(r["code"] for r in rows) == sorted(i["code"] for i in truth["initiatives"])
    sha = hashlib.sha256(SAMPLE_PDF.read_bytes()).hexdigest()
    assert {r["source_sha256"] for r in rows} == {sha}
    assert {r["source_file"] for r in rows} == {SAMPLE_PDF.name}
    run_info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run_info["source"]["sha256"] == sha and run_info["counts"]["initiatives"] == 44


@needs_pipeline
def test_sample_converts_to_identical_bytes_twice(
        sample_output: tuple[Path, Any], tmp_path: Path) -> None:
    first, _ = sample_output
    second = tmp_path / "again"
    result = CliRunner().invoke(app, ["convert", str(SAMPLE_PDF), "-o", str(second), "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    for path in sorted(first.iterdir()):
        if path.name != "run.json":
            assert (second / path.name).read_bytes() == path.read_bytes(), path.name
