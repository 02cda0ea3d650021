"""Walking a PDFium page's objects: text and path objects, form XObjects opened.

Each object comes with the matrix of the form it sits in (identity on the
page itself), so that its own matrix can be carried to user space.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import pdfium_bulk as bulk
from . import pdfium_ffi as ffi

Matrix = ffi.Matrix
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 32  # PDFium stops form recursion itself; this only bounds our walk
WANTED = (ffi.OBJECT_TEXT, ffi.OBJECT_PATH)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def object_matrix(obj: int, outer: Matrix, scratch: ffi.Scratch) -> Matrix:
    """The matrix carrying the object's own space to user space."""
    ffi.object_matrix(obj, scratch.matrix_ref)
    return compose(scratch.read_matrix(), outer)


def page_objects(holder: int, scratch: ffi.Scratch, outer: Matrix = IDENTITY,
                 depth: int = 0) -> Iterator[tuple[int, int, Matrix]]:
    """``(kind, object, form matrix)`` of every text and path object, in drawing order.

    ``holder`` is a page, or (with ``depth`` > 0) a form object.
    """
    if depth > 0:
        count = ffi.count_form_objects(holder)
        objects = [ffi.get_form_object(holder, index) or 0 for index in range(max(count, 0))]
    else:
        objects = bulk.page_objects(holder, ffi.count_page_objects(holder))
    for obj, kind in zip(objects, bulk.object_types(objects), strict=True):
        if not obj:
            continue
        if kind in WANTED:
            yield kind, obj, outer
        elif kind == ffi.OBJECT_FORM and depth < MAX_FORM_DEPTH:
            yield from page_objects(obj, scratch, object_matrix(obj, outer, scratch), depth + 1)
