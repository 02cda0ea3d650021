"""Byte-compile the package's sources in the repository (``make bytecode``).

pip byte-compiles the modules of a regular install, but not the sources of an
editable one; where ``PYTHONDONTWRITEBYTECODE`` is set, every process would
compile them again.  Exits with 1, naming them, when a source does not compile.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gyokaku.build import compile_sources

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Compile the sources; 0, or 1 when one does not compile."""
    failed = compile_sources(ROOT)
    for source in failed:
        print(f"make bytecode: {source} does not compile", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
