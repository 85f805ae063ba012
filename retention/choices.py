"""People's own choices: the lead withdraws a request or deletes a draft, a respondent
deletes their answers. Each function changes the current transaction; the caller commits.

A respondent's answers that were already released into the partner's results (README,
"Privacy and security") are not taken back out of them: the lead saw results that include
them, and results that no longer did would differ by exactly one person's grid, which the
rule exists to prevent. So those ratings stay in the combined results, unlinked (the private
link stops working) and without the person's comments; answers not yet released (in
progress, or submitted and waiting) are deleted whole.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from core.audit import record
from core.db import db
from core.timeutil import utcnow
from core.tokens import new_token
from intake.models import Exploration, StatusChange
from surveys import service as surveys
from surveys.models import PracticeComment, Respondent

PARTNER = "partner_link"
# Before the kick-off: once scheduled, CDS has committed people and dates; the lead writes.
WITHDRAWABLE = ("submitted", "accepted")


def can_withdraw(exploration: Exploration) -> bool:
    return exploration.status in WITHDRAWABLE


def can_delete(exploration: Exploration) -> bool:
    return exploration.status == "draft"


def withdraw(exploration: Exploration) -> None:
    """The lead withdraws their request: status withdrawn, recorded with no staff account
    (staff see "withdrawn by the partner"), and the survey closes."""
    if not can_withdraw(exploration):
        raise ValueError(f"a request {exploration.status!r} cannot be withdrawn by the partner")
    old = exploration.status
    exploration.status = "withdrawn"
    exploration.updated_at = utcnow()
    db.add(StatusChange(exploration_id=exploration.id, from_status=old, to_status="withdrawn"))
    record(
        "request.withdrawn",
        actor_kind=PARTNER,
        exploration_id=exploration.id,
        detail=f"{old}>withdrawn",
    )
    db.flush()
    surveys.close_survey(exploration, actor_kind=PARTNER)


def withdrawn_by_partner(exploration_id: int) -> StatusChange | None:
    """The partner's own withdrawal of this request, if that is how it was withdrawn."""
    change = db.scalar(
        select(StatusChange)
        .where(StatusChange.exploration_id == exploration_id)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
    )
    if change and change.to_status == "withdrawn" and change.by_user_id is None:
        return change
    return None


def delete_draft(exploration: Exploration) -> None:
    """The lead deletes their draft at once, whole (the foreign keys cascade)."""
    if not can_delete(exploration):
        raise ValueError("only a draft can be deleted")
    db.execute(delete(Exploration).where(Exploration.id == exploration.id))
    record("request.draft_deleted", actor_kind=PARTNER)


def delete_answers(respondent: Respondent) -> str:
    """A respondent deletes their answers while the survey is open. Returns "whole" (every
    answer deleted) or "unlinked" (released ratings kept in the results, the rest deleted)."""
    exploration_id, respondent_id = respondent.exploration_id, respondent.id
    if respondent.released_at is None:
        db.execute(delete(Respondent).where(Respondent.id == respondent_id))
        outcome = "whole"
    else:
        db.execute(delete(PracticeComment).where(PracticeComment.respondent_id == respondent_id))
        respondent.overall_comment = None
        respondent.token_hash = new_token()[1]
        respondent.updated_at = utcnow()
        outcome = "unlinked"
    record(
        "survey_answers_deleted",
        actor_kind="respondent_link",
        exploration_id=exploration_id,
        detail=outcome,
    )
    db.flush()
    return outcome
