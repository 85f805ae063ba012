"""The PDF summary of one exploration, in English or French. Data in, bytes out.

- Fonts: DejaVu Sans (regular and bold) is embedded (subset), so every name prints: accents,
  œ, the narrow no-break space of French typography, Inuktitut syllabics. No text is set in
  the PDF's standard fonts (Helvetica has no syllabics). The build copies the
  files into static/vendor/fonts (`make assets`).
- User text prints literally: it is stripped of control characters and never parsed as
  markup (no reportlab Paragraph: our own line breaker sets every text), so `<b>` or `&amp;`
  typed by a partner show as typed.
- Drawing: the fonts, the line breaker and the small flowables the sections are made of
  (`Block`, `Heading`, `Grid`, `Radar`, cheaper than platypus Paragraph, Table and a
  reportlab.graphics chart) are in exports/pdf_layout.py; this module lays out the sections,
  the pages and the document.
- The heat map is a table whose cells state the level and the numbers; shading only repeats
  them. The radar chart repeats the practice medians listed beside it.
- Metadata: title, author, subject, creator, language (the catalogue's /Lang), the title shown
  in the window bar, an outline (one bookmark per section) and "Page 2 of 5" on every page
  (pages are kept until the count is known, so the document is laid out only once).

reportlab cannot tag a PDF for screen readers; the same summary is an accessible HTML page
(templates/exports/summary.html).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from exports.data import ExplorationSummary
from exports.labels import Labels
from exports.pdf_layout import (  # FONT, FONT_BOLD and register_fonts are also used by bench/
    BODY,
    FONT,
    FONT_BOLD,
    H1,
    H2,
    LIST,
    MUTED,
    MUTED_TEXT,
    PERSON,
    SUBTITLE,
    TITLE,
    Block,
    Grid,
    Heading,
    Radar,
    Row,
    Run,
    TextStyle,
    cell,
    pdf_safe,
    plain,
    register_fonts,
)
from intake.reference import DOCUMENTS, TOPICS, WEEKS
from surveys.aggregation import OVERALL, CellSummary
from surveys.framework import FRAMEWORK

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


def _subheading(title: str, bookmark: bool = False) -> list[Flowable]:
    """A level-2 heading that never ends a page: a conditional page break before it is much
    cheaper than keepWithNext, which lays the next flowable out twice."""
    heading = Heading(title, H2, 1) if bookmark else Block.of(title, H2)
    return [CondPageBreak(3 * cm), heading]


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
