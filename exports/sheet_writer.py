"""A generic write-only sheet for openpyxl: a header row that wraps, page setup for print, a
filter, and cells for user text, dates and numbers. exports.workbook defines the sheets.

Streamed: openpyxl's write-only mode writes each row to a temporary file as it arrives (with
lxml), so memory does not grow with the rows. A sheet that would pass Excel's 1,048,576 rows
continues on a second sheet with the same headers.

Only openpyxl's public API, as its documentation describes write-only workbooks: `ws.append`
of values and `WriteOnlyCell`s, styles as one NamedStyle per workbook (the header row) or
shared objects created once (number formats), page setup through `page_setup`,
`sheet_properties.pageSetUpPr` and `print_title_rows`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from exports.safe_text import EXCEL_CELL_LIMIT, clean_text, needs_guard

# openpyxl exposes its write-only worksheet class only from a private module; what
# Workbook.create_sheet returns in write-only mode is all this module relies on.
Worksheet = Any

MAX_ROWS = 1_048_576
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MEDIAN_FORMAT = "0.0"

# The header row: a named style (it shows in the spreadsheet's style list), with the font
# named so every program draws the same widths the row height below was computed for.
HEADER_STYLE = "Column header"
HEADER_FONT_NAME = "Calibri"
HEADER_FONT_SIZE = 11
# Excel's line height for 11-point Calibri, in points, and the width (in characters of the
# column width unit) a column keeps for its padding.
LINE_HEIGHT = 15.0
COLUMN_PADDING = 1.5
MAX_HEADER_WIDTH = 40.0

# A sequential blue scale: light for level 1, darker for 4. Black text stays readable on
# every shade (contrast 6:1 or more) and the number is always shown.
SCALE_LOW, SCALE_MID, SCALE_HIGH = "F1F7FD", "9ECAE1", "4F94CD"
DIVERGENT_FILL = PatternFill(start_color="FFE699", end_color="FFE699", fill_type="solid")


def header_style() -> NamedStyle:
    """A fresh header style: a NamedStyle belongs to the one workbook it is added to."""
    return NamedStyle(
        name=HEADER_STYLE,
        font=Font(name=HEADER_FONT_NAME, size=HEADER_FONT_SIZE, bold=True),
        alignment=Alignment(wrap_text=True, vertical="top"),
        border=Border(bottom=Side(style="thin")),
    )


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14

    def fitted_width(self) -> float:
        """The set width, widened so the header's longest word fits on one line: a header
        wraps between words, never inside one ("responsab-le")."""
        longest = max((len(word) for word in self.header.split()), default=0)
        return max(self.width, round(min(longest * 1.1 + COLUMN_PADDING, MAX_HEADER_WIDTH), 1))

    def header_lines(self) -> int:
        """How many lines the header takes once wrapped at the column's width."""
        characters = max(1, math.floor(self.fitted_width() - COLUMN_PADDING))
        return max(1, len(textwrap.wrap(self.header, characters)))


def header_height(columns: Sequence[Column]) -> float:
    """A row height (points) that shows every header whole."""
    lines = max((column.header_lines() for column in columns), default=1)
    return lines * LINE_HEIGHT


class Sheet:
    """A write-only sheet with a header row, continued on a new sheet at Excel's row limit.

    Every part gets the same print setup: landscape, as wide as one page and as many pages
    long as needed, the header row repeated on each printed page, the sheet's name and the
    page number in the footer.
    """

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        *,
        freeze: str = "B2",
    ) -> None:
        self.workbook = workbook
        self.title = title
        self.columns = columns
        self.freeze = freeze
        if HEADER_STYLE not in workbook.named_styles:
            workbook.add_named_style(header_style())
        self.parts: list[tuple[Worksheet, int]] = []
        self.ws: Worksheet = self._new_part()
        self.rows = 1
        # Per-part callbacks that add conditional formatting once the row count is known.
        self.finishers: list[Callable[[Worksheet, int], None]] = []

    def _new_part(self) -> Worksheet:
        number = len(self.parts) + 1
        title = self.title if number == 1 else f"{self.title[:27]} ({number})"
        ws = self.workbook.create_sheet(title)
        ws.freeze_panes = self.freeze
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.fitted_width()
        ws.row_dimensions[1].height = header_height(self.columns)
        set_up_printing(ws)
        ws.append([self._header_cell(ws, c.header) for c in self.columns])
        self.parts.append((ws, 1))
        return ws

    @staticmethod
    def _header_cell(ws: Worksheet, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=text)
        cell.style = HEADER_STYLE
        return cell

    def append(self, row: list[Any]) -> None:
        if self.rows >= MAX_ROWS:
            self._close_part()
            self.ws = self._new_part()
            self.rows = 1
        self.ws.append(row)
        self.rows += 1

    def _close_part(self) -> None:
        ws, _ = self.parts[-1]
        self.parts[-1] = (ws, self.rows)

    def finish(self) -> None:
        self._close_part()
        last_column = get_column_letter(len(self.columns))
        for ws, rows in self.parts:
            ws.auto_filter.ref = f"A1:{last_column}{max(rows, 1)}"
            for finisher in self.finishers:
                finisher(ws, rows)


def set_up_printing(ws: Worksheet) -> None:
    """Landscape, fit to one page wide (fitToHeight 0: as many pages long as it takes), the
    header row on every page. Set before the first row: the sheet's properties are written
    with it."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"
    ws.oddFooter.left.text = "&A"  # the sheet's name
    ws.oddFooter.right.text = "&P / &N"  # page number / pages


class CellMaker:
    """Turns values into cells of one sheet: user text guarded, dates and times formatted.

    A write-only sheet writes each row when it is appended, giving every cell the row's
    coordinates at that moment; so one styled cell may be put on several consecutive rows
    (a respondent's submission time on their 18 answers) instead of building it 18 times.
    """

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet

    def text(self, value: Any) -> Any:
        """User text: cleaned, and forced to stay text when a spreadsheet would read it as a
        formula or an error value."""
        if value is None or value == "":
            return None
        if isinstance(value, str) and value.isprintable() and len(value) <= EXCEL_CELL_LIMIT:
            text = value
        else:
            text = clean_text(value)
            if not text:
                return None
        if needs_guard(text):
            return self.literal(text)
        return text

    def literal(self, text: str) -> WriteOnlyCell:
        """A string cell whatever the text looks like. openpyxl types a value when it is set
        ("=..." a formula, "#N/A" an error); the cell's public data_type then says what the
        value is: "s", a string, written inline with no <f> element. The quote prefix is
        the mark Excel sets when someone types an apostrophe first, so the cell stays text
        when edited."""
        cell = WriteOnlyCell(self.sheet.ws, value=text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell

    def date(self, value: date | datetime | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.date()
        cell = WriteOnlyCell(self.sheet.ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell

    def datetime(self, value: datetime | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(self.sheet.ws, value=value.replace(tzinfo=None, microsecond=0))
        cell.number_format = DATETIME_FORMAT
        return cell

    def median(self, value: float | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        cell = WriteOnlyCell(self.sheet.ws, value=value)
        cell.number_format = MEDIAN_FORMAT
        return cell


# Conditional formatting, added to each part once its row count is known -------------------
def _median_scale() -> ColorScaleRule:
    return ColorScaleRule(
        start_type="num",
        start_value=1,
        start_color=SCALE_LOW,
        mid_type="num",
        mid_value=2.5,
        mid_color=SCALE_MID,
        end_type="num",
        end_value=4,
        end_color=SCALE_HIGH,
    )


def colour_columns(first: int, last: int) -> Callable[[Worksheet, int], None]:
    """Columns first..last (1-based) shaded by level, light 1 to dark 4."""

    def finisher(ws: Worksheet, rows: int) -> None:
        if rows < 2:
            return
        cells = f"{get_column_letter(first)}2:{get_column_letter(last)}{rows}"
        ws.conditional_formatting.add(cells, _median_scale())

    return finisher


def flag_column(column: int, flag: str) -> Callable[[Worksheet, int], None]:
    """Cells of `column` that hold exactly `flag` filled in yellow."""

    def finisher(ws: Worksheet, rows: int) -> None:
        if rows < 2:
            return
        letter = get_column_letter(column)
        literal = '"' + flag.replace('"', '""') + '"'
        ws.conditional_formatting.add(
            f"{letter}2:{letter}{rows}",
            CellIsRule(operator="equal", formula=[literal], fill=DIVERGENT_FILL),
        )

    return finisher
