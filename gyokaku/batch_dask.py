"""``gyokaku batch --scheduler tcp://HOST:PORT``: the same batch on a Dask distributed cluster.

Every input is one task running :func:`gyokaku.batch.process_file` on a
worker, exactly as a local batch runs it in a thread: the worker starts a
``python -m gyokaku convert`` process, so gyokaku must be installed on every
worker, and the inputs and OUTROOT must be on storage every worker sees at
the same paths.  The client (this process) only collects the results; a task
lost with its worker is retried by Dask and, past its retries, reported as
a failure of that input.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gyokaku.batch import BatchJob, FileResult, ResultCallback, Status, process_file
from gyokaku.errors import ExitCode, GyokakuError

CONNECT_SECONDS = 30.0


def connect(address: str, timeout: float = CONNECT_SECONDS) -> Any:
    """A ``distributed.Client`` of the scheduler at ``address``.

    Raises :class:`~gyokaku.errors.GyokakuError` (usage) when it cannot be reached.
    """
    from distributed import Client

    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise GyokakuError(address, f"cannot reach the Dask scheduler ({detail})",
                           ExitCode.USAGE) from None


def lost_task_result(job: BatchJob, error: BaseException) -> FileResult:
    """The result of an input whose task Dask could not run to its end."""
    detail = " ".join(str(error).split())
    reason = f"the Dask task failed: {type(error).__name__}" + (f": {detail}" if detail else "")
    return FileResult(job.label, "", Status.failed.value, reason, int(ExitCode.FAILED),
                      0.0, None, "")


def run_on_client(client: Any, jobs: Sequence[BatchJob],
                  on_result: ResultCallback | None = None) -> list[FileResult]:
    """Submit one task per job to ``client``; collect the results in ``jobs`` order."""
    from distributed import as_completed

    futures = client.map(process_file, list(jobs), pure=False)
    position = {future.key: index for index, future in enumerate(futures)}
    results: list[FileResult | None] = [None] * len(jobs)
    for future in as_completed(futures, loop=client.loop):
        index = position[future.key]
        try:
            result = future.result()
        except Exception as error:  # the task itself never raises; its worker may be lost
            result = lost_task_result(jobs[index], error)
        results[index] = result
        if on_result is not None:
            on_result(result)
    return [result for result in results if result is not None]


def run_on_dask(jobs: Sequence[BatchJob], address: str,
                on_result: ResultCallback | None = None) -> list[FileResult]:
    """Run the batch on the Dask scheduler at ``address``; results in ``jobs`` order."""
    with connect(address) as client:
        return run_on_client(client, jobs, on_result)
