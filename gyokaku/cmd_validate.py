"""``gyokaku validate OUTDIR``: check a written dataset, one line per problem.

The Parquet, JSON and CSV files must match the declared tables and hold the
same rows (:func:`gyokaku.schemas.validate.validate_outdir`), and
``datapackage.json`` must describe them and pass frictionless-py's validation
(:func:`gyokaku.schemas.package_check.package_problems`).  Each problem is one
line on stderr and the exit code is 9; a valid folder prints one OK line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gyokaku.cli import app
from gyokaku.errors import ExitCode


def outdir_problems(outdir: Path) -> list[str]:
    """Every problem of the output folder ``outdir``, one line each (empty when valid)."""
    from gyokaku.schemas.package_check import package_problems
    from gyokaku.schemas.validate import validate_outdir

    problems = validate_outdir(outdir)
    if not outdir.is_dir():
        return problems
    return problems + package_problems(outdir)


def ok_line(outdir: Path) -> str:
    """The line printed for a valid folder: what was checked."""
    from gyokaku.schemas.columns import FORMATS, TABLES

    return (f"{outdir}: OK: {len(TABLES)} tables ({', '.join(TABLES)}) in "
            f"{', '.join(FORMATS)} agree with the schemas and datapackage.json")


@app.command(epilog="\b\nExit codes: 0 valid; 2 OUTDIR is not a folder; 9 a problem was found.")
def validate(
    outdir: Annotated[Path, typer.Argument(
        metavar="OUTDIR", help="A folder written by gyokaku convert.", show_default=False)],
) -> None:
    """Check OUTDIR: the files against the schemas, and the package with frictionless."""
    if not outdir.is_dir():
        sys.stderr.write(f"gyokaku: {outdir}: not a directory\n")
        raise typer.Exit(int(ExitCode.USAGE))
    problems = outdir_problems(outdir)
    for problem in problems:
        sys.stderr.write(f"gyokaku: {' '.join(problem.split())}\n")
    if problems:
        raise typer.Exit(int(ExitCode.INVALID_OUTPUT))
    typer.echo(ok_line(outdir))
