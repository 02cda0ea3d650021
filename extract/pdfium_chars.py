"""The characters of a PDFium text page, with their text objects and loose boxes.

Characters PDFium invents (spaces and line breaks between text objects)
are skipped.  A hyphen PDFium marked as soft (``U+0002``) is read as ``-``;
a character it could not map to Unicode is dropped.  The pieces PDFium
splits a ligature into share one box and are joined again.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import pdfium_ffi as ffi

SOFT_HYPHEN_CODE = 0x02  # PDFium's marker for a hyphen that ends a line
UNMAPPED = "\ufffe"  # PDFium's text for a character it could not map
REPAIRED = frozenset((UNMAPPED, chr(SOFT_HYPHEN_CODE)))
GENERATED_CANDIDATES = frozenset(" \r\n")
STEP_EM = 0.5  # vertical writing: the next character is this far down and not this far across


@dataclass(slots=True)
class CharRecord:
    """One character: its text, its text object and its loose box in user space.

    ``index`` is the character's index on the text page (-1 for a blank
    recovered from a text object PDFium left off the text page).
    """

    text: str
    obj: int
    left: float
    bottom: float
    right: float
    top: float
    index: int


def _repaired(text_page: int, index: int) -> str:
    """The text of a character PDFium marked as unmapped or as a soft hyphen."""
    code = ffi.get_unicode(text_page, index)
    if code == SOFT_HYPHEN_CODE and ffi.is_hyphen(text_page, index):
        return "-"
    return "" if code in (0, 0xFFFE) else chr(code)


def read_chars(text_page: int, scratch: ffi.Scratch) -> list[CharRecord]:
    """Every character PDFium reports on the page, in its order."""
    count = ffi.count_chars(text_page)
    if count <= 0:
        return []
    text = ffi.page_text(text_page, count)
    rect, rect_ref = scratch.rect, scratch.rect_ref
    records: list[CharRecord] = []
    for index in range(count):
        char = text[index] if text is not None else ffi.char_text(text_page, index)
        if char in GENERATED_CANDIDATES and ffi.is_generated(text_page, index):
            continue
        if char in REPAIRED:
            char = _repaired(text_page, index)
        obj = ffi.get_text_object(text_page, index)
        if not obj or not ffi.get_loose_char_box(text_page, index, rect_ref):
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        last = records[-1] if records else None
        if (last is not None and last.left == left and last.obj == obj
                and (last.bottom, last.right, last.top) == (bottom, right, top)):
            last.text += char
            continue
        records.append(CharRecord(char, obj, left, bottom, right, top, index))
    return records


def steps_down(run: list[CharRecord], size: float) -> bool:
    """True when consecutive characters of one horizontal text object step down rather than
    across (a vertical-writing font): one such step is enough."""
    for previous, record in itertools.pairwise(run):
        across = abs(record.left - previous.left)
        down = abs(record.bottom - previous.bottom)
        if across < STEP_EM * size <= down:
            return True
    return False
