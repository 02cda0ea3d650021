"""Every committed sample converts to exactly its golden dataset, field by field."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_json, sample_pdfs

PDFS = sample_pdfs()
IDS = [p.name for p in PDFS]
ENGINES = ["pdfplumber", "camelot", "pdfium"]


def _by_key(records: list[dict[str, Any]], *keys: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[k] for k in keys): r for r in records}


def _mismatches(golden: list[dict[str, Any]], got: list[dict[str, Any]],
                keys: tuple[str, ...]) -> list[str]:
    want, have = _by_key(golden, *keys), _by_key(got, *keys)
    problems = [f"missing {k}" for k in want if k not in have]
    problems += [f"extra {k}" for k in have if k not in want]
    for key, record in want.items():
        if key not in have:
            continue
        for field, value in record.items():
            if have[key].get(field) != value:
                problems.append(f"{key} {field}: want {value!r} got {have[key].get(field)!r}")
    return problems


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_initiatives_equal_golden(pdf: Path, engine: str, convert_sample) -> None:  # type: ignore[no-untyped-def]
    out = convert_sample(pdf, engine)
    got = load_json(out / "initiatives.json")
    golden = load_json(pdf.parent / "golden" / "initiatives.json")
    problems = _mismatches(golden, got, ("code",))
    assert not problems, "\n".join(problems[:40])
    assert [r["code"] for r in got] == [r["code"] for r in golden], "print order differs"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_plans_equal_golden(pdf: Path, engine: str, convert_sample) -> None:  # type: ignore[no-untyped-def]
    got = load_json(convert_sample(pdf, engine) / "plans.json")
    golden = load_json(pdf.parent / "golden" / "plans.json")
    problems = _mismatches(golden, got, ("code", "fiscal_year"))
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_engines_give_identical_cells(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    plumber = load_json(convert_sample(pdf, "pdfplumber") / "cells.json")
    camelot = load_json(convert_sample(pdf, "camelot") / "cells.json")
    assert camelot == plumber


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_source_fields_name_the_pdf(pdf: Path, convert_sample) -> None:  # type: ignore[no-untyped-def]
    got = load_json(convert_sample(pdf) / "initiatives.json")
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert {(r["source_file"], r["source_sha256"]) for r in got} == {(pdf.name, sha)}
    assert all(0.0 <= r["match_score"] <= 1.0 for r in got)
