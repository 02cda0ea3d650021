"""One measurement: ``python -m bench.child TOOL PDF WORKDIR`` prints a JSON line.

The line holds the wall and CPU seconds the work took (libraries already
imported; CPU time includes the page-reading processes the work started
and waited for) and the page count; the parent reads the peak memory from
wait4 (the largest of this process and its waited-for children).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from bench.tools import prepared


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> None:
    """Run one tool on one PDF and print its seconds, CPU seconds and page count."""
    name, pdf, workdir = argv[0], Path(argv[1]), Path(argv[2])
    tool = prepared(name)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    pages = tool(pdf, workdir)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "pages": pages}))


if __name__ == "__main__":
    main(sys.argv[1:])
