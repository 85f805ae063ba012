"""The demo's emails: each submitted request's receipt (in the lead's language, so French
ones too) and its status news, and one abandoned draft's deletion notice, composed by the
service's own functions (intake.emails) and kept in the outbox as "held" (demo addresses are
never sent to). Deterministic: the same requests get the same messages.

Only the first EMAILED requests of a batch get theirs: each message is rendered from its
templates, which took a third of the time of loading 100,000 requests, and an outbox of
thousands shows all there is to see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, update

from core.outbox import OutboxMessage
from core.timeutil import utcnow
from demo.seed import DemoRows
from intake import emails
from intake.links import links_outside_a_request
from intake.models import Exploration
from retention.schedule import NOTICE_DAYS

NEWS = ("accepted", "declined", "scheduled")
EMAILED = 2_000  # requests of a batch whose emails are in the outbox


def seed_emails(connection: Connection, rows: DemoRows) -> int:
    """Outbox rows for the requests just inserted; returns how many."""
    messages: list[dict[str, Any]] = []
    with links_outside_a_request():
        told = False
        for index, values in enumerate(rows.explorations[:EMAILED]):
            if not values.get("lead_email"):
                continue
            exploration = Exploration(**{**values, "id": rows.ids[index]})
            if values["status"] == "draft":
                if not told:
                    told = _tell_of_deletion(connection, exploration, rows.tokens[index], messages)
                continue
            sink = _held(messages, values.get("submitted_at"))
            emails.send_receipt(exploration, rows.tokens[index], sink=sink)
            for status in NEWS:
                if _passed(values["status"], status):
                    emails.send_status_news(exploration, status, sink=sink)
    if messages:
        connection.execute(OutboxMessage.__table__.insert(), messages)
    return len(messages)


def _held(messages: list[dict[str, Any]], when: Any) -> Any:
    """A sink for intake.emails that keeps each message as a held outbox row dated `when`."""

    def sink(kind: str, **fields: Any) -> None:
        messages.append(
            {
                "kind": kind,
                "recipient": fields["to"],
                "language": fields["language"],
                "subject": fields["subject"][:300],
                "body": fields["body"],
                "exploration_id": fields["exploration_id"],
                "status": "held",
                "tries": 0,
                "uncertain": False,
                "created_at": when,
                "next_try_at": when,
            }
        )

    return sink


def _tell_of_deletion(
    connection: Connection, exploration: Exploration, token: str, messages: list[dict[str, Any]]
) -> bool:
    """One draft of the batch untouched for 80 days, whose lead was told 4 days ago that it goes
    in 10 (retention.notice). Unlike a real notice, its private link stays the one the demo
    printed, so that the link opens the draft."""
    now = utcnow()
    exploration.updated_at = now - timedelta(days=80)
    told_at = now - timedelta(days=4)
    deleted_on = told_at + timedelta(days=NOTICE_DAYS)
    emails.send_deletion_notice(exploration, token, deleted_on, sink=_held(messages, told_at))
    connection.execute(
        update(Exploration)
        .where(Exploration.id == exploration.id)
        .values(updated_at=exploration.updated_at, deletion_notice_at=told_at)
    )
    return True


def _passed(current: str, news: str) -> bool:
    """Whether a request now at `current` went through `news` on its way."""
    if news == "declined":
        return current == "declined"
    if news == "accepted":
        return current in {"accepted", "scheduled", "in_progress", "completed"}
    return current in {"scheduled", "in_progress", "completed"}
