"""Batch throughput: ``gyokaku batch`` with one worker and with two, on the same inputs.

A batch starts its fork server once (about half a second importing what a conversion
imports), then converts file after file: a batch of a few files measures that start as much as
the throughput, so the same reports are converted in a small and in a larger batch.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.runner import run_child

BATCH_COPIES = (2, 8)  # each sample report is converted this many times (under other names)


def batch_rounds(rounds: int, copies: int) -> int:
    """The rounds of a batch of ``copies`` copies: ``rounds`` for the largest batch, and more for
    a smaller one, about as many inputs converted in all.  A short batch is the noisiest
    measurement, and the cheapest to repeat."""
    return max(rounds, rounds * max(BATCH_COPIES) // copies)


@dataclass(frozen=True, slots=True)
class Scaling:
    """Median wall seconds of the same batch with each worker count."""

    inputs: int
    pages: int
    seconds: dict[int, float]
    rounds: int

    def speedup(self, workers: int) -> float:
        """Throughput with ``workers`` over throughput with one."""
        return self.seconds[1] / self.seconds[workers]


def batch_inputs(pdfs: list[Path], folder: Path, count: int) -> list[Path]:
    """``count`` copies of each PDF in ``folder``, each under its own name."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copies = []
    for copy in range(count):
        for pdf in pdfs:
            target = folder / f"{pdf.stem}_{copy}.pdf"
            shutil.copyfile(pdf, target)
            copies.append(target)
    return copies


def batch_seconds(inputs: Path, outroot: Path, workers: int, engine: str) -> float:
    """Wall seconds of one ``gyokaku batch`` run (every input converted again)."""
    shutil.rmtree(outroot, ignore_errors=True)
    command = [sys.executable, "-m", "gyokaku", "batch", str(inputs), "-o", str(outroot),
               "--workers", str(workers), "--engine", engine, "--force", "--quiet"]
    _, seconds, _ = run_child(command)
    return seconds


def measure_scaling(pdfs: list[Path], pages: int, workdir: Path, rounds: int,
                    engine: str, worker_counts: tuple[int, ...] = (1, 2),
                    copies: int = BATCH_COPIES[0]) -> Scaling:
    """Interleaved batch runs for each worker count over ``copies`` copies of ``pdfs`` (of
    ``pages`` pages together); medians."""
    inputs = workdir / "batch-inputs"
    files = batch_inputs(pdfs, inputs, copies)
    runs: dict[int, list[float]] = {workers: [] for workers in worker_counts}
    for round_number in range(1, rounds + 1):
        for workers in worker_counts:
            seconds = batch_seconds(inputs, workdir / "batch-out", workers, engine)
            runs[workers].append(seconds)
            print(f"round {round_number}/{rounds}  batch --workers {workers} "
                  f"({len(files)} inputs) {seconds:8.2f} s", flush=True)
    medians = {workers: statistics.median(values) for workers, values in runs.items()}
    return Scaling(len(files), pages * copies, medians, rounds)
