"""Keep the PDF libraries' logging and warnings off the terminal.

pdfminer, pdfplumber, playa and camelot log and warn about every oddity of
a malformed file.  Their loggers are disabled once, on import; warnings are
ignored only while one of our calls runs (never across a ``yield``), so the
caller's own warning filters stay as they were.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

NOISY_LOGGERS = ("pdfminer", "pdfplumber", "playa", "camelot", "pypdfium2", "PIL", "fontTools")


def silence_loggers() -> None:
    """Disable the loggers of the PDF libraries (idempotent)."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False
        logger.disabled = True


@contextmanager
def quiet() -> Iterator[None]:
    """Run a block with the libraries' loggers disabled and warnings ignored."""
    silence_loggers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
