"""An open document read page by page: what every engine hands out, and how a page's
reading is guarded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gyokaku.errors import GyokakuError, LimitExceededError
from gyokaku.limits import OPTION_NAMES
from gyokaku.model import Page

from .budget import PageTimeout, time_budget
from .quiet import quiet
from .source import page_error


@dataclass(frozen=True, slots=True)
class PageReader:
    """An open document: its page count, and a function reading one page by its index."""

    count: int
    read: Callable[[int], Page]

    def pages(self) -> Iterator[Page]:
        """Every page, one at a time, in order."""
        for index in range(self.count):
            yield self.read(index)


@contextmanager
def guarded_page(path: str | Path, index: int, page_seconds: float | None) -> Iterator[None]:
    """Read page ``index`` of ``path`` in the block, quietly and within ``page_seconds``.

    Whatever goes wrong leaves as a :class:`~gyokaku.errors.GyokakuError`
    naming the file: running out of time as a limit exceeded, anything the
    libraries raise on a malformed page as :func:`~.source.page_error` says.
    """
    try:
        with quiet(), time_budget(page_seconds):
            yield
    except PageTimeout:
        problem = (f"page {index + 1} took longer than {page_seconds:g} s to read "
                   f"(raise it with {OPTION_NAMES['page_seconds']})")
        raise LimitExceededError(str(path), problem) from None
    except GyokakuError:
        raise
    except Exception as exc:  # anything a malformed page makes the libraries raise
        raise page_error(path, index, exc) from None
