"""The cells table: where every value came from, page by page."""

from __future__ import annotations

from tests.conftest import SAMPLES, load_json

OTHERCITY = SAMPLES / "othercity_fy2022" / "othercity_fy2022.pdf"


def test_a_row_continued_on_the_next_page_keeps_each_part_on_its_own_page(
        convert_sample) -> None:  # type: ignore[no-untyped-def]
    cells = load_json(convert_sample(OTHERCITY) / "cells.json")
    golden = {r["code"]: r for r in load_json(OTHERCITY.parent / "golden" / "initiatives.json")}
    split = [c for c in cells if c["role"] == "achievement"
             and c["code"] is not None and c["page_label"] != str(golden[c["code"]]["page"])]
    assert split, "the sample has a row continued across a page break"
    for cell in split:
        first_page = [c for c in cells if c["code"] == cell["code"] and c["role"] == "achievement"
                      and c["page_index"] < cell["page_index"]]
        assert first_page and cell["page_label"] == str(int(first_page[0]["page_label"]) + 1)


def test_every_initiative_cell_names_its_code_and_page(convert_sample) -> None:  # type: ignore[no-untyped-def]
    pdf = SAMPLES / "okayama_fy2022" / "okayama_fy2022.pdf"
    cells = load_json(convert_sample(pdf) / "cells.json")
    initiatives = load_json(convert_sample(pdf) / "initiatives.json")
    summaries = {c["code"]: c for c in cells if c["role"] == "summary"}
    for ini in initiatives:
        cell = summaries[ini["code"]]
        assert cell["page_label"] == str(ini["page"]) and cell["text"] == ini["summary"]
        assert cell["x0"] < cell["x1"] and cell["top"] < cell["bottom"]
