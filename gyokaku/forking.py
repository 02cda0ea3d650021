"""Work spread over processes forked from this one: when it is safe, how many, and in order.

Forked workers start at once, with everything already imported.  Forking a
process that runs other threads can deadlock the child, so callers check
:func:`can_fork` and otherwise do the work themselves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack
from typing import Any, TypeVar

MIN_ITEMS_PER_WORKER = 4  # below this, starting a process costs more than it saves
IN_FLIGHT_PER_WORKER = 2  # items queued per worker: keeps every worker busy, memory flat

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
    """A worker process ended while items were in flight; which of them killed it is unknown."""

    def __init__(self, in_flight: list[int]) -> None:
        """``in_flight``: the indexes of the items that were being worked on or queued."""
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

    ``work`` crosses to the workers pickled (a module-level function, or a
    :func:`functools.partial` of one); so do the results.  At most
    :data:`IN_FLIGHT_PER_WORKER` items per worker are queued, so memory stays
    flat in ``count``.  An exception ``work`` raises is raised here when its
    item's turn comes; a worker that dies raises :class:`WorkerDied`.  Closing
    the iterator early stops the workers.  Call only when :func:`can_fork`.
    """
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_settle_worker)
    pending: deque[tuple[int, Future[Result]]] = deque()
    try:
        for index in range(count):
            pending.append((index, pool.submit(work, index)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield _next_result(pending)
        while pending:
            yield _next_result(pending)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next_result(pending: deque[tuple[int, Future[Result]]]) -> Result:
    try:
        result = pending[0][1].result()
    except BrokenProcessPool:
        raise WorkerDied([index for index, _ in pending]) from None
    pending.popleft()
    return result
