"""What the review page shows, as plain data built from a :class:`Dataset` (no I/O).

:func:`review_view` gives the counts and facts for the top of the page, every
initiative with its fields, plans, flags and the boxes of its row (flagged and
low-score matches first), and the cell boxes of every page, coloured by role.
Page images are added by :mod:`gyokaku.review`, as objects that build their
``data:`` URI only when the template writes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from gyokaku.model import CellRecord, Dataset, Flag, Initiative, Plan
from gyokaku.schemas.columns import TABLES
from gyokaku.schemas.rows import record_row

REVIEW_SCORE = 0.95
"""An initiative matched below this score is shown among those to review first."""

CROP_MARGIN = 2.0  # PDF points around a row's crop
ROLE_COLOURS = {
    "policy": "#e69f00",
    "development": "#56b4e9",
    "item": "#009e73",
    "initiative": "#cc79a7",
    "number": "#b8a000",
    "departments": "#d55e00",
    "summary": "#0072b2",
    "achievement": "#7b3fa0",
    "plan": "#6b6b6b",
}
OTHER_ROLE_COLOUR = "#a0a0a0"
EMPTY = "—"
LIST_JOIN = "、"
BOX_TEXT_CHARS = 120
# shown once at the top of the page, or in the initiative's heading
SHARED_COLUMNS = ("code", "match_score", "report_fiscal_year", "publisher", "source_file",
                  "source_sha256")


@dataclass(frozen=True, slots=True)
class Fact:
    """One labelled value."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Box:
    """One cell's box on a page, in PDF points, with its role's colour."""

    x: float
    y: float
    width: float
    height: float
    role: str
    colour: str
    tooltip: str


@dataclass(frozen=True, slots=True)
class Crop:
    """The part of a page that shows one initiative's row, and the boxes inside it."""

    page_index: int
    x: float
    y: float
    width: float
    height: float
    boxes: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class InitiativeView:
    """One initiative: its heading, fields, plans, flags and the crops of its row."""

    code: str
    title: str
    score: str
    needs_review: bool
    flags: tuple[str, ...]
    fields: tuple[Fact, ...]
    plans: tuple[Fact, ...]
    crops: tuple[Crop, ...]


class Html(Protocol):
    """Text the template writes as it is: markupsafe takes ``__html__`` as already escaped."""

    def __html__(self) -> str:
        """The text, safe to put in the page unescaped."""
        ...


@dataclass(slots=True)
class PageView:
    """One PDF page: its size in points, its cell boxes, and (added later) its image.

    ``image_uri`` is the image's ``data:`` URI, built each time it is written;
    None when the page has no image.
    """

    index: int
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    image_uri: Html | None = None


@dataclass(slots=True)
class ReviewView:
    """Everything the review template shows."""

    title: str
    facts: list[Fact]
    counts: list[Fact]
    legend: list[Fact]
    general_flags: list[str]
    to_review: list[InitiativeView]
    others: list[InitiativeView]
    pages: list[PageView]
    notes: list[str] = field(default_factory=list)


# --- small formatting helpers -------------------------------------------------------------


def shown(value: object) -> str:
    """A field value as text: lists joined with 、, null as an em dash."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return LIST_JOIN.join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def role_colour(role: str) -> str:
    """The colour a role's boxes are drawn in."""
    return ROLE_COLOURS.get(role, OTHER_ROLE_COLOUR)


def flag_text(flag: Flag) -> str:
    """One flag as a line: kind, message and page."""
    page = f" (page index {flag.page_index})" if flag.page_index is not None else ""
    return f"{flag.kind}: {flag.message}{page}"


# --- boxes and crops ----------------------------------------------------------------------


def cell_box(cell: CellRecord) -> Box:
    """The drawn box of one provenance cell."""
    text = " ".join(cell.text.split())
    if len(text) > BOX_TEXT_CHARS:
        text = text[:BOX_TEXT_CHARS] + "…"
    tooltip = f"{cell.role} {cell.code or ''}: {text}".strip()
    return Box(cell.x0, cell.top, cell.x1 - cell.x0, cell.bottom - cell.top, cell.role,
               role_colour(cell.role), tooltip)


def row_crops(cells: Sequence[CellRecord], page_cells: dict[int, list[CellRecord]]
              ) -> tuple[Crop, ...]:
    """One crop per page the row's ``cells`` lie on: the row's height, the table's width."""
    by_page: dict[int, list[CellRecord]] = defaultdict(list)
    for cell in cells:
        by_page[cell.page_index].append(cell)
    crops = []
    for index in sorted(by_page):
        mine, everything = by_page[index], page_cells[index]
        x0 = min(c.x0 for c in everything) - CROP_MARGIN
        x1 = max(c.x1 for c in everything) + CROP_MARGIN
        top = min(c.top for c in mine) - CROP_MARGIN
        bottom = max(c.bottom for c in mine) + CROP_MARGIN
        crops.append(Crop(index, x0, top, x1 - x0, bottom - top,
                          tuple(cell_box(c) for c in mine)))
    return tuple(crops)


# --- initiatives --------------------------------------------------------------------------


def initiative_fields(initiative: Initiative) -> tuple[Fact, ...]:
    """The initiative's own columns with their Japanese labels, in table order."""
    row = record_row(initiative, "initiatives")
    return tuple(Fact(f"{column.label} ({column.name})", shown(row[column.name]))
                 for column in TABLES["initiatives"].columns
                 if column.name not in SHARED_COLUMNS)


def plan_facts(plans: Iterable[Plan]) -> tuple[Fact, ...]:
    """One line per plan year: the resolved text, marked when it continues an earlier year."""
    facts = []
    for plan in sorted(plans, key=lambda p: p.fiscal_year):
        label = f"{plan.era_label} ({plan.fiscal_year})"
        if plan.continued:
            label += ", → continued"
        facts.append(Fact(label, shown(plan.text)))
    return tuple(facts)


def initiative_title(initiative: Initiative) -> str:
    """The most specific name the initiative has."""
    return initiative.initiative_name or initiative.item_name or EMPTY


@dataclass(frozen=True, slots=True)
class RowSources:
    """The dataset's plans, cells and flags grouped by initiative code."""

    plans: dict[str, list[Plan]]
    cells: dict[str, list[CellRecord]]
    flags: dict[str, list[Flag]]
    page_cells: dict[int, list[CellRecord]]


def row_sources(dataset: Dataset) -> RowSources:
    """Group the dataset's records by the initiative (and page) they belong to."""
    sources = RowSources(defaultdict(list), defaultdict(list), defaultdict(list),
                         defaultdict(list))
    for plan in dataset.plans:
        sources.plans[plan.code].append(plan)
    for cell in dataset.cells:
        sources.page_cells[cell.page_index].append(cell)
        if cell.code is not None:
            sources.cells[cell.code].append(cell)
    for flag in dataset.flags:
        if flag.code is not None:
            sources.flags[flag.code].append(flag)
    return sources


def initiative_view(initiative: Initiative, sources: RowSources) -> InitiativeView:
    """One initiative as the page shows it."""
    flags = tuple(flag_text(f) for f in sources.flags.get(initiative.code, ()))
    return InitiativeView(
        code=initiative.code,
        title=initiative_title(initiative),
        score=f"{initiative.match_score:.4f}",
        needs_review=bool(flags) or initiative.match_score < REVIEW_SCORE,
        flags=flags,
        fields=initiative_fields(initiative),
        plans=plan_facts(sources.plans.get(initiative.code, ())),
        crops=row_crops(sources.cells.get(initiative.code, ()), sources.page_cells),
    )


def split_for_review(views: Sequence[InitiativeView], scores: Sequence[float]
                     ) -> tuple[list[InitiativeView], list[InitiativeView]]:
    """Those to review (lowest score first, flagged before unflagged) and the rest, in order."""
    order = sorted(range(len(views)), key=lambda i: (not views[i].flags, scores[i], i))
    to_review = [views[i] for i in order if views[i].needs_review]
    others = [view for view in views if not view.needs_review]
    return to_review, others


# --- the page -----------------------------------------------------------------------------


def page_views(sources: RowSources, sizes: Sequence[tuple[float, float]]) -> list[PageView]:
    """Every page with its boxes; ``sizes`` are the pages' sizes (empty: pages with cells)."""
    if sizes:
        indexes = list(range(len(sizes)))
    else:
        indexes = sorted(sources.page_cells)
        sizes = [(max(c.x1 for c in sources.page_cells[i]) + CROP_MARGIN,
                  max(c.bottom for c in sources.page_cells[i]) + CROP_MARGIN) for i in indexes]
    return [PageView(index, width, height,
                     [cell_box(c) for c in sources.page_cells.get(index, ())])
            for index, (width, height) in zip(indexes, sizes, strict=True)]


def facts(dataset: Dataset) -> list[Fact]:
    """Where the data came from and how it was read."""
    source = dataset.source
    profile = dataset.profile or EMPTY
    if dataset.profile_reason:
        profile = f"{profile}: {dataset.profile_reason}"
    return [
        Fact("source file", source.file_name),
        Fact("SHA-256", source.sha256),
        Fact("publisher", shown(dataset.publisher)),
        Fact("全国地方公共団体コード", shown(dataset.local_government_code)),
        Fact("as of (現在)", shown(dataset.as_of.isoformat() if dataset.as_of else None)),
        Fact("profile", profile),
        Fact("engine", shown(dataset.engine)),
    ]


def counts(dataset: Dataset, to_review: int) -> list[Fact]:
    """The key figures of the conversion."""
    return [
        Fact("pages", str(dataset.source.page_count)),
        Fact("pages skipped", str(len(dataset.pages_skipped))),
        Fact("initiatives", str(len(dataset.initiatives))),
        Fact("plans", str(len(dataset.plans))),
        Fact("cells", str(len(dataset.cells))),
        Fact("flags", str(len(dataset.flags))),
        Fact("to review", str(to_review)),
    ]


def legend(dataset: Dataset) -> list[Fact]:
    """Each role that has cells, with its colour (label: role, value: colour)."""
    roles = dict.fromkeys(cell.role for cell in dataset.cells)
    return [Fact(role, role_colour(role)) for role in roles]


def review_view(dataset: Dataset, page_sizes: Sequence[tuple[float, float]] = ()
                ) -> ReviewView:
    """The review page's content for ``dataset`` (page images not yet attached)."""
    sources = row_sources(dataset)
    views = [initiative_view(initiative, sources) for initiative in dataset.initiatives]
    to_review, others = split_for_review(views, [i.match_score for i in dataset.initiatives])
    return ReviewView(
        title=f"gyokaku review: {dataset.source.file_name}",
        facts=facts(dataset),
        counts=counts(dataset, len(to_review)),
        legend=legend(dataset),
        general_flags=[flag_text(f) for f in dataset.flags if f.code is None],
        to_review=to_review,
        others=others,
        pages=page_views(sources, page_sizes),
    )
