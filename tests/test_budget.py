"""The page time budget: SIGALRM raising PageTimeout inside its block, never outside it."""

from __future__ import annotations

import signal
import sys
import time
import weakref

import pytest

from gyokaku.extract.budget import PageTimeout, TimeBudget, _on_alarm, time_budget


def busy_until(deadline: float) -> None:
    """Work (no sleeping: a sleep is interrupted differently) until ``deadline``."""
    while time.perf_counter() < deadline:
        pass


def test_a_long_block_is_stopped() -> None:
    started = time.perf_counter()
    with pytest.raises(PageTimeout), time_budget(0.1):
        busy_until(started + 10)
    assert time.perf_counter() - started < 5


def test_an_alarm_swallowed_in_a_weakref_callback_comes_again() -> None:
    class Thing:
        pass

    started = time.perf_counter()

    def slow_callback(_: object) -> None:  # the first alarm lands here and Python ignores it
        busy_until(started + 0.3)

    thing = Thing()
    watcher = weakref.ref(thing, slow_callback)
    with pytest.raises(PageTimeout), time_budget(0.1):
        del thing
        busy_until(started + 10)
    assert watcher() is None
    assert time.perf_counter() - started < 5


def test_no_alarm_is_left_after_the_block() -> None:
    handler = signal.getsignal(signal.SIGALRM)
    with time_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler and not TimeBudget.armed
    with pytest.raises(PageTimeout), time_budget(0.05):
        busy_until(time.perf_counter() + 10)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and not TimeBudget.armed


def test_a_late_alarm_raises_nothing_and_stops_the_timer() -> None:
    signal.setitimer(signal.ITIMER_REAL, 60, 60)
    try:
        _on_alarm(signal.SIGALRM, None)  # as if delivered just after a block ended
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_an_outer_budget_comes_back_after_an_inner_one() -> None:
    started = time.perf_counter()
    with pytest.raises(PageTimeout), time_budget(0.3):
        with time_budget(5):
            busy_until(started + 0.1)
        assert TimeBudget.armed
        busy_until(started + 10)
    assert time.perf_counter() - started < 5 and not TimeBudget.armed


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_no_limit(seconds: float | None) -> None:
    with time_budget(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_swallowed_alarm_is_not_reported_and_other_errors_are(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Python hands an exception raised in a finalizer to ``sys.unraisablehook``, which would
    print it on stderr; the alarm's is dropped inside the block, and the hook is restored."""
    reported: list[type[BaseException] | None] = []

    def recording(unraisable: sys.UnraisableHookArgs) -> None:
        reported.append(unraisable.exc_type)

    monkeypatch.setattr(sys, "unraisablehook", recording)

    class Thing:
        pass

    started = time.perf_counter()

    def slow_then_failing(_: object) -> None:  # the first alarm lands here
        busy_until(started + 0.3)

    def failing(_: object) -> None:
        raise ValueError("a finalizer's own error")

    thing, other = Thing(), Thing()
    watchers = weakref.ref(thing, slow_then_failing), weakref.ref(other, failing)
    with pytest.raises(PageTimeout), time_budget(0.1):
        del other
        del thing
        busy_until(started + 10)
    assert all(watcher() is None for watcher in watchers)
    assert reported == [ValueError]
    assert sys.unraisablehook is recording
