"""Excel workbooks: the portfolio (every exploration, or the dashboard's filter) and one
exploration with its full survey detail. Data in (exports.data.WorkbookData), a .xlsx out.

Streamed: openpyxl's write-only mode writes each row to a temporary file as it arrives (with
lxml), and each sheet pulls its rows from its own batched query, so memory does not grow
with the portfolio. A sheet that would pass Excel's 1,048,576 rows continues on a second
sheet with the same headers.

Every sheet has a frozen header row (and reference column), a filter on every column, set
widths, real dates and numbers. User text goes through `exports.safe_text`: never a formula,
an error value or an invalid character (see that module for the rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from exports.data import WorkbookData, hours_from_counts, week_hours, week_start
from exports.labels import Labels
from exports.safe_text import EXCEL_CELL_LIMIT, clean_text, needs_guard
from intake.reference import DOCUMENT_BY_ID, DOCUMENTS, TOPIC_BY_ID, WEEKS
from surveys.framework import FRAMEWORK

MAX_ROWS = 1_048_576
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MEDIAN_FORMAT = "0.0"
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
# A sequential blue scale: light for level 1, darker for 4. Black text stays readable on
# every shade (contrast 6:1 or more) and the number is always shown.
SCALE_LOW, SCALE_MID, SCALE_HIGH = "F1F7FD", "9ECAE1", "4F94CD"
DIVERGENT_FILL = PatternFill(start_color="FFE699", end_color="FFE699", fill_type="solid")
DOCUMENT_NUMBER = {d.id: i for i, d in enumerate(DOCUMENTS, start=1)}


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14


class Sheet:
    """A write-only sheet with a header row, continued on a new sheet at Excel's row limit."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        columns: Sequence[Column],
        *,
        freeze: str = "B2",
        header_height: float | None = None,
    ) -> None:
        self.workbook = workbook
        self.title = title
        self.columns = columns
        self.freeze = freeze
        self.header_height = header_height
        self.parts: list[tuple[WriteOnlyWorksheet, int]] = []
        self.ws: WriteOnlyWorksheet = self._new_part()
        self.rows = 1
        # Per-part callbacks that add conditional formatting once the row count is known.
        self.finishers: list[Callable[[WriteOnlyWorksheet, int], None]] = []

    def _new_part(self) -> WriteOnlyWorksheet:
        number = len(self.parts) + 1
        title = self.title if number == 1 else f"{self.title[:27]} ({number})"
        ws = self.workbook.create_sheet(title)
        ws.freeze_panes = self.freeze
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        if self.header_height:
            ws.row_dimensions[1].height = self.header_height
        ws.append([self._header_cell(ws, c.header) for c in self.columns])
        self.parts.append((ws, 1))
        return ws

    def _header_cell(self, ws: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
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
            cell = WriteOnlyCell(self.sheet.ws, value=None)
            cell._value = text
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        return text

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


def _colour_columns(first: int, last: int) -> Callable[[WriteOnlyWorksheet, int], None]:
    def finisher(ws: WriteOnlyWorksheet, rows: int) -> None:
        if rows < 2:
            return
        cells = f"{get_column_letter(first)}2:{get_column_letter(last)}{rows}"
        ws.conditional_formatting.add(cells, _median_scale())

    return finisher


def _flag_column(column: int, flag: str) -> Callable[[WriteOnlyWorksheet, int], None]:
    def finisher(ws: WriteOnlyWorksheet, rows: int) -> None:
        if rows < 2:
            return
        letter = get_column_letter(column)
        literal = '"' + flag.replace('"', '""') + '"'
        ws.conditional_formatting.add(
            f"{letter}2:{letter}{rows}",
            CellIsRule(operator="equal", formula=[literal], fill=DIVERGENT_FILL),
        )

    return finisher


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
            Column(_("Topics with someone named (of %(count)d)", count=len(TOPIC_BY_ID)), 14),
            Column(_("Documents shared (of %(count)d)", count=len(DOCUMENTS)), 14),
            Column(_("Survey respondents"), 12),
            Column(_("People to interview"), 12),
            Column(_("Interviews"), 11),
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
        header_height=45,
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
                r.topics_named,
                r.documents_shared,
                r.respondents_submitted,
                r.people,
                r.interviews,
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
        header_height=30,
    )
    c = CellMaker(sheet)
    topic_names = {t: _.topic(t) for t in TOPIC_BY_ID}
    departments: dict[tuple[Any, Any], Any] = {}
    for r in rows:
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
        header_height=30,
    )
    c = CellMaker(sheet)
    week_titles = {w.number: w.title[_.lang] for w in WEEKS}
    for r in rows:
        hours = hours_from_counts(r.people, r.interviews)
        department = c.text(_.department(r.department_code, r.department_other))
        service = c.text(r.service_name)
        for week in WEEKS:
            start = week_start(r.agreed_start, week.number)
            lead_min, lead_max, stakeholders = week_hours(week.number, hours)
            sheet.append(
                [
                    r.reference,
                    department,
                    service,
                    _.status(r.status),
                    week.number,
                    week_titles[week.number],
                    c.date(start),
                    c.date(start + timedelta(days=4)),
                    lead_min,
                    lead_max,
                    stakeholders,
                    lead_min + stakeholders,
                    lead_max + stakeholders,
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


def _answers_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Survey answers"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Respondent"), 11),
            Column(_("Functional area"), 24),
            Column(_("Position level"), 16),
            Column(_("Submitted (UTC)"), 17),
            Column(_("Practice"), 40),
            Column(_("Role or structure"), 30),
            Column(_("Level (1-4)"), 10),
            Column(_("Answer"), 24),
        ],
        header_height=30,
    )
    c = CellMaker(sheet)
    practices = {p.id: _.practice(p.id) for p in FRAMEWORK.practices}
    roles = {r.id: _.role(r.id) for r in FRAMEWORK.roles}
    answers = {v: _.level(v) for v in (None, 1, 2, 3, 4)}
    areas = {t: _.topic(t) for t in TOPIC_BY_ID}
    levels = {code: _.respondent_level(code) for code in ("executive", "management", "working")}
    previous: tuple[Any, Any] = (None, None)
    department: Any = None
    last_respondent: Any = None
    submitted = area = level = None
    for r in rows:
        key = (r.department_code, r.department_other)
        if key != previous:
            department, previous = c.text(_.department(*key)), key
        if r.respondent_id != last_respondent:
            # A respondent's 18 rows share these cells (see CellMaker: rows are written as
            # they are appended, so one cell object can be written on several rows).
            last_respondent = r.respondent_id
            submitted = c.datetime(r.submitted_at)
            area = areas.get(r.functional_area or "") or c.text(r.functional_area)
            level = levels.get(r.respondent_level or "") or c.text(r.respondent_level)
        sheet.append(
            [
                r.reference,
                department,
                r.respondent_number,
                area,
                level,
                submitted,
                practices.get(r.practice_id) or c.text(r.practice_id),
                roles.get(r.role_id) or c.text(r.role_id),
                r.level,
                answers.get(r.level) or str(r.level),
            ]
        )
    sheet.finish()


def _cell_header(_: Labels, practice_id: str, role_id: str) -> str:
    number = [p.id for p in FRAMEWORK.practices].index(practice_id) + 1
    return f"{number}. {_.practice(practice_id)} — {_.role(role_id)}"


def _aggregate_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    yes = _.yes_no(True)
    sheet = Sheet(
        wb,
        _("Aggregate"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Service"), 28),
            Column(_("Respondents"), 12),
            Column(_("Practice"), 40),
            Column(_("Role or structure"), 30),
            Column(_("Median"), 9),
            Column(_("Answers (n)"), 9),
            Column(_("Don’t know"), 9),
            Column(_("Lowest"), 9),
            Column(_("Highest"), 9),
            *(Column(f"{level.value}. {level.name[_.lang]}", 12) for level in FRAMEWORK.levels),
            Column(_("Divergent (2 or more levels apart)"), 14),
        ],
        header_height=45,
    )
    sheet.finishers.append(_colour_columns(7, 7))
    sheet.finishers.append(_flag_column(16, yes))
    c = CellMaker(sheet)
    practices = {p.id: _.practice(p.id) for p in FRAMEWORK.practices}
    roles = {r.id: _.role(r.id) for r in FRAMEWORK.roles}
    no = _.yes_no(False)
    for r in rows:
        s = r.summary
        sheet.append(
            [
                r.reference,
                c.text(_.department(r.department_code, r.department_other)),
                c.text(r.service_name),
                r.respondents,
                practices[r.practice_id],
                roles[r.role_id],
                c.median(s.median),
                s.n,
                s.dont_know,
                s.minimum,
                s.maximum,
                *s.distribution,
                yes if s.divergent else no,
            ]
        )
    sheet.finish()


def _heat_map_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    cells = FRAMEWORK.cells
    sheet = Sheet(
        wb,
        _("Heat map"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Service"), 28),
            Column(_("Respondents"), 12),
            *(Column(_cell_header(_, p, r), 16) for p, r in cells),
        ],
        header_height=120,
    )
    sheet.finishers.append(_colour_columns(5, 4 + len(cells)))
    c = CellMaker(sheet)
    current: list[Any] = []
    for r in rows:
        if not current:
            current = [
                r.reference,
                c.text(_.department(r.department_code, r.department_other)),
                c.text(r.service_name),
                r.respondents,
            ]
        current.append(c.median(r.summary.median))
        if len(current) == 4 + len(cells):
            sheet.append(current)
            current = []
    sheet.finish()


def _respondents_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Respondents"),
        [
            Column(_("Respondent"), 11),
            Column(_("Functional area"), 24),
            Column(_("Position level"), 16),
            Column(_("Submitted (UTC)"), 17),
            Column(_("Overall level (1-4)"), 12),
            Column(_("Overall answer"), 24),
            Column(_("Comment on the overall question"), 60),
        ],
        header_height=30,
    )
    c = CellMaker(sheet)
    for r in rows:
        answered = r.overall_level is not None or r.overall_dont_know
        sheet.append(
            [
                r.number,
                _.topic(r.functional_area) or None,
                _.respondent_level(r.respondent_level) or None,
                c.datetime(r.submitted_at),
                r.overall_level,
                _.level(r.overall_level) if answered else None,
                c.text(r.overall_comment),
            ]
        )
    sheet.finish()


def _comments_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Comments"),
        [Column(_("Respondent"), 11), Column(_("Practice"), 40), Column(_("Comment"), 80)],
    )
    c = CellMaker(sheet)
    for r in rows:
        sheet.append([r.respondent_number, _.practice(r.practice_id), c.text(r.comment)])
    sheet.finish()


# Entry points -----------------------------------------------------------------------------------
def build_workbook(
    data: WorkbookData, lang: str, out: str | Path | IO[bytes], *, title: str
) -> None:
    """Write the workbook for `data` in `lang` to `out` (a path or a binary file)."""
    _ = Labels(lang)
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = _("Canadian Digital Service")
    wb.properties.language = f"{lang}-CA"
    _requests_sheet(wb, _, data.requests())
    _stakeholders_sheet(wb, _, data.stakeholders())
    _schedule_sheet(wb, _, data.schedule())
    _documents_sheet(wb, _, data.documents())
    _answers_sheet(wb, _, data.answers())
    if data.respondents is not None:
        _respondents_sheet(wb, _, data.respondents())
    if data.comments is not None:
        _comments_sheet(wb, _, data.comments())
    _aggregate_sheet(wb, _, data.cells())
    _heat_map_sheet(wb, _, data.cells())
    wb.save(out)


def portfolio_title(_: Labels) -> str:
    return _("Explorations: portfolio")


def exploration_title(_: Labels, reference: str) -> str:
    return _("Exploration %(reference)s", reference=reference)
