"""The final report's content, read once from the database, partner-safe by construction.

What goes in, and what never does:

- The self-assessment enters only as the aggregate of the answers *released* to the partner
  (surveys.results.results_for(staff=False)), and only from the anonymity threshold up
  (outcome.compare): fewer than K people's answers, and the report has no self-assessment
  figure at all and says why. Respondent groups follow the same rule.
- No individual answer, no respondent's comment (not even unattributed: a handful of comments
  can identify their authors), no staff note, no member's own rating or rationale: only the
  team's reconciled rating, findings and recommendations, which CDS writes for the partner.

`ReportData` is plain data: the PDF builder (exports.report_pdf) and the web page
(templates/exports/report.html) read the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.i18n import written_in
from intake.models import Exploration, Stakeholder, StakeholderTopic
from outcome import recommending
from outcome import service as outcome
from outcome.compare import Comparison
from planning.models import Interview, team_of
from surveys.framework import FRAMEWORK
from surveys.invitations import SurveyInvitation
from surveys.results import participation_query


@dataclass(frozen=True)
class ReportFinding:
    practice_id: str
    helps: str | None
    blocks: str | None
    role_ids: tuple[str, ...]


@dataclass(frozen=True)
class ReportRecommendation:
    number: int  # in the settled order
    title: str
    description: str
    practice_ids: tuple[str, ...]
    role_ids: tuple[str, ...]
    horizon: str
    effort: str
    impact: str
    carrier: str
    carrier_name: str | None
    wants_help: bool


@dataclass(frozen=True)
class Participation:
    invited: int | None  # colleagues invited by email; None: nobody was (the link was shared)
    started: int
    submitted: int
    released: int  # the answers the figures rest on
    threshold: int


@dataclass(frozen=True)
class ReportData:
    reference: str
    department_code: str | None
    department_other: str | None
    branch: str | None
    service_name: str | None
    partner_lang: str
    agreed_start: date | None
    agreed_end: date | None
    team: tuple[tuple[str, str], ...]  # (name, "lead" | "member")
    interviews_planned: int  # interview topics with someone named
    interviews_held: int | None  # None: no week-2 schedule was recorded
    participation: Participation
    comparison: Comparison
    findings: dict[str, ReportFinding]
    recommendations: tuple[ReportRecommendation, ...]
    published_at: datetime | None

    def recommendations_for(self, practice_id: str) -> list[ReportRecommendation]:
        return [r for r in self.recommendations if practice_id in r.practice_ids]

    def by_horizon(self, horizon: str) -> list[ReportRecommendation]:
        return [r for r in self.recommendations if r.horizon == horizon]

    def levels_for(self, practice_id: str) -> list[int]:
        """The levels CDS gave this practice (its descriptors apply), lowest first."""
        return sorted(
            {c.cds_level for c in self.comparison.row(practice_id) if c.cds_level is not None}
        )


def _interviews(session: Session, exploration_id: int) -> tuple[int, int | None]:
    """(planned, held). Planned: the interviews of the week-2 schedule, cancelled ones left
    out, and held: those the team marked held. Before there is a schedule, planned is the
    interview topics with someone named by the partner, and held is unknown (None)."""
    not_cancelled = (Interview.exploration_id == exploration_id) & (Interview.status != "cancelled")
    scheduled, held = session.execute(
        select(func.count(), func.count().filter(Interview.held.is_(True))).where(not_cancelled)
    ).one()
    if scheduled:
        return scheduled, held
    named = (
        select(func.count(func.distinct(StakeholderTopic.topic_id)))
        .join(Stakeholder, Stakeholder.id == StakeholderTopic.stakeholder_id)
        .where(Stakeholder.exploration_id == exploration_id)
    )
    return session.scalar(named) or 0, None


def _invited(session: Session, exploration_id: int) -> int | None:
    """The colleagues the lead invited by email; None when nobody was (the survey's link may
    have been shared another way, so the service cannot know how many were asked)."""
    count = session.scalar(
        select(func.count()).where(SurveyInvitation.exploration_id == exploration_id)
    )
    return count or None


def _participation(session: Session, exploration_id: int, threshold: int) -> Participation:
    counts = session.execute(participation_query(exploration_id)).one()
    started, submitted, released = (int(n) for n in counts)
    return Participation(_invited(session, exploration_id), started, submitted, released, threshold)


def load_report(session: Session, exploration_id: int) -> ReportData | None:
    """Everything the final report shows (in the current app context: the comparison reads
    the thresholds from the configuration)."""
    exploration = session.get(Exploration, exploration_id)
    if exploration is None:
        return None
    state = outcome.outcome_of(exploration_id)
    planned, held = _interviews(session, exploration_id)
    findings = {
        pid: ReportFinding(pid, row.helps, row.blocks, tuple(row.role_ids.split()))
        for pid, row in outcome.findings(exploration_id).items()
    }
    recommendations = tuple(
        ReportRecommendation(
            number=number,
            title=row.title,
            description=row.description,
            practice_ids=tuple(row.practices),
            role_ids=tuple(row.roles),
            horizon=row.horizon,
            effort=row.effort,
            impact=row.impact,
            carrier=row.carrier,
            carrier_name=row.carrier_name,
            wants_help=row.partner_wants_help,
        )
        for number, row in enumerate(recommending.recommendations(exploration_id), 1)
    )
    team = tuple((m.user.name or m.user.email, m.role) for m in team_of(exploration_id))
    return ReportData(
        reference=exploration.reference or "",
        department_code=exploration.department_code,
        department_other=exploration.department_other,
        branch=exploration.branch,
        service_name=exploration.service_name,
        partner_lang=written_in(exploration.form_language),
        agreed_start=exploration.agreed_start,
        agreed_end=exploration.agreed_end,
        team=team,
        interviews_planned=planned,
        interviews_held=held,
        participation=_participation(session, exploration_id, outcome.min_respondents()),
        comparison=outcome.comparison(exploration_id),
        findings=findings,
        recommendations=recommendations,
        published_at=state.published_at if state else None,
    )


def practice_questions(practice_id: str, lang: str) -> list[str]:
    return [q[lang] for q in FRAMEWORK.practice_by_id[practice_id].questions]


def report_context(data: ReportData, lang: str) -> dict[str, Any]:
    """What the web page needs besides the data (the PDF computes the same)."""
    return {"questions": {p.id: practice_questions(p.id, lang) for p in FRAMEWORK.practices}}
