"""``python -m bench [--rounds N] [--quick]``: measure, then rewrite BENCHMARKS.md.

The PDFs are the FY2022 report from each renderer and the long edition
(built by ``python -m samples.generator long`` when missing).  ``--quick``
runs one round and leaves camelot out of the long edition (a smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import describe_machine, load_average
from bench.report import markdown, place, targets
from bench.runner import COMPILED, ROOT, child_setting, interleaved, run_child
from bench.scaling import BATCH_COPIES, batch_rounds, measure_scaling
from gyokaku.build import MODULE_SOURCES, compile_sources, folder_sources, package_folders

SAMPLES = ROOT / "samples"
SHORT_PDFS = [SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf",
              SAMPLES / "okayama_fy2022" / "okayama_fy2022_direct.pdf"]
LONG_PDF = SAMPLES / "long" / "okayama_long.pdf"
BATCH_PDFS = [SAMPLES / name / f"{name}.pdf"
              for name in ("okayama_fy2021", "okayama_fy2022", "okayama_fy2023")]
BATCH_PAGES = 45
TOOLS = ["gyokaku", "gyokaku compiled", "gyokaku -j1", "gyokaku-pdfplumber", "gyokaku convert",
         "pdfplumber", "camelot", "pypdfium2"]
WORKDIR = ROOT / "build" / "bench"
BUSY_LOAD = 0.5  # a higher 1-minute load average at the start is reported as a warning
DOCUMENT = ROOT / "BENCHMARKS.md"


def long_edition() -> Path:
    """The long edition, built when missing (needs the IPAex fonts: fonts-ipaexfont)."""
    if not LONG_PDF.exists():
        from samples.generator.direct_fonts import FONT_FILES, fonts_available
        from samples.generator.long import build

        if not fonts_available():
            missing = ", ".join(str(path) for path in FONT_FILES.values())
            sys.exit(f"bench: the long edition needs the IPAex fonts ({missing}); "
                     "install the Debian package fonts-ipaexfont")
        build(SAMPLES)
    return LONG_PDF


SHIPPED_SOURCES = (*MODULE_SOURCES, "*.c")  # what the compiled build ships beside its modules


def stale_compiled_sources(root: Path = ROOT, compiled: Path = COMPILED) -> list[str]:
    """The package sources of the repository at ``root`` that differ from their copies in the
    compiled build at ``compiled`` (it ships them beside the compiled modules), or are missing
    there."""
    stale = []
    for package, folder in sorted(package_folders(root).items()):
        installed = compiled.joinpath(*package.split("."))
        for source in folder_sources(root / folder, SHIPPED_SOURCES):
            copy = installed / source.name
            if not copy.is_file() or copy.read_bytes() != source.read_bytes():
                stale.append(str(source.relative_to(root)))
    return stale


def compiled_build_ready() -> bool:
    """Whether ``make compiled`` has installed a compiled build of the current sources
    (``make bench`` builds it when a C compiler is present)."""
    stale = stale_compiled_sources()
    if stale:
        print(f"bench: the compiled build in {COMPILED} is missing or older than "
              f"{stale[0]} (run `make compiled`)", file=sys.stderr)
        return False
    probe = [sys.executable, "-c", "from gyokaku.build import build_name; print(build_name())"]
    cwd, env = child_setting("gyokaku compiled", WORKDIR)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    try:
        output, _, _ = run_child(probe, cwd, env)
    except RuntimeError:
        return False
    return output.strip() == "compiled"


def arguments(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument("--quick", action="store_true", help="one round, no camelot on the "
                        "long edition, no batch scaling (a smoke test; BENCHMARKS.md untouched)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    """Run every measurement and write the report."""
    args = arguments(argv)
    rounds = 1 if args.quick else args.rounds
    load_at_start = load_average()
    if os.getloadavg()[0] > BUSY_LOAD:
        print(f"bench: the machine is busy (load {load_at_start}): figures will be noisy and "
              "the batch ratio needs two idle cores", file=sys.stderr)
    failed = compile_sources(ROOT)  # as pip compiled the peers' modules
    if failed:
        sys.exit(f"bench: {failed[0]} does not compile")
    long_pdf = long_edition()
    tools = TOOLS
    if not compiled_build_ready():
        print("bench: measuring without the compiled build", file=sys.stderr)
        tools = [tool for tool in TOOLS if tool != "gyokaku compiled"]
    skip = {("camelot", long_pdf.name), ("gyokaku-pdfplumber", long_pdf.name)} \
        if args.quick else set()
    results = interleaved(tools, [*SHORT_PDFS, long_pdf], rounds, WORKDIR, skip)
    scalings = [] if args.quick else [
        measure_scaling(BATCH_PDFS, BATCH_PAGES, WORKDIR, batch_rounds(rounds, copies),
                        engine="pdfium", copies=copies)
        for copies in BATCH_COPIES]
    names = [pdf.name for pdf in [*SHORT_PDFS, long_pdf]]
    checked = targets(results, names, long_pdf.name, SHORT_PDFS[1].name, scalings)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    generated = markdown(describe_machine(load_at_start), results, checked, scalings, when,
                         rounds)
    print(generated)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    (WORKDIR / "results.json").write_text(json.dumps(
        {"results": [asdict(r) for r in results],
         "scaling": [asdict(scaling) for scaling in scalings]}, indent=1), encoding="utf-8")
    if not args.quick:
        place(DOCUMENT, generated)


if __name__ == "__main__":
    main(sys.argv[1:])
