"""The ``gyokaku`` console script and ``python -m gyokaku``.

A batch starts its fork server before anything else is imported, so that the
server's imports and the command's own run side by side
(:func:`gyokaku.fork_server.start_early`).
"""

from __future__ import annotations

import sys

from gyokaku.fork_server import start_early


def main() -> None:
    """Run the ``gyokaku`` command with this process's command line."""
    start_early(sys.argv[1:])
    from gyokaku.cli import main as run_command

    run_command()
