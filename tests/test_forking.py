"""When helper processes may be forked."""

from __future__ import annotations

import gc
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from gyokaku import forking
from tests.processes import uncollected


def test_can_fork_only_without_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 2)
    assert not forking.can_fork()


def test_can_fork_here_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 1)
    assert forking.can_fork()


def test_kept_open_opens_once_per_key_and_closes_the_previous(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "_KEPT", None)
    events: list[str] = []

    @contextmanager
    def opener(name: str) -> Iterator[str]:
        events.append(f"open {name}")
        yield name
        events.append(f"close {name}")

    assert forking.kept_open("a", lambda: opener("a")) == "a"
    assert forking.kept_open("a", lambda: opener("again")) == "a"  # kept, not reopened
    assert forking.kept_open("b", lambda: opener("b")) == "b"
    assert events == ["open a", "close a", "open b"]
    forking._KEPT[2].close()  # type: ignore[index]
    assert events[-1] == "close b"


# --- in_order: work fanned out to forked workers, results in order -----------------------


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The process ids of the workers forked during the test."""
    pids: list[int] = []
    real = os.fork

    def recording() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(forking.os, "fork", recording)
    return pids


def squared_after_a_while(index: int) -> int:
    """Slower on some items, so that the workers finish out of order."""
    time.sleep(0.02 if index % 3 == 0 else 0.0)
    return index * index


def test_results_come_in_order_from_the_workers(forked: list[int]) -> None:
    assert list(forking.in_order(squared_after_a_while, 10, 3)) == [i * i for i in range(10)]
    assert len(forked) == 3 and not uncollected(forked)


def slow_on_even(index: int) -> int:
    time.sleep(0.02 if index % 2 == 0 else 0.0)
    return os.getpid()


def test_a_free_worker_takes_the_next_item() -> None:
    """Items go to whichever worker is free, not in turn (two workers taking turns would
    leave every slow, even item to one of them)."""
    pids = list(forking.in_order(slow_on_even, 20, 2))
    assert len({pid for index, pid in enumerate(pids) if index % 2 == 0}) == 2


def frozen_and_pid(index: int) -> tuple[bool, int]:
    return gc.get_freeze_count() > 0, os.getpid()


def test_workers_are_other_processes_with_what_they_inherit_frozen(forked: list[int]) -> None:
    results = list(forking.in_order(frozen_and_pid, 4, 2))
    assert all(frozen for frozen, _ in results)
    assert {pid for _, pid in results} <= set(forked) and os.getpid() not in forked
    assert gc.get_freeze_count() == 0  # this process is left as it was


def failing_at_three(index: int) -> int:
    if index == 3:
        raise ValueError("item 3 is bad")
    return index


def test_an_exception_comes_at_its_items_turn() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="item 3 is bad"):
        for value in forking.in_order(failing_at_three, 6, 2):
            seen.append(value)
    assert seen == [0, 1, 2]


def unpicklable(index: int) -> object:
    return (lambda: index) if index == 1 else index


def test_a_result_that_cannot_be_sent_is_an_error_naming_the_item() -> None:
    results = forking.in_order(unpicklable, 3, 2)
    assert next(results) == 0
    with pytest.raises(RuntimeError, match="item 1: the worker's result could not be sent"):
        next(results)


def dying_at_two(index: int) -> int:
    if index == 2:
        os._exit(3)
    return index


def test_a_worker_that_dies_names_the_item_it_took(forked: list[int]) -> None:
    seen: list[int] = []
    with pytest.raises(forking.WorkerDied) as caught:
        for value in forking.in_order(dying_at_two, 6, 2):
            seen.append(value)
    assert seen == [0, 1] and caught.value.index == 2
    assert not uncollected(forked)


def test_closing_early_ends_and_collects_every_worker(forked: list[int]) -> None:
    results = forking.in_order(squared_after_a_while, 1000, 2)
    assert next(results) == 0
    results.close()  # type: ignore[attr-defined]
    assert len(forked) == 2 and not uncollected(forked)


def test_pipes_numbered_past_selects_limit_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """``select`` cannot wait on a descriptor numbered 1024 or more; a process with many
    files open gets such numbers for the workers' pipes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this machine allows too few open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    read_end, write_end = os.pipe()
    filler = [os.dup(read_end) for _ in range(1100)]
    try:
        assert list(forking.in_order(squared_after_a_while, 6, 2)) == [i * i for i in range(6)]
    finally:
        for pipe in (*filler, read_end, write_end):
            os.close(pipe)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
