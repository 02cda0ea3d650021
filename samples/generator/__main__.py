"""Command line: ``python -m samples.generator TARGET…`` (``all`` = every committed sample).

Each target is a module of this package with a ``build(samples_dir: Path) -> list[Path]``
function that renders its PDFs and writes its goldens, returning the files written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent.parent

# target name -> module; "all" builds these in order (editions before the renderers that read them)
COMMITTED_TARGETS = {
    "editions": "samples.generator.editions",   # FY2021 / FY2023 content files + planted changes
    "calc": "samples.generator.build_calc",      # LibreOffice renderings (okayama editions)
    "direct": "samples.generator.build_direct",  # reportlab rendering of okayama_fy2022
    "othercity": "samples.generator.othercity",  # the synthetic second city's layout
    "bad": "samples.generator.bad",              # bad inputs under samples/bad/
}
ON_DEMAND_TARGETS = {
    "long": "samples.generator.long",            # 200+ page benchmark edition (not committed)
}


def run_target(name: str) -> list[Path]:
    """Build one target and return the files it wrote."""
    module_name = {**COMMITTED_TARGETS, **ON_DEMAND_TARGETS}[name]
    module = importlib.import_module(module_name)
    written: list[Path] = module.build(SAMPLES_DIR)
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the targets and build them."""
    names = [*COMMITTED_TARGETS, *ON_DEMAND_TARGETS]
    parser = argparse.ArgumentParser(prog="python -m samples.generator")
    parser.add_argument("targets", nargs="+", choices=["all", *names])
    args = parser.parse_args(argv)
    targets: list[str] = []
    for target in args.targets:
        targets.extend(COMMITTED_TARGETS if target == "all" else [target])
    for target in targets:
        for path in run_target(target):
            print(f"{target}: wrote {path.relative_to(SAMPLES_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
