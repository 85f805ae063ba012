"""The sections of the PDF summary (exports/pdf.py puts them in a document): each takes the
summary and the page's words and measures, and returns platypus flowables.

The heat map is a table whose cells state the level and the numbers; shading only repeats
them. The radar chart repeats the practice medians listed beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from exports.labels import Labels
from exports.pdf_fonts import FONT
from exports.pdf_radar import radar
from exports.pdf_styles import (
    BODY,
    CELL,
    CELL_BOLD,
    H1,
    H2,
    LIST,
    MUTED_TEXT,
    PERSON,
    SMALL,
    SUBTITLE,
    TITLE,
    Heading,
    keep_with_next,
    para,
    rich,
    table,
    user_paragraphs,
)
from exports.summary import ExplorationSummary
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


@dataclass
class Page:
    """What every section needs: the words, the width of the frame and numbers formatted
    once per document."""

    labels: Labels
    width: float
    number: Callable[[float | int | None], str]


def _lines(*values: Any) -> str:
    """Several lines of text, empty ones left out."""
    return "\n".join(str(v) for v in values if v)


def cover(s: ExplorationSummary, p: Page) -> list[Flowable]:
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
    data = [[para(label, CELL_BOLD), para(value or "—", CELL)] for label, value in rows]
    return [
        Heading(_("Exploration summary"), TITLE, 0),
        para(f"{r.reference or ''} · {r.service_name or department}", SUBTITLE),
        table(data, [p.width * 0.32, p.width * 0.68], header=False, grid=False),
        Spacer(1, 12),
        para(
            _(
                "Prepared by the Canadian Digital Service for planning. Contains personal "
                "information: share it only with the people working on this exploration."
            ),
            MUTED_TEXT,
        ),
    ]


def context(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r = s.request
    out: list[Flowable] = []
    for title, value in (
        (_("The problem"), r.problem),
        (_("Who the users are"), r.users),
        (_("Impact"), r.impact),
        (_("Why now"), r.why_now),
        (_("Constraints"), r.constraints),
    ):
        out += keep_with_next(para(title, H2), user_paragraphs(value, BODY, _("Not provided.")))
    return keep_with_next(Heading(_("Problem context"), H1, 0), out)


def _person(person: Any, _: Labels) -> Flowable:
    """A person in two or three lines: name (bold) and title; daily role; involvement and
    email."""
    rest = f", {person.title}" if person.title else ""
    if person.daily_role:
        rest += "\n" + _("Daily role: %(role)s", role=person.daily_role)
    involvement = _.involvement(person.involvement)
    details = ", ".join(x for x in (involvement, person.frequency or "") if x)
    last = [_("On the project: %(how)s", how=details)] if details else []
    if person.email:
        last.append(str(person.email))
    if last:
        rest += "\n" + " · ".join(last)
    return rich([(True, person.name), (False, rest)], PERSON)


def stakeholders(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    hours = s.hours
    intro = _(
        "%(people)d people named for %(interviews)d interviews.",
        people=hours.people,
        interviews=hours.interviews,
    )
    out: list[Flowable] = [para(intro)]
    groups = [(f"{t.number}. {t.name[_.lang]}", s.people_for(t.id), t.id) for t in TOPICS]
    if s.people_without_topic:
        groups.append((_("Not assigned to a topic yet"), s.people_without_topic, ""))
    for title, people, topic_id in groups:
        if people:
            body = [_person(person, _) for person in people]
        elif topic_id in s.topics_to_confirm:
            body = [para(_("To be confirmed."), MUTED_TEXT)]
        else:
            body = [para(_("No one named yet."), MUTED_TEXT)]
        out += keep_with_next(para(title, H2), body)
    return keep_with_next(Heading(_("Stakeholders by interview topic"), H1, 0), out)


def timing(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r, hours = s.request, s.hours
    dates = [
        _("Preferred start: %(date)s", date=_.date(r.preferred_start) or "—"),
        _("Latest start: %(date)s", date=_.date(r.latest_start) or "—"),
    ]
    if r.agreed_start:
        dates.append(_("Agreed start: %(date)s", date=_.date(r.agreed_start)))
    out: list[Flowable] = [para("\n".join(dates))]
    if r.timing_note:
        out += keep_with_next(
            para(_("Note on timing"), H2), user_paragraphs(r.timing_note, BODY, "")
        )
    rows: list[list[Any]] = [
        [
            _("Week"),
            _("What happens"),
            _("Starts"),
            _("Ends"),
            _("Lead’s hours"),
            _("Stakeholders’ hours"),
        ]
    ]
    for week in s.week_plan():
        rows.append(
            [
                str(week.number),
                WEEKS[week.number - 1].title[_.lang],
                _.date(week.start) if week.start else "—",
                _.date(week.end) if week.end else "—",
                _("%(low)d to %(high)d h", low=week.lead_low, high=week.lead_high),
                _("%(hours)d h", hours=week.stakeholders),
            ]
        )
    out.append(table(rows, [p.width * f for f in (0.08, 0.3, 0.17, 0.17, 0.14, 0.14)]))
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
    out.append(para("\n".join(totals)))
    return keep_with_next(Heading(_("Timing and hours"), H1, 0), out)


def documents(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    shared = s.request.documents_shared
    intro = _("%(shared)d of %(total)d documents shared.", shared=shared, total=len(DOCUMENTS))
    rows: list[list[Any]] = [[_("Document"), _("Status"), _("Note")]]
    extra: list[tuple[Any, ...]] = []
    seen_groups: set[str] = set()
    indented = CELL.clone("cell-indented", leftIndent=12)
    for document in DOCUMENTS:
        if document.group and document.group not in seen_groups:
            seen_groups.add(document.group)
            row = len(rows)
            rows.append([para(_.document_group(document.group), CELL_BOLD), "", ""])
            extra.append(("SPAN", (0, row), (-1, row)))
        status, note = s.documents.get(document.id, (None, None))
        name = para(_.document(document.id), indented if document.group else CELL)
        rows.append([name, _.document_status(status), note or ""])
    grid = table(rows, [p.width * 0.5, p.width * 0.2, p.width * 0.3], extra=extra)
    return keep_with_next(Heading(_("Documents checklist"), H1, 0), [para(intro), grid])


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


def _heat_map(s: ExplorationSummary, p: Page) -> Table:
    _ = p.labels
    rows: list[list[Any]] = [[_("Practice")] + [_.role(r.id) for r in FRAMEWORK.roles]]
    fills: list[tuple[Any, ...]] = []
    for row_index, practice in enumerate(FRAMEWORK.practices, start=1):
        row: list[Any] = [f"{row_index}. {_.practice(practice.id)}"]
        for column_index, role in enumerate(FRAMEWORK.roles, start=1):
            summary = s.survey.cell(practice.id, role.id)
            row.append("\n".join(_cell_lines(summary, p)))
            fill = BAND_FILLS.get(summary.band, colors.white)
            fills.append(("BACKGROUND", (column_index, row_index), (column_index, row_index), fill))
        rows.append(row)
    return table(rows, [p.width * 0.31] + [p.width * 0.23] * 3, extra=fills)


def _radar(s: ExplorationSummary, p: Page) -> Table:
    """The chart beside its key, the same figures in words."""
    _ = p.labels
    survey = s.survey
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
    chart = radar(medians, [_.level(level.value) for level in FRAMEWORK.levels])
    key_column = [para(line, SMALL) for line in key]
    layout = Table(
        [[chart, key_column]],
        colWidths=[chart.width + 12, p.width - chart.width - 12],
        style=TableStyle(
            [("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        ),
        hAlign="LEFT",
    )
    return layout


def survey(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    heading = Heading(_("Self-assessment"), H1, 0)
    count = len(s.respondents)
    if count == 0:
        return keep_with_next(heading, [para(_("No one has submitted the self-assessment yet."))])
    levels = ", ".join(f"{lv.value} {lv.name[_.lang]}" for lv in FRAMEWORK.levels)
    intro = (
        _("%(count)d people submitted the self-assessment.", count=count)
        + "\n"
        + _(
            "Experience levels: %(levels)s. Each cell gives the median, the number of "
            "answers (n) and any “don’t know” answers; darker shading repeats a higher "
            "median.",
            levels=levels,
        )
    )
    out = keep_with_next(heading, [para(intro)])
    out += keep_with_next(Heading(_("Heat map: median experience level"), H2, 1), [_heat_map(s, p)])
    out.append(CondPageBreak(9 * cm))  # the chart and its heading start a page together
    out += keep_with_next(Heading(_("Median per practice"), H2, 1), [_radar(s, p)])

    lines = []
    for practice_id, role_id in s.survey.divergent_cells:
        summary = s.survey.cell(practice_id, role_id)
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
    out += keep_with_next(Heading(_("Divergent views"), H2, 1), [para(x, LIST) for x in lines])

    comments: list[Flowable] = [
        para(_("Comments are listed without their authors, in alphabetical order."), MUTED_TEXT)
    ]
    topics = [(practice.id, _.practice(practice.id)) for practice in FRAMEWORK.practices]
    for topic_id, title in [*topics, (OVERALL, _("Overall question"))]:
        texts = s.survey.comment_texts(topic_id)
        if texts:
            comments.append(rich([(True, title), *((False, f"\n• {c}") for c in texts)], LIST))
    if len(comments) == 1:
        comments.append(para(_("No comments."), MUTED_TEXT))
    out += keep_with_next(Heading(_("Comments"), H2, 1), comments)
    return out
