"""Demo plans: every scheduled, in-progress and completed demo exploration gets a CDS team, a
signed agreement, a kickoff on the first morning of week 2 and an interview schedule laid by
the proposer itself; interviews already past are held, and the first scheduled exploration's
partner says someone is not available for one interview. Deterministic from the seed."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from core.auth import StaffUser
from core.timeutil import utcnow
from core.workdays import next_working_day
from demo.bulk import bulk_insert
from intake.models import Exploration, Stakeholder, StakeholderTopic
from intake.reference import TOPICS
from planning.clock import to_utc, zone
from planning.models import DEFAULT_TIME_ZONE, Interview, Plan, TeamMember
from planning.proposer import Slot, interview_slots, propose
from planning.service import UID_DOMAIN, weeks_of

PLANNED = ("scheduled", "in_progress", "completed")
UNAVAILABLE_NOTE = "Marie-Ève est en congé cette semaine-là; elle serait libre le lundi suivant."


def _team_accounts(session: Session) -> list[int]:
    """The active staff accounts (the demo administrator on a new database): the demo never
    creates accounts of its own."""
    return list(
        session.scalars(
            select(StaffUser.id).where(StaffUser.active.is_(True)).order_by(StaffUser.id).limit(4)
        )
    )


def _people_by_topic(session: Session, ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The stakeholders of each planned exploration in `ids` by topic, in one query: the
    batch's explorations are one range of ids (a query per exploration took minutes at
    100,000), of which only the planned ones are read."""
    people: dict[int, dict[str, list[int]]] = {}
    if not ids:
        return people
    rows = session.execute(
        select(Stakeholder.exploration_id, StakeholderTopic.topic_id, Stakeholder.id)
        .join(Stakeholder, Stakeholder.id == StakeholderTopic.stakeholder_id)
        .join(Exploration, Exploration.id == Stakeholder.exploration_id)
        .where(
            Stakeholder.exploration_id.between(min(ids), max(ids)),
            Exploration.status.in_(PLANNED),
        )
        .order_by(Stakeholder.id)
    )
    for exploration_id, topic_id, person_id in rows:
        people.setdefault(exploration_id, {}).setdefault(topic_id, []).append(person_id)
    return people


@cache
def _week_two(start: date, end: date | None) -> tuple[datetime, tuple[Slot, ...]]:
    """The kickoff and the interview slots of week 2 of an exploration agreed from `start` to
    `end`: the demo's requests share a few hundred agreed dates, so each is worked out once
    (at 100,000 requests, 37,500 times fewer working-week calculations)."""
    week = weeks_of(Exploration(agreed_start=start, agreed_end=end))[1]
    tz = zone(DEFAULT_TIME_ZONE)
    kickoff = to_utc(next_working_day(week.start), time(10), tz)
    slots = interview_slots(week, tz, (time(10), time(14)), after=kickoff + timedelta(hours=1))
    return kickoff, tuple(slots)


def seed_plans(connection: Connection, seed: int) -> int:
    """Plan every dated demo exploration that has no plan yet; returns how many."""
    rng = random.Random(seed * 7919 + 15)
    session = Session(bind=connection)
    team = _team_accounts(session)
    planned = set(session.scalars(select(Plan.exploration_id)))
    explorations = [
        e
        for e in session.scalars(
            select(Exploration).where(Exploration.status.in_(PLANNED)).order_by(Exploration.id)
        )
        if e.agreed_start and e.id not in planned
    ]
    now = utcnow()
    unavailable_given = False
    people_of = _people_by_topic(session, [e.id for e in explorations])
    members: list[dict[str, object]] = []
    plans: list[dict[str, object]] = []
    interviews: list[dict[str, object]] = []
    for exploration in explorations:
        kickoff, slots = _week_two(exploration.agreed_start, exploration.agreed_end)
        chosen = rng.sample(team, min(2, len(team)))
        members.extend(
            {
                "exploration_id": exploration.id,
                "staff_user_id": user_id,
                "role": "lead" if n == 0 else "member",
                "added_at": now,
            }
            for n, user_id in enumerate(chosen)
        )
        plans.append(
            {
                "exploration_id": exploration.id,
                "time_zone": DEFAULT_TIME_ZONE,
                "agreement_sent_on": exploration.agreed_start - timedelta(days=21),
                "agreement_signed_on": exploration.agreed_start
                - timedelta(days=rng.randint(7, 14)),
                "kickoff_at": kickoff,
                "kickoff_minutes": 60,
                "morning_time": time(10),
                "afternoon_time": time(14),
                "survey_window_applied": kickoff <= now,
                "week_sequence": 0,
                "version": 1,
                "updated_at": now,
            }
        )
        people = people_of.get(exploration.id, {})
        proposal = propose([(t.id, people.get(t.id, [])) for t in TOPICS], slots)
        for number, item in enumerate(proposal.interviews):
            unavailable = (
                exploration.status == "scheduled" and not unavailable_given and number == 2
            )
            unavailable_given = unavailable_given or unavailable
            interviews.append(
                {
                    "exploration_id": exploration.id,
                    "uid": f"demo-{exploration.id}-{number}-{rng.getrandbits(64):016x}@"
                    f"{UID_DOMAIN}",
                    "topic_ids": ",".join(item.topics),
                    "starts_at": item.start,
                    "ends_at": item.end,
                    "status": "scheduled",
                    "held": item.end <= now or exploration.status == "completed",
                    "sequence": 0,
                    "partner_unavailable": unavailable,
                    "partner_note": UNAVAILABLE_NOTE if unavailable else None,
                    "created_at": now,
                }
            )
    # Every column is given (the models' defaults are written out above): COPY on PostgreSQL,
    # where the ORM's bulk insert took 8 of the demo's 80 seconds at 100,000 requests.
    for model, rows in ((TeamMember, members), (Plan, plans), (Interview, interviews)):
        bulk_insert(connection, model.__table__, rows)
    return len(explorations)
