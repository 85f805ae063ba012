"""The plan's section of the PDF summary: the agreed dates, the agreement, the CDS team, the
kickoff and the week-2 interviews, their times in the exploration's time zone (named once,
above the times). Platypus Paragraphs and Tables, like exports/pdf_sections.py."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from exports.labels import Labels
from exports.pdf_sections import Page
from exports.pdf_styles import CELL, CELL_BOLD, H1, H2, MUTED_TEXT, Heading, keep_with_next, para
from exports.pdf_styles import table as make_table
from exports.summary import ExplorationSummary


def _team(s: ExplorationSummary, _: Labels) -> str:
    return "\n".join(f"{name} ({_.team_role(role)})" for name, role in s.plan.team)


def plan(s: ExplorationSummary, p: Page) -> list[Flowable]:
    _ = p.labels
    r, plan_ = s.request, s.plan
    agreed = ""
    if r.agreed_start:
        agreed = _(
            "%(start)s to %(end)s", start=_.date(r.agreed_start), end=_.date(r.agreed_end) or "…"
        )
    kickoff = _.time_range(plan_.kickoff_start, plan_.kickoff_end) if plan_.kickoff_start else ""
    rows: list[tuple[str, Any]] = [
        (_("Agreed dates"), agreed),
        (_("Agreement sent on"), _.date(plan_.agreement_sent_on)),
        (_("Agreement signed on"), _.date(plan_.agreement_signed_on)),
        (_("CDS team"), _team(s, _) or _("No team named yet.")),
        (_("Kickoff"), kickoff),
        (_("Time zone"), _.time_zone(plan_.time_zone) or plan_.time_zone),
    ]
    data = [
        [para(label, CELL_BOLD), para(value or _("Not set yet."), CELL)] for label, value in rows
    ]
    out: list[Flowable] = [
        make_table(data, [p.width * 0.32, p.width * 0.68], header=False, grid=False),
        Spacer(1, 8),
    ]
    interviews: list[Flowable] = []
    if plan_.interviews:
        counts = _(
            "%(scheduled)d scheduled, %(held)d held", scheduled=plan_.scheduled, held=plan_.held
        )
        zone = _("Times in %(zone)s.", zone=_.time_zone(plan_.time_zone) or plan_.time_zone)
        interviews.append(para(f"{counts}. {zone}"))
        grid: list[list[Any]] = [[_("When"), _("Interview topics"), _("With"), _("Status")]]
        for interview in plan_.interviews:
            status = _.interview_status(interview.status)
            if interview.partner_unavailable and interview.status != "cancelled":
                status += "\n" + _("Someone is not available then.")
            grid.append(
                [
                    _.time_range(interview.start, interview.end),
                    "\n".join(_.topic(t) for t in interview.topics),
                    "\n".join(interview.people) or _("No one named yet"),
                    status,
                ]
            )
        interviews.append(make_table(grid, [p.width * f for f in (0.3, 0.28, 0.24, 0.18)]))
    else:
        interviews.append(para(_("No interviews scheduled yet."), MUTED_TEXT))
    out += keep_with_next(para(_("Interviews"), H2), interviews)
    return keep_with_next(Heading(_("The plan"), H1, 0), out)
