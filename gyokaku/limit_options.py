"""The command-line options that raise the limits of :class:`gyokaku.limits.Limits`.

``gyokaku convert`` and ``gyokaku batch`` declare the same options with these
annotated types and build the limits with :func:`limits_from_options`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from gyokaku.limits import Limits

DEFAULTS = Limits()

MaxPages = Annotated[int, typer.Option(
    "--max-pages", min=1, metavar="N", help="Refuse documents with more pages.")]
MaxPageMm = Annotated[float, typer.Option(
    "--max-page-mm", min=1.0, metavar="MM",
    help="Refuse pages wider or taller than this (millimetres).")]
MaxObjects = Annotated[int, typer.Option(
    "--max-objects", min=1, metavar="N",
    help="Refuse documents with more objects in their cross-reference tables.")]
MaxStreamMb = Annotated[float, typer.Option(
    "--max-stream-mb", min=0.001, metavar="MB",
    help="Refuse a stream that decompresses to more megabytes (decompression bombs).")]
MaxPageSeconds = Annotated[float, typer.Option(
    "--max-page-seconds", min=0.001, metavar="S",
    help="Give up on a page (or on opening the document) after this many seconds.")]


def limits_from_options(max_pages: int, max_page_mm: float, max_objects: int,
                        max_stream_mb: float, max_page_seconds: float) -> Limits:
    """The limits the options ask for."""
    return Limits(max_pages=max_pages, max_page_mm=max_page_mm, max_objects=max_objects,
                  max_stream_mb=max_stream_mb, page_seconds=max_page_seconds)
