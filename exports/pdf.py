"""The PDF summary of one exploration, in English or French. Data in, bytes out.

- Fonts: DejaVu Sans (regular and bold) is embedded (subset), so every name prints: accents,
  œ, the narrow no-break space of French typography, Inuktitut syllabics. No text is set in
  the PDF's standard fonts (Helvetica has no syllabics). The build copies the
  files into static/vendor/fonts (`make assets`).
- User text prints literally: it is stripped of control characters and never parsed as
  markup (no reportlab Paragraph: our own line breaker sets every text), so `<b>` or `&amp;`
  typed by a partner show as typed.
- Speed: the summary is a few fixed shapes filled with text, so it is drawn by small flowables
  of its own instead of platypus Paragraph, Table and a reportlab.graphics chart (which cost
  about three times as much): `layout` breaks text into lines with the fonts' glyph widths
  (greedy, at spaces, never at a no-break space; a word wider than the line is cut), `Block`
  draws lines of text and splits between them, `Grid` draws a table of such text with fixed
  column widths and splits between rows (inside a row only when the row is taller than a
  page), and `Radar` draws the chart with a few paths.
- The heat map is a table whose cells state the level and the numbers; shading only repeats
  them. The radar chart repeats the practice medians listed beside it.
- Metadata: title, author, subject, creator, language (the catalogue's /Lang), the title shown
  in the window bar, an outline (one bookmark per section) and "Page 2 of 5" on every page
  (pages are kept until the count is known, so the document is laid out only once).

reportlab cannot tag a PDF for screen readers; the same summary is an accessible HTML page
(templates/exports/summary.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from math import cos, pi, sin
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from config import BASE_DIR
from exports.data import ExplorationSummary
from exports.labels import Labels
from exports.safe_text import strip_controls
from intake.reference import DOCUMENTS, TOPICS, WEEKS
from surveys.aggregation import OVERALL, CellSummary
from surveys.framework import FRAMEWORK

FONT_DIR = BASE_DIR / "static" / "vendor" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
TEXT = colors.HexColor("#333333")
MUTED = colors.HexColor("#595959")
RULE = colors.HexColor("#B0B0B0")
HEADER_FILL = colors.HexColor("#E8E8E8")
CHART_LINE = colors.HexColor("#26374A")
CHART_FILL = colors.Color(0.31, 0.58, 0.80)
CHART_FILL_ALPHA = 0.35
# Heat map shading by the median's level (1-4): light to darker blue, text always black.
BAND_FILLS = {
    None: colors.white,
    1: colors.HexColor("#F1F7FD"),
    2: colors.HexColor("#D2E5F5"),
    3: colors.HexColor("#A8CDEB"),
    4: colors.HexColor("#7FB2DE"),
}
PAGE_MARGIN = 2 * cm
FRAME_PADDING = 6  # reportlab's default padding on each side of a Frame


class FontsMissing(RuntimeError):
    """The TTF files are not in static/vendor/fonts: run `make assets`."""


@cache
def register_fonts() -> None:
    """Register DejaVu Sans once per process (parsing the TTF is the slow part)."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.is_file() or not bold.is_file():
        raise FontsMissing(f"fonts not found in {FONT_DIR}: run `make assets`")
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def pdf_safe(value: str) -> str:
    """Text our fonts draw well: no control characters, a tab as a space, U+202F as U+00A0,
    and every character the font lacks (CJK, emoji...) as U+FFFD "�", a visible mark that
    also reads back from the PDF (reportlab maps a missing glyph to nothing, and writes
    characters beyond U+FFFF into the font's map in a form PDF readers reject).

    U+202F, the narrow no-break space of French typography, prints as U+00A0 as it did when
    reportlab's Paragraph (which breaks lines at U+202F) set the text; `layout` breaks at
    neither ("1 000 $", "Nom :" stay on one line)."""
    cleaned = strip_controls(value).replace("\u202f", "\u00a0").replace("\t", " ")
    if cleaned.isascii():
        return cleaned
    covered = _covered()
    if covered.issuperset(map(ord, cleaned)):  # the common case, checked in C
        return cleaned
    return "".join(c if ord(c) in covered else "\ufffd" for c in cleaned)


def plain(value: Any) -> str:
    """Any value as text that prints as typed ("" for None)."""
    return pdf_safe(str(value)) if value is not None else ""


@cache
def _covered() -> frozenset[int]:
    """Code points of the Basic Multilingual Plane both fonts can draw, and the line feed
    (no glyph: `layout` breaks the line there)."""
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset({ord("\n")} | {c for c in set(regular) & set(bold) if c <= 0xFFFF})


# --- line breaking ------------------------------------------------------------------------------
Run = tuple[str, str]  # (font name, text)
Line = tuple[Run, ...]  # one line of text: runs drawn one after the other


class _Widths(dict[str, float]):
    """Advance widths of one font by character, in thousandths of the font size (the unit
    of the TTF's hmtx table, as reportlab reads it); a character the font lacks counts as
    the font's default width, so no text can make a measurement fail."""

    default: float = 0.0

    def __missing__(self, key: str) -> float:
        return self.default


@cache
def _widths(font: str) -> _Widths:
    """Glyph widths of a registered font, read once per process: `sum(map(...))` over this
    dict measures a word in C, where reportlab's pure-Python stringWidth loops per character.
    Font metrics only: nothing here depends on a document's text."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    widths = _Widths((chr(code), width) for code, width in face.charWidths.items())
    widths.default = face.defaultWidth
    return widths


def _chop(
    runs: Sequence[Run], limit: float, lines: list[Line], line: list[Run], x: float
) -> tuple[list[Run], float]:
    """Set a word wider than a line character by character (a 6,000-character "word" must
    wrap, not overflow the page), starting on the current line (`line`, `x` wide), as
    reportlab's Paragraph does: full lines go to `lines`; the last, unfinished line is
    returned with its width."""
    for font, word in runs:
        width = _widths(font).__getitem__
        start = 0
        for i, char in enumerate(word):
            w = width(char)
            if x + w > limit and (line or i > start):
                if i > start:
                    _join(line, ((font, word[start:i]),), False)
                lines.append(tuple(line))
                line, x, start = [], 0.0, i
            x += w
        if start < len(word):
            _join(line, ((font, word[start:]),), False)
    return line, x


def _layout_one(font: str, value: str, limit: float, alone: float) -> list[Line]:
    """`layout` for text in one font, the common case: a line that fits is kept whole after
    one measurement; otherwise words are added while they fit. A word alone on its line
    may be as wide as `alone` before it is cut."""
    widths = _widths(font)
    width = widths.__getitem__
    space = widths[" "]
    lines: list[Line] = []
    for part in value.split("\n"):
        if "  " in part or part.startswith(" ") or part.endswith(" "):
            part = " ".join(filter(None, part.split(" ")))
        if sum(map(width, part)) <= limit:
            lines.append(((font, part),))
            continue
        words: list[str] = []
        x = 0.0
        for word in part.split(" "):
            w = sum(map(width, word))
            if words and x + space + w <= limit:
                words.append(word)
                x += space + w
                continue
            if w > alone:  # cut it, starting on this line if there is room
                line: list[Run] = []
                if words and x + space < limit:
                    line, x = [(font, " ".join(words) + " ")], x + space
                elif words:
                    lines.append(((font, " ".join(words)),))
                rest, x = _chop(((font, word),), limit, lines, line, x if line else 0.0)
                words = [rest[0][1]] if rest else []
                continue
            if words:
                lines.append(((font, " ".join(words)),))
            words, x = [word], w
        lines.append(((font, " ".join(words)),))
    return lines


def _words(runs: Iterable[Run]) -> list[tuple[int, list[Run], float] | None]:
    """Runs cut into words: (gap before it, its runs, its width), None for a line break.
    Gap 0: glued to the previous word (a run boundary inside a word, as in "**Name**,");
    1: a space; 2: the start of a line."""
    words: list[tuple[int, list[Run], float] | None] = []
    gap = 2
    for font, value in runs:
        width = _widths(font).__getitem__
        for n, part in enumerate(value.split("\n")):
            if n:
                words.append(None)
                gap = 2
            for i, word in enumerate(part.split(" ")):
                if i and gap == 0:
                    gap = 1
                if not word:
                    continue
                w = sum(map(width, word))
                last = words[-1] if words else None
                if gap == 0 and last is not None:
                    last[1].append((font, word))
                    words[-1] = (last[0], last[1], last[2] + w)
                else:
                    words.append((gap, [(font, word)], w))
                gap = 0
    return words


def _join(line: list[Run], runs: Sequence[Run], space: bool) -> None:
    """Append a word's runs to a line, merging runs of the same font into one string."""
    for index, (font, word) in enumerate(runs):
        if index == 0 and space:
            word = " " + word
        if line and line[-1][0] == font:
            line[-1] = (font, line[-1][1] + word)
        else:
            line.append((font, word))


def layout(runs: Sequence[Run], width: float, size: float, overhang: float = 0) -> list[Line]:
    """Break text into lines no wider than `width` points at `size` points: greedy, at
    ordinary spaces only (runs of spaces count as one), "\\n" forces a break, a word wider
    than the line is cut. `runs` is the text as (font, text) pieces, e.g. a bold name
    followed by regular text; the text must already be `pdf_safe`. A word alone on its line
    may reach `overhang` points past `width` (into a table cell's padding) before it is cut,
    so that a header such as "Stakeholders’" stays whole."""
    limit = width * 1000.0 / size
    alone = (width + overhang) * 1000.0 / size
    if len(runs) == 1:
        return _layout_one(runs[0][0], runs[0][1], limit, alone)
    lines: list[Line] = []
    line: list[Run] = []
    x = 0.0
    for token in _words(runs):
        if token is None:
            lines.append(tuple(line))
            line, x = [], 0.0
            continue
        gap, word, w = token
        if line:
            space = _widths(word[0][0])[" "] if gap == 1 else 0.0
            if x + space + w <= limit:
                _join(line, word, gap == 1)
                x += space + w
                continue
            if w > alone and x + space < limit:  # cut it, starting on this line
                if space:
                    _join(line, ((word[0][0], " "),), False)
                line, x = _chop(word, limit, lines, line, x + space)
                continue
            lines.append(tuple(line))
            line, x = [], 0.0
        if w <= alone:
            _join(line, word, False)
            x = w
        else:
            line, x = _chop(word, limit, lines, line, x)
    lines.append(tuple(line))
    return lines


def _draw_lines(
    text: PDFTextObject, lines: Iterable[Line], size: float, leading: float, font: list[str]
) -> None:
    """Lines of runs into a text object, one line per T* (`leading` apart); `font` holds the
    font currently set, shared across calls so that a font is set only when it changes."""
    for line in lines:
        last = len(line) - 1
        for index, (name, value) in enumerate(line):
            if name != font[0]:
                text.setFont(name, size, leading)
                font[0] = name
            if index < last:
                text.textOut(value)
            else:
                text.textLine(value)
        if last < 0:
            text.textLine("")


# --- flowables ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextStyle:
    """How a Block sets its text (the ParagraphStyles the summary used, in points)."""

    font: str = FONT
    size: float = 10
    leading: float = 14
    color: colors.Color = TEXT
    space_before: float = 0
    space_after: float = 4
    indent: float = 0


BODY = TextStyle()
MUTED_TEXT = TextStyle(color=MUTED)
SMALL = TextStyle(size=8.5, leading=11, space_after=0)
TITLE = TextStyle(font=FONT_BOLD, size=22, leading=28, space_after=6)
SUBTITLE = TextStyle(size=14, leading=19, space_after=14)
H1 = TextStyle(font=FONT_BOLD, size=16, leading=21, space_before=4, space_after=8)
H2 = TextStyle(font=FONT_BOLD, size=12, leading=16, space_before=10, space_after=4)
PERSON = TextStyle(indent=10, space_after=6)
LIST = TextStyle(indent=10, space_after=4)


class Block(Flowable):
    """Text set by `layout`, drawn as one text object; splits between lines (never leaving a
    lone first line at the foot of a page), so text of any length flows across pages."""

    def __init__(
        self,
        runs: Sequence[Run],
        style: TextStyle = BODY,
        *,
        lines: list[Line] | None = None,
        space_before: float | None = None,
        space_after: float | None = None,
    ) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.spaceBefore = style.space_before if space_before is None else space_before
        self.spaceAfter = style.space_after if space_after is None else space_after
        self._lines = lines
        self._laid_out_for = -1.0 if lines is None else None

    @classmethod
    def of(cls, value: Any, style: TextStyle = BODY) -> Block:
        """A block of one text in the style's font."""
        return cls(((style.font, plain(value)),), style)

    def _set(self, width: float) -> list[Line]:
        if self._lines is None or (self._laid_out_for is not None and self._laid_out_for != width):
            self._lines = layout(self.runs, width - self.style.indent, self.style.size)
            self._laid_out_for = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._set(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._set(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit >= len(lines):
            return [self]
        if fit < 2:
            return []
        return [
            Block(self.runs, self.style, lines=lines[:fit], space_after=0),
            Block(self.runs, self.style, lines=lines[fit:], space_before=0),
        ]

    def draw(self) -> None:
        style = self.style
        text = self.canv.beginText(style.indent, self.height - style.size)
        text.setFillColor(style.color)
        text.setFont(style.font, style.size, style.leading)
        _draw_lines(text, self._lines or (), style.size, style.leading, [style.font])
        self.canv.drawText(text)


class Heading(Block):
    """A section title that also becomes a bookmark in the PDF outline. Never split: a title
    is a line or two, and a CondPageBreak before it keeps it off the foot of a page."""

    def __init__(self, title: str, style: TextStyle, level: int) -> None:
        super().__init__(((style.font, plain(title)),), style)
        self.outline_title = title
        self.outline_level = level

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []


def _subheading(title: str, bookmark: bool = False) -> list[Flowable]:
    """A level-2 heading that never ends a page: a conditional page break before it is much
    cheaper than keepWithNext, which lays the next flowable out twice."""
    heading = Heading(title, H2, 1) if bookmark else Block.of(title, H2)
    return [CondPageBreak(3 * cm), heading]


CELL_SIZE = 9
CELL_LEADING = 12
CELL_PAD_X = 6  # left and right, as reportlab's Table
CELL_PAD_Y = 4  # top and bottom


class Cell(NamedTuple):
    lines: list[Line]
    fill: colors.Color | None = None
    indent: float = 0


class Row(NamedTuple):
    cells: list[Cell]
    span: bool = False  # one cell across every column (a group title)

    @property
    def height(self) -> float:
        return max(1, *(len(c.lines) for c in self.cells)) * CELL_LEADING + 2 * CELL_PAD_Y


def cell(
    value: Any, width: float, font: str = FONT, fill: colors.Color | None = None, indent: float = 0
) -> Cell:
    """A table cell of text wrapped to its column (`value` is made `pdf_safe` here); a word
    alone on its line may reach into the right padding, up to a point from the rule."""
    value = plain(value)
    if not value:
        return Cell([], fill, indent)
    inner = width - 2 * CELL_PAD_X - indent
    return Cell(layout(((font, value),), inner, CELL_SIZE, CELL_PAD_X - 1), fill, indent)


class Grid(Flowable):
    """A table with fixed column widths whose cells are already set in lines: 9-point text,
    top-aligned, reportlab's cell padding; the header row (grey, repeated after a page break)
    and any shading are fills under the text; rules are one path.

    It splits between rows. A row that does not fit moves to the next page whole, unless it
    is taller than a page: then it is cut between lines, so no text can make the layout
    fail (a platypus Table needs splitInRow for that, and lays every cell out again)."""

    def __init__(
        self,
        widths: Sequence[float],
        rows: list[Row],
        *,
        page_height: float,
        header: bool = True,
        grid: bool = True,
    ) -> None:
        super().__init__()
        self.widths = list(widths)
        self.rows = rows
        self.page_height = page_height
        self.header = header
        self.grid = grid
        self.width = sum(self.widths)
        self.height = sum(r.height for r in rows)

    def _with(self, rows: list[Row]) -> Grid:
        head = [self.rows[0]] if self.header else []
        return Grid(
            self.widths,
            head + rows,
            page_height=self.page_height,
            header=self.header,
            grid=self.grid,
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        first = 1 if self.header else 0
        head = used = self.rows[0].height if self.header else 0.0
        end = first
        while end < len(self.rows) and used + self.rows[end].height <= availHeight + 1e-6:
            used += self.rows[end].height
            end += 1
        if end == len(self.rows):
            return [self]
        if end > first:
            return [self._with(self.rows[first:end]), self._with(self.rows[end:])]
        row = self.rows[first]
        if head + row.height <= self.page_height and availHeight < self.page_height - 1:
            return []  # it fits on a fresh page: move it there whole
        # Taller than a page: cut it between lines, starting here.
        fit = int((availHeight - head - 2 * CELL_PAD_Y + 1e-6) // CELL_LEADING)
        if fit < 1:
            return []
        top = Row([c._replace(lines=c.lines[:fit]) for c in row.cells], row.span)
        rest = Row([c._replace(lines=c.lines[fit:]) for c in row.cells], row.span)
        return [self._with([top]), self._with([rest, *self.rows[first + 1 :]])]

    def draw(self) -> None:
        canv = self.canv
        width, lefts = self.width, [0.0]
        for w in self.widths:
            lefts.append(lefts[-1] + w)
        tops = [self.height]
        for row in self.rows:
            tops.append(tops[-1] - row.height)
        if self.header:
            canv.setFillColor(HEADER_FILL)
            canv.rect(0, tops[1], width, tops[0] - tops[1], stroke=0, fill=1)
        for index, row in enumerate(self.rows):
            for column, c in enumerate(row.cells):
                if c.fill is not None:
                    right = width if row.span else lefts[column + 1]
                    canv.setFillColor(c.fill)
                    canv.rect(
                        lefts[column],
                        tops[index + 1],
                        right - lefts[column],
                        tops[index] - tops[index + 1],
                        stroke=0,
                        fill=1,
                    )
        text = canv.beginText()
        text.setFillColor(TEXT)
        text.setFont(FONT, CELL_SIZE, CELL_LEADING)
        font = [FONT]
        for index, row in enumerate(self.rows):
            baseline = tops[index] - CELL_PAD_Y - CELL_SIZE
            for column, c in enumerate(row.cells):
                if c.lines:
                    text.setTextOrigin(lefts[column] + CELL_PAD_X + c.indent, baseline)
                    _draw_lines(text, c.lines, CELL_SIZE, CELL_LEADING, font)
        canv.drawText(text)
        path = canv.beginPath()
        bottom = tops[-1]
        if self.grid:
            for y in tops:
                path.moveTo(0, y)
                path.lineTo(width, y)
            for x in (0.0, width):
                path.moveTo(x, tops[0])
                path.lineTo(x, bottom)
            for x in lefts[1:-1]:  # inner rules, broken by rows that span every column
                start = None
                for index, row in enumerate(self.rows):
                    if not row.span and start is None:
                        start = tops[index]
                    elif row.span and start is not None:
                        path.moveTo(x, start)
                        path.lineTo(x, tops[index])
                        start = None
                if start is not None:
                    path.moveTo(x, start)
                    path.lineTo(x, bottom)
        else:
            for y in tops[1:]:
                path.moveTo(0, y)
                path.lineTo(width, y)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.drawPath(path, stroke=1, fill=0)


class Radar(Flowable):
    """The radar chart of the median per practice (rings at levels 1-4, one spoke per
    practice numbered as in the key) beside its key, the same figures in words: drawn with
    a few paths and one text object, where a reportlab.graphics SpiderChart builds a tree of
    several hundred shapes and labels for the same picture."""

    SIZE = 7.5 * cm
    COLUMN = 7.8 * cm  # the chart's column; the key takes the rest of the width
    MARGIN = 30  # between the outer ring and the edge of the chart, for the labels

    def __init__(
        self,
        medians: Sequence[float | None],
        values: Sequence[str],
        key: Sequence[str],
        width: float,
    ) -> None:
        super().__init__()
        self.medians = [m or 0.0 for m in medians]
        self.values = values
        key_width = width - self.COLUMN - 2 * CELL_PAD_X
        self.key = [line for k in key for line in layout(((FONT, k),), key_width, SMALL.size)]
        self.width = width
        self.height = max(self.SIZE, len(self.key) * SMALL.leading) + 2 * 3

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        cx = CELL_PAD_X + self.SIZE / 2
        cy = self.height / 2
        radius = self.SIZE / 2 - self.MARGIN
        count = len(self.medians)
        # Clockwise from the top, as reportlab's SpiderChart.
        angles = [pi / 2 - 2 * pi * i / count for i in range(count)]
        unit = [(cos(a), sin(a)) for a in angles]

        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        rings = canv.beginPath()
        for level in (1, 2, 3, 4):
            r = radius * level / 4
            for i, (ux, uy) in enumerate(unit):
                (rings.lineTo if i else rings.moveTo)(cx + ux * r, cy + uy * r)
            rings.close()
        for ux, uy in unit:
            rings.moveTo(cx, cy)
            rings.lineTo(cx + ux * radius, cy + uy * radius)
        canv.drawPath(rings, stroke=1, fill=0)

        shape = canv.beginPath()
        for i, ((ux, uy), median) in enumerate(zip(unit, self.medians, strict=True)):
            r = radius * median / 4
            (shape.lineTo if i else shape.moveTo)(cx + ux * r, cy + uy * r)
        shape.close()
        canv.saveState()
        canv.setFillColor(CHART_FILL)
        canv.setFillAlpha(CHART_FILL_ALPHA)
        canv.drawPath(shape, stroke=0, fill=1)
        canv.restoreState()
        canv.setStrokeColor(CHART_LINE)
        canv.setLineWidth(1.5)
        canv.drawPath(shape, stroke=1, fill=0)

        text = canv.beginText()
        text.setFillColor(TEXT)
        r = radius * 1.05
        for number, (ux, uy) in enumerate(unit, start=1):  # spoke numbers, as in the key
            self._label(text, FONT_BOLD, 10, str(number), cx + ux * r, cy + uy * r, ux, uy)
        for (ux, uy), median, value in zip(unit, self.medians, self.values, strict=True):
            if value:
                r = radius * median / 4 + 8
                self._label(text, FONT, 8, value, cx + ux * r, cy + uy * r, ux, uy)
        text.setFont(FONT, SMALL.size, SMALL.leading)
        top = cy + len(self.key) * SMALL.leading / 2 - SMALL.size
        text.setTextOrigin(self.COLUMN + CELL_PAD_X, top)
        _draw_lines(text, self.key, SMALL.size, SMALL.leading, [FONT])
        canv.drawText(text)

    @staticmethod
    def _label(
        text: PDFTextObject,
        font: str,
        size: float,
        label: str,
        x: float,
        y: float,
        ux: float,
        uy: float,
    ) -> None:
        """A label outside the point (x, y) in the direction (ux, uy), as WedgeLabel's
        "autox" anchor places it: left of the point on the left side, and so on."""
        w = sum(map(_widths(font).__getitem__, label)) * size / 1000
        cap = 0.7 * size
        dx = 0.0 if ux > 0.1 else -w if ux < -0.1 else -w / 2
        dy = 0.0 if uy > 0.1 else -cap if uy < -0.1 else -cap / 2
        text.setFont(font, size, size)
        text.setTextOrigin(x + dx, y + dy)
        text.textOut(label)


# --- the canvas and the document ----------------------------------------------------------------
class SummaryCanvas(Canvas):
    """Keeps each page until the end, then writes every page with "Page n of N" in one text
    run, and its bookmarks: the document is laid out only once."""

    footer = ""
    page_label = "Page \x00 of \x01"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_pages: list[tuple[dict[str, Any], list[tuple[str, str, int]]]] = []
        self.pending_bookmarks: list[tuple[str, str, int]] = []

    def showPage(self) -> None:
        self._kept_pages.append((dict(self.__dict__), self.pending_bookmarks))
        self.pending_bookmarks = []
        self._startPage()

    def save(self) -> None:
        pages = list(self._kept_pages)
        total = len(pages)
        for number, (state, bookmarks) in enumerate(pages, start=1):
            self.__dict__.update(state)
            for key, title, level in bookmarks:
                self.bookmarkPage(key)
                self.addOutlineEntry(title, key, level=level)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8.5)
        self.setFillColor(MUTED)
        y = 1.2 * cm
        self.drawString(2 * cm, y, self.footer)
        label = self.page_label.replace("\x00", str(number)).replace("\x01", str(total))
        self.drawRightString(self._pagesize[0] - 2 * cm, y, label)
        self.restoreState()


class SummaryDoc(BaseDocTemplate):
    def __init__(self, buffer: BytesIO, **kw: Any) -> None:
        super().__init__(
            buffer,
            pagesize=LETTER,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN,
            bottomMargin=2.2 * cm,
            initialFontName=FONT,
            initialFontSize=10,
            **kw,
        )
        self._bookmarks = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def beforeDocument(self) -> None:
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        """A heading becomes a bookmark on the page it was drawn on."""
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            self.canv.pending_bookmarks.append(
                (f"s{self._bookmarks}", flowable.outline_title, flowable.outline_level)
            )


# --- the sections -------------------------------------------------------------------------------
@dataclass
class Page:
    """What every section needs: the words, the width of tables, the height a table row
    can have on one page, and numbers formatted once per document."""

    labels: Labels
    width: float
    height: float
    number: Callable[[float | int | None], str]

    def grid(self, widths: Sequence[float], rows: list[Row], **kw: Any) -> Grid:
        return Grid(widths, rows, page_height=self.height, **kw)


def _paragraphs(value: str | None, style: TextStyle, empty: str) -> list[Flowable]:
    """User text as blocks, one per paragraph (a blank line between them)."""
    cleaned = plain(value).strip()
    if not cleaned:
        return [Block.of(empty, MUTED_TEXT)]
    blocks = [b.strip() for b in cleaned.split("\n\n") if b.strip()]
    return [Block(((style.font, block),), style) for block in blocks]


def _lines(*values: Any) -> str:
    """Several lines of text, empty ones left out."""
    return "\n".join(plain(v) for v in values if v)


def _cover(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r = s.request
    department = _.department(r.department_code, r.department_other)
    agreed = ""
    if r.agreed_start:
        agreed = _(
            "%(start)s to %(end)s", start=_.date(r.agreed_start), end=_.date(r.agreed_end) or "…"
        )
    rows = [
        (_("Reference"), r.reference),
        (_("Department"), department),
        (_("Branch"), r.branch),
        (_("Service"), r.service_name),
        (_("Status"), _.status(r.status)),
        (_("Submitted"), _.date(r.submitted_at)),
        (_("Preferred start"), _.date(r.preferred_start)),
        (_("Latest start"), _.date(r.latest_start)),
        (_("Agreed dates"), agreed),
        (_("Project lead"), _lines(r.lead_name, r.lead_title, r.lead_email, r.lead_phone)),
        (_("Executive sponsor"), _lines(r.sponsor_name, r.sponsor_title, r.sponsor_email)),
    ]
    widths = [p.width * 0.32, p.width * 0.68]
    data = [
        Row([cell(label, widths[0], FONT_BOLD), cell(plain(value) or "—", widths[1])])
        for label, value in rows
    ]
    return [
        Heading(_("Exploration summary"), TITLE, 0),
        Block.of(f"{r.reference or ''} · {r.service_name or department}", SUBTITLE),
        p.grid(widths, data, header=False, grid=False),
        Spacer(1, 12),
        Block.of(
            _(
                "Prepared by the Canadian Digital Service for planning. Contains personal "
                "information: share it only with the people working on this exploration."
            ),
            MUTED_TEXT,
        ),
    ]


def _context(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r = s.request
    out: list[Flowable] = [Heading(_("Problem context"), H1, 0)]
    for title, value in (
        (_("The problem"), r.problem),
        (_("Who the users are"), r.users),
        (_("Impact"), r.impact),
        (_("Why now"), r.why_now),
        (_("Constraints"), r.constraints),
    ):
        out += _subheading(title)
        out.extend(_paragraphs(value, BODY, _("Not provided.")))
    return out


def _person(person: Any, _: Labels) -> Block:
    """A person in two or three lines: name (bold) and title; daily role; involvement and
    email."""
    runs: list[Run] = [(FONT_BOLD, plain(person.name))]
    rest = f", {plain(person.title)}" if person.title else ""
    if person.daily_role:
        rest += "\n" + plain(_("Daily role: %(role)s", role=person.daily_role))
    involvement = _.involvement(person.involvement)
    details = ", ".join(x for x in (involvement, person.frequency or "") if x)
    last = [plain(_("On the project: %(how)s", how=details))] if details else []
    if person.email:
        last.append(plain(person.email))
    if last:
        rest += "\n" + " · ".join(last)
    if rest:
        runs.append((FONT, rest))
    return Block(runs, PERSON)


def _stakeholders(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    hours = s.hours
    out: list[Flowable] = [
        Heading(_("Stakeholders by interview topic"), H1, 0),
        Block.of(
            _(
                "%(people)d people named for %(interviews)d interviews.",
                people=hours.people,
                interviews=hours.interviews,
            )
        ),
    ]
    groups = [(f"{t.number}. {t.name[_.lang]}", s.people_for(t.id), t.id) for t in TOPICS]
    if s.people_without_topic:
        groups.append((_("Not assigned to a topic yet"), s.people_without_topic, ""))
    for title, people, topic_id in groups:
        out += _subheading(title)
        if people:
            out.extend(_person(person, _) for person in people)
        elif topic_id in s.topics_to_confirm:
            out.append(Block.of(_("To be confirmed."), MUTED_TEXT))
        else:
            out.append(Block.of(_("No one named yet."), MUTED_TEXT))
    return out


def _timing(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r, hours = s.request, s.hours
    out: list[Flowable] = [Heading(_("Timing and hours"), H1, 0)]
    dates = [
        _("Preferred start: %(date)s", date=_.date(r.preferred_start) or "—"),
        _("Latest start: %(date)s", date=_.date(r.latest_start) or "—"),
    ]
    if r.agreed_start:
        dates.append(_("Agreed start: %(date)s", date=_.date(r.agreed_start)))
    out.append(Block.of("\n".join(dates)))
    if r.timing_note:
        out += _subheading(_("Note on timing"))
        out.extend(_paragraphs(r.timing_note, BODY, ""))
    widths = [p.width * f for f in (0.11, 0.37, 0.2, 0.16, 0.16)]
    headers = (
        _("Week"),
        _("What happens"),
        _("Starts"),
        _("Lead’s hours"),
        _("Stakeholders’ hours"),
    )
    rows = [Row([cell(h, w, FONT_BOLD) for h, w in zip(headers, widths, strict=True)])]
    for number, start, (low, high, people) in s.weeks():
        values = (
            str(number),
            WEEKS[number - 1].title[_.lang],
            _.date(start) if start else "—",
            _("%(low)d to %(high)d h", low=low, high=high),
            _("%(hours)d h", hours=people),
        )
        rows.append(Row([cell(v, w) for v, w in zip(values, widths, strict=True)]))
    out.append(p.grid(widths, rows))
    out.append(Spacer(1, 8))
    totals = [
        _(
            "Project lead: %(low)d to %(high)d hours over the four weeks.",
            low=hours.lead_low,
            high=hours.lead_high,
        ),
        _(
            "Stakeholders: %(people)d people, %(interviews)d interviews: %(hours)d hours "
            "(a one-hour kick-off each, then one hour per interview).",
            people=hours.people,
            interviews=hours.interviews,
            hours=hours.stakeholder_hours,
        ),
        _(
            "Partner’s total: %(low)d to %(high)d hours.",
            low=hours.total_low,
            high=hours.total_high,
        ),
    ]
    out.append(Block.of("\n".join(totals)))
    return out


def _documents(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    shared = s.request.documents_shared
    out: list[Flowable] = [
        Heading(_("Documents checklist"), H1, 0),
        Block.of(
            _("%(shared)d of %(total)d documents shared.", shared=shared, total=len(DOCUMENTS))
        ),
    ]
    widths = [p.width * 0.5, p.width * 0.2, p.width * 0.3]
    headers = (_("Document"), _("Status"), _("Note"))
    rows = [Row([cell(h, w, FONT_BOLD) for h, w in zip(headers, widths, strict=True)])]
    seen_groups: set[str] = set()
    for document in DOCUMENTS:
        if document.group and document.group not in seen_groups:
            seen_groups.add(document.group)
            rows.append(Row([cell(_.document_group(document.group), p.width, FONT_BOLD)], True))
        status, note = s.documents.get(document.id, (None, None))
        indent = 12 if document.group else 0
        rows.append(
            Row(
                [
                    cell(_.document(document.id), widths[0], indent=indent),
                    cell(_.document_status(status), widths[1]),
                    cell(note, widths[2]),
                ]
            )
        )
    out.append(p.grid(widths, rows))
    return out


def _cell_lines(summary: CellSummary, p: Page) -> list[str]:
    """What one heat-map cell says: the median and its level name(s), n, don't knows, and the
    divergence flag."""
    _ = p.labels
    if summary.median is None:
        if summary.n:
            return [_("No level given (%(count)d don’t know)", count=summary.dont_know)]
        return [_("No answers")]
    levels = " – ".join(_.level(v) for v in summary.median_levels)
    lines = [f"{p.number(summary.median)} · {levels}", _("n = %(n)d", n=summary.n)]
    if summary.dont_know:
        lines.append(_("%(count)d don’t know", count=summary.dont_know))
    if summary.divergent:
        lines.append(_("Divergent: %(low)d to %(high)d", low=summary.minimum, high=summary.maximum))
    return lines


def _survey(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    survey = s.survey
    out: list[Flowable] = [Heading(_("Self-assessment"), H1, 0)]
    count = len(s.respondents)
    if count == 0:
        out.append(Block.of(_("No one has submitted the self-assessment yet.")))
        return out
    levels = ", ".join(f"{lv.value} {lv.name[_.lang]}" for lv in FRAMEWORK.levels)
    out.append(
        Block.of(
            _("%(count)d people submitted the self-assessment.", count=count)
            + "\n"
            + _(
                "Experience levels: %(levels)s. Each cell gives the median, the number of "
                "answers (n) and any “don’t know” answers; darker shading repeats a higher "
                "median.",
                levels=levels,
            )
        )
    )
    out += _subheading(_("Heat map: median experience level"), bookmark=True)
    widths = [p.width * 0.31] + [p.width * 0.23] * 3
    header = [cell(_("Practice"), widths[0], FONT_BOLD)] + [
        cell(_.role(r.id), widths[1], FONT_BOLD) for r in FRAMEWORK.roles
    ]
    rows = [Row(header)]
    for row_index, practice in enumerate(FRAMEWORK.practices, start=1):
        cells = [cell(f"{row_index}. {_.practice(practice.id)}", widths[0])]
        for column_index, role in enumerate(FRAMEWORK.roles, start=1):
            summary = survey.cell(practice.id, role.id)
            fill = BAND_FILLS.get(summary.band, colors.white)
            cells.append(cell("\n".join(_cell_lines(summary, p)), widths[column_index], fill=fill))
        rows.append(Row(cells))
    out.append(p.grid(widths, rows))

    out.append(CondPageBreak(9 * cm))
    out.append(Heading(_("Median per practice"), H2, 1))  # after a 9 cm page check
    key = []
    medians = []
    for index, practice in enumerate(FRAMEWORK.practices, start=1):
        median = survey.practices[practice.id].median
        medians.append(median)
        value = p.number(median) if median is not None else _("no level given")
        key.append(
            _(
                "%(number)d. %(practice)s: %(median)s",
                number=index,
                practice=_.practice(practice.id),
                median=value,
            )
        )
    overall = survey.overall_question
    if overall.n:
        key.append(
            _(
                "Overall question: median %(median)s (n = %(n)d).",
                median=p.number(overall.median) if overall.median is not None else "—",
                n=overall.n,
            )
        )
    values = [plain(p.number(m)) if m else "" for m in medians]
    out.append(Radar(medians, values, [plain(k) for k in key], p.width))

    out += _subheading(_("Divergent views"), bookmark=True)
    lines = []
    for practice_id, role_id in survey.divergent_cells:
        summary = survey.cell(practice_id, role_id)
        lines.append(
            _(
                "%(practice)s — %(role)s: answers from %(low)s to %(high)s.",
                practice=_.practice(practice_id),
                role=_.role(role_id),
                low=_.level(summary.minimum),
                high=_.level(summary.maximum),
            )
        )
    if not lines:
        lines.append(_("No cell has answers two or more levels apart."))
    out.extend(Block.of(line, LIST) for line in lines)

    out += _subheading(_("Comments"), bookmark=True)
    out.append(
        Block.of(_("Comments are listed without their authors, in alphabetical order."), MUTED_TEXT)
    )
    any_comment = False
    topics = [(practice.id, _.practice(practice.id)) for practice in FRAMEWORK.practices]
    for topic_id, title in [*topics, (OVERALL, _("Overall question"))]:
        comments = survey.comment_texts(topic_id)
        if not comments:
            continue
        any_comment = True
        bullets = "".join(f"\n• {plain(c)}" for c in comments)
        out.append(Block(((FONT_BOLD, plain(title)), (FONT, bullets)), LIST))
    if not any_comment:
        out.append(Block.of(_("No comments."), MUTED_TEXT))
    return out


def build_pdf(summary: ExplorationSummary, lang: str, *, generated: date | None = None) -> bytes:
    """The summary of one exploration as PDF bytes, in `lang` ("en" or "fr")."""
    register_fonts()
    _ = Labels(lang)
    r = summary.request
    title = _("Exploration summary %(reference)s", reference=r.reference or "")
    department = _.department(r.department_code, r.department_other)
    subject = pdf_safe(" — ".join(x for x in (r.service_name, department) if x))
    buffer = BytesIO()
    doc = SummaryDoc(
        buffer,
        title=pdf_safe(title),
        author=_("Canadian Digital Service"),
        subject=subject,
        creator=_("Exploration"),
        lang=f"{lang}-CA",
        displayDocTitle=1,
    )
    numbers: dict[float | int | None, str] = {}  # medians repeat: babel formats each once

    def number(value: float | int | None) -> str:
        if value not in numbers:
            numbers[value] = _.number(value)
        return numbers[value]

    # Tables are as wide as the frame, as the platypus Tables were: they start inside the
    # frame's 6-point padding, so they reach 6 points into the right margin. Text fills the
    # frame's inner width.
    page = Page(_, doc.width, doc.height - 2 * FRAME_PADDING, number)
    story: list[Flowable] = []
    story += _cover(summary, page)
    if generated:
        story.append(Block.of(_("Generated on %(date)s.", date=_.date(generated)), MUTED_TEXT))
    story.append(PageBreak())
    story += _context(summary, page)
    for section in (
        _stakeholders(summary, page),
        _timing(summary, page),
        _documents(summary, page),
        _survey(summary, page),
    ):
        story.append(CondPageBreak(7 * cm))  # a section never starts at the foot of a page
        story += section

    class _Canvas(SummaryCanvas):
        footer = pdf_safe(f"{r.reference or ''} · {_('Exploration summary')}")
        page_label = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")

    doc.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()
