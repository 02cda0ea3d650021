"""Run mypy on the gyokaku package as it installs.

The package's folders are mapped in pyproject.toml (``extract/`` installs as
``gyokaku.extract`` ...), which mypy cannot follow through an editable
install.  This lays the folders out as the installed package with symlinks
under build/typecheck and checks that tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from gyokaku.build import folder_sources, package_folders

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Build the symlink tree and run mypy on it; return mypy's exit code."""
    tree = ROOT / "build" / "typecheck"
    shutil.rmtree(tree, ignore_errors=True)
    for package, folder in sorted(package_folders(ROOT).items()):
        # Real directories with linked files, so that no link is ever
        # created inside a source folder.
        target = tree.joinpath(*package.split("."))
        for source in folder_sources(ROOT / folder):
            target.mkdir(parents=True, exist_ok=True)
            (target / source.name).symlink_to(source)
    cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
           str(tree / "gyokaku")]
    return subprocess.call(cmd, cwd=tree)


if __name__ == "__main__":
    sys.exit(main())
