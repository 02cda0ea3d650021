"""Which modules the compiled build compiles, and which build is running.

gyokaku runs as plain Python everywhere.  A wheel built with ``GYOKAKU_COMPILE=1`` (see
``setup.py``, ``make compiled``) also ships the modules of ``COMPILED_MODULES`` compiled to C
extensions by mypyc; Python imports those in place of the sources beside them.  They are the
per-glyph, per-line and per-cell work of reading a page and of reading its rows.  It adds the
hand-written C extensions of ``NATIVE_MODULES``, which the Python build does without (their
callers fall back on ctypes).  Both builds give the same dataset, byte for byte
(``make test-compiled`` runs the dataset tests against the compiled build).

This module is read by ``setup.py`` without importing the package, so it imports nothing from it.
The build and the development tools (``setup.py``, ``tools/typecheck.py``, ``make bytecode``,
the benchmark's staleness check) also find the package's source folders here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

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

# Hand-written C, each from the ``.c`` file of its name (the PDFium calls made in bulk).
NATIVE_MODULES: tuple[str, ...] = ("gyokaku.extract._pdfium_bulk",)

EXTENSION_MODULES = COMPILED_MODULES + NATIVE_MODULES


def _is_extension(name: str) -> bool:
    """Whether module ``name`` would be loaded from a C extension, found without importing
    it or its package (the package's folder is asked for the files an import would try
    first: extensions come before sources)."""
    import importlib.machinery
    import importlib.util

    package, module = name.rsplit(".", 1)
    spec = importlib.util.find_spec(package)  # imports the package's parents only
    folders = spec.submodule_search_locations if spec is not None else None
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    return any(os.path.isfile(os.path.join(folder, module + suffix))
               for folder in folders or () for suffix in suffixes)


def compiled_modules() -> list[str]:
    """The modules of ``EXTENSION_MODULES`` that this installation loads from C extensions."""
    return [name for name in EXTENSION_MODULES if _is_extension(name)]


def build_name() -> str:
    """``"compiled"`` when every module of ``EXTENSION_MODULES`` is compiled, ``"python"``
    when none is, else ``"partly compiled"`` (a broken or mixed installation)."""
    count = len(compiled_modules())
    if count == len(EXTENSION_MODULES):
        return "compiled"
    return "python" if count == 0 else "partly compiled"


MODULE_SOURCES = ("*.py", "*.pyi")  # a package folder's modules and type stubs


def package_folders(root: Path) -> dict[str, str]:
    """Each package's source folder, relative to the repository at ``root``: the package-dir
    mapping of its ``pyproject.toml`` (``extract/`` installs as ``gyokaku.extract``).  For
    the build and the development tools; an installed package has no ``pyproject.toml``."""
    import tomllib

    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    return mapping


def folder_sources(folder: Path, patterns: Sequence[str] = MODULE_SOURCES) -> list[Path]:
    """The files of ``folder`` matching any of ``patterns``, sorted."""
    return sorted(path for pattern in patterns for path in folder.glob(pattern))


def compile_sources(root: Path) -> list[str]:
    """Byte-compile the package sources of the repository at ``root`` where their bytecode is
    missing or older; the sources that do not compile, relative to ``root``.

    pip byte-compiles what it installs, but not the sources of an editable install: without
    this, every process would compile them again where ``PYTHONDONTWRITEBYTECODE`` is set."""
    import compileall

    failed = []
    for folder in sorted(set(package_folders(root).values())):
        for source in folder_sources(root / folder, ("*.py",)):
            if not compileall.compile_file(source, quiet=2):
                failed.append(str(source.relative_to(root)))
    return failed
