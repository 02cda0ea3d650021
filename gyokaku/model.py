"""The typed document model passed between the stages.

``extract`` produces :class:`Page` objects (positioned glyphs grouped into
lines, tables of cells), ``normalize`` turns them into :class:`Dataset`
records, ``schemas`` writes those records.  Everything here is plain,
immutable data: no stage reaches back into the PDF once a page is extracted.

Coordinates are PDF points with the origin at the top-left corner of the
page (``top`` grows downwards), as pdfplumber reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
from typing import NamedTuple, TypeVar


@dataclass(frozen=True, slots=True)
class BBox:
    """An axis-aligned box in page coordinates (top-left origin)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        """Horizontal extent."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Vertical extent."""
        return self.bottom - self.top


class Glyph(NamedTuple):
    """One positioned character as the PDF draws it (text not yet repaired).

    A named tuple rather than a frozen dataclass: a page makes a thousand or
    more, and a tuple is built several times faster.  Glyphs stay inside
    ``extract``; pages keep only their lines.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    font: str = ""
    upright: bool = True


_Model = TypeVar("_Model")


def _pickled_by_fields(cls: type[_Model]) -> type[_Model]:
    """Pickle instances as their class and field values, rebuilt by calling the class.

    Page workers send every page (hundreds of lines and cells) to the main
    process; this is about twice as fast, both ways, as the state protocol
    of a slotted dataclass.
    """
    values = attrgetter(*(item.name for item in fields(cls)))  # type: ignore[arg-type]

    def reduce(self: _Model) -> tuple[type[_Model], tuple[object, ...]]:
        return cls, values(self)

    reduce.__doc__ = "The class and the field values, in order (see _pickled_by_fields)."
    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class TextLine:
    """A visual line of glyphs, in reading order.

    ``text`` is the raw glyph text with gaps turned into spaces (one ASCII
    space for a narrow gap, U+3000 for a gap about one em wide).  For
    vertical (tategaki) runs ``vertical`` is true and ``text`` reads top to
    bottom.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    font: str = ""
    vertical: bool = False


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Cell:
    """One ruled table cell with the lines printed inside it."""

    page_index: int
    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    top: float
    x1: float
    bottom: float
    lines: tuple[TextLine, ...] = ()

    @property
    def raw_text(self) -> str:
        """The cell's visual lines joined by newlines, as printed."""
        return "\n".join(line.text for line in self.lines)

    @property
    def bbox(self) -> BBox:
        """The cell's box."""
        return BBox(self.x0, self.top, self.x1, self.bottom)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Table:
    """A ruled grid found on one page.

    ``x_edges`` and ``y_edges`` are the grid's column and row boundaries;
    a cell spanning several grid rows or columns is one :class:`Cell`.
    """

    page_index: int
    x_edges: tuple[float, ...]
    y_edges: tuple[float, ...]
    cells: tuple[Cell, ...]

    @property
    def n_rows(self) -> int:
        """Number of grid rows."""
        return max(0, len(self.y_edges) - 1)

    @property
    def n_cols(self) -> int:
        """Number of grid columns."""
        return max(0, len(self.x_edges) - 1)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Page:
    """One extracted page: its tables and the text lying outside them."""

    index: int
    width: float
    height: float
    tables: tuple[Table, ...] = ()
    loose_lines: tuple[TextLine, ...] = ()
    glyph_count: int = 0


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where a dataset came from."""

    path: str
    file_name: str
    sha256: str
    page_count: int


# --- records produced by normalize -------------------------------------------------


@dataclass(slots=True)
class Initiative:
    """One 具体的取組 (or one 項目 when it has none): a row of ``initiatives``."""

    code: str
    policy_no: int
    policy_name: str | None
    development_no: int
    development_name: str | None
    item_no: int
    item_name: str | None
    letter: str | None
    initiative_name: str | None
    departments: list[str]
    page: int | None
    summary: str | None
    achievement: str | None
    report_fiscal_year: int | None
    publisher: str | None
    source_file: str
    source_sha256: str
    match_score: float


@dataclass(slots=True)
class Plan:
    """One yearly plan cell of one initiative: a row of ``plans``."""

    code: str
    fiscal_year: int
    era_label: str
    raw: str | None
    text: str | None
    continued: bool


@dataclass(slots=True)
class Metric:
    """One figure stated in an initiative's text: a row of ``metrics``.

    ``start``/``end`` are offsets of ``raw`` in the initiative's normalized
    ``field`` text (``summary`` or ``achievement``).
    """

    code: str
    field: str
    metric: str | None
    fiscal_year: int | None
    value: float
    unit: str | None
    per: str | None
    kind: str
    approx: bool
    as_of: str | None
    raw: str
    start: int
    end: int


@dataclass(slots=True)
class CellRecord:
    """Provenance of one cell used in the dataset: a row of ``cells``."""

    page_index: int
    page_label: str | None
    x0: float
    top: float
    x1: float
    bottom: float
    row: int
    col: int
    role: str
    raw_text: str
    text: str
    code: str | None
    match_score: float | None


@dataclass(slots=True)
class Flag:
    """Something a person should look at: a weak match, an unresolved arrow..."""

    kind: str
    message: str
    code: str | None = None
    page_index: int | None = None
    score: float | None = None


@dataclass(slots=True)
class Dataset:
    """Everything one conversion produces, before it is written."""

    source: SourceInfo
    initiatives: list[Initiative] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    pages_skipped: list[int] = field(default_factory=list)
    profile: str | None = None
    profile_reason: str | None = None
    engine: str | None = None
    publisher: str | None = None
    local_government_code: str | None = None
    as_of: date | None = None  # the report's 現在 date, when it prints one
    metrics: list[Metric] = field(default_factory=list)
