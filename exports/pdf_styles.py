"""Paragraph styles and small builders the sections of the PDF summary are made of: every text
is a platypus Paragraph of escaped markup (exports.pdf_fonts.markup), every table a platypus
Table with its header row repeated after a page break, and a heading is kept with what
follows it (KeepTogether) so that it never ends a page.

Long words and URLs: Paragraph's `splitLongWords` (on in every style) cuts a word wider than
the line, so a 200-character URL wraps inside the margins or the cell; soft hyphens are break
opportunities. A table's columns are first widened to hold their own words ("Semaine", not
"Sem/aine"), so that only such long words are cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from exports.pdf_fonts import FONT, FONT_BOLD, markup

TEXT = colors.HexColor("#333333")
MUTED = colors.HexColor("#595959")
RULE = colors.HexColor("#B0B0B0")
HEADER_FILL = colors.HexColor("#E8E8E8")


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "fontSize": 10,
        "leading": 14,
        "textColor": TEXT,
        "spaceAfter": 4,
        "splitLongWords": 1,
        "allowOrphans": 0,
        "allowWidows": 0,
    }
    return ParagraphStyle(name, **(base | kw))


BODY = _style("body")
MUTED_TEXT = _style("muted", textColor=MUTED)
SMALL = _style("small", fontSize=8.5, leading=11, spaceAfter=2)
TITLE = _style("title", fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=6)
SUBTITLE = _style("subtitle", fontSize=14, leading=19, spaceAfter=14)
H1 = _style("h1", fontName=FONT_BOLD, fontSize=16, leading=21, spaceBefore=4, spaceAfter=8)
H2 = _style("h2", fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
PERSON = _style("person", leftIndent=10, spaceAfter=6)
LIST = _style("list", leftIndent=10)
CELL = _style("cell", fontSize=9, leading=12, spaceAfter=0)
CELL_BOLD = _style("cell-bold", parent=CELL, fontName=FONT_BOLD)


class Heading(Paragraph):
    """A section title that also becomes a bookmark in the PDF outline (SummaryDoc's
    afterFlowable reads `outline_title` and `outline_level`)."""

    def __init__(self, title: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(markup(title), style)
        self.outline_title = title
        self.outline_level = level


def para(value: Any, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph that prints `value` as typed."""
    return Paragraph(markup(value), style)


def rich(parts: Sequence[tuple[bool, Any]], style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of several texts, each bold or not: [(True, name), (False, details)]."""
    text = "".join(f"<b>{markup(v)}</b>" if bold else markup(v) for bold, v in parts)
    return Paragraph(text, style)


def keep_with_next(heading: Flowable, following: Sequence[Flowable]) -> list[Flowable]:
    """The heading and the first flowable after it on the same page."""
    if not following:
        return [heading]
    return [KeepTogether([heading, following[0]]), *following[1:]]


def user_paragraphs(value: Any, style: ParagraphStyle, empty: str) -> list[Flowable]:
    """User text, one paragraph per block (a blank line between them)."""
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    if not blocks:
        return [para(empty, MUTED_TEXT)]
    return [para(block, style) for block in blocks]


# Table's default padding on each side of a cell, in points.
CELL_PADDING = 6
# A word wider than this share of the table (a pasted link) may still be cut.
LONG_WORD_SHARE = 0.4


def fitted_widths(rows: list[list[Any]], widths: Sequence[float], header: bool) -> list[float]:
    """`widths`, with each column widened to hold its longest word, the room taken from the
    columns with some to spare in proportion to it; the widths asked for when the words
    cannot all fit."""
    total = sum(widths)
    needed = [0.0] * len(widths)
    for i, row in enumerate(rows):
        style = CELL_BOLD if header and i == 0 else CELL
        for j, cell in enumerate(row):
            if cell is None or isinstance(cell, Flowable):
                continue
            for word in str(cell).split():
                width = stringWidth(word, style.fontName, style.fontSize) + 2 * CELL_PADDING
                needed[j] = max(needed[j], min(width, total * LONG_WORD_SHARE))
    deficit = sum(max(0.0, need - width) for need, width in zip(needed, widths, strict=True))
    spare = [max(0.0, width - need) for need, width in zip(needed, widths, strict=True)]
    room = sum(spare)
    if deficit == 0 or deficit > room:
        return list(widths)
    return [
        max(width, need) - deficit * left / room
        for need, width, left in zip(needed, widths, spare, strict=True)
    ]


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    grid: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table of cells (text is made a Paragraph in the cell style; a Flowable is kept),
    top-aligned, with a grey header row repeated on every page it spans. A row taller than a
    page is split between its lines (splitInRow)."""
    data = [
        [
            c if isinstance(c, Flowable) else para(c, CELL_BOLD if header and i == 0 else CELL)
            for c in row
        ]
        for i, row in enumerate(rows)
    ]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, CELL.fontSize),  # not Table's Helvetica default
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, RULE))
    else:
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE))
    return Table(
        data,
        colWidths=fitted_widths(rows, widths, header),
        repeatRows=1 if header else 0,
        splitInRow=1,
        style=TableStyle([*commands, *extra]),
        hAlign="LEFT",
    )
