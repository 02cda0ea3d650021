"""Synthetic FY2021 and FY2023 editions of the Okayama report, derived from FY2022.

Each edition moves the report year (title, as-of date, achievement key and
header), rewrites every achievement for its year (``edition_text``), restates
the metrics to match, and plants the kinds of change real editions show.
Every planted change is logged to ``samples/editions_changes.json`` as
(from edition, to edition, kind, code, field, before, after), oldest edition
first, so that a comparison of two editions can be checked for completeness.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from samples.generator import calc_labels as labels
from samples.generator.content import Content, achievement_key, load_content
from samples.generator.edition_text import rewrite_achievement, rewrite_metric

BASE = "okayama_fy2022"
CHANGES_FILE = "editions_changes.json"
SYNTHETIC_NOTE = (
    "Synthetic edition for testing, derived by samples/generator/editions.py from the FY2022 "
    "report: era years and figures in the achievements are rewritten for the year and the "
    "changes listed in samples/editions_changes.json are planted. Not published by the city."
)


@dataclass(frozen=True)
class Change:
    """One difference between two editions, read from the older to the newer."""

    from_edition: str
    to_edition: str
    kind: str  # added, dropped, renamed, department_renamed, plan_changed, text_changed
    code: str
    field: str | None
    before: Any
    after: Any


class ChangeLog:
    """Records what is planted in a derived edition, oriented oldest to newest."""

    def __init__(self, base_name: str, derived_name: str, derived_is_newer: bool) -> None:
        self.base_name = base_name
        self.derived_name = derived_name
        self.derived_is_newer = derived_is_newer
        self.changes: list[Change] = []

    def record(self, kind: str, code: str, field: str | None, base: Any, derived: Any) -> None:
        """Log a change: ``base`` is the FY2022 value, ``derived`` the edition's."""
        if self.derived_is_newer:
            change = Change(self.base_name, self.derived_name, kind, code, field, base, derived)
        else:
            change = Change(self.derived_name, self.base_name, kind, code, field, derived, base)
        self.changes.append(change)

    def forget(self, code: str) -> None:
        """Drop what was logged for an initiative that turns out to be absent from one side."""
        self.changes = [c for c in self.changes if c.code != code]

    def presence(self, code: str, label: str, in_derived: bool) -> None:
        """Log an initiative present in only one of the two editions."""
        base_value, derived_value = (None, label) if in_derived else (label, None)
        newer_has_it = in_derived == self.derived_is_newer
        self.record("added" if newer_has_it else "dropped", code, None, base_value, derived_value)


def _initiative(content: Content, code: str) -> dict[str, Any]:
    return next(i for i in content["initiatives"] if i["code"] == code)


def _item(content: Content, code: str) -> dict[str, Any]:
    return next(i for i in content["items"] if i["code"] == code)


def initiative_label(content: Content, initiative: dict[str, Any]) -> str:
    """The name an added or dropped initiative is listed under (its item's if unlettered)."""
    name: str = initiative["name"] or _item(content, initiative["item_code"])["name"]
    return name


# ---- the year move -------------------------------------------------------------------------

def _document(base: Content, year: int) -> dict[str, Any]:
    document = dict(base["document"])
    reiwa = labels.fullwidth_digits(labels.reiwa_year(year))
    as_of_reiwa = labels.fullwidth_digits(labels.reiwa_year(year + 1))
    document.update(
        title=f"行財政改革推進項目一覧及び令和{reiwa}年度取組実績",
        as_of=f"{year + 1}-09-30",
        as_of_raw=f"R{as_of_reiwa}.９.３０現在",
        report_fiscal_year=year,
        synthetic=True,
        note=SYNTHETIC_NOTE,
    )
    return document


def _moved_initiative(initiative: dict[str, Any], old_key: str, year: int, delta: int
                      ) -> dict[str, Any]:
    moved = {}
    for key, value in initiative.items():
        if key == old_key:
            moved[f"achievement_fy{year}"] = rewrite_achievement(value, initiative["code"],
                                                                 year, delta)
        else:
            moved[key] = copy.deepcopy(value)
    return moved


def move_year(base: Content, year: int, log: ChangeLog) -> Content:
    """The base content restated for ``year``: document, achievements and metrics."""
    delta = year - int(base["document"]["report_fiscal_year"])
    old_key = achievement_key(base)
    initiatives = [_moved_initiative(i, old_key, year, delta) for i in base["initiatives"]]
    new_key = f"achievement_fy{year}"
    for before, after in zip(base["initiatives"], initiatives, strict=True):
        if before[old_key] != after[new_key]:
            log.record("text_changed", before["code"], "achievement", before[old_key],
                       after[new_key])
    texts = {i["code"]: i[old_key] for i in base["initiatives"]}
    metrics = [rewrite_metric(m, texts[m["code"]], year, delta) for m in base["metrics"]]
    return {
        "document": _document(base, year),
        "policies": copy.deepcopy(base["policies"]),
        "developments": copy.deepcopy(base["developments"]),
        "items": copy.deepcopy(base["items"]),
        "initiatives": initiatives,
        "metrics": metrics,
    }


# ---- planted changes -------------------------------------------------------------------------

def remove_initiative(content: Content, code: str, log: ChangeLog) -> None:
    """Take an initiative (its metrics, and its item if left empty) out of the edition."""
    initiative = _initiative(content, code)
    log.forget(code)
    log.presence(code, initiative_label(content, initiative), in_derived=False)
    content["initiatives"].remove(initiative)
    content["metrics"] = [m for m in content["metrics"] if m["code"] != code]
    item_code = initiative["item_code"]
    if not any(i["item_code"] == item_code for i in content["initiatives"]):
        content["items"] = [i for i in content["items"] if i["code"] != item_code]


def insert_initiative(content: Content, initiative: dict[str, Any], after_code: str,
                      metrics: list[dict[str, Any]], log: ChangeLog) -> None:
    """Put a new initiative into the edition right after ``after_code``."""
    position = content["initiatives"].index(_initiative(content, after_code)) + 1
    content["initiatives"].insert(position, initiative)
    content["metrics"] += metrics
    log.presence(initiative["code"], initiative_label(content, initiative), in_derived=True)


def rename_item(content: Content, code: str, name: str, log: ChangeLog) -> None:
    """Give an item a new name."""
    item = _item(content, code)
    log.record("renamed", code, "item_name", item["name"], name)
    item["name"] = name


def rename_department(content: Content, old: str, new: str, log: ChangeLog) -> None:
    """Rename a department in every item that lists it."""
    for item in content["items"]:
        if old in item["departments"]:
            log.record("department_renamed", item["code"], "departments", old, new)
            item["departments"] = [new if d == old else d for d in item["departments"]]


def change_plan(content: Content, code: str, year: int, text: str | None, log: ChangeLog) -> None:
    """Replace one plan cell."""
    plan = _initiative(content, code)["plan"]
    log.record("plan_changed", code, f"plan.{year}", plan[str(year)], text)
    plan[str(year)] = text


GENERATIVE_AI = {
    "code": "3-2-1-d",
    "item_code": "3-2-1",
    "letter": "d",
    "name": "生成AIの活用に向けた検証",
    "page": 7,
    "summary": "・文章の作成や要約などの事務に生成AIを試行的に導入し、業務効率化の効果と"
               "情報管理上の課題を検証する。\n"
               "・検証結果を踏まえて利用ガイドラインを整備し、全庁での活用を図る。",
    "plan": {"2021": None, "2022": None, "2023": "・試行導入・効果検証",
             "2024": "・利用ガイドラインの整備\n・全庁での活用", "2025": "→"},
    "achievement_fy2023": "・令和5年10月から文章作成を支援する生成AIを試行導入し、約600人の職員が"
                          "利用した。\n・試行結果を踏まえ、利用ガイドライン（案）を作成した。",
    "notes": "Synthetic initiative, added in the FY2023 edition only.",
}
GENERATIVE_AI_METRICS = [{
    "code": "3-2-1-d", "metric": "生成AIを試行利用した職員数", "fiscal_year": 2023,
    "value": 600, "unit": "人", "raw": "約600人", "approx": True,
}]


def plant_fy2023(content: Content, log: ChangeLog) -> None:
    """FY2022 -> FY2023: one initiative added and one dropped, an item and a department
    renamed, an arrow replaced by a new plan."""
    insert_initiative(content, copy.deepcopy(GENERATIVE_AI), "3-2-1-c",
                      copy.deepcopy(GENERATIVE_AI_METRICS), log)
    remove_initiative(content, "3-1-1-b", log)
    rename_item(content, "3-1-5", "アナログ規制の見直しとデジタル原則の推進", log)
    rename_department(content, "岡山っ子育成局", "こども未来局", log)
    change_plan(content, "4-1-2", 2024, "・次期定員管理の方針策定", log)


def plant_fy2021(content: Content, log: ChangeLog) -> None:
    """FY2021 -> FY2022 read backwards: the FY2022 newcomer is absent, an item and a
    department carry their older names, and a plan later spelled out is still an arrow."""
    remove_initiative(content, "3-1-5-a", log)
    rename_item(content, "3-2-2",
                "市民サービス窓口における業務プロセスの見直しと情報システムの標準化", log)
    rename_department(content, "下水道河川局", "下水道局", log)
    change_plan(content, "3-1-3-a", 2022, "→", log)


EDITIONS = {2021: plant_fy2021, 2023: plant_fy2023}


def derive_edition(base: Content, year: int) -> tuple[Content, list[Change]]:
    """The ``year`` edition and the changes that separate it from the base."""
    base_year = int(base["document"]["report_fiscal_year"])
    log = ChangeLog(BASE, f"okayama_fy{year}", derived_is_newer=year > base_year)
    content = move_year(base, year, log)
    EDITIONS[year](content, log)
    return content, log.changes


def _write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def change_records(changes: list[Change]) -> list[dict[str, Any]]:
    """The change list as written to ``editions_changes.json`` (stable order)."""
    records = [asdict(change) for change in changes]
    return sorted(records, key=lambda r: (r["from_edition"], r["to_edition"], r["kind"],
                                          r["code"], r["field"] or ""))


def build(samples_dir: Path) -> list[Path]:
    """Write the FY2021 / FY2023 content files and the list of planted changes."""
    base = load_content(samples_dir / BASE / "content.json")
    written = []
    changes: list[Change] = []
    for year in sorted(EDITIONS):
        content, planted = derive_edition(base, year)
        written.append(_write_json(samples_dir / f"okayama_fy{year}" / "content.json", content))
        changes += planted
    written.append(_write_json(samples_dir / CHANGES_FILE, change_records(changes)))
    return written
