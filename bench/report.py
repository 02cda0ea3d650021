"""The benchmark's tables and ratios as Markdown, placed into BENCHMARKS.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.runner import Result
from bench.scaling import Scaling

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


@dataclass(frozen=True, slots=True)
class Target:
    """One target of the issue: a measured ratio against its bound."""

    what: str
    value: float
    bound: float
    at_most: bool  # True: value must not exceed bound; False: must reach it

    @property
    def met(self) -> bool:
        """Whether the measured value is within the bound."""
        return self.value <= self.bound if self.at_most else self.value >= self.bound

    def row(self) -> str:
        """One Markdown table row."""
        sign = "≤" if self.at_most else "≥"
        verdict = "met" if self.met else "**missed**"
        return f"| {self.what} | {self.value:.2f}× | {sign} {self.bound:g}× | {verdict} |"


def find(results: Sequence[Result], tool: str, pdf: str) -> Result | None:
    """The result of ``tool`` on ``pdf``, if measured."""
    return next((r for r in results if r.tool == tool and r.pdf == pdf), None)


def results_table(results: Sequence[Result]) -> list[str]:
    """The per-tool, per-PDF table."""
    lines = [
        "| tool | PDF | pages | seconds (work) | pages/s | CPU seconds (work) "
        "| seconds (process) | peak MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.tool} | {r.pdf} | {r.pages} | {r.seconds:.2f} | {r.pages_per_second:.1f} "
            f"| {r.cpu_seconds:.2f} | {r.process_seconds:.2f} | {r.peak_mb:.0f} |"
        )
    return lines


def targets(results: Sequence[Result], pdfs: Sequence[str], long_pdf: str, short_pdf: str,
            scalings: Sequence[Scaling]) -> list[Target]:
    """Every target of the issue that the results allow to check, for gyokaku as it runs by
    default, as its compiled build, and (the same bounds, for comparison) reading its pages in
    one process."""
    found: list[Target] = []
    for tool in ("gyokaku", "gyokaku compiled", "gyokaku -j1"):
        found += _speed_targets(results, tool, pdfs, long_pdf)
    for tool in ("gyokaku", "gyokaku compiled", "gyokaku -j1", "gyokaku convert"):
        long_run, short_run = find(results, tool, long_pdf), find(results, tool, short_pdf)
        if long_run and short_run:
            found.append(Target(f"peak memory of {tool}, {long_pdf} / {short_pdf}",
                                long_run.peak_mb / short_run.peak_mb, 1.5, True))
    for batch in scalings:
        if 2 in batch.seconds:
            found.append(Target(f"gyokaku batch throughput, 2 workers / 1 worker, "
                                f"{batch.inputs} inputs", batch.speedup(2), 1.7, False))
    return found


def _speed_targets(results: Sequence[Result], tool: str, pdfs: Sequence[str],
                   long_pdf: str) -> list[Target]:
    found: list[Target] = []
    for pdf in pdfs:
        mine, plumber, lattice = (find(results, name, pdf)
                                  for name in (tool, "pdfplumber", "camelot"))
        if mine and plumber:
            found.append(Target(f"{tool} / pdfplumber extract_tables, {pdf}",
                                mine.seconds / plumber.seconds, 0.5, True))
        if mine and lattice:
            found.append(Target(f"camelot lattice / {tool}, {pdf}",
                                lattice.seconds / mine.seconds, 20, False))
    mine, floor = find(results, tool, long_pdf), find(results, "pypdfium2", long_pdf)
    if mine and floor:
        found.append(Target(f"{tool} / pypdfium2 text, {long_pdf}",
                            mine.seconds / floor.seconds, 3, True))
    return found


def scaling_lines(scalings: Sequence[Scaling]) -> list[str]:
    """The batch tables, one per batch size."""
    lines: list[str] = []
    for scaling in scalings:
        lines += ["", f"`gyokaku batch` on {scaling.inputs} inputs ({scaling.pages} pages, "
                  f"{scaling.rounds} rounds):", "",
                  "| workers | seconds | pages/s |", "| ---: | ---: | ---: |"]
        for workers, seconds in sorted(scaling.seconds.items()):
            lines.append(f"| {workers} | {seconds:.2f} | {scaling.pages / seconds:.1f} |")
    return lines


def markdown(machine: Sequence[tuple[str, str]], results: Sequence[Result],
             checked: Sequence[Target], scalings: Sequence[Scaling], when: str,
             rounds: int) -> str:
    """The generated part of BENCHMARKS.md."""
    lines = [START, "", f"Measured {when} by `make bench` ({rounds} interleaved rounds, "
             "medians).", "", "| machine | |", "| --- | --- |"]
    lines += [f"| {what} | {value} |" for what, value in machine]
    lines += ["", "### Targets", "", "| ratio | measured | target | |",
              "| --- | ---: | ---: | --- |"]
    lines += [target.row() for target in checked]
    lines += ["", "### Every run", "", *results_table(results), *scaling_lines(scalings)]
    lines += ["", END]
    return "\n".join(lines)


def place(document: Path, generated: str) -> None:
    """Put ``generated`` between the markers of ``document`` (appended when it has none)."""
    text = document.read_text(encoding="utf-8") if document.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        text = before + generated + after
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    document.write_text(text, encoding="utf-8")
