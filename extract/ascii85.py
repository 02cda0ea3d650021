"""A fast ASCII85 decoder for pdfminer (reportlab writes every stream in ASCII85).

pdfminer decodes ASCII85 with :func:`base64.a85decode`, a Python loop over
every byte: on a report written by reportlab it is most of the preflight's
time.  :func:`ascii85decode` gives the same bytes, decoding the usual
stream (digits and white space only) with numpy, five digits to four bytes
at once; anything else (``z`` for four zero bytes, a stray character, a
group that overflows) is handed to pdfminer's own decoder, so that errors
are its errors.  :func:`install` puts it in place of pdfminer's.
"""

from __future__ import annotations

import numpy as np
from pdfminer import ascii85 as pdfminer_ascii85
from pdfminer import pdftypes

FIRST_DIGIT, LAST_DIGIT = ord("!"), ord("u")
WHITE_SPACE = np.frombuffer(b" \t\n\r\v", dtype=np.uint8)  # what a85decode skips
GROUP = 5  # digits per four bytes
BASE = 85
MAX_GROUP_VALUE = 2**32 - 1


def _digits(body: bytes) -> np.ndarray | None:
    """The digit values (0–84) of ``body`` without its white space; ``None`` when it
    holds anything else."""
    raw = np.frombuffer(body, dtype=np.uint8)
    raw = raw[~np.isin(raw, WHITE_SPACE)]
    if raw.size and (raw.min() < FIRST_DIGIT or raw.max() > LAST_DIGIT):
        return None
    return raw.astype(np.uint64) - FIRST_DIGIT


def decode_digits(digits: np.ndarray) -> bytes | None:
    """The bytes the digits stand for, as :func:`base64.a85decode` pads and trims a short
    last group; ``None`` when a group overflows four bytes."""
    short = (-digits.size) % GROUP  # a short last group is padded with the largest digit
    padded = np.concatenate([digits, np.full(short, LAST_DIGIT - FIRST_DIGIT, dtype=np.uint64)])
    groups = padded.reshape(-1, GROUP)
    values = groups[:, 0]
    for column in range(1, GROUP):
        values = values * BASE + groups[:, column]
    if values.size and int(values.max()) > MAX_GROUP_VALUE:
        return None
    decoded = values.astype(">u4").tobytes()
    return decoded[: len(decoded) - short]


def ascii85decode(data: bytes) -> bytes:
    """pdfminer's ``ascii85decode(data)``: the same bytes, or the same error."""
    body = pdfminer_ascii85.end_re.sub(b"", pdfminer_ascii85.start_re.sub(b"", data))
    digits = None if b"z" in body else _digits(body)
    decoded = None if digits is None else decode_digits(digits)
    if decoded is None:
        return pdfminer_ascii85.ascii85decode(data)
    return decoded


def install() -> None:
    """Decode ASCII85 streams in :mod:`pdfminer.pdftypes` with :func:`ascii85decode`
    (idempotent)."""
    pdftypes.ascii85decode = ascii85decode
