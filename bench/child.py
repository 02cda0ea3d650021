"""One measurement: ``python -m bench.child TOOL PDF WORKDIR`` prints a JSON line.

The line holds the wall and CPU seconds the work took (libraries already
imported; CPU time includes the page-reading processes the work started
and waited for), the page count and the peak memory (:func:`peak_mb`).
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

from bench.tools import prepared


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def own_peak_kb(status: Path = Path("/proc/self/status")) -> int | None:
    """The peak resident memory of this process alone in KiB (``VmHWM``); ``None`` without
    Linux's ``/proc``."""
    try:
        found = re.search(r"^VmHWM:\s*(\d+) kB", status.read_text(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) if found else None


def peak_mb() -> float | None:
    """The peak resident memory of this process and of the largest child it waited for, in
    MB; ``None`` without Linux's ``/proc``.

    Not this process's ``ru_maxrss``: on Linux it starts at the peak of the process that
    started this one, even across ``exec`` (the benchmark's parent, after building the long
    edition, would set a floor under every tool).  The children's ``ru_maxrss`` is right for
    them, as they were started from this one.
    """
    own = own_peak_kb()
    if own is None:
        return None
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main(argv: list[str]) -> None:
    """Run one tool on one PDF and print its seconds, CPU seconds, page count and peak
    memory."""
    name, pdf, workdir = argv[0], Path(argv[1]), Path(argv[2])
    tool = prepared(name)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    pages = tool(pdf, workdir)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "pages": pages,
                      "peak_mb": peak_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
