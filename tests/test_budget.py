"""The page time budget: SIGALRM raising PageTimeout inside its block, never outside it."""

from __future__ import annotations

import signal
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


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
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
