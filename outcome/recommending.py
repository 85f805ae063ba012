"""Recommendations, the week-4 orders (the partner's and the final one) and publishing the
final report. Like outcome.service, every function works in the current session and leaves the
commit to the caller; a refused change raises OutcomeError before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.audit import record
from core.db import db
from core.i18n import lazy_gettext as _l
from core.timeutil import utcnow
from intake.models import Exploration
from outcome.models import Outcome, Recommendation
from outcome.service import (
    PUBLISHABLE_STATUSES,
    OutcomeError,
    outcome_of,
)

# --- Recommendations ----------------------------------------------------------------------------


def recommendations(exploration_id: int) -> list[Recommendation]:
    """In the settled order (final, else the partner's, else the draft's)."""
    rows = db.scalars(
        select(Recommendation)
        .where(Recommendation.exploration_id == exploration_id)
        .options(selectinload(Recommendation.by_user))
    )
    return sorted(rows, key=lambda r: r.position)


def recommendation(exploration_id: int, recommendation_id: int) -> Recommendation | None:
    return db.scalar(
        select(Recommendation).where(
            Recommendation.id == recommendation_id,
            Recommendation.exploration_id == exploration_id,
        )
    )


def save_recommendation(
    exploration_id: int,
    values: Mapping[str, Any],
    user_id: int,
    existing: Recommendation | None = None,
) -> Recommendation:
    """Create a recommendation (last in the draft order) or change one."""
    row = existing
    if row is None:
        count = len(recommendations(exploration_id))
        row = Recommendation(exploration_id=exploration_id, staff_position=count + 1)
        db.add(row)
    row.title = values["title"]
    row.description = values["description"]
    row.practice_ids = " ".join(values["practices"])
    row.role_ids = " ".join(values["roles"])
    row.horizon = values["horizon"]
    row.effort = values["effort"]
    row.impact = values["impact"]
    row.carrier = values["carrier"]
    row.carrier_name = values["carrier_name"] if values["carrier"] == "other" else None
    row.by_user_id = user_id
    db.flush()
    record(
        "recommendation_saved",
        actor_kind="staff",
        actor_id=user_id,
        exploration_id=exploration_id,
        detail=f"recommendation:{row.id}",
    )
    return row


def remove_recommendation(row: Recommendation, user_id: int) -> None:
    exploration_id = row.exploration_id
    db.delete(row)
    db.flush()
    rest = sorted(
        db.scalars(select(Recommendation).where(Recommendation.exploration_id == exploration_id)),
        key=lambda r: r.staff_position,
    )
    for number, other in enumerate(rest, 1):
        if other.staff_position != number:
            other.staff_position = number
    record(
        "recommendation_removed",
        actor_kind="staff",
        actor_id=user_id,
        exploration_id=exploration_id,
        detail=f"recommendation:{row.id}",
    )
    db.flush()


def check_positions(positions: Mapping[int, int], ids: Iterable[int]) -> None:
    """Each recommendation once, at positions 1..n each used once."""
    wanted = set(ids)
    if set(positions) != wanted or sorted(positions.values()) != list(range(1, len(wanted) + 1)):
        raise OutcomeError(
            _l("Give each recommendation a different position, from 1 to %(n)d.", n=len(wanted))
        )


# --- The week-4 workshop and publishing ---------------------------------------------------------


def open_workshop(exploration_id: int, user_id: int) -> Outcome:
    if not recommendations(exploration_id):
        raise OutcomeError(_l("Write at least one recommendation before opening the workshop."))
    state = outcome_of(exploration_id, create=True)
    assert state is not None
    state.workshop_opened_at = utcnow()
    state.workshop_opened_by = user_id
    record("workshop_opened", actor_kind="staff", actor_id=user_id, exploration_id=exploration_id)
    db.flush()
    return state


def close_workshop(exploration_id: int, user_id: int) -> None:
    """Take the drafts back from the partner lead (their page answers 404 again); what they
    already sent is kept."""
    state = outcome_of(exploration_id)
    if state is None or state.workshop_opened_at is None:
        return
    if state.published_at is not None:
        raise OutcomeError(_l("The report is published: the workshop is over."))
    state.workshop_opened_at = None
    state.workshop_opened_by = user_id
    record("workshop_closed", actor_kind="staff", actor_id=user_id, exploration_id=exploration_id)
    db.flush()


def save_partner_order(
    exploration_id: int,
    positions: Mapping[int, int],
    wants_help: Iterable[int],
    comments: Mapping[int, str | None],
) -> None:
    rows = recommendations(exploration_id)
    check_positions(positions, (r.id for r in rows))
    helped = set(wants_help)
    for row in rows:
        row.partner_position = positions[row.id]
        row.partner_wants_help = row.id in helped
        row.partner_comment = comments.get(row.id) or None
    state = outcome_of(exploration_id, create=True)
    assert state is not None
    state.partner_ordered_at = utcnow()
    record("partner_order_saved", actor_kind="partner_link", exploration_id=exploration_id)
    db.flush()


def settle_final_order(exploration_id: int, positions: Mapping[int, int], user_id: int) -> None:
    rows = recommendations(exploration_id)
    check_positions(positions, (r.id for r in rows))
    for row in rows:
        row.final_position = positions[row.id]
    state = outcome_of(exploration_id, create=True)
    assert state is not None
    state.final_settled_at = utcnow()
    state.final_settled_by = user_id
    record("final_order_set", actor_kind="staff", actor_id=user_id, exploration_id=exploration_id)
    db.flush()


def publish(exploration: Exploration, user_id: int) -> Outcome:
    if exploration.status not in PUBLISHABLE_STATUSES:
        raise OutcomeError(_l("The report can be published once the exploration is in progress."))
    if not recommendations(exploration.id):
        raise OutcomeError(_l("Write at least one recommendation before publishing the report."))
    state = outcome_of(exploration.id, create=True)
    assert state is not None
    state.published_at = utcnow()
    state.published_by = user_id
    record("report_published", actor_kind="staff", actor_id=user_id, exploration_id=exploration.id)
    db.flush()
    return state


def is_published(exploration_id: int) -> bool:
    state = outcome_of(exploration_id)
    return state is not None and state.published_at is not None
