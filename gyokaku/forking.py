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
import select
import signal
import struct
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, ExitStack, suppress
from typing import Any, TypeVar

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
    """A worker process ended before it sent the result of the item it had taken."""

    def __init__(self, index: int) -> None:
        """``index``: the item whose result did not come."""
        super().__init__(f"a worker died doing item {index}")
        self.index = index


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

    Items go one at a time to whichever worker is free: the workers take
    their next index from a pipe this process keeps a few indexes ahead in
    (reads of four bytes are atomic, and a worker that dies holds no lock),
    and send through a pipe of their own which item they took, then its
    outcome, pickled.  A worker that is ahead of the reading here gets no
    more indexes, so at most a few results wait and memory stays flat in
    ``count``.

    ``work`` needs no pickling (the workers are forked with it); results and
    exceptions must pickle.  An exception ``work`` raises is raised here when
    its item's turn comes; a worker that dies raises :class:`WorkerDied` at
    the turn of the item it had taken.  Closing the iterator early kills the
    workers.  Call only when :func:`can_fork`.
    """
    if count <= 0:
        return
    fan_out = _FanOut(work, count, workers)
    try:
        for _ in range(workers):
            fan_out.fork_worker()
        for index in range(count):
            done, value = fan_out.outcome(index)
            if not done:
                raise value
            yield value
    finally:
        fan_out.stop()


Outcome = tuple[bool, Any]  # (True, result) or (False, the exception work raised)
INDEX = struct.Struct("<i")  # an item index in the pipe the workers take their items from
HEADER = struct.Struct("<q")  # in a worker's pipe: an outcome's length, or -1 - a taken index
AHEAD_PER_WORKER = 2  # items given out per worker beyond what was read here


class _FanOut:
    """The state of one :func:`in_order`: which items are given out, what has come back."""

    def __init__(self, work: Callable[[int], Any], count: int, workers: int) -> None:
        self.work, self.count = work, count
        self.ahead = workers * AHEAD_PER_WORKER
        self.items_out, self.items_in = os.pipe()  # the indexes the workers take
        self.handed = 0  # indexes 0 … handed - 1 are in the pipe (or were taken from it)
        self.arrived = 0  # outcomes received (or known lost)
        self.results: dict[int, int] = {}  # a worker's pipe → its process id
        self.taken: dict[int, int] = {}  # a worker's pipe → the item it is doing
        self.ready: dict[int, Outcome] = {}  # outcomes waiting for their turn

    def fork_worker(self) -> None:
        """Start one more worker process."""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: it never returns into the caller's code
            status = 1
            try:
                for pipe in (read_end, self.items_in, *self.results):
                    os.close(pipe)
                _settle_worker()
                _serve(self.work, self.items_out, write_end)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.results[read_end] = pid

    def outcome(self, index: int) -> Outcome:
        """The outcome of item ``index`` (every item before it has been taken)."""
        while index not in self.ready:
            self._hand_out()
            if not self.results:  # every worker died before taking it
                raise WorkerDied(index)
            self._receive(self._readable())
        self._hand_out()  # the workers go on while the caller uses this outcome
        return self.ready.pop(index)

    def _readable(self) -> list[int]:
        """The workers' pipes that have something to read (or have ended), once one has.

        ``poll``, not ``select``: a process with many files open may have pipes
        numbered past ``select``'s limit.
        """
        poller = select.poll()
        for pipe in self.results:
            poller.register(pipe, select.POLLIN)
        return [pipe for pipe, _ in poller.poll()]

    def _hand_out(self) -> None:
        """Put indexes into the pipe, up to a few ahead of what has come back; close it
        after the last, so that the workers end."""
        while self.handed < self.count and self.handed - self.arrived < self.ahead:
            os.write(self.items_in, INDEX.pack(self.handed))
            self.handed += 1
        if self.handed == self.count and self.items_in >= 0:
            os.close(self.items_in)
            self.items_in = -1

    def _receive(self, pipes: list[int]) -> None:
        for pipe in pipes:
            message = _read_message(pipe)
            if isinstance(message, int):
                self.taken[pipe] = message
            elif message is not None:
                index, done, value = pickle.loads(message)
                self.taken.pop(pipe, None)
                self.ready[index] = (done, value)
                self.arrived += 1
            else:  # the worker ended: after the last index, or it died
                self._ended(pipe)

    def _ended(self, pipe: int) -> None:
        os.close(pipe)
        _collect(self.results.pop(pipe))
        lost = self.taken.pop(pipe, None)
        if lost is not None:  # it died doing this item: the error comes at its turn
            self.ready[lost] = (False, WorkerDied(lost))
            self.arrived += 1

    def stop(self) -> None:
        """Kill and collect the workers still running; close the pipes."""
        for pipe, pid in self.results.items():
            os.close(pipe)
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _collect(pid)
        self.results.clear()
        for pipe in (self.items_out, self.items_in):
            if pipe >= 0:
                os.close(pipe)
        self.items_out = self.items_in = -1


def _collect(pid: int) -> None:
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _serve(work: Callable[[int], Any], items: int, results: int) -> None:
    """A worker's loop: take an index from ``items``, say so into ``results``, do the item
    and send its outcome."""
    while (index := _read_index(items)) is not None:
        _write_all(results, HEADER.pack(-1 - index))
        _write_all(results, _message(index, work))


def _message(index: int, work: Callable[[int], Any]) -> bytes:
    """The outcome of ``work(index)`` as a worker sends it: its length, then (index, done,
    result or exception) pickled."""
    try:
        outcome: Outcome = (True, work(index))
    except Exception as error:  # raised by in_order when the item's turn comes
        outcome = (False, error)
    try:
        data = pickle.dumps((index, *outcome), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # a result or exception that does not pickle
        problem = RuntimeError(f"item {index}: the worker's result could not be sent ({error})")
        data = pickle.dumps((index, False, problem), protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _read_index(pipe: int) -> int | None:
    data = os.read(pipe, INDEX.size)
    return INDEX.unpack(data)[0] if len(data) == INDEX.size else None


def _read_message(pipe: int) -> bytes | int | None:
    """One message from a worker's pipe: a pickled outcome, the index of the item it took,
    or ``None`` at the pipe's end (or when a message was cut off)."""
    head = _read_exactly(pipe, HEADER.size)
    if head is None:
        return None
    size = HEADER.unpack(head)[0]
    return -1 - size if size < 0 else _read_exactly(pipe, size)


def _read_exactly(pipe: int, size: int) -> bytes | None:
    parts = []
    while size:
        part = os.read(pipe, min(size, 1 << 20))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _write_all(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view):]
