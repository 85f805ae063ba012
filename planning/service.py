"""What the plan does with the database: the plan row, the people per topic, week 2, the
kickoff, proposing and changing interviews, and the rule for moving to Scheduled.

Every function works in the current session and leaves the commit to the caller, so a change
and its audit event are committed together. Every change to the schedule goes through `touch`,
which raises the plan's version: two people editing one schedule meet the conflict page.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, select

from core.audit import record
from core.db import db
from core.i18n import lazy_gettext as _l
from core.timeutil import utcnow
from core.workdays import WorkWeek, next_working_day, working_weeks
from intake.models import Exploration, Stakeholder
from intake.reference import TOPICS, WEEKS
from planning.clock import NonexistentTime, local, plus_minutes, to_utc, zone
from planning.models import Interview, Plan
from planning.proposer import Proposal, interview_slots, propose

UID_DOMAIN = "exploration.cds-snc.ca"
INTERVIEW_WEEK = 2


def plan_for(exploration_id: int) -> Plan | None:
    return db.scalar(select(Plan).where(Plan.exploration_id == exploration_id))


def ensure_plan(exploration_id: int) -> Plan:
    """The exploration's plan, created with the defaults on first use."""
    plan = plan_for(exploration_id)
    if plan is None:
        plan = Plan(
            exploration_id=exploration_id,
            time_zone="America/Toronto",
            kickoff_minutes=60,
            morning_time=time(10),
            afternoon_time=time(14),
            survey_window_applied=False,
            week_sequence=0,
        )
        db.add(plan)
        db.flush()
    return plan


def touch(plan: Plan) -> None:
    """Mark the plan changed: its version rises when the session flushes."""
    plan.updated_at = utcnow()


def audit(action: str, exploration_id: int, actor_id: int | None, detail: str | None = None):
    kind = "staff" if actor_id else "partner_link"
    record(action, actor_kind=kind, actor_id=actor_id, exploration_id=exploration_id, detail=detail)


# --- People and weeks ---------------------------------------------------------------------------


def people_by_topic(exploration_id: int) -> dict[str, list[Stakeholder]]:
    """The people the partner named for each topic, in the guide's order of topics."""
    people: dict[str, list[Stakeholder]] = {t.id: [] for t in TOPICS}
    stakeholders = db.scalars(
        select(Stakeholder).where(Stakeholder.exploration_id == exploration_id)
    ).all()
    for person in stakeholders:
        for link in person.topics:
            if link.topic_id in people:
                people[link.topic_id].append(person)
    return people


def people_of(topics: list[str], by_topic: dict[str, list[Stakeholder]]) -> list[Stakeholder]:
    seen: dict[int, Stakeholder] = {}
    for topic in topics:
        for person in by_topic.get(topic, []):
            seen.setdefault(person.id, person)
    return list(seen.values())


def weeks_of(exploration: Exploration) -> list[WorkWeek]:
    if exploration.agreed_start is None:
        return []
    return working_weeks(exploration.agreed_start, len(WEEKS), exploration.agreed_end)


def week_two(exploration: Exploration) -> WorkWeek | None:
    weeks = weeks_of(exploration)
    return weeks[INTERVIEW_WEEK - 1] if len(weeks) >= INTERVIEW_WEEK else None


def default_kickoff(exploration: Exploration, plan: Plan) -> datetime | None:
    """The first morning of week 2, at the morning slot time."""
    week = week_two(exploration)
    if week is None:
        return None
    try:
        return to_utc(next_working_day(week.start), plan.morning_time, zone(plan.time_zone))
    except NonexistentTime:
        return None


def kickoff_end(plan: Plan) -> datetime | None:
    return plus_minutes(plan.kickoff_at, plan.kickoff_minutes) if plan.kickoff_at else None


def survey_closes_at(plan: Plan | None) -> datetime | None:
    """When the self-assessment closes: the date staff set, else the kickoff."""
    if plan is None:
        return None
    return plan.survey_closes_at or plan.kickoff_at


# --- Interviews ---------------------------------------------------------------------------------


def interviews_of(exploration_id: int) -> list[Interview]:
    return list(
        db.scalars(
            select(Interview)
            .where(Interview.exploration_id == exploration_id)
            .order_by(Interview.starts_at, Interview.id)
        )
    )


def new_uid() -> str:
    return f"{uuid.uuid4()}@{UID_DOMAIN}"


def kickoff_uid(exploration_id: int) -> str:
    return f"kickoff-{exploration_id}@{UID_DOMAIN}"


def active(interviews: list[Interview]) -> list[Interview]:
    return [i for i in interviews if i.status != "cancelled"]


def propose_schedule(exploration: Exploration, plan: Plan, actor_id: int | None) -> Proposal:
    """Replace every interview not yet held by a new proposal; held ones stay where they were
    and keep their slots and people."""
    week = week_two(exploration)
    if week is None:
        return Proposal()
    by_topic = people_by_topic(exploration.id)
    kept = [i for i in interviews_of(exploration.id) if i.held]
    db.execute(
        delete(Interview).where(
            Interview.exploration_id == exploration.id, Interview.held.is_(False)
        )
    )
    held_topics = {t for i in kept for t in i.topics}
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    for interview in kept:
        for person in people_of(interview.topics, by_topic):
            busy.setdefault(person.id, []).append((interview.starts_at, interview.ends_at))
    slots = interview_slots(
        week,
        zone(plan.time_zone),
        (plan.morning_time, plan.afternoon_time),
        after=kickoff_end(plan),
    )
    topics = [(t.id, [p.id for p in by_topic[t.id]]) for t in TOPICS if t.id not in held_topics]
    proposal = propose(topics, slots, taken=[(i.starts_at, i.ends_at) for i in kept], busy=busy)
    for item in proposal.interviews:
        db.add(
            Interview(
                exploration_id=exploration.id,
                uid=new_uid(),
                topic_ids=",".join(item.topics),
                starts_at=item.start,
                ends_at=item.end,
                status="scheduled",
                held=False,
                sequence=0,
                partner_unavailable=False,
            )
        )
    touch(plan)
    audit(
        "plan.schedule_proposed",
        exploration.id,
        actor_id,
        f"placed:{len(proposal.interviews)} unplaced:{len(proposal.unplaced)}",
    )
    return proposal


def changed(interview: Interview, plan: Plan) -> None:
    """An interview changed: its calendar entry's SEQUENCE and the plan's version rise."""
    interview.sequence += 1
    plan.week_sequence += 1
    touch(plan)


def merge(first: Interview, second: Interview, plan: Plan) -> None:
    """Two topics, one conversation: `second`'s topics join `first`, `second` is cancelled."""
    topics = first.topics + [t for t in second.topics if t not in first.topics]
    first.topic_ids = ",".join(topics)
    second.status = "cancelled"
    changed(first, plan)
    changed(second, plan)


def split(interview: Interview, plan: Plan) -> list[Interview]:
    """One interview per topic again: the first topic keeps the slot; the others get new
    interviews at the same time, for staff to move."""
    topics = interview.topics
    if len(topics) < 2:
        return []
    interview.topic_ids = topics[0]
    changed(interview, plan)
    created = []
    for topic in topics[1:]:
        other = Interview(
            exploration_id=interview.exploration_id,
            uid=new_uid(),
            topic_ids=topic,
            starts_at=interview.starts_at,
            ends_at=interview.ends_at,
            status="scheduled",
            held=False,
            sequence=0,
            partner_unavailable=False,
        )
        db.add(other)
        created.append(other)
    return created


# --- Moving to Scheduled --------------------------------------------------------------------------

MISSING_START = _l("Set the agreed start date before moving the request to Scheduled.")
MISSING_END = _l("Set the agreed end date before moving the request to Scheduled.")
MISSING_AGREEMENT = _l(
    "Record the date the agreement was signed before moving the request to Scheduled."
)


def scheduling_blockers(exploration: Exploration) -> list[Any]:
    """What is missing before a request may become Scheduled (empty when nothing is)."""
    missing = []
    if exploration.agreed_start is None:
        missing.append(MISSING_START)
    if exploration.agreed_end is None:
        missing.append(MISSING_END)
    plan = plan_for(exploration.id)
    if plan is None or plan.agreement_signed_on is None:
        missing.append(MISSING_AGREEMENT)
    return missing


def four_week_mismatch(exploration: Exploration) -> tuple[date, date] | None:
    """(agreed end, end of the fourth working week) when they differ, else None."""
    if exploration.agreed_start is None or exploration.agreed_end is None:
        return None
    natural = working_weeks(exploration.agreed_start, len(WEEKS))[-1].end
    return None if natural == exploration.agreed_end else (exploration.agreed_end, natural)


def local_kickoff(plan: Plan, tz_name: str | None = None) -> datetime | None:
    return local(plan.kickoff_at, zone(tz_name or plan.time_zone))
