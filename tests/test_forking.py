"""When helper processes may be forked."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from gyokaku import forking


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


def squared_after_a_while(index: int) -> int:
    """Slower on some items, so that the workers finish out of order."""
    time.sleep(0.02 if index % 3 == 0 else 0.0)
    return index * index


def test_results_come_in_order_from_the_workers() -> None:
    assert list(forking.in_order(squared_after_a_while, 10, 3)) == [i * i for i in range(10)]


def frozen_and_pid(index: int) -> tuple[bool, int]:
    return gc.get_freeze_count() > 0, os.getpid()


def test_workers_are_other_processes_with_what_they_inherit_frozen() -> None:
    results = list(forking.in_order(frozen_and_pid, 4, 2))
    assert all(frozen for frozen, _ in results)
    assert len({pid for _, pid in results}) == 2 and os.getpid() not in {p for _, p in results}
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


def test_a_worker_that_dies_names_the_item_it_owed() -> None:
    seen: list[int] = []
    with pytest.raises(forking.WorkerDied) as caught:
        for value in forking.in_order(dying_at_two, 6, 2):
            seen.append(value)
    assert seen == [0, 1] and caught.value.in_flight == [2]


def test_closing_early_ends_and_collects_every_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    pids: list[int] = []
    real = forking._fork_worker

    def recording(*args: Any) -> Any:
        worker = real(*args)
        pids.append(worker.pid)
        return worker

    monkeypatch.setattr(forking, "_fork_worker", recording)
    results = forking.in_order(squared_after_a_while, 1000, 2)
    assert next(results) == 0
    results.close()  # type: ignore[attr-defined]
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ChildProcessError):  # already collected
            os.waitpid(pid, os.WNOHANG)
