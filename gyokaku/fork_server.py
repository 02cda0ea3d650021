"""The fork server ``gyokaku batch`` forks its conversions from.

The server is multiprocessing's fork server: a process that imports what a
conversion imports once, then forks one child per conversion.  Starting it
costs about half a second, most of it imports, so the ``gyokaku`` command
starts it as the first thing it does for a batch (:func:`start_early`): the
server imports on one core while the command imports its own modules on the
other.  This module imports nothing of gyokaku's libraries, and of gyokaku
only the lists of :mod:`gyokaku.first_use`, for that reason.
"""

from __future__ import annotations

import functools
import multiprocessing
import multiprocessing.forkserver
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gyokaku.first_use import PARQUET_FIRST_WRITE, PILLOW_FIRST_SAVE

if TYPE_CHECKING:  # there is no fork server on Windows
    from multiprocessing.context import ForkServerContext

# What a conversion imports, imported once by the fork server, with what its libraries import
# on first use only (gyokaku.first_use; typer's pydantic adapters and what they bring, on the
# first command line parsed, about 50 ms).  The fork server skips a name that does not import
# (another version of a library).
CONVERSION_MODULES = ("gyokaku.pipeline", "gyokaku.schemas.writers", "gyokaku.review",
                      *PARQUET_FIRST_WRITE, *PILLOW_FIRST_SAVE,
                      "typer._adapters", "typer._click.decorators", "pydantic.plugin._loader")

BATCH_COMMAND = "batch"
HELP_OPTIONS = frozenset({"--help", "-h"})
SCHEDULER_OPTION = "--scheduler"  # the batch runs on a Dask cluster, not here


def command_modules() -> list[str]:
    """The names of the subcommands' modules: every ``gyokaku/cmd_*.py``."""
    package = Path(__file__).resolve().parent
    return [f"gyokaku.{module.stem}" for module in sorted(package.glob("cmd_*.py"))]


def fork_server() -> ForkServerContext | None:
    """The fork-server context conversions are forked from; ``None`` where there is none or
    this process may not have children."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    if multiprocessing.current_process().daemon:
        return None
    return _fork_server_context()


@functools.cache
def _fork_server_context() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    # the preload list is the one fork server's of this process (multiprocessing has one)
    context.set_forkserver_preload(["gyokaku.cli", *command_modules(), *CONVERSION_MODULES])
    return context


def runs_a_batch(arguments: Sequence[str]) -> bool:
    """Whether the ``gyokaku`` command line ``arguments`` (without the program name) asks
    for a batch on this machine (not its help, not on a Dask cluster).  A wrong guess costs
    time only: the server is started when the first conversion needs it."""
    if not arguments or arguments[0] != BATCH_COMMAND:
        return False
    return not any(argument in HELP_OPTIONS or argument == SCHEDULER_OPTION
                   or argument.startswith(f"{SCHEDULER_OPTION}=") for argument in arguments)


def start_early(arguments: Sequence[str]) -> bool:
    """Start the fork server now if ``arguments`` ask for a batch; whether it was started.

    Nothing waits for it: the first conversion forked from it does.  A server started for a
    batch that then converts nothing (every output there already, a usage error) ends with
    this process."""
    if not runs_a_batch(arguments) or fork_server() is None:
        return False
    try:
        multiprocessing.forkserver.ensure_running()
    except OSError:  # the batch tries again when it forks, and else starts interpreters
        return False
    return True
