"""The survey's sheets of a workbook: every answer, each respondent and their comments (one
exploration's workbook only), the 6 x 3 aggregate and the heat map. Data in from
exports.data, words from exports.labels, cells through exports.sheet_writer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from exports.labels import Labels
from exports.sheet_writer import CellMaker, Column, Sheet, colour_columns, flag_column
from intake.reference import TOPIC_BY_ID
from surveys.framework import FRAMEWORK


def answers_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
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


def aggregate_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
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
    )
    sheet.finishers.append(colour_columns(7, 7))
    sheet.finishers.append(flag_column(16, yes))
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


def heat_map_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
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
    )
    sheet.finishers.append(colour_columns(5, 4 + len(cells)))
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


def respondents_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
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


def comments_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    sheet = Sheet(
        wb,
        _("Comments"),
        [Column(_("Respondent"), 11), Column(_("Practice"), 40), Column(_("Comment"), 80)],
    )
    c = CellMaker(sheet)
    for r in rows:
        sheet.append([r.respondent_number, _.practice(r.practice_id), c.text(r.comment)])
    sheet.finish()
