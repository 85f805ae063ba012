"""Drawing primitives for the PDF summary (exports/pdf.py): fonts, a line breaker, text
styles and four small flowables.

- Why: the summary is a few fixed shapes filled with text, so it is drawn by small flowables
  of its own instead of platypus Paragraph, Table and a reportlab.graphics chart (which cost
  about three times as much): `layout` breaks text into lines with the fonts' glyph widths
  (greedy, at spaces, never at a no-break space; a word wider than the line is cut), `Block`
  draws lines of text and splits between them, `Heading` is a block that becomes a bookmark,
  `Grid` draws a table of such text with fixed column widths and splits between rows (inside
  a row only when the row is taller than a page), and `Radar` draws the chart with a few
  paths.
- Fonts: DejaVu Sans (regular and bold), registered once per process by `register_fonts`
  from static/vendor/fonts (`make assets` copies the files there; `FontsMissing` if it has
  not). `pdf_safe` makes text the fonts draw well: a character they lack prints as U+FFFD.
- Text is never parsed as markup (no reportlab Paragraph): what `layout` sets prints as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from math import cos, pi, sin
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from config import BASE_DIR
from exports.safe_text import strip_controls

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
