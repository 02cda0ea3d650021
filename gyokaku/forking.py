"""Helper processes forked from this one: when it is safe, and running one beside a block."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def can_fork() -> bool:
    """Whether helper processes can be forked safely from here (no other threads)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


OS_ERROR, OTHER_ERROR = "O", "E"  # first character of a failed helper's report
MAX_REPORT = 2000  # characters: well within a pipe's buffer, so the helper never blocks


class HelperFailed(Exception):
    """What a forked helper raised, carried back as its type name and message."""


@contextmanager
def beside(work: Callable[[], None]) -> Iterator[None]:
    """Run ``work`` in a forked process while the block runs; when both are done, re-raise
    what ``work`` raised (an ``OSError`` keeps its class, anything else becomes
    :class:`HelperFailed`).

    The helper shares this process's memory as it was at the fork, so
    ``work`` needs nothing passed to it; it must not touch what the block
    changes.  Call only when :func:`can_fork`.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: do the work, report a failure, never return into the caller
        os.close(read_end)
        status = 0
        try:
            work()
        except BaseException as exc:  # every failure must reach the parent
            kind = OS_ERROR if isinstance(exc, OSError) else OTHER_ERROR
            report = f"{kind}{type(exc).__name__}: {exc}"[:MAX_REPORT]
            os.write(write_end, report.encode("utf-8", "replace"))
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        yield
    finally:
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        if message.startswith(OS_ERROR):
            raise OSError(message[1:])
        raise HelperFailed(message[1:] or "the helper process ended without a word "
                                          f"(exit status {os.waitstatus_to_exitcode(status)})")
