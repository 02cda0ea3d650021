"""The workloads measured: gyokaku and its peers, each over every page of one PDF.

Each tool is a function ``(pdf, workdir) -> pages`` run inside a child
process after its libraries are imported, so import time is not counted.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

from gyokaku.first_use import PARQUET_FIRST_WRITE, PILLOW_FIRST_SAVE

Tool = Callable[[Path, Path], int]


def _fresh(workdir: Path) -> Path:
    out = workdir / "out"
    shutil.rmtree(out, ignore_errors=True)
    return out


def gyokaku_pipeline(engine: str, workers: int | None = None) -> Tool:
    """The pipeline, extract to written Parquet/JSON/CSV (no review page), with ``engine``
    and ``workers`` page-reading processes (``None``: the default, one per core)."""
    from gyokaku.pipeline import convert
    from gyokaku.schemas.writers import write_dataset

    def run(pdf: Path, workdir: Path) -> int:
        """Convert ``pdf`` and write the dataset into ``workdir/out``."""
        dataset = convert(pdf, engine=engine, workers=workers)
        write_dataset(dataset, _fresh(workdir))
        return dataset.source.page_count

    return run


def gyokaku_command(pdf: Path, workdir: Path) -> int:
    """What ``gyokaku convert --engine pdfium -q`` runs, review page included."""
    from gyokaku.cli import ConvertOptions, run_convert

    options = ConvertOptions(report=pdf, outdir=_fresh(workdir), engine="pdfium", quiet=True)
    if run_convert(options) != 0:
        raise RuntimeError(f"gyokaku convert failed on {pdf}")
    # the page count as the run recorded it: describing the PDF again would parse it again
    run = json.loads((options.outdir / "run.json").read_text(encoding="utf-8"))
    pages: int = run["source"]["page_count"]
    return pages


def pdfplumber_tables(pdf: Path, workdir: Path) -> int:
    """pdfplumber's own ``extract_tables`` over every page."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            page.extract_tables()
            page.close()
        return len(document.pages)


def camelot_lattice(pdf: Path, workdir: Path) -> int:
    """camelot's lattice parser over every page."""
    import camelot

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    camelot.read_pdf(str(pdf), pages="all", flavor="lattice")
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def pypdfium2_text(pdf: Path, workdir: Path) -> int:
    """The floor: pypdfium2's bare text extraction of every page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        text_page.get_text_range()
        text_page.close()
        page.close()
    return len(document)


def _preload(names: list[str]) -> None:
    for name in names:
        if importlib.util.find_spec(name.partition(".")[0]) is None:
            continue  # a package a peer's other versions do without (camelot 1 has no playa)
        importlib.import_module(name)


# Modules the libraries import on first use, counted as imports like every other (a test
# runs each tool once and checks that nothing else is imported after these): pyarrow's version
# parser and Pillow's image formats (gyokaku.first_use, which the batch's fork server imports
# too), and pandas with pyarrow's pandas_compat module, which pyarrow imports on its first
# conversion of Python lists (camelot's tables; gyokaku builds its columns from buffers and
# never imports pandas).
PANDAS_LAZY = ["pandas", "pyarrow.pandas_compat"]
GYOKAKU_MODULES = ["gyokaku.pipeline", "gyokaku.schemas.writers", *PARQUET_FIRST_WRITE]

TOOLS: dict[str, tuple[Callable[[], Tool], list[str]]] = {
    "gyokaku": (lambda: gyokaku_pipeline("pdfium"), GYOKAKU_MODULES),
    # the same pipeline, run by bench.runner with the compiled build of `make compiled` first
    # on the path; prepared() refuses to run it on any other build
    "gyokaku compiled": (lambda: gyokaku_pipeline("pdfium"), GYOKAKU_MODULES),
    "gyokaku -j1": (lambda: gyokaku_pipeline("pdfium", workers=1), GYOKAKU_MODULES),
    "gyokaku-pdfplumber": (lambda: gyokaku_pipeline("pdfplumber"), GYOKAKU_MODULES),
    "gyokaku convert": (lambda: gyokaku_command, [*GYOKAKU_MODULES, "gyokaku.cli",
                                                   "gyokaku.review", *PILLOW_FIRST_SAVE]),
    "pdfplumber": (lambda: pdfplumber_tables, ["pdfplumber"]),
    # camelot renders each page through Pillow, which it imports then (unless matplotlib, which
    # it imports when installed, brought it in); playa, its PDF parser, decodes ASCII85 streams
    # (the reportlab rendering) with a module of its own it imports on first use
    "camelot": (lambda: camelot_lattice, ["camelot", *PANDAS_LAZY, *PARQUET_FIRST_WRITE,
                                          *PILLOW_FIRST_SAVE, "playa.ascii85"]),
    "pypdfium2": (lambda: pypdfium2_text, ["pypdfium2"]),
}
"""Each tool's workload factory and the modules imported before the clock starts."""


COMPILED_TOOLS = frozenset({"gyokaku compiled"})
"""The tools that run the compiled build (see ``bench.runner.child_setting``)."""


def prepared(name: str) -> Tool:
    """The tool called ``name``, with its libraries already imported."""
    factory, modules = TOOLS[name]
    _preload(modules)
    if name in COMPILED_TOOLS:
        from gyokaku.build import build_name

        if build_name() != "compiled":
            raise RuntimeError(f"{name}: gyokaku imports as the {build_name()!r} build")
    return factory()
