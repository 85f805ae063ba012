"""The plan's sheet of a workbook: every week-2 interview, with its topics, the people named
for them, its local times in the exploration's zone, and where it stands. Data in from
exports.data (iter_interviews), words from exports.labels, cells through exports.sheet_writer.

A spreadsheet has no time zones: the times are the exploration's local times, as its pages
and calendars show them, and the zone is named in its own column."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from exports.labels import Labels
from exports.sheet_writer import CellMaker, Column, Sheet, flag_column
from intake.reference import TOPIC_BY_ID

PEOPLE_SEPARATOR = "; "


def interviews_sheet(wb: Workbook, _: Labels, rows: Iterable[Any]) -> None:
    yes, no = _.yes_no(True), _.yes_no(False)
    sheet = Sheet(
        wb,
        _("Interviews"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Topic numbers"), 9),
            Column(_("Interview topics"), 36),
            Column(_("People"), 36),
            Column(_("Starts (local time)"), 17),
            Column(_("Ends (local time)"), 17),
            Column(_("Time zone"), 24),
            Column(_("Status"), 12),
            Column(_("Held"), 8),
            Column(_("Someone is not available"), 12),
            Column(_("Partner’s note"), 36),
        ],
    )
    sheet.finishers.append(flag_column(11, yes))
    c = CellMaker(sheet)
    topic_names = {t: _.topic(t) for t in TOPIC_BY_ID}
    zones: dict[str, str] = {}
    previous: tuple[Any, Any] = (None, None)
    department: Any = None
    for r in rows:
        key = (r.department_code, r.department_other)
        if key != previous:
            department, previous = c.text(_.department(*key)), key
        if r.time_zone not in zones:
            zones[r.time_zone] = _.time_zone(r.time_zone) or r.time_zone
        numbers = [str(TOPIC_BY_ID[t].number) for t in r.topics if t in TOPIC_BY_ID]
        sheet.append(
            [
                r.reference,
                department,
                ", ".join(numbers) or None,
                "; ".join(topic_names.get(t) or t for t in r.topics) or None,
                c.text(PEOPLE_SEPARATOR.join(r.people)),
                c.datetime(r.starts_at),
                c.datetime(r.ends_at),
                zones[r.time_zone],
                _.interview_status(r.status),
                yes if r.held else no,
                yes if r.partner_unavailable else no,
                c.text(r.partner_note),
            ]
        )
    sheet.finish()
