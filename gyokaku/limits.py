"""Size and time limits for one input PDF, and the error raised when one is exceeded.

The defaults are generous for real reform reports (a few hundred A4/A3 pages)
and stop files built to exhaust a machine: millions of pages or objects,
pages metres wide, streams that inflate to gigabytes (decompression bombs),
pages that take minutes to parse.  Every limit can be raised on the command
line; :data:`OPTION_NAMES` gives the option that raises each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from gyokaku.errors import LimitExceededError

MM_PER_POINT = 25.4 / 72
BYTES_PER_MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """What one PDF may need before gyokaku refuses it (exit code 7)."""

    max_pages: int = 5000
    """Pages in the document (checked on the page tree before any page is read)."""

    max_page_mm: float = 2000.0
    """Width and height of every page's MediaBox, in millimetres (A0 is 841 × 1189)."""

    max_objects: int = 2_000_000
    """Entries in the PDF's cross-reference tables (its object count)."""

    max_stream_mb: float = 256.0
    """Decompressed size of any one stream, in megabytes (10⁶ bytes)."""

    page_seconds: float = 120.0
    """Wall-clock seconds for opening the document and for reading any one page."""

    @property
    def max_stream_bytes(self) -> int:
        """:attr:`max_stream_mb` in bytes."""
        return int(self.max_stream_mb * BYTES_PER_MB)

    def to_dict(self) -> dict[str, Any]:
        """The limits as plain data (for JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        """Limits from :meth:`to_dict`'s output."""
        return cls(**data)


OPTION_NAMES: dict[str, str] = {
    "max_pages": "--max-pages",
    "max_page_mm": "--max-page-mm",
    "max_objects": "--max-objects",
    "max_stream_mb": "--max-stream-mb",
    "page_seconds": "--max-page-seconds",
}
"""The command-line option that raises each limit."""


UNITS: dict[str, str] = {
    "max_pages": "pages",
    "max_page_mm": "mm",
    "max_objects": "objects",
    "max_stream_mb": "MB",
    "page_seconds": "s",
}
"""The unit each limit is given in."""


def limit_error(path: str, found: str, limit_name: str, limits: Limits) -> LimitExceededError:
    """The one-line error for a file over the limit ``limit_name`` (a field of
    :class:`Limits`): what was found, the limit, and the option that raises it."""
    problem = (f"{found} (limit {number_text(getattr(limits, limit_name))} {UNITS[limit_name]}; "
               f"raise it with {OPTION_NAMES[limit_name]})")
    return LimitExceededError(path, problem)


def number_text(value: float) -> str:
    """A limit as written on the command line: ``5000``, ``0.5`` (never ``5e+03``)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def points_to_mm(points: float) -> float:
    """A length in PDF points (1/72 inch) in millimetres."""
    return points * MM_PER_POINT
