"""Helpers for tests of forked worker processes and of new interpreters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path


def uncollected(pids: Iterable[int]) -> set[int]:
    """Those of ``pids`` that are still this process's children: running, or ended and not
    yet waited for (such a child is waited for here, so ask once per check)."""
    alive = set()
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # collected
        alive.add(pid)
    return alive


# --- what a test's forked batch child runs (importable by the fork server's children) -------


def exit_with(arguments: list[str]) -> None:
    """Exit with the code given as the first argument."""
    raise SystemExit(int(arguments[0]))


def complain_and_exit(arguments: list[str]) -> None:
    """Write a line like gyokaku's error line, with the password it was given, and exit 2."""
    import sys

    print("progress that is not the last line", file=sys.stderr)
    print(f"gyokaku: {arguments[0]}: {os.environ.get('GYOKAKU_PASSWORD')}", file=sys.stderr)
    print("to standard output", flush=True)
    raise SystemExit(2)


def die(arguments: list[str]) -> None:
    """End by SIGKILL, as a crash in a C library or the out-of-memory killer would."""
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def hang(arguments: list[str]) -> None:
    """Never end on its own."""
    import time

    while True:
        time.sleep(1)


def report_fork_server(results: object) -> None:
    """Put whether this process would fork batch children from the fork server."""
    from gyokaku.batch_child import fork_server

    results.put(fork_server() is not None)  # type: ignore[attr-defined]


def imports_of_a_conversion(arguments: list[str]) -> None:
    """Run ``gyokaku`` with ``arguments[1:]`` and write the modules it imported, as JSON, to
    the file ``arguments[0]``."""
    import json
    import sys

    from gyokaku.batch_child import gyokaku_main

    before = set(sys.modules)
    try:
        gyokaku_main(arguments[1:])
    except SystemExit as exit:
        if exit.code:
            raise
    with open(arguments[0], "w", encoding="utf-8") as listing:
        json.dump(sorted(set(sys.modules) - before), listing)


# --- new interpreters ----------------------------------------------------------------------


def python_output(*lines: str, cwd: Path | None = None) -> list[str]:
    """The lines a Python script run by a new interpreter printed (it must exit with 0)."""
    result = subprocess.run([sys.executable, "-c", "\n".join(lines)], capture_output=True,
                            text=True, check=True, cwd=cwd)
    return result.stdout.splitlines()


def commands_in_one_interpreter(commands: Sequence[Sequence[str]], modules: Sequence[str],
                                cwd: Path | None = None) -> tuple[list[int | None], list[str]]:
    """Run the ``gyokaku`` command lines ``commands`` one after the other in one new
    interpreter: their exit codes (``None`` for one that did not exit), and those of
    ``modules`` imported by the end."""
    printed = python_output(
        "import json, sys",
        "from gyokaku.cli import main",
        "codes = []",
        f"for argv in {[list(command) for command in commands]!r}:",
        "    sys.argv = ['gyokaku', *argv]",
        "    try:",
        "        main()",
        "    except SystemExit as exit:",
        "        codes.append(exit.code)",
        "    else:",
        "        codes.append(None)",
        f"print(json.dumps([codes, sorted(set({list(modules)!r}) & set(sys.modules))]))",
        cwd=cwd)
    codes, imported = json.loads(printed[-1])
    return codes, imported
