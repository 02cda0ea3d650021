"""Talking to the camelot child process (see :mod:`camelot_worker`)."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from .budget import PageTimeout

WORKER_MODULE = "gyokaku.extract.camelot_worker"
STOP_SECONDS = 2.0  # a worker told to stop gets this long before it is killed


class CamelotCrash(RuntimeError):
    """The camelot process died while reading a page."""


class CamelotFailure(RuntimeError):
    """camelot raised an error on a page."""


class CamelotWorker:
    """A camelot child process answering one page at a time.

    ``page_seconds`` bounds the wait for one answer; when it runs out the
    process is killed and :class:`~gyokaku.extract.budget.PageTimeout` raised.
    """

    def __init__(
        self, page_seconds: float | None = None, command: Sequence[str] | None = None
    ) -> None:
        """Prepare a worker; its process starts with the first request.

        ``command`` defaults to the camelot worker module run by this interpreter.
        """
        self.page_seconds = page_seconds
        self.command = list(command or [sys.executable, "-m", WORKER_MODULE])
        self.process: subprocess.Popen[bytes] | None = None
        self.buffer = b""

    def __enter__(self) -> CamelotWorker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(kill=exc_type is not None)

    def _start(self) -> subprocess.Popen[bytes]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            self.buffer = b""
        return self.process

    def tables(self, path: str, page_number: int, password: str | None) -> list[dict[str, Any]]:
        """camelot's tables of one page (``page_number`` counts from 1), as plain data."""
        process = self._start()
        request = {"path": path, "page": page_number, "password": password}
        try:
            assert process.stdin is not None
            process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            process.stdin.flush()
        except OSError:
            raise self._crash() from None
        reply = json.loads(self._read_line(process))
        if "error" in reply:
            raise CamelotFailure(str(reply["error"]))
        return list(reply["tables"])

    def _read_line(self, process: subprocess.Popen[bytes]) -> bytes:
        assert process.stdout is not None
        descriptor = process.stdout.fileno()
        deadline = None if not self.page_seconds else time.monotonic() + self.page_seconds
        with selectors.DefaultSelector() as selector:
            selector.register(descriptor, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and (wait <= 0 or not selector.select(wait)):
                    self.close(kill=True)
                    raise PageTimeout
                chunk = os.read(descriptor, 1 << 16)
                if not chunk:
                    raise self._crash()
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def _crash(self) -> CamelotCrash:
        code = self.process.wait() if self.process is not None else None
        self.process = None
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return CamelotCrash(f"the camelot process died ({how})")

    def close(self, kill: bool = False) -> None:
        """Stop the process: kill it at once, or let it finish (killing it if it hangs)."""
        process, self.process = self.process, None
        if process is None:
            return
        if kill:
            process.kill()
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
