"""Helpers for tests of forked worker processes."""

from __future__ import annotations

import os
from collections.abc import Iterable


def uncollected(pids: Iterable[int]) -> set[int]:
    """Those of ``pids`` that are still this process's children: running, or ended and not
    yet waited for (such a child is waited for here, so ask once per check)."""
    alive = set()
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # collected
        alive.add(pid)
    return alive
