"""The PDF summary of one exploration, in English or French. Data in, bytes out.

- Fonts: DejaVu Sans (regular and bold) is embedded (subset), so every name prints: accents,
  œ, the narrow no-break space of French typography, Inuktitut syllabics. No text is set in
  the PDF's standard fonts (Helvetica has no syllabics). The build copies the
  files into static/vendor/fonts (`make assets`).
- User text prints literally: it is stripped of control characters and escaped before it
  reaches reportlab's paragraph markup, so `<b>` or `&amp;` typed by a partner show as typed.
- The heat map is a table whose cells state the level and the numbers; shading only repeats
  them. The radar chart repeats the practice medians listed beside it.
- Metadata: title, author, subject, creator, language (the catalogue's /Lang), the title shown
  in the window bar, an outline (one bookmark per section) and "Page 2 of 5" on every page
  (pages are kept until the count is known, so the document is laid out only once).

reportlab cannot tag a PDF for screen readers; the same summary is an accessible HTML page
(templates/exports/summary.html).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
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
# Heat map shading by the median's level (1-4): light to darker blue, text always black.
BAND_FILLS = {
    None: colors.white,
    1: colors.HexColor("#F1F7FD"),
    2: colors.HexColor("#D2E5F5"),
    3: colors.HexColor("#A8CDEB"),
    4: colors.HexColor("#7FB2DE"),
}


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


@cache
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=10,
        leading=14,
        textColor=TEXT,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    return {
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=0),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=9, leading=12, spaceAfter=0
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=22, leading=28, spaceAfter=6
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=19, spaceAfter=14),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=21,
            spaceBefore=4,
            spaceAfter=8,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "person": ParagraphStyle("person", parent=base, leftIndent=10, spaceAfter=6),
        "list": ParagraphStyle("list", parent=base, leftIndent=10, spaceAfter=4),
    }


def text(value: Any) -> str:
    """Text as paragraph markup that prints literally, line breaks kept.

    reportlab breaks lines at U+202F (the narrow no-break space of French typography) and
    draws every no-break space as a space, so U+202F becomes U+00A0: still a space that never
    breaks ("1 000 $", "Nom :" stay on one line)."""
    if value is None:
        return ""
    return escape(pdf_safe(str(value))).replace("\n", "<br/>")


def pdf_safe(value: str) -> str:
    """Text reportlab draws well: no control characters, U+202F as U+00A0, and every
    character the font lacks (CJK, emoji...) as U+FFFD "�", a visible mark that also reads
    back from the PDF (reportlab maps a missing glyph to nothing, and writes characters
    beyond U+FFFF into the font's map in a form PDF readers reject)."""
    cleaned = strip_controls(value).replace("\u202f", "\u00a0")
    if cleaned.isascii():
        return cleaned
    covered = _covered()
    return "".join(c if ord(c) in covered and ord(c) <= 0xFFFF else "\ufffd" for c in cleaned)


@cache
def _covered() -> frozenset[int]:
    """Code points both fonts can draw."""
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(set(regular) & set(bold))


def _subheading(
    title: str, st: dict[str, ParagraphStyle], bookmark: bool = False
) -> list[Flowable]:
    """A level-2 heading that never ends a page: a conditional page break before it is much
    cheaper than keepWithNext, which lays the next flowable out twice."""
    heading = Heading(title, st["h2"], 1) if bookmark else Paragraph(text(title), st["h2"])
    return [CondPageBreak(3 * cm), heading]


class Heading(Paragraph):
    """A section title that also becomes a bookmark in the PDF outline."""

    def __init__(self, title: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(text(title), style)
        self.outline_title = title
        self.outline_level = level


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
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
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


def plain(value: Any) -> str:
    """Text for a table cell drawn as a plain string (no markup, no wrapping): cheaper than a
    Paragraph, for short values such as dates, hours and statuses."""
    return pdf_safe(str(value)) if value is not None else ""


CELL_PADDING = 12  # reportlab's default left + right cell padding


def wrapped(value: Any, width: float, font: str = FONT) -> str:
    """Our own short text for a table cell, wrapped to the column as plain lines: much
    cheaper than a Paragraph. Not for user text, which may hold words wider than a column."""
    return "\n".join(simpleSplit(plain(value), font, 9, width - CELL_PADDING))


def _table(
    data: list[list[Any]],
    widths: list[float],
    *,
    header: bool = True,
    grid: bool = True,
    bold_column: bool = False,
) -> Table:
    table = Table(
        data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0, splitInRow=1
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LEADING", (0, 0), (-1, -1), 12),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    commands.append(
        ("GRID", (0, 0), (-1, -1), 0.5, RULE)
        if grid
        else ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)
    )
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ]
    if bold_column:
        commands.append(("FONTNAME", (0, 0), (0, -1), FONT_BOLD))
    table.setStyle(TableStyle(commands))
    return table


def _paragraphs(
    value: str | None, style: ParagraphStyle, empty: str, muted: ParagraphStyle
) -> list[Flowable]:
    cleaned = strip_controls(value or "").strip()
    if not cleaned:
        return [Paragraph(text(empty), muted)]
    blocks = [b.strip() for b in cleaned.split("\n\n") if b.strip()]
    return [Paragraph(text(block), style) for block in blocks]


def _lines(*values: Any) -> str:
    """Markup for several lines of text, empty ones left out."""
    return "<br/>".join(text(v) for v in values if v)


def _cover(
    s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    r = s.request
    department = _.department(r.department_code, r.department_other)
    agreed = ""
    if r.agreed_start:
        agreed = _(
            "%(start)s to %(end)s", start=_.date(r.agreed_start), end=_.date(r.agreed_end) or "…"
        )
    rows = [
        (_("Reference"), plain(r.reference)),
        (_("Department"), Paragraph(text(department) or "—", st["cell"])),
        (_("Branch"), Paragraph(text(r.branch) or "—", st["cell"])),
        (_("Service"), Paragraph(text(r.service_name) or "—", st["cell"])),
        (_("Status"), plain(_.status(r.status))),
        (_("Submitted"), plain(_.date(r.submitted_at)) or "—"),
        (_("Preferred start"), plain(_.date(r.preferred_start)) or "—"),
        (_("Latest start"), plain(_.date(r.latest_start)) or "—"),
        (_("Agreed dates"), plain(agreed) or "—"),
        (
            _("Project lead"),
            Paragraph(
                _lines(r.lead_name, r.lead_title, r.lead_email, r.lead_phone) or "—", st["cell"]
            ),
        ),
        (
            _("Executive sponsor"),
            Paragraph(_lines(r.sponsor_name, r.sponsor_title, r.sponsor_email) or "—", st["cell"]),
        ),
    ]
    data = [[plain(label), value] for label, value in rows]
    return [
        Heading(_("Exploration summary"), st["title"], 0),
        Paragraph(text(f"{r.reference or ''} · {r.service_name or department}"), st["subtitle"]),
        _table(data, [width * 0.32, width * 0.68], header=False, grid=False, bold_column=True),
        Spacer(1, 12),
        Paragraph(
            text(
                _(
                    "Prepared by the Canadian Digital Service for planning. Contains personal "
                    "information: share it only with the people working on this exploration."
                )
            ),
            st["muted"],
        ),
    ]


def _context(s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    r = s.request
    out: list[Flowable] = [Heading(_("Problem context"), st["h1"], 0)]
    for title, value in (
        (_("The problem"), r.problem),
        (_("Who the users are"), r.users),
        (_("Impact"), r.impact),
        (_("Why now"), r.why_now),
        (_("Constraints"), r.constraints),
    ):
        out += _subheading(title, st)
        out.extend(_paragraphs(value, st["body"], _("Not provided."), st["muted"]))
    return out


def _person(p: Any, _: Labels) -> str:
    """A person in two or three lines: name and title; daily role; involvement and email."""
    first = f"<b>{text(p.name)}</b>" + (f", {text(p.title)}" if p.title else "")
    lines = [first]
    if p.daily_role:
        lines.append(text(_("Daily role: %(role)s", role=strip_controls(p.daily_role))))
    involvement = _.involvement(p.involvement)
    details = ", ".join(x for x in (involvement, strip_controls(p.frequency or "")) if x)
    last = [text(_("On the project: %(how)s", how=details))] if details else []
    if p.email:
        last.append(text(p.email))
    if last:
        lines.append(" · ".join(last))
    return "<br/>".join(lines)


def _stakeholders(
    s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    hours = s.hours
    out: list[Flowable] = [
        Heading(_("Stakeholders by interview topic"), st["h1"], 0),
        Paragraph(
            text(
                _(
                    "%(people)d people named for %(interviews)d interviews.",
                    people=hours.people,
                    interviews=hours.interviews,
                )
            ),
            st["body"],
        ),
    ]
    groups = [(f"{t.number}. {t.name[_.lang]}", s.people_for(t.id), t.id) for t in TOPICS]
    if s.people_without_topic:
        groups.append((_("Not assigned to a topic yet"), s.people_without_topic, ""))
    for title, people, topic_id in groups:
        out += _subheading(title, st)
        if people:
            out.extend(Paragraph(_person(p, _), st["person"]) for p in people)
        elif topic_id in s.topics_to_confirm:
            out.append(Paragraph(text(_("To be confirmed.")), st["muted"]))
        else:
            out.append(Paragraph(text(_("No one named yet.")), st["muted"]))
    return out


def _timing(
    s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    r, hours = s.request, s.hours
    out: list[Flowable] = [Heading(_("Timing and hours"), st["h1"], 0)]
    dates = [
        _("Preferred start: %(date)s", date=_.date(r.preferred_start) or "—"),
        _("Latest start: %(date)s", date=_.date(r.latest_start) or "—"),
    ]
    if r.agreed_start:
        dates.append(_("Agreed start: %(date)s", date=_.date(r.agreed_start)))
    out.append(Paragraph(_lines(*dates), st["body"]))
    if r.timing_note:
        out += _subheading(_("Note on timing"), st)
        out.extend(_paragraphs(r.timing_note, st["body"], "", st["muted"]))
    widths = [width * f for f in (0.11, 0.37, 0.2, 0.16, 0.16)]
    headers = (
        _("Week"),
        _("What happens"),
        _("Starts"),
        _("Lead’s hours"),
        _("Stakeholders’ hours"),
    )
    data: list[list[Any]] = [
        [wrapped(h, w, FONT_BOLD) for h, w in zip(headers, widths, strict=True)]
    ]
    for number, start, (low, high, people) in s.weeks():
        data.append(
            [
                str(number),
                wrapped(WEEKS[number - 1].title[_.lang], widths[1]),
                plain(_.date(start)) if start else "—",
                plain(_("%(low)d to %(high)d h", low=low, high=high)),
                plain(_("%(hours)d h", hours=people)),
            ]
        )
    out.append(_table(data, widths))
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
    out.append(Paragraph(_lines(*totals), st["body"]))
    return out


def _documents(
    s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    shared = s.request.documents_shared
    out: list[Flowable] = [
        Heading(_("Documents checklist"), st["h1"], 0),
        Paragraph(
            text(
                _("%(shared)d of %(total)d documents shared.", shared=shared, total=len(DOCUMENTS))
            ),
            st["body"],
        ),
    ]
    widths = [width * 0.5, width * 0.2, width * 0.3]
    data: list[list[Any]] = [[plain(_("Document")), plain(_("Status")), plain(_("Note"))]]
    indented: list[int] = []
    group_rows = []
    seen_groups: set[str] = set()
    for document in DOCUMENTS:
        if document.group and document.group not in seen_groups:
            seen_groups.add(document.group)
            group_rows.append(len(data))
            data.append([plain(_.document_group(document.group)), "", ""])
        status, note = s.documents.get(document.id, (None, None))
        indent = 12 if document.group else 0
        name = wrapped(_.document(document.id), widths[0] - indent)
        data.append(
            [
                name,
                wrapped(_.document_status(status), widths[1]),
                Paragraph(text(note), st["cell"]) if note else "",
            ]
        )
        if indent:
            indented.append(len(data) - 1)
    table = _table(data, widths)
    if indented:
        table.setStyle(TableStyle([("LEFTPADDING", (0, r), (0, r), 6 + 12) for r in indented]))
    for row in group_rows:
        table.setStyle(
            TableStyle(
                [("SPAN", (0, row), (-1, row)), ("FONTNAME", (0, row), (-1, row), FONT_BOLD)]
            )
        )
    out.append(table)
    return out


def _cell_lines(summary: CellSummary, _: Labels) -> list[str]:
    """What one heat-map cell says: the median and its level name(s), n, don't knows, and the
    divergence flag. Plain text lines (a table of Paragraphs costs four times as much)."""
    if summary.median is None:
        if summary.n:
            return [_("No level given (%(count)d don’t know)", count=summary.dont_know)]
        return [_("No answers")]
    levels = " – ".join(_.level(v) for v in summary.median_levels)
    lines = [f"{_.number(summary.median)} · {levels}", _("n = %(n)d", n=summary.n)]
    if summary.dont_know:
        lines.append(_("%(count)d don’t know", count=summary.dont_know))
    if summary.divergent:
        lines.append(_("Divergent: %(low)d to %(high)d", low=summary.minimum, high=summary.maximum))
    return lines


def _spider(s: ExplorationSummary, _: Labels, size: float) -> Drawing:
    medians = [s.survey.practices[p.id].median or 0 for p in FRAMEWORK.practices]
    drawing = Drawing(size, size)
    # reportlab's default is Helvetica, a font the document would name but not embed.
    drawing.initialFontName = FONT
    chart = SpiderChart()
    chart.x, chart.y = 30, 30
    chart.width = chart.height = size - 60
    rings = [[level] * len(medians) for level in (1, 2, 3, 4)]
    chart.data = [*rings, medians]
    chart.labels = [str(i) for i in range(1, len(medians) + 1)]
    chart.spokeLabels.fontName = FONT_BOLD
    chart.spokeLabels.fontSize = 10
    chart.spokes.strokeColor = RULE
    for index in range(len(rings)):
        chart.strands[index].strokeColor = RULE
        chart.strands[index].fillColor = None
        chart.strands[index].strokeWidth = 0.5
    last = len(rings)
    chart.strands[last].strokeColor = colors.HexColor("#26374A")
    chart.strands[last].fillColor = colors.Color(0.31, 0.58, 0.80, alpha=0.35)
    chart.strands[last].strokeWidth = 1.5
    chart.strandLabels.fontName = FONT
    chart.strandLabels.fontSize = 8
    for index, value in enumerate(medians):
        label = chart.strandLabels[(last, index)]
        label.format = "values"
        label._text = _.number(value) if value else ""
        label.dR = 8
    drawing.add(chart)
    return drawing


def _survey(
    s: ExplorationSummary, _: Labels, st: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    survey = s.survey
    out: list[Flowable] = [Heading(_("Self-assessment"), st["h1"], 0)]
    count = len(s.respondents)
    if count == 0:
        out.append(Paragraph(text(_("No one has submitted the self-assessment yet.")), st["body"]))
        return out
    levels = ", ".join(f"{lv.value} {lv.name[_.lang]}" for lv in FRAMEWORK.levels)
    out.append(
        Paragraph(
            text(_("%(count)d people submitted the self-assessment.", count=count))
            + "<br/>"
            + text(
                _(
                    "Experience levels: %(levels)s. Each cell gives the median, the number of "
                    "answers (n) and any “don’t know” answers; darker shading repeats a higher "
                    "median.",
                    levels=levels,
                )
            ),
            st["body"],
        )
    )
    out += _subheading(_("Heat map: median experience level"), st, bookmark=True)
    widths = [width * 0.31] + [width * 0.23] * 3
    header = [plain(_("Practice"))] + [
        wrapped(_.role(r.id), widths[1], FONT_BOLD) for r in FRAMEWORK.roles
    ]
    data: list[list[Any]] = [header]
    commands: list[tuple[Any, ...]] = []
    for row_index, practice in enumerate(FRAMEWORK.practices, start=1):
        row: list[Any] = [wrapped(f"{row_index}. {_.practice(practice.id)}", widths[0])]
        for column_index, role in enumerate(FRAMEWORK.roles, start=1):
            cell = survey.cell(practice.id, role.id)
            lines = _cell_lines(cell, _)
            row.append("\n".join(wrapped(line, widths[column_index]) for line in lines))
            place = (column_index, row_index)
            commands.append(("BACKGROUND", place, place, BAND_FILLS.get(cell.band, colors.white)))
        data.append(row)
    table = _table(data, widths)
    table.setStyle(TableStyle(commands))
    out.append(table)

    out.append(CondPageBreak(9 * cm))
    out.append(Heading(_("Median per practice"), st["h2"], 1))  # after a 9 cm page check
    key = []
    for index, practice in enumerate(FRAMEWORK.practices, start=1):
        median = survey.practices[practice.id].median
        value = _.number(median) if median is not None else _("no level given")
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
                median=_.number(overall.median) if overall.median is not None else "—",
                n=overall.n,
            )
        )
    chart = _spider(s, _, 7.5 * cm)
    layout = Table(
        [[chart, Paragraph("<br/>".join(text(k) for k in key), st["small"])]],
        colWidths=[7.8 * cm, width - 7.8 * cm],
        hAlign="LEFT",
    )
    layout.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    out.append(layout)

    out += _subheading(_("Divergent views"), st, bookmark=True)
    lines = []
    for practice_id, role_id in survey.divergent_cells:
        cell = survey.cell(practice_id, role_id)
        lines.append(
            _(
                "%(practice)s — %(role)s: answers from %(low)s to %(high)s.",
                practice=_.practice(practice_id),
                role=_.role(role_id),
                low=_.level(cell.minimum),
                high=_.level(cell.maximum),
            )
        )
    if not lines:
        lines.append(_("No cell has answers two or more levels apart."))
    out.extend(Paragraph(text(line), st["list"]) for line in lines)

    out += _subheading(_("Comments"), st, bookmark=True)
    out.append(
        Paragraph(
            text(_("Comments are listed without their authors, in alphabetical order.")),
            st["muted"],
        )
    )
    any_comment = False
    topics = [(p.id, _.practice(p.id)) for p in FRAMEWORK.practices]
    for topic_id, title in [*topics, (OVERALL, _("Overall question"))]:
        comments = survey.comment_texts(topic_id)
        if not comments:
            continue
        any_comment = True
        bullets = "".join(f"<br/>• {text(c)}" for c in comments)
        out.append(Paragraph(f"<b>{text(title)}</b>{bullets}", st["list"]))
    if not any_comment:
        out.append(Paragraph(text(_("No comments.")), st["muted"]))
    return out


def build_pdf(summary: ExplorationSummary, lang: str, *, generated: date | None = None) -> bytes:
    """The summary of one exploration as PDF bytes, in `lang` ("en" or "fr")."""
    register_fonts()
    _ = Labels(lang)
    st = _styles()
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
    width = doc.width
    story: list[Flowable] = []
    story += _cover(summary, _, st, width)
    if generated:
        story.append(
            Paragraph(text(_("Generated on %(date)s.", date=_.date(generated))), st["muted"])
        )
    story.append(PageBreak())
    story += _context(summary, _, st)
    for section in (
        _stakeholders(summary, _, st),
        _timing(summary, _, st, width),
        _documents(summary, _, st, width),
        _survey(summary, _, st, width),
    ):
        story.append(CondPageBreak(7 * cm))  # a section never starts at the foot of a page
        story += section

    class _Canvas(SummaryCanvas):
        footer = pdf_safe(f"{r.reference or ''} · {_('Exploration summary')}")
        page_label = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")

    doc.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()
