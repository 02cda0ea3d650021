"""The inputs of ``gyokaku batch``: PDFs named or found in folders, and their output names.

Each input gets one folder ``OUTROOT/<name>``; ``<name>`` is the file's stem,
and inputs with the same stem (``2022/report.pdf``, ``2023/report.pdf``) get
``report``, ``report-2``, ... in the order of their full paths, so the same
set of inputs always gets the same names, whatever order they were given in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

PDF_SUFFIX = ".pdf"


def pdfs_in_folder(folder: Path) -> list[Path]:
    """Every ``*.pdf`` file (any case) below ``folder``, sorted by path."""
    return sorted(path for path in folder.rglob("*")
                  if path.suffix.lower() == PDF_SUFFIX and path.is_file())


def collect_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given and the PDFs found in given folders, each once, sorted by full path.

    A path that does not exist is kept, so that it is reported as a failure
    of its own.
    """
    found: dict[Path, Path] = {}
    for given in inputs:
        for path in pdfs_in_folder(given) if given.is_dir() else [given]:
            found.setdefault(path.resolve(), path)
    return [found[key] for key in sorted(found)]


def output_names(pdfs: Sequence[Path]) -> list[str]:
    """A distinct folder name for each PDF, in the same order (see the module docstring).

    Names are compared case-insensitively, so that they stay distinct on
    file systems that ignore case.
    """
    used: set[str] = set()
    names: list[str] = []
    for pdf in pdfs:
        name, number = pdf.stem, 1
        while name.casefold() in used:
            number += 1
            name = f"{pdf.stem}-{number}"
        used.add(name.casefold())
        names.append(name)
    return names
