"""The characters of a PDFium text page, with their text objects and loose boxes.

They come in runs: consecutive characters of one text object, which share
its style.  Characters PDFium invents (spaces and line breaks between text objects)
are skipped.  A hyphen PDFium marked as soft (``U+0002``) is read as ``-``;
a character it could not map to Unicode is dropped.  The pieces PDFium
splits a ligature into share one box and are joined again.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import pdfium_bulk as bulk
from . import pdfium_ffi as ffi

SOFT_HYPHEN_CODE = 0x02  # PDFium's marker for a hyphen that ends a line
UNMAPPED = "\ufffe"  # PDFium's text for a character it could not map
REPAIRED = frozenset((UNMAPPED, chr(SOFT_HYPHEN_CODE)))
GENERATED_CANDIDATES = frozenset(" \r\n")
SPECIAL = GENERATED_CANDIDATES | REPAIRED
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


CharRun = list[CharRecord]  # consecutive characters of one text object


def _read_chars(text_page: int, count: int) -> tuple[list[int], list[str]]:
    """The indexes and texts of the characters to read: PDFium's own spaces and line breaks
    left out, soft hyphens and unmapped characters repaired."""
    text = ffi.page_text(text_page, count)
    chars = text if text is not None else [ffi.char_text(text_page, i) for i in range(count)]
    if SPECIAL.isdisjoint(chars):
        return list(range(count)), list(chars)
    page_arg = ffi.handle_arg(text_page)
    indexes: list[int] = []
    texts: list[str] = []
    for index, char in enumerate(chars):
        if char in SPECIAL:
            if char in GENERATED_CANDIDATES and ffi.char_is_generated(page_arg, index):
                continue
            if char in REPAIRED:
                char = _repaired(text_page, index)
        indexes.append(index)
        texts.append(char)
    return indexes, texts


def read_char_runs(text_page: int, scratch: ffi.Scratch) -> list[CharRun]:
    """Every character PDFium reports on the page, in its order, cut into runs of
    consecutive characters of one text object."""
    count = ffi.count_chars(text_page)
    if count <= 0:
        return []
    indexes, texts = _read_chars(text_page, count)
    objects = bulk.char_objects(text_page, indexes)
    boxes = bulk.char_boxes(text_page, indexes, scratch)
    runs: list[CharRun] = []
    run: CharRun = []
    last: CharRecord | None = None
    for index, char, obj, box in zip(indexes, texts, objects, boxes, strict=True):
        if not obj or box is None:
            continue
        left, top, right, bottom = box
        if last is not None and last.obj == obj:
            if (last.left == left and last.bottom == bottom and last.right == right
                    and last.top == top):
                last.text += char  # a piece of a ligature
                continue
        else:
            run = []
            runs.append(run)
        last = CharRecord(char, obj, left, bottom, right, top, index)
        run.append(last)
    return runs


def steps_down(run: CharRun, size: float) -> bool:
    """True when consecutive characters of one horizontal text object step down rather than
    across (a vertical-writing font): one such step is enough."""
    for previous, record in itertools.pairwise(run):
        across = abs(record.left - previous.left)
        down = abs(record.bottom - previous.bottom)
        if across < STEP_EM * size <= down:
            return True
    return False
