"""Running measurements in child processes: interleaved rounds, medians."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.tools import COMPILED_TOOLS

ROOT = Path(__file__).resolve().parent.parent
COMPILED = ROOT / "build" / "compiled"  # `make compiled` installs the compiled build here
KB_PER_MB = 1024


@dataclass(frozen=True, slots=True)
class Run:
    """One child process: the work's wall and CPU seconds, the process's seconds and peak
    memory."""

    seconds: float
    cpu_seconds: float
    process_seconds: float
    peak_mb: float
    pages: int


@dataclass(frozen=True, slots=True)
class Result:
    """The median of several runs of one tool on one PDF."""

    tool: str
    pdf: str
    pages: int
    seconds: float
    cpu_seconds: float
    process_seconds: float
    peak_mb: float
    runs: int

    @property
    def pages_per_second(self) -> float:
        """Throughput of the work."""
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def run_child(command: list[str], cwd: Path = ROOT,
              env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Run ``command``; return its stdout, wall seconds and peak resident memory in MB as
    ``wait4`` gives it (on Linux never below this process's own peak: see
    :func:`bench.child.peak_mb`)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return output, seconds, usage.ru_maxrss / KB_PER_MB  # ru_maxrss is in KiB on Linux


def child_setting(tool: str, workdir: Path) -> tuple[Path, dict[str, str] | None]:
    """The working folder and environment of a child running ``tool``.  The compiled build
    goes first on the path and the child runs outside the repository, whose ``gyokaku/``
    folder (``-m`` puts the working folder first on the path) would shadow it."""
    if tool not in COMPILED_TOOLS:
        return ROOT, None
    return workdir, {**os.environ, "PYTHONPATH": os.pathsep.join([str(COMPILED), str(ROOT)])}


def measure(tool: str, pdf: Path, workdir: Path) -> Run:
    """One run of ``tool`` on ``pdf`` in a fresh interpreter."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "bench.child", tool, str(pdf), str(workdir)]
    cwd, env = child_setting(tool, workdir)
    output, seconds, inherited_peak = run_child(command, cwd, env)
    report = json.loads(output.strip().splitlines()[-1])
    # the child's own figure where it has one: wait4's starts at this process's peak
    peak = report.get("peak_mb") or inherited_peak
    return Run(report["seconds"], report["cpu_seconds"], seconds, peak, report["pages"])


def median_result(tool: str, pdf: Path, runs: list[Run]) -> Result:
    """The median of each figure over ``runs``."""
    return Result(
        tool=tool,
        pdf=pdf.name,
        pages=runs[0].pages,
        seconds=statistics.median(run.seconds for run in runs),
        cpu_seconds=statistics.median(run.cpu_seconds for run in runs),
        process_seconds=statistics.median(run.process_seconds for run in runs),
        peak_mb=statistics.median(run.peak_mb for run in runs),
        runs=len(runs),
    )


def interleaved(tools: list[str], pdfs: list[Path], rounds: int, workdir: Path,
                skip: set[tuple[str, str]] | None = None) -> list[Result]:
    """Every (tool, PDF) pair once per round, rounds one after the other; medians."""
    skip = skip or set()
    pairs = [(tool, pdf) for pdf in pdfs for tool in tools if (tool, pdf.name) not in skip]
    runs: dict[tuple[str, Path], list[Run]] = {pair: [] for pair in pairs}
    for round_number in range(1, rounds + 1):
        for tool, pdf in pairs:
            run = measure(tool, pdf, workdir / tool.replace(" ", "-"))
            runs[(tool, pdf)].append(run)
            print(f"round {round_number}/{rounds}  {tool:<20} {pdf.name:<28} "
                  f"{run.seconds:8.2f} s {run.peak_mb:7.0f} MB", flush=True)
    return [median_result(tool, pdf, runs[(tool, pdf)]) for tool, pdf in pairs]
