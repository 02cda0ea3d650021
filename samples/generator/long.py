"""The long edition: Okayama FY2022 repeated until the report has 200+ detail pages (benchmark).

Copy *r* of the five policies gets policy numbers ``5r+1 … 5r+5`` (so every
code is distinct) and detail pages shifted by ``13r``.  Rendered with the
reportlab renderer into samples/long/ (not committed), with its content file
and goldens beside it.
"""

from __future__ import annotations

import copy
import json
import math
import time
from pathlib import Path
from typing import Any

from samples.generator.build_direct import okayama_content_path, render_direct
from samples.generator.content import Content, load_content
from samples.generator.golden import write_golden

MIN_DETAIL_PAGES = 200
FOLDER = "long"
PDF_NAME = "okayama_long.pdf"


def shift_code(code: str, policy_offset: int) -> str:
    """``"1-1-5-d"`` with offset 5 → ``"6-1-5-d"``."""
    first, _, rest = code.partition("-")
    shifted = str(int(first) + policy_offset)
    return f"{shifted}-{rest}" if rest else shifted


def _shifted_rows(
    rows: list[dict[str, Any]], policy_offset: int, page_offset: int
) -> list[dict[str, Any]]:
    shifted = []
    for row in copy.deepcopy(rows):
        for key in ("code", "item_code"):
            if key in row:
                row[key] = shift_code(row[key], policy_offset)
        if "policy_no" in row:
            row["policy_no"] += policy_offset
        if "page" in row:
            row["page"] += page_offset
        shifted.append(row)
    return shifted


def repeat_content(content: Content, copies: int) -> Content:
    """``copies`` copies of a report's policies, codes and pages renumbered, in one content file."""
    n_policies = len(content["policies"])
    n_pages = max(int(ini["page"]) for ini in content["initiatives"])
    repeated: Content = {"document": {**content["document"], "pages_detail": n_pages * copies}}
    for table in ("policies", "developments", "items", "initiatives", "metrics"):
        repeated[table] = []
        for r in range(copies):
            repeated[table] += _shifted_rows(content.get(table, []), r * n_policies, r * n_pages)
    return repeated


def copies_needed(content: Content, min_pages: int = MIN_DETAIL_PAGES) -> int:
    """How many copies reach ``min_pages`` detail pages."""
    n_pages = max(int(ini["page"]) for ini in content["initiatives"])
    return math.ceil(min_pages / n_pages)


def build(samples_dir: Path) -> list[Path]:
    """Write samples/long/{okayama_long.pdf, content.json, golden/} and print the page count."""
    source = load_content(okayama_content_path(samples_dir))
    content = repeat_content(source, copies_needed(source))
    folder = samples_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    content_path = folder / "content.json"
    content_path.write_text(
        json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    started = time.monotonic()
    pages = render_direct(content, folder / PDF_NAME)
    print(
        f"long: {pages} pages ({content['document']['pages_detail']} detail pages) "
        f"rendered in {time.monotonic() - started:.1f}s"
    )
    return [folder / PDF_NAME, content_path, *write_golden(content, folder / "golden")]
