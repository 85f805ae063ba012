"""Excel workbooks: the portfolio (every exploration, or the dashboard's filter) and one
exploration with its full survey detail. Data in (exports.data.WorkbookData), a .xlsx out.

Each sheet pulls its rows from its own batched query and writes them through
exports.sheet_writer (openpyxl's write-only mode), so memory does not grow with the
portfolio. Every sheet has a header row that wraps, frozen with the reference column, a
filter on every column, set widths, real dates and numbers, and prints landscape one page
wide with the header on every page. User text goes through `exports.safe_text`: never a
formula, an error value or an invalid character (see that module for the rules).

Rows keep the data layer's order (the dashboard's), except people: within an exploration
and a topic they are listed by name, in alphabetical order as readers expect it
(core.collation: "Équipe" after "Bon", not after "avant").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from core.collation import sort_key
from exports.data import WorkbookData
from exports.labels import Labels
from exports.outcome_sheets import write_outcome_sheets
from exports.plan_sheets import interviews_sheet
from exports.removed import workbook_in_words
from exports.rows import TOPIC_RANK, StakeholderRow
from exports.sheet_writer import CellMaker, Column, Sheet
from exports.survey_sheets import (
    aggregate_sheet,
    answers_sheet,
    comments_sheet,
    heat_map_sheet,
    respondents_sheet,
)
from exports.weeks import week_plan
from intake.hours import hours_from_counts
from intake.reference import DOCUMENT_BY_ID, DOCUMENTS, TOPIC_BY_ID, WEEKS

# The generic writer's names, for callers that write a sheet of their own.
__all__ = ["CellMaker", "Column", "Sheet", "build_workbook", "collated_people"]

DOCUMENT_NUMBER = {d.id: i for i, d in enumerate(DOCUMENTS, start=1)}


def collated_people(rows: Iterable[StakeholderRow]) -> Iterator[StakeholderRow]:
    """Each exploration's rows (they arrive together) by topic, then by the person's name in
    collation order, then in the order people were added. One exploration in memory at a
    time, and each name's collation key computed once."""
    for _eid, group in itertools.groupby(rows, key=lambda row: row.exploration_id):
        people = list(group)
        names = {row.name: sort_key(row.name) for row in people}
        people.sort(
            key=lambda row: (
                TOPIC_RANK.get(row.topic_id or "", 99),
                names[row.name],
                row.stakeholder_id,
            )
        )
        yield from people


# Sheets ------------------------------------------------------------------------------------------
def _requests_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Requests"),
        [
            Column(_("Reference"), 15),
            Column(_("Status"), 14),
            Column(_("Department"), 30),
            Column(_("Branch"), 24),
            Column(_("Service"), 30),
            Column(_("Project lead"), 22),
            Column(_("Lead’s title"), 24),
            Column(_("Lead’s email"), 28),
            Column(_("Lead’s phone"), 16),
            Column(_("Lead’s language"), 12),
            Column(_("Executive sponsor"), 22),
            Column(_("Sponsor’s title"), 24),
            Column(_("Sponsor’s email"), 28),
            Column(_("Submitted (UTC)"), 17),
            Column(_("Last updated (UTC)"), 17),
            Column(_("Preferred start"), 12),
            Column(_("Latest start"), 12),
            Column(_("Agreed start"), 12),
            Column(_("Agreed end"), 12),
            Column(_("Agreement sent on"), 12),
            Column(_("Agreement signed on"), 12),
            Column(_("Team lead"), 22),
            Column(_("Team members"), 30),
            Column(_("Topics with someone named (of %(count)d)", count=len(TOPIC_BY_ID)), 14),
            Column(_("Documents shared (of %(count)d)", count=len(DOCUMENTS)), 14),
            Column(_("Survey respondents"), 12),
            Column(_("People to interview"), 12),
            Column(_("Interviews"), 11),
            Column(_("Interviews scheduled"), 11),
            Column(_("Interviews held"), 11),
            Column(_("Interviews with someone not available"), 14),
            Column(_("Lead’s hours (min)"), 11),
            Column(_("Lead’s hours (max)"), 11),
            Column(_("Stakeholders’ hours"), 12),
            Column(_("Partner’s hours (min)"), 12),
            Column(_("Partner’s hours (max)"), 12),
            Column(_("Timing note"), 30),
            Column(_("Problem"), 40),
            Column(_("Users"), 30),
            Column(_("Impact"), 30),
            Column(_("Why now"), 30),
            Column(_("Constraints"), 30),
        ],
    )
    c = CellMaker(sheet)
    status = _.status
    for r in rows:
        hours = hours_from_counts(r.people, r.interviews)
        sheet.append(
            [
                r.reference,
                status(r.status),
                c.text(_.department(r.department_code, r.department_other)),
                c.text(r.branch),
                c.text(r.service_name),
                c.text(r.lead_name),
                c.text(r.lead_title),
                c.text(r.lead_email),
                c.text(r.lead_phone),
                _.language(r.lead_language) or None,
                c.text(r.sponsor_name),
                c.text(r.sponsor_title),
                c.text(r.sponsor_email),
                c.datetime(r.submitted_at),
                c.datetime(r.updated_at),
                c.date(r.preferred_start),
                c.date(r.latest_start),
                c.date(r.agreed_start),
                c.date(r.agreed_end),
                c.date(r.agreement_sent_on),
                c.date(r.agreement_signed_on),
                c.text(r.team_lead),
                c.text(r.team_members),
                r.topics_named,
                r.documents_shared,
                r.respondents_submitted,
                r.people,
                r.interviews,
                r.interviews_scheduled,
                r.interviews_held,
                r.interviews_unavailable,
                hours.lead_low,
                hours.lead_high,
                hours.stakeholder_hours,
                hours.total_low,
                hours.total_high,
                c.text(r.timing_note),
                c.text(r.problem),
                c.text(r.users),
                c.text(r.impact),
                c.text(r.why_now),
                c.text(r.constraints),
            ]
        )
    sheet.finish()


def _stakeholders_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Stakeholders"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Topic number"), 9),
            Column(_("Interview topic"), 28),
            Column(_("Name"), 24),
            Column(_("Official title"), 28),
            Column(_("Daily role"), 36),
            Column(_("Role on the project"), 18),
            Column(_("How often"), 20),
            Column(_("Email"), 28),
            Column(_("Language"), 12),
        ],
    )
    c = CellMaker(sheet)
    topic_names = {t: _.topic(t) for t in TOPIC_BY_ID}
    departments: dict[tuple[Any, Any], Any] = {}
    for r in collated_people(rows):
        key = (r.department_code, r.department_other)
        if key not in departments:
            departments[key] = c.text(_.department(*key))
        topic = TOPIC_BY_ID.get(r.topic_id or "")
        sheet.append(
            [
                r.reference,
                departments[key],
                topic.number if topic else None,
                topic_names.get(r.topic_id or "", c.text(r.topic_id)),
                c.text(r.name),
                c.text(r.title),
                c.text(r.daily_role),
                _.involvement(r.involvement) or None,
                c.text(r.frequency),
                c.text(r.email),
                _.language(r.language) or None,
            ]
        )
        if len(departments) > 500:
            departments.clear()
    sheet.finish()


def _schedule_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Schedule"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Service"), 30),
            Column(_("Status"), 14),
            Column(_("Week"), 7),
            Column(_("What happens"), 36),
            Column(_("Week starts"), 12),
            Column(_("Week ends"), 12),
            Column(_("Lead’s hours (min)"), 11),
            Column(_("Lead’s hours (max)"), 11),
            Column(_("Stakeholders’ hours"), 12),
            Column(_("Partner’s hours (min)"), 12),
            Column(_("Partner’s hours (max)"), 12),
        ],
    )
    c = CellMaker(sheet)
    week_titles = {w.number: w.title[_.lang] for w in WEEKS}
    for r in rows:
        hours = hours_from_counts(r.people, r.interviews)
        department = c.text(_.department(r.department_code, r.department_other))
        service = c.text(r.service_name)
        for week in week_plan(r.agreed_start, r.agreed_end, hours):
            sheet.append(
                [
                    r.reference,
                    department,
                    service,
                    _.status(r.status),
                    week.number,
                    week_titles[week.number],
                    c.date(week.start),
                    c.date(week.end),
                    week.lead_low,
                    week.lead_high,
                    week.stakeholders,
                    week.lead_low + week.stakeholders,
                    week.lead_high + week.stakeholders,
                ]
            )
    sheet.finish()


def _documents_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Documents"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Item"), 7),
            Column(_("Group"), 22),
            Column(_("Document"), 50),
            Column(_("Status"), 18),
            Column(_("Note"), 40),
        ],
    )
    c = CellMaker(sheet)
    names = {d.id: _.document(d.id) for d in DOCUMENTS}
    groups = {d.id: _.document_group(d.group) or None for d in DOCUMENTS}
    statuses = {
        code: _.document_status(code)
        for code in (None, "will_share", "shared", "not_available", "not_applicable")
    }
    previous: tuple[Any, Any] = (None, None)
    department: Any = None
    for r in rows:
        key = (r.department_code, r.department_other)
        if key != previous:
            department, previous = c.text(_.department(*key)), key
        document = DOCUMENT_BY_ID.get(r.document_id)
        sheet.append(
            [
                r.reference,
                department,
                DOCUMENT_NUMBER.get(r.document_id),
                groups.get(r.document_id),
                names.get(r.document_id) or (c.text(document.id) if document else None),
                statuses.get(r.status) or c.text(r.status),
                c.text(r.note),
            ]
        )
    sheet.finish()


# Entry points -----------------------------------------------------------------------------------
# Progress: (sheet number from 1, sheets, explorations written in this sheet). Called once per
# exploration per sheet, as its first row goes by, and once at each sheet's end (with -1).
ProgressCallback = Callable[[int, int, int], None]


def _tracked(
    rows: Iterable[Any], progress: ProgressCallback | None, sheet: int, sheets: int
) -> Iterable[Any]:
    """The rows unchanged; the callback told each time a new exploration's rows begin (rows
    of one exploration arrive together, their first field its id)."""
    if progress is None:
        return rows

    def counted() -> Iterator[Any]:
        last, count = None, 0
        for row in rows:
            if row[0] != last:
                last, count = row[0], count + 1
                progress(sheet, sheets, count)
            yield row
        progress(sheet, sheets, -1)

    return counted()


def build_workbook(
    data: WorkbookData,
    lang: str,
    out: str | Path | IO[bytes],
    *,
    title: str,
    progress: ProgressCallback | None = None,
) -> None:
    """Write the workbook for `data` in `lang` to `out` (a path or a binary file), telling
    `progress` how far it is (see ProgressCallback)."""
    _ = Labels(lang)
    data = workbook_in_words(data, _.removed)
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = _("Canadian Digital Service")
    wb.properties.language = f"{lang}-CA"
    sheets: list[tuple[Callable[..., None], Callable[[], Iterable[Any]], bool]] = [
        (_requests_sheet, data.requests, True),
        (_stakeholders_sheet, data.stakeholders, True),
        (_schedule_sheet, data.schedule, True),
        (interviews_sheet, data.interviews, True),
        (_documents_sheet, data.documents, True),
        (answers_sheet, data.answers, True),
    ]
    if data.respondents is not None:
        sheets.append((respondents_sheet, data.respondents, False))
    if data.comments is not None:
        sheets.append((comments_sheet, data.comments, False))
    sheets += [(aggregate_sheet, data.cells, True), (heat_map_sheet, data.cells, True)]
    for number, (write, source, by_exploration) in enumerate(sheets, start=1):
        rows = source()
        if by_exploration:
            rows = _tracked(rows, progress, number, len(sheets))
        write(wb, _, rows)
        if progress is not None and not by_exploration:
            progress(number, len(sheets), -1)
    if data.outcomes is not None and data.recommendations is not None:
        write_outcome_sheets(
            wb, _, data.outcomes(), data.recommendations(), detail=data.respondents is not None
        )
    wb.save(out)


def portfolio_title(_: Labels) -> str:
    return _("Explorations: portfolio")


def exploration_title(_: Labels, reference: str) -> str:
    return _("Exploration %(reference)s", reference=reference)
