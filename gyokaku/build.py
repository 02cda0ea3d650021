"""Which modules the compiled build compiles, and which build is running.

gyokaku runs as plain Python everywhere.  A wheel built with ``GYOKAKU_COMPILE=1`` (see
``setup.py``, ``make compiled``) also ships the modules below compiled to C extensions by mypyc;
Python imports those in place of the sources beside them.  They are the per-glyph, per-line and
per-cell work of reading a page and of reading its rows.  Both builds give the same dataset,
byte for byte (``make test-compiled`` runs the dataset tests against the compiled build).

This module is read by ``setup.py`` without importing the package, so it imports nothing.
"""

from __future__ import annotations

COMPILED_MODULES: tuple[str, ...] = (
    "gyokaku.extract.content",
    "gyokaku.extract.glyphs",
    "gyokaku.extract.grid",
    "gyokaku.extract.layout",
    "gyokaku.extract.lines",
    "gyokaku.extract.pdfium_blanks",
    "gyokaku.extract.pdfium_chars",
    "gyokaku.extract.pdfium_glyphs",
    "gyokaku.extract.pdfium_paths",
    "gyokaku.extract.pdfium_styles",
    "gyokaku.extract.ruling",
    "gyokaku.extract.units",
    "gyokaku.normalize.celltext",
    "gyokaku.normalize.chars",
    "gyokaku.normalize.eras",
    "gyokaku.normalize.labels",
    "gyokaku.normalize.layout",
    "gyokaku.normalize.lines",
    "gyokaku.normalize.metrics",
    "gyokaku.normalize.plans",
    "gyokaku.normalize.rows",
)


def compiled_modules() -> list[str]:
    """The modules of ``COMPILED_MODULES`` that this installation loads from C extensions."""
    import importlib
    import importlib.machinery

    return [name for name in COMPILED_MODULES
            if isinstance(importlib.import_module(name).__loader__,
                          importlib.machinery.ExtensionFileLoader)]


def build_name() -> str:
    """``"compiled"`` when every listed module is compiled, ``"python"`` when none is, else
    ``"partly compiled"`` (a broken or mixed installation)."""
    count = len(compiled_modules())
    if count == len(COMPILED_MODULES):
        return "compiled"
    return "python" if count == 0 else "partly compiled"
