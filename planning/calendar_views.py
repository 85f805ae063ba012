"""The .ics downloads: the whole of week 2 (kickoff and interviews) and each interview, for
staff and for the partner's lead (through their private link; the files never hold it)."""

from __future__ import annotations

from typing import Any

from flask import Response, abort

from core.auth import role_required
from core.db import db
from core.i18n import current_lang
from core.labels import Labels
from core.timeutil import utcnow
from intake.blueprint import link_misses_limited
from intake.links import exploration_for_partner_token
from intake.models import Exploration
from planning import service
from planning.blueprint import bp
from planning.calendars import (
    INTERVIEW_NAME,
    WEEK_NAME,
    Entry,
    build_calendar,
    interview_entry,
    kickoff_entry,
)
from planning.models import Interview


def _entries(exploration: Exploration, only: int | None, labels: Labels) -> list[Entry]:
    plan = service.plan_for(exploration.id)
    by_topic = service.people_by_topic(exploration.id)
    reference = exploration.reference or str(exploration.id)
    entries = []
    if plan is not None and plan.kickoff_at is not None and only is None:
        entries.append(
            kickoff_entry(
                service.kickoff_uid(exploration.id),
                plan.week_sequence,
                plan.kickoff_at,
                service.kickoff_end(plan),
                reference,
                labels,
            )
        )
    for interview in service.interviews_of(exploration.id):
        if only is not None and interview.id != only:
            continue
        entries.append(
            interview_entry(
                interview.uid,
                interview.sequence,
                interview.starts_at,
                interview.ends_at,
                reference,
                interview.topics,
                [p.name for p in service.people_of(interview.topics, by_topic)],
                interview.status == "cancelled",
                labels,
            )
        )
    return entries


def ics_response(exploration: Exploration, interview_id: int | None = None) -> Response:
    if interview_id is not None:
        interview = db.get(Interview, interview_id)
        if interview is None or interview.exploration_id != exploration.id:
            abort(404)
    lang = current_lang()
    labels = Labels(lang)
    plan = service.plan_for(exploration.id)
    entries = _entries(exploration, interview_id, labels)
    if not entries:
        abort(404)
    reference = exploration.reference or str(exploration.id)
    if interview_id is None:
        name = labels(WEEK_NAME.message, ref=reference)
        filename = f"{reference}-week-2.ics"
        uid = f"week-2-{exploration.id}@{service.UID_DOMAIN}"
    else:
        name = labels(INTERVIEW_NAME.message, ref=reference)
        filename = f"{reference}-interview-{interview_id}.ics"
        uid = entries[0].uid
    body = build_calendar(
        entries, plan.time_zone if plan else "America/Toronto", lang, name, utcnow(), uid
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _staff_exploration(exploration_id: int) -> Exploration:
    exploration = db.get(Exploration, exploration_id)
    if exploration is None:
        abort(404)
    return exploration


@bp.get("/<lang>/staff/requests/<int:exploration_id>/plan/week-2.ics")
@role_required("viewer")
def staff_week_ics(exploration_id: int) -> Any:
    return ics_response(_staff_exploration(exploration_id))


@bp.get("/<lang>/staff/requests/<int:exploration_id>/plan/interviews/<int:interview_id>.ics")
@role_required("viewer")
def staff_interview_ics(exploration_id: int, interview_id: int) -> Any:
    return ics_response(_staff_exploration(exploration_id), interview_id)


@bp.get("/<lang>/request/<token>/plan/week-2.ics")
@link_misses_limited
def partner_week_ics(token: str) -> Any:
    return ics_response(exploration_for_partner_token(token))


@bp.get("/<lang>/request/<token>/plan/interviews/<int:interview_id>.ics")
@link_misses_limited
def partner_interview_ics(token: str, interview_id: int) -> Any:
    return ics_response(exploration_for_partner_token(token), interview_id)
