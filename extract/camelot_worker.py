"""Child process running camelot-py's lattice parser, one page per request.

camelot parses pages with playa and renders them with pdfium, both native
code that can crash the whole process on a hostile file (self-referencing
XObjects overflow the C stack).  Running them here keeps such a crash away
from the caller.  Protocol: one JSON object per line on stdin
(``{"path", "page", "password"}``, page counting from 1), one JSON object per
line on the original stdout (``{"tables": [...]}`` or ``{"error": "..."}``).
Everything the libraries print goes to /dev/null.

Run as ``python -m gyokaku.extract.camelot_worker``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

from .quiet import quiet

LATTICE_OPTIONS: dict[str, Any] = {
    "flavor": "lattice",
    "backend": "pdfium",
    "use_fallback": False,
    "suppress_stdout": True,
    # camelot turns a page whose text it reads as mostly vertical; the
    # coordinates must stay those of the page as printed.
    "layout_kwargs": {"detect_vertical": False},
}


def table_data(table: Any) -> dict[str, Any]:
    """A camelot table as plain data: column and row bounds, and each cell's ruled sides."""
    return {
        "cols": [[float(x0), float(x1)] for x0, x1 in table.cols],
        "rows": [[float(top), float(bottom)] for top, bottom in table.rows],
        "sides": [
            [[bool(c.left), bool(c.right), bool(c.top), bool(c.bottom)] for c in row]
            for row in table.cells
        ],
    }


def lattice_tables(path: str, page_number: int, password: str | None) -> list[dict[str, Any]]:
    """camelot's lattice tables of one page, as plain data (PDF coordinates)."""
    import camelot

    with quiet():
        tables = camelot.read_pdf(
            path, pages=str(page_number), password=password, **LATTICE_OPTIONS
        )
        return [table_data(table) for table in tables]


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """The reply to one request."""
    try:
        tables = lattice_tables(str(request["path"]), int(request["page"]), request.get("password"))
    except Exception as exc:  # reported to the caller, which turns it into a GyokakuError
        detail = " ".join(str(exc).split())[:200]
        return {"error": f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__}
    return {"tables": tables}


def serve(requests: TextIO, replies: TextIO) -> None:
    """Answer requests line by line until the input ends."""
    for line in requests:
        if line.strip():
            replies.write(json.dumps(answer(json.loads(line))) + "\n")
            replies.flush()


def main() -> None:
    """Keep the protocol on a private copy of stdout; send all other output to /dev/null."""
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.dup2(null, sys.stderr.fileno())
    serve(sys.stdin, protocol)


if __name__ == "__main__":
    main()
