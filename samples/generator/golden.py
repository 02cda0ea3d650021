"""Golden datasets, derived from a content file alone (never by running the pipeline).

The golden tables follow gyokaku's output contract (initiatives and plans
as JSON records) with text in the normalized form the pipeline
promises: full-width ASCII letters and digits become half-width, half-width
katakana become full-width; everything else is kept as the content file
writes it.  ``source_file``, ``source_sha256`` and ``match_score`` depend on
the rendered file and the matcher, so goldens leave them out; tests check
them separately.

The metrics golden is not derived here: ``okayama_fy2022/golden/metrics.json``
is written by hand to the labelling rules of samples/README.md, and this
module never writes a ``metrics.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from samples.generator.content import (
    ARROW,
    Content,
    achievement_key,
    plan_layout,
    plan_years,
    resolve_arrows,
)

_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_HALFWIDTH_KANA_RUN = re.compile("[\uff61-\uff9f]+")


def golden_text(text: str | None) -> str | None:
    """Fold a content string the way the pipeline's normalized text reads."""
    if text is None:
        return None
    text = _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return _HALFWIDTH_KANA_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def era_label(year: int) -> str:
    """"R3" for 2021 (Reiwa) and "H29" for 2017 (Heisei)."""
    return f"R{year - 2018}" if year >= 2019 else f"H{year - 1988}"


def _lookup(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def golden_initiatives(content: Content) -> list[dict[str, Any]]:
    """One record per initiative, in the order the report prints them."""
    doc = content["document"]
    policies = _lookup(content["policies"], "policy_no")
    developments = _lookup(content["developments"], "code")
    items = _lookup(content["items"], "code")
    ach = achievement_key(content)
    records = []
    for ini in content["initiatives"]:
        item = items[ini["item_code"]]
        dev = developments[f"{item['policy_no']}-{item['development_no']}"]
        records.append({
            "code": ini["code"],
            "policy_no": item["policy_no"],
            "policy_name": golden_text(policies[item["policy_no"]]["name"]),
            "development_no": item["development_no"],
            "development_name": golden_text(dev["name"]),
            "item_no": item["item_no"],
            "item_name": golden_text(item["name"]),
            "letter": ini["letter"],
            "initiative_name": golden_text(ini["name"]),
            "departments": [golden_text(d) for d in item["departments"]],
            "page": ini["page"],
            "summary": golden_text(ini["summary"]),
            "achievement": golden_text(ini[ach]),
            "report_fiscal_year": doc["report_fiscal_year"],
            "publisher": doc["publisher"],
        })
    return records


def _join(lines: list[str | None]) -> str | None:
    present = [line for line in lines if line is not None]
    return "\n".join(present) if present else None


def golden_plans(content: Content) -> list[dict[str, Any]]:
    """One record per initiative and plan year, arrows resolved as printed."""
    years = plan_years(content)
    records = []
    for ini in content["initiatives"]:
        layout = plan_layout(ini["plan"], years)
        resolved = resolve_arrows(layout)
        for j, year in enumerate(years):
            raw = _join(list(layout.lines[j]))
            records.append({
                "code": ini["code"],
                "fiscal_year": year,
                "era_label": era_label(year),
                "raw": golden_text(raw),
                "text": golden_text(_join(resolved[j])),
                "continued": ARROW in (layout.lines[j]),
            })
    return records


def write_golden(content: Content, folder: Path) -> list[Path]:
    """Write initiatives.json and plans.json into ``folder`` (a metrics.json there is kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "initiatives": golden_initiatives(content),
        "plans": golden_plans(content),
    }
    written = []
    for name, records in tables.items():
        path = folder / f"{name}.json"
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
