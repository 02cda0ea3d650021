"""Run one ``gyokaku convert`` in a child process, with a wall-clock limit.

Each input of ``gyokaku batch`` is converted by its own ``python -m gyokaku
convert`` process, so a batch gives exactly the output of the single-file
command, and whatever happens to one file (a crash in a C library, the
out-of-memory killer, a hang) ends that process only.  The password goes
through the environment (``GYOKAKU_PASSWORD``), never the command line.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from gyokaku.limits import OPTION_NAMES, Limits, number_text

PASSWORD_VARIABLE = "GYOKAKU_PASSWORD"
ERROR_PREFIX = "gyokaku: "


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """How a conversion process ended: its exit code and the one line it wrote to stderr."""

    exit_code: int
    message: str
    timed_out: bool = False


def limit_arguments(limits: Limits) -> list[str]:
    """The ``--max-*`` options that give ``limits`` to ``gyokaku convert``."""
    arguments: list[str] = []
    for name, option in OPTION_NAMES.items():
        arguments += [option, number_text(getattr(limits, name))]
    return arguments


def convert_command(pdf: Path, outdir: Path, *, engine: str, profile: str,
                    registry: Path | None, csv_bom: bool, limits: Limits,
                    license_text: str) -> list[str]:
    """The command line of one quiet ``gyokaku convert`` run by this interpreter.

    It reads its pages in one process: the batch's own workers share the cores.
    """
    command = [sys.executable, "-m", "gyokaku", "convert", str(pdf), "-o", str(outdir),
               "--quiet", "--engine", engine, "--profile", profile, "--workers", "1",
               "--csv-bom" if csv_bom else "--no-csv-bom", "--license", license_text,
               *limit_arguments(limits)]
    if registry is not None:
        command += ["--registry", str(registry)]
    return command


def child_environment(password: str | None) -> dict[str, str]:
    """This process's environment, with the PDF password when there is one."""
    environment = dict(os.environ)
    environment.pop(PASSWORD_VARIABLE, None)
    if password:
        environment[PASSWORD_VARIABLE] = password
    return environment


def run_child(command: list[str], *, password: str | None, seconds: float) -> ChildOutcome:
    """Run ``command``; kill it after ``seconds``.  Never raises for what the child does."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=child_environment(password))
    try:
        _, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return ChildOutcome(process.returncode, "", timed_out=True)
    except BaseException:  # interrupted: the child must not outlive the batch
        process.kill()
        process.wait()
        raise
    return ChildOutcome(process.returncode, last_line(stderr.decode("utf-8", "replace")))


def last_line(text: str) -> str:
    """The last non-blank line of ``text``, without the ``gyokaku: `` prefix."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    return line.removeprefix(ERROR_PREFIX)


def signal_name(exit_code: int) -> str:
    """``SIGKILL`` for a process ended by signal 9 (exit code -9)."""
    try:
        return signal.Signals(-exit_code).name
    except ValueError:
        return f"signal {-exit_code}"


def clean_after_kill(outdir: Path) -> None:
    """Remove what a killed conversion may leave beside ``outdir`` (its staging folder),
    and put back a previous output it had moved aside."""
    name = glob.escape(outdir.name)
    for staging in outdir.parent.glob(f".{name}.*.tmp"):
        shutil.rmtree(staging, ignore_errors=True)
    moved_aside = sorted(outdir.parent.glob(f".{name}.*.old"))
    if not outdir.exists() and len(moved_aside) == 1:
        moved_aside[0].rename(outdir)
