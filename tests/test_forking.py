"""When helper processes may be forked."""

from __future__ import annotations

import pytest

from gyokaku import forking


def test_can_fork_only_without_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 2)
    assert not forking.can_fork()


def test_can_fork_here_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 1)
    assert forking.can_fork()
