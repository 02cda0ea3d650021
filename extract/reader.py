"""An open document read page by page: what every engine hands out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gyokaku.model import Page


@dataclass(frozen=True, slots=True)
class PageReader:
    """An open document: its page count, and a function reading one page by its index."""

    count: int
    read: Callable[[int], Page]

    def pages(self) -> Iterator[Page]:
        """Every page, one at a time, in order."""
        for index in range(self.count):
            yield self.read(index)
