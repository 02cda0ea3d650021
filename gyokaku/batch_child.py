"""Run one ``gyokaku convert`` in a child process, with a wall-clock limit.

Each input of ``gyokaku batch`` is converted by its own ``python -m gyokaku
convert`` process, so a batch gives exactly the output of the single-file
command, and whatever happens to one file (a crash in a C library, the
out-of-memory killer, a hang) ends that process only.  The password goes
through the environment (``GYOKAKU_PASSWORD``), never the command line.

Where the platform has a fork server (Linux, macOS), the command is not
started as a new interpreter: it runs in a process forked from a server
that has imported what a conversion imports, once for the whole batch
(about half a second a file less; see :mod:`gyokaku.fork_server`).  The
forked process runs the same command-line entry point with the same
arguments, and is as much on its own as a new interpreter: it is forked
from the server, never from a process that has converted anything.  A
process that may not have children (a daemonic Dask worker) starts a new
interpreter as before.
"""

from __future__ import annotations

import glob
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gyokaku.fork_server import fork_server
from gyokaku.limits import OPTION_NAMES, Limits, number_text

if TYPE_CHECKING:  # there is no fork server on Windows
    from multiprocessing.context import ForkServerContext

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
    """Run ``command``; kill it after ``seconds``.  Never raises for what the child does.

    A ``python -m gyokaku`` command is forked from the fork server where there is one."""
    arguments = gyokaku_arguments(command)
    context = fork_server()
    if arguments is not None and context is not None:
        try:
            return run_forked(context, arguments, password=password, seconds=seconds)
        except ForkServerUnavailable:
            pass  # the server could not fork it: it runs as a new interpreter instead
    return run_interpreter(command, password=password, seconds=seconds)


def gyokaku_arguments(command: list[str]) -> list[str] | None:
    """The arguments of a ``python -m gyokaku`` command run by this interpreter, else None."""
    if command[:3] == [sys.executable, "-m", "gyokaku"]:
        return command[3:]
    return None


def run_interpreter(command: list[str], *, password: str | None,
                    seconds: float) -> ChildOutcome:
    """Run ``command`` as a new process; kill it after ``seconds``."""
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


class ForkServerUnavailable(RuntimeError):
    """The fork server could not fork a process (nothing was started)."""


ChildEntry = Callable[[list[str]], None]
"""What a forked child runs with its arguments."""


# multiprocessing is not thread-safe here: Process.start() polls every process this one has
# started (its _cleanup), and two threads reading one process's exit code from the fork
# server lose it (the loser sees 255).  Starting, reading the exit code and closing are
# therefore done under this lock; the long wait for the end is not.
_PROCESS_TABLE = threading.Lock()


def run_forked(context: ForkServerContext, arguments: list[str], *, password: str | None,
               seconds: float, entry: ChildEntry | None = None) -> ChildOutcome:
    """Run ``gyokaku ARGUMENTS`` in a process forked from the fork server of ``context``;
    kill it after ``seconds``.  ``entry`` is what the process runs with the arguments
    (default: :func:`gyokaku_main`).  Raises :class:`ForkServerUnavailable` when no process
    could be forked."""
    with tempfile.TemporaryDirectory(prefix="gyokaku-batch-") as folder:
        errors = Path(folder) / "stderr"
        with _PROCESS_TABLE:
            process = context.Process(target=_in_child,
                                      args=(entry or gyokaku_main, arguments, password,
                                            str(errors)),
                                      name="gyokaku convert")
            try:
                process.start()
            except (OSError, EOFError) as error:  # the server did not start or went away
                raise ForkServerUnavailable(str(error)) from error
        timed_out = True
        try:
            timed_out = not multiprocessing.connection.wait([process.sentinel], seconds)
        finally:  # on time-out, and when interrupted: the child must not outlive the batch
            if timed_out:
                process.kill()
            with _PROCESS_TABLE:
                process.join()
                exit_code = process.exitcode
                process.close()
        if exit_code is None:  # joined: never
            raise RuntimeError("a joined process has no exit code")
        if timed_out:
            return ChildOutcome(exit_code, "", timed_out=True)
        text = errors.read_text("utf-8", "replace") if errors.exists() else ""
        return ChildOutcome(exit_code, last_line(text))


def _in_child(entry: ChildEntry, arguments: list[str], password: str | None,
              errors: str) -> None:
    """Run ``entry(arguments)`` as :func:`run_interpreter` runs a command: standard output
    discarded, standard error into the file ``errors``, the password in the environment."""
    _redirect(sys.stdout, os.devnull)
    _redirect(sys.stderr, errors)
    os.environ.pop(PASSWORD_VARIABLE, None)
    if password:
        os.environ[PASSWORD_VARIABLE] = password
    entry(arguments)


def gyokaku_main(arguments: list[str]) -> None:
    """The command line ``gyokaku ARGUMENTS`` in this process: the CLI's entry point (what
    ``python -m gyokaku`` runs after :func:`gyokaku.fork_server.start_early`, which starts
    nothing for a conversion)."""
    sys.argv = ["gyokaku", *arguments]
    from gyokaku.cli import main

    main()


def _redirect(stream: TextIO, path: str) -> None:
    """Point the file descriptor under ``stream`` (``sys.stdout``, ``sys.stderr``) at
    ``path``."""
    stream.flush()
    target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.dup2(target, stream.fileno())
    finally:
        os.close(target)


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
