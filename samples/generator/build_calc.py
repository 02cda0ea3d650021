"""The okayama samples as the city makes them: a spreadsheet printed to PDF by LibreOffice.

For each edition folder (``okayama_fy2022`` and the synthetic ``okayama_fy2021`` /
``okayama_fy2023``): build the workbooks from ``content.json``, print them,
join and finish the PDF, check every cell of it, and write the goldens.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from samples.generator import calc_check, pdf_post
from samples.generator.calc_labels import RADICAL_FOR
from samples.generator.calc_layout import printed_lines
from samples.generator.calc_sheet import Cell, Grid, detail_pages
from samples.generator.calc_workbook import (
    DETAIL_SIZE,
    INDEX_SIZE,
    detail_workbook,
    front_workbook,
)
from samples.generator.content import Content, load_content
from samples.generator.golden import write_golden
from samples.generator.lo_convert import convert_to_pdf

EDITIONS = ("okayama_fy2022", "okayama_fy2021", "okayama_fy2023")
HEADING_FONT_POSTSCRIPT = "NotoSansCJKjp-Bold"


def render(content: Content, pdf_path: Path) -> Path:
    """Print the content's report to ``pdf_path`` (cover, index, detail pages)."""
    with tempfile.TemporaryDirectory(prefix="gyokaku-calc-") as tmp:
        work = Path(tmp)
        front = convert_to_pdf(front_workbook(content, work / "front.xlsx"), work)
        details = convert_to_pdf(detail_workbook(detail_pages(content), work / "detail.xlsx"),
                                 work)
        pdf = pdf_post.join([front, details])
        pdf_post.retag_subsets(pdf)
        if not pdf_post.remap_font_unicode(pdf, HEADING_FONT_POSTSCRIPT, RADICAL_FOR):
            raise RuntimeError("the page headings' font was not found in the PDF")
        pdf_post.save_deterministic(pdf, pdf_path, content["document"]["title"])
        pdf.close()
    return pdf_path


def _detail_lines(cell: Cell, grid: Grid) -> list[str]:
    return printed_lines(cell, grid, DETAIL_SIZE)


def _index_lines(cell: Cell, grid: Grid) -> list[str]:
    return printed_lines(cell, grid, INDEX_SIZE)


def verify(pdf_path: Path, content: Content) -> None:
    """Raise if any cell of the rendered report lost, gained or re-wrapped text."""
    problems = calc_check.check_report(pdf_path, content, _detail_lines, _index_lines)
    if problems:
        listing = "\n  ".join(problems[:20])
        raise RuntimeError(f"{pdf_path.name}: {len(problems)} problems\n  {listing}")


def build_edition(folder: Path) -> list[Path]:
    """Render, check and write the goldens of one edition folder."""
    content = load_content(folder / "content.json")
    pdf_path = render(content, folder / f"{folder.name}.pdf")
    verify(pdf_path, content)
    return [pdf_path, *write_golden(content, folder / "golden")]


def build(samples_dir: Path) -> list[Path]:
    """Build every LibreOffice-rendered edition."""
    written: list[Path] = []
    for name in EDITIONS:
        written += build_edition(samples_dir / name)
    return written
