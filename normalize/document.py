"""The normalize stage as a whole: extracted pages in, a :class:`Dataset` out.

Pages are read one at a time: report tables are recognized with the layout
profile, cut into logical rows and kept as text; pages without a report
table are skipped as furniture.  Once every page is read, the item registry
(index page, registry file, or the rows themselves) gives every row its code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from gyokaku.errors import NoReportError, NoTextLayerError
from gyokaku.model import (
    Cell,
    CellRecord,
    Dataset,
    Flag,
    Initiative,
    Page,
    SourceInfo,
    Table,
)
from gyokaku.normalize.asof import as_of_date
from gyokaku.normalize.celltext import cells_text, name_text
from gyokaku.normalize.chars import fold_text, has_japanese
from gyokaku.normalize.layout import TableLayout, classify_table, continued_layout
from gyokaku.normalize.lines import split_logical_lines, visual_rows
from gyokaku.normalize.match import ItemMatch, ItemMatcher, RowFragments
from gyokaku.normalize.metrics import dataset_metrics
from gyokaku.normalize.numbering import Numbered, parse_combined, parse_numbered
from gyokaku.normalize.plans import plan_records
from gyokaku.normalize.profile import Profile
from gyokaku.normalize.registry import ItemEntry, Registry, split_department_lines
from gyokaku.normalize.rows import LogicalRow, logical_rows

NAME_ROLES = ("number", "policy", "development", "item", "initiative")
# the [numbering] key that reads each name role's printed number
NUMBERING_KEY = {"initiative": "letter"}
INDEX_ROW_ROLES = ("item",)


@dataclass(frozen=True)
class PlacedRow:
    """A logical row with the page it was printed on."""

    row: LogicalRow
    page_label: str | None
    page_no: int | None


@dataclass
class PageReading:
    """What has been read so far, page by page."""

    profile: Profile
    detail_rows: list[PlacedRow] = field(default_factory=list)
    index_rows: list[PlacedRow] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    report_year: int | None = None
    as_of: date | None = None
    detail_pages: int = 0
    glyphs: int = 0
    japanese_seen: bool = False  # any kana or kanji on the pages read so far
    last_detail: tuple[TableLayout, tuple[float, ...]] | None = None  # layout, column edges
    page_labels: dict[int, str | None] = field(default_factory=dict)  # page index -> label


def page_label(page: Page, profile: Profile) -> str | None:
    """The printed page number ("3" of "3/13"), from the page's loose text."""
    for line in page.loose_lines:
        text = fold_text(line.text).strip()
        for pattern in profile.page_label:
            match = pattern.fullmatch(text)
            if match:
                return match.group("page")
    return None


def page_texts(page: Page) -> Iterable[str]:
    """The text of every line on ``page``, in its cells and outside them."""
    for table in page.tables:
        for cell in table.cells:
            for line in cell.lines:
                yield line.text
    for line in page.loose_lines:
        yield line.text


def _is_continuation(row: LogicalRow, layout: TableLayout, reading: PageReading) -> bool:
    first_on_page = row.first_row == layout.header_rows
    names_empty = all(row.is_empty(role) for role in NAME_ROLES)
    return bool(reading.detail_rows) and first_on_page and names_empty and not row.spanning_cell


def _merge(previous: LogicalRow, continuation: LogicalRow) -> LogicalRow:
    # Roles in the order they were first seen: a set's order changes with the hash seed.
    roles = dict.fromkeys([*previous.cells_by_role, *continuation.cells_by_role])
    years = set(previous.plan_cells) | set(continuation.plan_cells)
    return LogicalRow(
        page_index=previous.page_index, first_row=previous.first_row,
        last_row=previous.last_row, top=previous.top, bottom=previous.bottom,
        cells_by_role={r: previous.cells(r) + continuation.cells(r) for r in roles},
        plan_cells={y: previous.plan_cells.get(y, ()) + continuation.plan_cells.get(y, ())
                    for y in sorted(years)},
        spanning_cell=previous.spanning_cell,
    )


def _add_detail_table(reading: PageReading, rows: list[LogicalRow], layout: TableLayout,
                      label: str | None) -> None:
    page_no = int(label) if label and label.isdigit() else reading.detail_pages
    for row in rows:
        if not any(row.cells_by_role.values()) and not row.plan_cells and not row.spanning_cell:
            continue
        if _is_continuation(row, layout, reading):
            last = reading.detail_rows[-1]
            reading.detail_rows[-1] = PlacedRow(_merge(last.row, row), last.page_label,
                                                last.page_no)
            continue
        reading.detail_rows.append(PlacedRow(row, label, page_no))


def _table_layout(reading: PageReading, table: Table) -> TableLayout | None:
    layout = classify_table(table, reading.profile)
    if layout is None and reading.last_detail is not None:
        layout = continued_layout(table, *reading.last_detail)
    return layout


def read_page(reading: PageReading, page: Page) -> None:
    """Take in one page: keep its report rows, or note it as skipped furniture."""
    reading.glyphs += page.glyph_count
    if not reading.japanese_seen:
        reading.japanese_seen = any(has_japanese(text) for text in page_texts(page))
    if reading.as_of is None:
        reading.as_of = as_of_date(line.text for line in page.loose_lines)
    layouts = [(t, _table_layout(reading, t)) for t in page.tables]
    found = [(t, lay) for t, lay in layouts if lay is not None]
    if not found:
        reading.skipped.append(page.index)
        return
    label = page_label(page, reading.profile)
    reading.page_labels[page.index] = label
    if any(lay.kind == "detail" for _, lay in found):
        reading.detail_pages += 1
    for table, layout in found:
        if layout.kind == "index":
            rows = logical_rows(table, layout, INDEX_ROW_ROLES)
            reading.index_rows.extend(PlacedRow(r, label, None) for r in rows)
            continue
        if reading.report_year is None:
            reading.report_year = layout.report_year
        reading.last_detail = (layout, table.x_edges)
        rows = logical_rows(table, layout, reading.profile.row_roles)
        _add_detail_table(reading, rows, layout, label)


def read_row_cells(reading: PageReading, start: int) -> int:
    """Work out the logical lines of every cell of the detail rows from ``start`` on, but
    the last (the next page may continue it); returns where to start next time.

    Inside :func:`~gyokaku.normalize.lines.remembering_logical_lines`,
    :func:`finish` then finds them done.  The pipeline calls this between
    pages, while worker processes read the next ones.
    """
    rows = reading.detail_rows
    end = max(start, len(rows) - 1)
    for placed in rows[start:end]:
        row = placed.row
        for cells in (*row.cells_by_role.values(), *row.plan_cells.values()):
            for cell in cells:
                if cell.lines:
                    split_logical_lines(cell.lines, cell.x0, cell.x1)
    return end


# --- registry ----------------------------------------------------------------------


def _department_names(cells: Sequence[Cell], profile: Profile) -> tuple[str, ...]:
    lines = [fold_text(line.text) for cell in cells for line in visual_rows(cell.lines)]
    return split_department_lines(lines, profile.department_suffixes)


def _numbered(row: LogicalRow, role: str, profile: Profile) -> Numbered | None:
    text = name_text(row.cells(role))
    if text is None:
        return None
    parsed = parse_numbered(text, profile.numbering.get(NUMBERING_KEY.get(role, role)))
    return parsed or Numbered(None, None, text)


def registry_from_index(rows: Iterable[PlacedRow], profile: Profile) -> Registry:
    """The item registry printed on the report's index page."""
    registry = Registry("index page")
    for placed in rows:
        row = placed.row
        policy = _numbered(row, "policy", profile)
        development = _numbered(row, "development", profile)
        item = _numbered(row, "item", profile)
        if not (policy and development and item) or None in (
                policy.number, development.number, item.number):
            continue
        assert policy.number and development.number and item.number
        departments = _department_names(row.cells("departments"), profile)
        page_text = name_text(row.cells("page")) or ""
        entry = ItemEntry(policy.number, development.number, item.number, item.name,
                          departments, int(page_text) if page_text.isdigit() else None)
        registry.items.setdefault(entry.key, entry)
        registry.policies.setdefault(policy.number, policy.name)
        registry.developments.setdefault((policy.number, development.number), development.name)
    return registry


# --- detail rows -------------------------------------------------------------------


@dataclass
class RowContext:
    """Numbers and names inherited from section headings and earlier rows."""

    policy: Numbered | None = None
    development: Numbered | None = None


def _section_heading(cell: Cell, profile: Profile, context: RowContext) -> None:
    text = name_text([cell]) or ""
    for key, attr in (("section_development", "development"), ("section_policy", "policy")):
        parsed = parse_numbered(text, profile.numbering.get(key))
        if parsed is not None:
            setattr(context, attr, parsed)
            if attr == "policy":
                context.development = None
            return


@dataclass(frozen=True)
class RowIdentity:
    """What a detail row says about which initiative it is."""

    fragments: RowFragments
    letter: str | None
    initiative_name: str | None


def _identity(row: LogicalRow, profile: Profile, context: RowContext) -> RowIdentity:
    combined = parse_combined(name_text(row.cells("number")) or "",
                              profile.numbering.get("number"))
    policy = _numbered(row, "policy", profile) or context.policy
    development = _numbered(row, "development", profile) or context.development
    item = _numbered(row, "item", profile)
    initiative = _numbered(row, "initiative", profile)
    context.policy, context.development = policy, development
    fragments = RowFragments(
        policy_no=combined.policy if combined else (policy.number if policy else None),
        policy_name=policy.name if policy else None,
        development_no=combined.development if combined else (
            development.number if development else None),
        development_name=development.name if development else None,
        item_no=combined.item if combined else (item.number if item else None),
        item_name=item.name if item else None,
    )
    letter = initiative.letter if initiative else None
    name = initiative.name if initiative else None
    return RowIdentity(fragments, letter, name or None)


def _registry_from_rows(identities: list[RowIdentity], rows: list[PlacedRow],
                        profile: Profile) -> Registry:
    registry = Registry("report rows")
    for ident, placed in zip(identities, rows, strict=True):
        f = ident.fragments
        if None in (f.policy_no, f.development_no, f.item_no):
            continue
        # for mypy; a number may be 0 in a damaged file, so not a truth test
        assert f.policy_no is not None and f.development_no is not None and f.item_no is not None
        departments = _department_names(placed.row.cells("departments"), profile)
        entry = ItemEntry(f.policy_no, f.development_no, f.item_no, f.item_name or "",
                          departments, placed.page_no)
        registry.items.setdefault(entry.key, entry)
        if f.policy_name:
            registry.policies.setdefault(f.policy_no, f.policy_name)
        if f.development_name:
            registry.developments.setdefault((f.policy_no, f.development_no), f.development_name)
    return registry


def _code(ident: RowIdentity, match: ItemMatch, fallback: str) -> str:
    f = ident.fragments
    printed = (f.policy_no, f.development_no, f.item_no)
    if None not in printed:
        base = "-".join(str(n) for n in printed)
    elif match.entry is not None and not match.weak:
        base = match.entry.code
    else:
        return fallback
    return f"{base}-{ident.letter}" if ident.letter else base


# --- assembly ----------------------------------------------------------------------


@dataclass
class Assembly:
    """The dataset under construction and the cells already recorded."""

    dataset: Dataset
    page_labels: dict[int, str | None]
    seen_cells: dict[int, int] = field(default_factory=dict)


def _record_cell(assembly: Assembly, cell: Cell, role: str,
                 code: str | None, score: float | None) -> None:
    key = id(cell)
    if key in assembly.seen_cells:
        # A merged cell shared by several initiatives belongs to none of them alone.
        assembly.dataset.cells[assembly.seen_cells[key]].code = None
        return
    assembly.seen_cells[key] = len(assembly.dataset.cells)
    assembly.dataset.cells.append(CellRecord(
        page_index=cell.page_index, page_label=assembly.page_labels.get(cell.page_index),
        x0=cell.x0, top=cell.top, x1=cell.x1,
        bottom=cell.bottom, row=cell.row, col=cell.col, role=role, raw_text=cell.raw_text,
        text=cells_text([cell]) or "", code=code, match_score=score,
    ))


def _record_row_cells(assembly: Assembly, placed: PlacedRow, code: str | None,
                      score: float | None) -> None:
    row = placed.row
    for role, cells in row.cells_by_role.items():
        for cell in cells:
            _record_cell(assembly, cell, role, code, score)
    for cells in row.plan_cells.values():
        for cell in cells:
            _record_cell(assembly, cell, "plan", code, score)


def _departments(placed: PlacedRow, entry: ItemEntry | None, profile: Profile) -> list[str]:
    printed = _department_names(placed.row.cells("departments"), profile)
    if printed:
        return list(printed)
    return list(entry.departments) if entry else []


def _flag_match(dataset: Dataset, code: str, match: ItemMatch, placed: PlacedRow) -> None:
    if match.weak or match.ambiguous:
        kind = "ambiguous_match" if match.ambiguous else "weak_match"
        dataset.flags.append(Flag(kind, f"{code}: {match.reason} (score {match.score:.2f})",
                                  code, placed.row.page_index, round(match.score, 4)))


def _initiative(assembly: Assembly, reading: PageReading, matcher: ItemMatcher,
                placed: PlacedRow, ident: RowIdentity, fallback_code: str) -> None:
    dataset, profile, registry = assembly.dataset, reading.profile, matcher.registry
    match = matcher.match(ident.fragments)
    code = _code(ident, match, fallback_code)
    entry = match.entry if match.entry is not None and not match.weak else None
    f = ident.fragments
    policy_no = entry.policy_no if entry else (f.policy_no or 0)
    dev_no = entry.development_no if entry else (f.development_no or 0)
    _flag_match(dataset, code, match, placed)
    dataset.initiatives.append(Initiative(
        code=code, policy_no=policy_no,
        policy_name=registry.policies.get(policy_no) or f.policy_name,
        development_no=dev_no,
        development_name=registry.developments.get((policy_no, dev_no)) or f.development_name,
        item_no=entry.item_no if entry else (f.item_no or 0),
        item_name=entry.name if entry else f.item_name,
        letter=ident.letter, initiative_name=ident.initiative_name,
        departments=_departments(placed, entry, profile), page=placed.page_no,
        summary=cells_text(placed.row.cells("summary")),
        achievement=cells_text(placed.row.cells("achievement")),
        report_fiscal_year=reading.report_year, publisher=profile.publisher,
        source_file=dataset.source.file_name, source_sha256=dataset.source.sha256,
        match_score=round(match.score, 4),
    ))
    plans, unresolved = plan_records(code, placed.row.plan_cells)
    dataset.plans.extend(plans)
    for label in unresolved:
        dataset.flags.append(Flag("unresolved_arrow",
                                  f"{code} {label}: an arrow with no plan to its left",
                                  code, placed.row.page_index))
    _record_row_cells(assembly, placed, code, round(match.score, 4))


def _flag_duplicates(dataset: Dataset) -> None:
    seen: set[str] = set()
    for ini in dataset.initiatives:
        if ini.code in seen:
            dataset.flags.append(Flag("duplicate_code", f"{ini.code} is printed more than once",
                                      ini.code))
        seen.add(ini.code)


def finish(reading: PageReading, source: SourceInfo, registry: Registry | None) -> Dataset:
    """Give every detail row its code and build the dataset."""
    if reading.glyphs == 0:
        raise NoTextLayerError(source.path, "no text layer on any page (a scan?): OCR is "
                                            "needed first, gyokaku does not do OCR")
    if not reading.detail_rows:
        problem = ("no reform table found (no table header matches "
                   f"the '{reading.profile.name}' layout profile)")
        if not reading.japanese_seen:
            problem += ("; its text holds no kana or kanji at all: its fonts may lack a "
                        "Unicode map (as after printing through PostScript)")
        raise NoReportError(source.path, problem)
    dataset = Dataset(source=source, pages_skipped=list(reading.skipped),
                      profile=reading.profile.name, publisher=reading.profile.publisher,
                      local_government_code=reading.profile.local_government_code,
                      as_of=reading.as_of)
    assembly = Assembly(dataset, reading.page_labels)
    context = RowContext()
    items: list[tuple[PlacedRow, RowIdentity]] = []
    for placed in reading.detail_rows:
        if placed.row.spanning_cell is not None:
            _section_heading(placed.row.spanning_cell, reading.profile, context)
            continue
        items.append((placed, _identity(placed.row, reading.profile, context)))
    if not registry:
        registry = registry_from_index(reading.index_rows, reading.profile)
    if not registry:
        registry = _registry_from_rows([i for _, i in items], [p for p, _ in items],
                                       reading.profile)
    matcher = ItemMatcher(registry)
    for n, (placed, ident) in enumerate(items, start=1):
        fallback = f"unmatched-{n}"
        _initiative(assembly, reading, matcher, placed, ident, fallback)
    _flag_duplicates(dataset)
    dataset.metrics = dataset_metrics(dataset.initiatives)
    return dataset
