"""One measurement: ``python -m bench.child TOOL PDF WORKDIR`` prints a JSON line.

The line holds the wall and CPU seconds the work took (libraries already
imported) and the page count; the parent reads this process's peak memory
from wait4.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.tools import prepared


def main(argv: list[str]) -> None:
    """Run one tool on one PDF and print its seconds, CPU seconds and page count."""
    name, pdf, workdir = argv[0], Path(argv[1]), Path(argv[2])
    tool = prepared(name)
    started, cpu_started = time.perf_counter(), time.process_time()
    pages = tool(pdf, workdir)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "pages": pages}))


if __name__ == "__main__":
    main(sys.argv[1:])
