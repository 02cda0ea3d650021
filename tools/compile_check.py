"""Say what this machine lacks to build the compiled build (see setup.py).

Prints one line per missing piece — ``compiler`` (the C compiler Python's
extensions are built with) and ``headers`` (Python.h) — and nothing when the
build can run.  ``make test`` and ``make bench`` use it to decide whether to
build it; ``.ci/run`` to install what is missing.
"""

from __future__ import annotations

import shlex
import shutil
import sys
import sysconfig
from pathlib import Path


def python_compiler() -> str:
    """The C compiler Python's extensions are built with (setuptools uses the same)."""
    return shlex.split(sysconfig.get_config_var("CC") or "cc")[0]


def python_headers() -> Path:
    """The folder that must hold Python.h."""
    return Path(sysconfig.get_paths()["include"])


def missing(compiler: str | None = None, headers: Path | None = None) -> list[str]:
    """The pieces the compiled build needs that are not here (by default, this Python's
    compiler and header folder)."""
    lacking = []
    if shutil.which(compiler or python_compiler()) is None:
        lacking.append("compiler")
    if not ((headers or python_headers()) / "Python.h").is_file():
        lacking.append("headers")
    return lacking


if __name__ == "__main__":
    print("\n".join(missing()))
    sys.exit(0)
