"""When helper processes may be forked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
