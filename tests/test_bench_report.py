"""The benchmark report: ratios against the targets and the generated part of BENCHMARKS.md.

No timing happens here: the results are made up.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench.__main__ import stale_compiled_sources
from bench.report import END, START, markdown, place, targets
from bench.runner import COMPILED, ROOT, Result, child_setting
from bench.scaling import BATCH_COPIES, Scaling, batch_rounds

SHORT, LONG = "short.pdf", "long.pdf"


def result(tool: str, pdf: str, seconds: float, peak_mb: float = 100.0) -> Result:
    pages = 225 if pdf == LONG else 15
    return Result(tool, pdf, pages, seconds, seconds * 0.9, seconds + 1.0, peak_mb, runs=3)


RESULTS = [
    result("gyokaku", SHORT, 0.5, 150.0),
    result("pdfplumber", SHORT, 1.25),
    result("camelot", SHORT, 4.0),
    result("gyokaku", LONG, 8.0, 210.0),
    result("pdfplumber", LONG, 16.0),
    result("camelot", LONG, 70.0),
    result("pypdfium2", LONG, 0.4),
    result("gyokaku -j1", SHORT, 0.75, 140.0),
    result("gyokaku -j1", LONG, 12.0, 280.0),
    result("gyokaku compiled", SHORT, 0.2, 150.0),
    result("gyokaku compiled", LONG, 0.8, 180.0),
]


def test_targets_are_the_issue_ratios() -> None:
    scalings = [Scaling(inputs=6, pages=90, seconds={1: 4.0, 2: 2.5}, rounds=12),
                Scaling(inputs=24, pages=360, seconds={1: 12.0, 2: 6.5}, rounds=3)]
    checked = {t.what: t for t in targets(RESULTS, [SHORT, LONG], LONG, SHORT, scalings)}
    plumber = checked[f"gyokaku / pdfplumber extract_tables, {LONG}"]
    assert (plumber.value, plumber.met) == (0.5, True)
    assert checked[f"gyokaku / pdfplumber extract_tables, {SHORT}"].value == 0.4
    camelot = checked[f"camelot lattice / gyokaku, {LONG}"]
    assert (camelot.value, camelot.met) == (8.75, False)
    floor = checked[f"gyokaku / pypdfium2 text, {LONG}"]
    assert (floor.value, floor.met) == (20.0, False)
    memory = checked[f"peak memory of gyokaku, {LONG} / {SHORT}"]
    assert (memory.value, memory.met) == (1.4, True)
    small = checked["gyokaku batch throughput, 2 workers / 1 worker, 6 inputs"]
    assert (small.value, small.met) == (1.6, False)
    batch = checked["gyokaku batch throughput, 2 workers / 1 worker, 24 inputs"]
    assert batch.value == 12.0 / 6.5 and batch.met
    assert "**missed**" in camelot.row() and "met" in plumber.row()
    one = checked[f"gyokaku -j1 / pdfplumber extract_tables, {LONG}"]
    assert (one.value, one.met) == (0.75, False)
    assert checked[f"camelot lattice / gyokaku -j1, {SHORT}"].value == 4.0 / 0.75
    assert checked[f"gyokaku -j1 / pypdfium2 text, {LONG}"].value == 30.0
    assert checked[f"peak memory of gyokaku -j1, {LONG} / {SHORT}"].value == 2.0
    assert checked[f"camelot lattice / gyokaku compiled, {SHORT}"].value == 20.0
    fast = checked[f"gyokaku compiled / pypdfium2 text, {LONG}"]
    assert (fast.value, fast.met) == (2.0, True)
    assert checked[f"peak memory of gyokaku compiled, {LONG} / {SHORT}"].value == 1.2


def test_compiled_tool_runs_outside_the_repository_with_the_build_first(tmp_path: Path) -> None:
    assert child_setting("gyokaku", tmp_path) == (ROOT, None)
    cwd, env = child_setting("gyokaku compiled", tmp_path)
    assert cwd == tmp_path and env is not None
    assert env["PYTHONPATH"].split(os.pathsep) == [str(COMPILED), str(ROOT)]


def test_a_compiled_build_of_other_sources_is_stale(tmp_path: Path) -> None:
    root, compiled = tmp_path / "repo", tmp_path / "compiled"
    (root / "extract").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.setuptools.package-dir]\n"gyokaku.extract" = "extract"\n', encoding="utf-8")
    (root / "extract" / "lines.py").write_text("A = 1\n", encoding="utf-8")
    (root / "extract" / "grid.py").write_text("B = 1\n", encoding="utf-8")
    assert stale_compiled_sources(root, compiled) == ["extract/grid.py", "extract/lines.py"]
    (compiled / "gyokaku" / "extract").mkdir(parents=True)
    (compiled / "gyokaku" / "extract" / "lines.py").write_text("A = 1\n", encoding="utf-8")
    (compiled / "gyokaku" / "extract" / "grid.py").write_text("B = 2\n", encoding="utf-8")
    assert stale_compiled_sources(root, compiled) == ["extract/grid.py"]
    (compiled / "gyokaku" / "extract" / "grid.py").write_text("B = 1\n", encoding="utf-8")
    assert stale_compiled_sources(root, compiled) == []
    # the C of a native module and its stub count as sources too
    (root / "extract" / "_bulk.c").write_text("int x;\n", encoding="utf-8")
    (root / "extract" / "_bulk.pyi").write_text("x: int\n", encoding="utf-8")
    assert stale_compiled_sources(root, compiled) == ["extract/_bulk.c", "extract/_bulk.pyi"]


def test_a_smaller_batch_is_timed_in_more_rounds() -> None:
    assert BATCH_COPIES == (2, 8)
    assert [batch_rounds(3, copies) for copies in BATCH_COPIES] == [12, 3]
    assert [batch_rounds(1, copies) for copies in BATCH_COPIES] == [4, 1]
    assert batch_rounds(3, 16) == 3  # never fewer than asked for


def test_report_replaces_only_its_own_section(tmp_path: Path) -> None:
    document = tmp_path / "BENCHMARKS.md"
    document.write_text(f"# Benchmarks\n\nbefore\n\n{START}\nold\n{END}\n\nafter\n",
                        encoding="utf-8")
    scalings = [Scaling(inputs=6, pages=90, seconds={1: 4.0, 2: 2.5}, rounds=12)]
    generated = markdown([("CPU", "test")], RESULTS, [], scalings, "now", 3)
    place(document, generated)
    text = document.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nbefore\n\n" + START)
    assert text.endswith(END + "\n\nafter\n")
    assert "old" not in text
    assert "| gyokaku | long.pdf | 225 | 8.00 | 28.1 | 7.20 | 9.00 | 210 |" in text
    assert "`gyokaku batch` on 6 inputs (90 pages, 12 rounds):" in text
    assert "| 2 | 2.50 | 36.0 |" in text
