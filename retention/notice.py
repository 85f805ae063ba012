"""The abandoned draft's notice: its lead is told NOTICE_DAYS before the deletion, with a link
to come back.

Part of the daily retention run (retention.run), not a task of its own: the deletion depends
on the notice, so the run tells first and deletes after, in one order and one record. The
leads whose drafts reach N - NOTICE_DAYS days are told; a draft found past N days that nobody
was told about is told now instead of deleted (its deletion then waits NOTICE_DAYS; see
retention.schedule.due_drafts). The run's record counts them ("drafts_notified"), dry runs
too.

Only the hash of the partner's private link is stored, so the notice cannot repeat the link
the lead had: it carries a new one, issued by the function staff's "reissue" uses
(intake.links.issue_partner_link), and says the earlier one no longer works. The new link,
the email (through the outbox, held without a Notify API key) and the notice's date are
written in one transaction per draft. The notice is not a change of the draft: its last
change, and so the clock, stay where they were.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.audit import record
from core.db import db
from intake import emails
from intake.links import issue_partner_link, links_outside_a_request
from intake.models import Exploration
from retention.models import RetentionRun
from retention.schedule import Schedule, drafts_to_notify


def notify_draft(exploration_id: int, schedule: Schedule, now: datetime, run: RetentionRun) -> bool:
    """Tell one draft's lead, in the caller's transaction (the caller commits, or rolls back in
    a dry run); False when the draft is not (or no longer) to be told. Read again under the
    row's lock, so two runs at once tell a lead once."""
    one = Exploration.id == exploration_id
    exploration = db.scalar(select(Exploration).where(one).with_for_update())
    if exploration is None or db.scalar(drafts_to_notify(schedule, now).where(one)) is None:
        return False
    if run.dry_run:
        return True
    deleted_on = schedule.draft_due_on(exploration.updated_at, now)
    with links_outside_a_request("the draft deletion notices"):
        token = issue_partner_link(exploration)
        exploration.deletion_notice_at = now
        # Not a change of the draft: its last change (the clock) stays where it was.
        exploration.updated_at = Exploration.updated_at  # type: ignore[assignment]
        emails.send_deletion_notice(exploration, token, deleted_on)
    record(
        "retention.draft_notice",
        actor_kind="system",
        exploration_id=exploration_id,
        detail=f"run:{run.id}",
    )
    return True
