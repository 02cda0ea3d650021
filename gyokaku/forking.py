"""Forking helper processes from this one: when it is safe."""

from __future__ import annotations

import multiprocessing
import threading


def can_fork() -> bool:
    """Whether helper processes can be forked safely from here (no other threads)."""
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)
