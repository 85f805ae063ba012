"""The demo's emails: each submitted request's receipt (in the lead's language, so French
ones too) and its status news, composed by the service's own functions (intake.emails) and
kept in the outbox as "held" (demo addresses are never sent to). Deterministic: the same
requests get the same messages."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import Connection, select

from core.outbox import OutboxMessage
from demo.seed import DemoRows
from intake import emails
from intake.models import Exploration

NEWS = ("accepted", "declined", "scheduled")


def seed_emails(connection: Connection, rows: DemoRows) -> int:
    """Outbox rows for the requests just inserted; returns how many."""
    hashes = [e["partner_token_hash"] for e in rows.explorations]
    ids = dict(
        connection.execute(
            select(Exploration.partner_token_hash, Exploration.id).where(
                Exploration.partner_token_hash.in_(hashes)
            )
        ).all()
    )
    messages: list[dict[str, Any]] = []
    base = "http://{}".format(current_app.config.get("SERVER_NAME") or "127.0.0.1:5000")
    with current_app.test_request_context("/", base_url=base):
        for index, values in enumerate(rows.explorations):
            if values["status"] == "draft" or not values.get("lead_email"):
                continue
            exploration = Exploration(**{**values, "id": ids[values["partner_token_hash"]]})
            when = values.get("submitted_at")

            def sink(kind: str, *, when: Any = when, **fields: Any) -> None:
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

            emails.send_receipt(exploration, rows.tokens[index], sink=sink)
            for status in NEWS:
                if _passed(values["status"], status):
                    emails.send_status_news(exploration, status, sink=sink)
    if messages:
        connection.execute(OutboxMessage.__table__.insert(), messages)
    return len(messages)


def _passed(current: str, news: str) -> bool:
    """Whether a request now at `current` went through `news` on its way."""
    if news == "declined":
        return current == "declined"
    if news == "accepted":
        return current in {"accepted", "scheduled", "in_progress", "completed"}
    return current in {"scheduled", "in_progress", "completed"}
