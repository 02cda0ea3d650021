"""Both engines on the sample reports under samples/ (skipped when they are not built)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from gyokaku.extract import describe, get_engine
from gyokaku.model import Page

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "okayama_fy2022"
RENDERINGS = ["okayama_fy2022.pdf", "okayama_fy2022_direct.pdf"]


def first_pages(path: Path, engine: str, count: int) -> list[Page]:
    return list(itertools.islice(get_engine(engine).pages(path), count))


@pytest.mark.parametrize("name", RENDERINGS)
def test_sample_detail_pages(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not built")
    assert describe(path).page_count == 15
    _cover, index, first = first_pages(path, "pdfplumber", 3)
    index_table = max(index.tables, key=lambda table: len(table.cells))
    assert index_table.n_cols == 5
    assert [c.raw_text for c in index_table.cells[:4]] == [
        "後期中期計画（行革プラン）に基づく施策の展開",
        "取組項目",
        "担当部局",
        "ページ",
    ]
    detail = max(first.tables, key=lambda table: len(table.cells))
    assert detail.n_cols == 11
    header = [c.raw_text for c in detail.cells if c.row == 1]
    assert header[-5:] == ["R３", "R４", "R５", "R６", "R７"]
    arrows = [c for c in detail.cells if c.raw_text == "→"]
    assert arrows and all(len(c.lines) == 1 and not c.lines[0].vertical for c in arrows)
    footer = first.loose_lines[-1]
    assert footer.text == "1/13"


@pytest.mark.parametrize("name", RENDERINGS)
def test_engines_agree_on_sample_detail_tables(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not built")
    ruled = first_pages(path, "pdfplumber", 4)[1:]
    lattice = first_pages(path, "camelot", 4)[1:]
    for mine, theirs in zip(ruled, lattice, strict=True):
        biggest = max(mine.tables, key=lambda table: len(table.cells))
        assert biggest in theirs.tables
