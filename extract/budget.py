"""A wall-clock budget for reading one page.

Some files make the PDF parser loop for a very long time (cyclic content
streams, pages with millions of path segments).  The budget interrupts the
work with SIGALRM, which is only possible in the main thread of a POSIX
process; elsewhere the block simply runs unguarded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class PageTimeout(BaseException):
    """Raised inside the guarded block when the budget runs out.

    A ``BaseException`` so that ``except Exception`` handlers inside the PDF
    libraries cannot swallow it.
    """


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageTimeout` if the block runs longer than ``seconds``.

    ``None`` or a non-positive value means no limit.  An outer timer that was
    already set is restored (without its elapsed time) when the block ends.
    """
    if not seconds or seconds <= 0 or not _can_use_alarm():
        yield
        return
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            signal.setitimer(signal.ITIMER_REAL, previous_delay, previous_interval)
