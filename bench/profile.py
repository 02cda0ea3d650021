"""``python -m bench.profile [PDF] [--engine E]``: where the pipeline spends its time.

Runs the pipeline (extract to written Parquet/JSON/CSV) once under
pyinstrument, reading every page in this process (``workers=1``: a profiler
sees only its own process), and writes the call tree to
build/bench/profile-ENGINE.txt (the long edition by default).  pyinstrument
comes with the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from bench.runner import ROOT

DEFAULT_PDF = ROOT / "samples" / "long" / "okayama_long.pdf"
OUT = ROOT / "build" / "bench"


def main(argv: list[str]) -> None:
    """Profile one conversion and write the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    parser.add_argument("--engine", default="pdfium")
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    import gyokaku.schemas.writers
    from gyokaku.pipeline import convert

    out = OUT / "profile-out"
    shutil.rmtree(out, ignore_errors=True)
    profiler = Profiler(interval=0.001)
    profiler.start()
    gyokaku.schemas.writers.write_dataset(convert(args.pdf, engine=args.engine, workers=1), out)
    profiler.stop()
    report = OUT / f"profile-{args.engine}.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    print(f"profile written to {report}")


if __name__ == "__main__":
    main(sys.argv[1:])
