"""A wall-clock budget for reading one page.

Some files make the PDF parser loop for a very long time (cyclic content
streams, pages with millions of path segments).  The budget interrupts the
work with SIGALRM, which is only possible in the main thread of a POSIX
process; elsewhere the block simply runs unguarded.

The alarm repeats until the block ends: Python ignores an exception raised
in a weakref callback or a finalizer, and garbage collection runs those at
any moment, so a single alarm can land where it is swallowed.  Such a
swallowed alarm is not reported (Python would print it on stderr, with a
traceback): inside the block, ``sys.unraisablehook`` drops it.  An alarm
never raises outside its block: one that comes late switches the timer off,
and one that lands while the budget itself is being set up or taken down
comes back a moment later instead.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType

REPEAT_SECONDS = 0.05  # how soon the alarm comes again when it was swallowed
SOON_SECONDS = 1e-4  # how soon it comes back when it could not raise where it landed


class PageTimeout(BaseException):
    """Raised inside the guarded block when the budget runs out.

    A ``BaseException`` so that ``except Exception`` handlers inside the PDF
    libraries cannot swallow it.
    """


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class TimeBudget:
    """The context manager :func:`time_budget` returns."""

    armed = False  # whether some budget's block is running (class-wide: one main thread)

    def __init__(self, seconds: float | None) -> None:
        """A budget of ``seconds`` (``None`` or not positive: no limit)."""
        self.seconds = seconds
        self.active = bool(seconds and seconds > 0 and _can_use_alarm())
        self.previous_armed = False
        self.previous_handler: signal._HANDLER = None
        self.previous_timer = (0.0, 0.0)
        self.previous_hook: Callable[[sys.UnraisableHookArgs], object] = sys.unraisablehook

    def __enter__(self) -> TimeBudget:
        """Start the alarm."""
        if self.active:
            self.previous_armed = TimeBudget.armed
            self.previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
            self.previous_hook = sys.unraisablehook
            sys.unraisablehook = _UnraisableFilter(self.previous_hook)
            TimeBudget.armed = True
            self.previous_timer = signal.setitimer(signal.ITIMER_REAL, float(self.seconds or 0),
                                                   REPEAT_SECONDS)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        """Stop the alarm; an outer budget's timer and handler are restored (without the time
        this block took)."""
        if not self.active:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        TimeBudget.armed = self.previous_armed
        signal.signal(signal.SIGALRM, self.previous_handler)
        sys.unraisablehook = self.previous_hook
        delay, interval = self.previous_timer
        if delay:
            signal.setitimer(signal.ITIMER_REAL, delay, interval)


class _UnraisableFilter:
    """``sys.unraisablehook`` inside a budget: an alarm swallowed in a finalizer is dropped
    (the alarm comes again), anything else goes to the hook that was there before."""

    def __init__(self, previous: Callable[[sys.UnraisableHookArgs], object]) -> None:
        self.previous = previous

    def __call__(self, unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, PageTimeout):
            self.previous(unraisable)


_QUIET_CODES = {TimeBudget.__enter__.__code__, TimeBudget.__exit__.__code__,
                _UnraisableFilter.__call__.__code__}


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if not TimeBudget.armed:
        signal.setitimer(signal.ITIMER_REAL, 0)  # a late alarm: nothing left to stop
        return
    if frame is not None and frame.f_code in _QUIET_CODES:
        # raising here would leave the budget half set up or half taken down: come back
        # at once, inside the block (or to find the budget gone)
        signal.setitimer(signal.ITIMER_REAL, SOON_SECONDS, REPEAT_SECONDS)
        return
    raise PageTimeout


def time_budget(seconds: float | None) -> TimeBudget:
    """Raise :class:`PageTimeout` inside the block if it runs longer than ``seconds``.

    ``None`` or a non-positive value means no limit.  An outer timer that was
    already set is restored (without its elapsed time) when the block ends.
    """
    return TimeBudget(seconds)
