"""Work spread over processes forked from this one: when it is safe, how many, and in order.

Forked workers start at once, with everything already imported.  Forking a
process that runs other threads can deadlock the child, so callers check
:func:`can_fork` and otherwise do the work themselves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, ExitStack, suppress
from typing import Any, BinaryIO, TypeVar

MIN_ITEMS_PER_WORKER = 4  # below this, starting a process costs more than it saves

Result = TypeVar("Result")
Resource = TypeVar("Resource")


def can_fork() -> bool:
    """Whether helper processes can be forked safely from here (no other threads)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def available_cores() -> int:
    """The number of CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def auto_workers(item_count: int) -> int:
    """How many processes to do ``item_count`` items with: one per core, when it pays."""
    return max(1, min(available_cores(), item_count // MIN_ITEMS_PER_WORKER))


class WorkerDied(Exception):
    """A worker process ended before it sent the result of an item (the one it was doing)."""

    def __init__(self, in_flight: list[int]) -> None:
        """``in_flight``: the index of the item whose result did not come, as a list."""
        super().__init__(f"a worker died with items {in_flight} in flight")
        self.in_flight = in_flight


def _settle_worker() -> None:
    """Start a forked worker: what it inherited is frozen out of garbage collection.

    A full collection would otherwise walk every object of the parent (the
    imported libraries) again and again, and touching them copies the pages
    of memory the worker shares with the parent.
    """
    gc.freeze()


_KEPT: tuple[Hashable, Any, ExitStack] | None = None  # this worker's open resource and its key


def kept_open(key: Hashable, opener: Callable[[], AbstractContextManager[Resource]]
              ) -> Resource:
    """What ``opener`` opens, entered once per process for ``key`` and kept open for the next
    item a worker is given (say, the document whose pages it reads); a new key closes the
    previous resource first."""
    global _KEPT
    if _KEPT is None or _KEPT[0] != key:
        if _KEPT is not None:
            _KEPT[2].close()
        resources = ExitStack()
        _KEPT = key, resources.enter_context(opener()), resources
    resource: Resource = _KEPT[1]
    return resource


def in_order(work: Callable[[int], Result], count: int, workers: int) -> Iterator[Result]:
    """``work(0)`` … ``work(count - 1)``, done by ``workers`` forked processes, yielded in
    index order.

    Worker ``k`` does items ``k``, ``k + workers``, ``k + 2 × workers`` … and sends
    each result, pickled, through a pipe of its own, which holds a few results at
    most (64 KiB on Linux): a worker that is ahead waits for this process to read,
    so memory stays flat in ``count``.  ``work`` needs no pickling (the workers
    are forked with it); results and exceptions must pickle.  An exception
    ``work`` raises is raised here when its item's turn comes; a worker that
    dies raises :class:`WorkerDied`.  The workers end with their last item;
    closing the iterator early kills them.  Call only when :func:`can_fork`.
    """
    started: list[_Worker] = []
    try:
        for first in range(workers):
            started.append(_fork_worker(work, range(first, count, workers), started))
        for index in range(count):
            yield started[index % workers].receive(index)
    finally:
        for worker in started:
            worker.stop()


class _Worker:
    """A forked worker: its process id and the pipe its results come through."""

    def __init__(self, pid: int, results: BinaryIO) -> None:
        self.pid, self.results = pid, results

    def receive(self, index: int) -> Any:
        """The result of item ``index``, the next one this worker sends."""
        try:
            done, value = pickle.load(self.results)
        except (EOFError, pickle.UnpicklingError):  # the pipe closed before a whole result
            raise WorkerDied([index]) from None
        if not done:
            raise value
        return value

    def stop(self) -> None:
        """Close the pipe, end the process if it still runs, and collect it."""
        self.results.close()
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _fork_worker(work: Callable[[int], Any], items: range, started: list[_Worker]
                 ) -> _Worker:
    """A forked process doing ``items`` in order; ``started``: the workers forked before,
    whose pipes it must not hold open."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the caller's code
        status = 1
        try:
            os.close(read_end)
            for other in started:
                other.results.close()
            _settle_worker()
            _serve(work, items, write_end)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return _Worker(pid, os.fdopen(read_end, "rb"))


def _serve(work: Callable[[int], Any], items: range, pipe: int) -> None:
    """Do ``items`` and write each result (or exception) into ``pipe``."""
    with os.fdopen(pipe, "wb") as results:
        for index in items:
            results.write(_message(work, index))
            results.flush()


def _message(work: Callable[[int], Any], index: int) -> bytes:
    """``work(index)`` pickled as (done, result), or (False, the exception it raised)."""
    try:
        message: tuple[bool, Any] = (True, work(index))
    except Exception as error:  # raised in the parent when the item's turn comes
        message = (False, error)
    try:
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a result or exception that does not pickle
        problem = RuntimeError(f"item {index}: the worker's result could not be sent ({error})")
        return pickle.dumps((False, problem), protocol=pickle.HIGHEST_PROTOCOL)
