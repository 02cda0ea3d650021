"""Detecting pages whose form XObjects draw each other in a cycle.

pdfminer stops such a cycle itself, but playa (under camelot) recurses until
the process crashes.  The check walks the resource tree of the page once.
"""

from __future__ import annotations

from typing import Any

from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

MAX_VISITS = 10_000  # bound the walk on very large resource trees


def _xobjects(resources: Any) -> list[Any]:
    table = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    return list(table.values()) if isinstance(table, dict) else []


def _key(item: Any) -> int:
    return item.objid if isinstance(item, PDFObjRef) else id(item)


def _form_resources(item: Any) -> Any:
    stream = resolve1(item)
    if not isinstance(stream, PDFStream):
        return None
    subtype = resolve1(stream.attrs.get("Subtype"))
    if getattr(subtype, "name", subtype) != "Form":
        return None
    return resolve1(stream.attrs.get("Resources"))


def has_cyclic_forms(page_resources: Any) -> bool:
    """True when a form XObject of the page (directly or through others) draws itself."""
    path: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[int, list[Any]]] = [(-1, _xobjects(resolve1(page_resources)))]
    visits = 0
    while stack:
        key, pending = stack[-1]
        if not pending:
            stack.pop()
            path.discard(key)
            done.add(key)
            continue
        item = pending.pop()
        child = _key(item)
        if child in path:
            return True
        visits += 1
        if child in done or visits > MAX_VISITS:
            continue
        resources = _form_resources(item)
        if resources is not None:
            path.add(child)
            stack.append((child, _xobjects(resources)))
    return False
