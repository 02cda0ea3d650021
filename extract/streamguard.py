"""A cap on the decompressed size of PDF streams (decompression bombs).

A few kilobytes of Flate or LZW data can inflate to gigabytes.  pdfminer
decodes a stream in one call with no size limit, so this module puts
bounded decoders in the place of the two it uses (``zlib`` and
``lzwdecode`` in :mod:`pdfminer.pdftypes`).  The bounded decoders behave
exactly like the originals until a limit is set with :func:`stream_limit`;
the limit lives in a context variable, so threads and other conversions in
the same process are not affected.

Inside :func:`stream_limit`, a stream that would grow past the limit stops
decoding at once and the block ends with a
:class:`~gyokaku.errors.LimitExceededError`.  Flate and LZW are the filters
with a large expansion ratio; run-length data grows at most 128-fold and the
ASCII filters shrink.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO

from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder

from gyokaku.errors import LimitExceededError
from gyokaku.limits import Limits, limit_error

from . import ascii85

_MAX_STREAM_BYTES: ContextVar[int | None] = ContextVar("gyokaku_max_stream_bytes", default=None)


class StreamTooLarge(BaseException):
    """A stream grew past the limit while being decoded.

    A ``BaseException`` so that the PDF libraries' ``except Exception``
    handlers cannot swallow it; :func:`stream_limit` turns it into a
    :class:`~gyokaku.errors.LimitExceededError`.
    """


def inflate_bounded(data: bytes, max_bytes: int) -> bytes:
    """``zlib.decompress(data)``, but raise :class:`StreamTooLarge` past ``max_bytes``.

    Like ``zlib.decompress``, it raises ``zlib.error`` for corrupt or
    truncated data and ignores bytes after the end of the compressed stream.
    """
    inflater = zlib.decompressobj()
    output = inflater.decompress(data, max_bytes + 1)
    if len(output) > max_bytes:
        raise StreamTooLarge
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return output


def lzw_decode_bounded(data: bytes, max_bytes: int) -> bytes:
    """pdfminer's ``lzwdecode(data)``, but raise :class:`StreamTooLarge` past ``max_bytes``."""
    chunks: list[bytes] = []
    size = 0
    for chunk in LZWDecoder(BytesIO(data)).run():
        size += len(chunk)
        if size > max_bytes:
            raise StreamTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside :mod:`pdfminer.pdftypes`."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes) -> bytes:
        """Inflate ``data``, within the current limit if one is set."""
        max_bytes = _MAX_STREAM_BYTES.get()
        return zlib.decompress(data) if max_bytes is None else inflate_bounded(data, max_bytes)


def _lzwdecode(data: bytes) -> bytes:
    """Decode LZW ``data``, within the current limit if one is set."""
    max_bytes = _MAX_STREAM_BYTES.get()
    if max_bytes is None:
        return b"".join(LZWDecoder(BytesIO(data)).run())
    return lzw_decode_bounded(data, max_bytes)


def install() -> None:
    """Put the bounded decoders, and the fast ASCII85 decoder of :mod:`.ascii85`, into
    :mod:`pdfminer.pdftypes` (idempotent)."""
    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]
    pdftypes.lzwdecode = _lzwdecode
    ascii85.install()


def max_stream_bytes() -> int | None:
    """The limit in force in this context (``None``: no limit)."""
    return _MAX_STREAM_BYTES.get()


@contextmanager
def stream_limit(limits: Limits, path: str) -> Iterator[None]:
    """Run a block with every stream pdfminer decodes capped at ``limits.max_stream_bytes``.

    A stream that grows past it ends the block with a
    :class:`~gyokaku.errors.LimitExceededError` naming ``path``.
    """
    install()
    token = _MAX_STREAM_BYTES.set(limits.max_stream_bytes)
    try:
        yield
    except StreamTooLarge:
        raise _too_large(path, limits) from None
    finally:
        _MAX_STREAM_BYTES.reset(token)


def _too_large(path: str, limits: Limits) -> LimitExceededError:
    found = "a stream decompresses past the size limit, a decompression bomb?"
    return limit_error(path, found, "max_stream_mb", limits)
