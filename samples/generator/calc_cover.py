"""The cover page 「行財政改革推進の体系」: title, as-of line and a diagram of boxes.

The diagram's upright labels are set as stacked vertical text (one character
per line, Excel's text rotation 255), the way the real cover sets its tategaki
boxes.  Page furniture only: nothing here looks like the index or detail table.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samples.generator import calc_labels as labels
from samples.generator.calc_layout import column_units
from samples.generator.calc_wrap import BODY_FONT
from samples.generator.content import Content

TITLE_FONT = "IPAexMincho"
STACKED = 255  # Excel's "vertical text": characters stacked one under another
LABEL_SIZE = 9.0
BOX_SIZE = 11.0

# Column widths (points): margin, then boxes and the gaps between them.
COLUMNS_PT = (4, 26, 6, 26, 26, 26, 14, 26, 14, 26, 26, 14, 26, 14, 26, 14, 340)
TOP_ROWS_PT = (56, 20, 10, 28, 10)  # title, as-of, gap, 体系 heading, gap
DIAGRAM_ROWS = 15
DIAGRAM_ROW_PT = 24
POLICY_COLUMN = 16


@dataclass(frozen=True)
class Box:
    """A ruled box of the diagram: text, first column, first diagram row, row span."""

    text: str
    col: int
    row: int
    rows: int


VERTICAL_BOXES = (
    Box("第六次総合計画", 1, 0, 15),
    Box("長期構想（平成28年～令和７年）", 3, 0, 7),
    Box("後期中期計画（令和３年～令和7年）", 3, 8, 7),
    Box("・都市づくりの基本方向10", 4, 0, 7),
    Box("・分野別計画", 4, 8, 7),
    Box("政策30", 5, 8, 7),
    Box("「圏域をリードし都市の持続的発展を支える都市経営」", 7, 0, 15),
    Box("行財政改革推進プラン", 9, 0, 15),
    Box("「将来世代に責任を持つ自主・自立的な行財政運営」", 10, 0, 15),
    Box("具体的内容", 12, 0, 15),
    Box("行財政改革推進項目一覧", 14, 0, 15),
)

_THIN = Side(style="thin")
_BOX_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def policy_boxes(content: Content) -> list[Box]:
    """One box per 施策: ``"【施策１】\\n健全で持続可能な財政運営"``, a gap row between boxes."""
    boxes = []
    for index, policy in enumerate(content["policies"]):
        number = labels.fullwidth_digits(policy["policy_no"])
        boxes.append(Box(f"【施策{number}】\n{policy['name']}", POLICY_COLUMN, 3 * index, 2))
    return boxes


def _merged_text(sheet: Worksheet, row: int, text: str, font: Font, horizontal: str) -> None:
    cell = sheet.cell(row, 1, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS_PT))


def _draw_box(sheet: Worksheet, box: Box, vertical: bool) -> None:
    top = 1 + len(TOP_ROWS_PT) + box.row
    col = 1 + box.col
    cell = sheet.cell(top, col, box.text)
    size = LABEL_SIZE if vertical else BOX_SIZE
    cell.font = Font(name=BODY_FONT, size=size)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=not vertical,
                               text_rotation=STACKED if vertical else 0)
    for r in range(top, top + box.rows):
        sheet.cell(r, col).border = _BOX_BORDER
    sheet.merge_cells(start_row=top, start_column=col, end_row=top + box.rows - 1, end_column=col)


def write_cover(sheet: Worksheet, content: Content) -> None:
    """Lay the cover out on an empty sheet."""
    for index, width in enumerate(COLUMNS_PT, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_units(width)
    heights = [*TOP_ROWS_PT, *[DIAGRAM_ROW_PT] * DIAGRAM_ROWS]
    for row, height in enumerate(heights, start=1):
        sheet.row_dimensions[row].height = height
    document = content["document"]
    _merged_text(sheet, 1, "\n".join(labels.title_lines(content)),
                 Font(name=TITLE_FONT, size=20), "center")
    _merged_text(sheet, 2, document["as_of_raw"], Font(name=BODY_FONT, size=12), "right")
    _merged_text(sheet, 4, document["cover_title"], Font(name=TITLE_FONT, size=16), "left")
    for box in VERTICAL_BOXES:
        _draw_box(sheet, box, vertical=True)
    for box in policy_boxes(content):
        _draw_box(sheet, box, vertical=False)
