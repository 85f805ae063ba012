"""The transactional outbox: every email is first a row, written in the transaction of the
event that causes it, then delivered to GC Notify after the commit.

So a submission is stored with its receipt or not at all, and the person's request never
waits on Notify or fails because of it. Delivery claims a row before sending (one UPDATE
from "queued" to "sending"), so two workers never send the same row; the row id is the
Notify `reference` ("outbox-42": no personal information), and a row whose last try had
an unknown outcome (a timeout, a 5xx) first asks Notify whether it already has that
reference, so a retry does not send twice.

    queued --claim--> sending --201--> sent
                         |----429/5xx/network--> queued (next_try_at = now + backoff)
                         |----other 4xx--------> failed (Notify's error; staff may retry)
    held: composed while no NOTIFY_API_KEY is set (development); shown, never sent.

Addresses and bodies (which may hold a private link) are kept only until the message is
sent, or given up, plus `NOTIFY_KEEP_ADDRESSES_DAYS`; then the row keeps only the fact.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import click
from flask import Flask, Response, current_app, g, has_request_context
from flask.cli import AppGroup
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, db
from core.jobs import scheduled
from core.notify import notify
from core.timeutil import utcnow

log = logging.getLogger(__name__)

STATUSES = ("held", "queued", "sending", "sent", "failed")
FIRST_RETRY_SECONDS = 30
LONGEST_WAIT = timedelta(hours=6)
# A row left "sending" this long ago lost its worker mid-call: the outcome is unknown.
STUCK_AFTER = timedelta(minutes=10)


class OutboxMessage(Base):
    """One email, as composed in the recipient's language, and where its delivery stands."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    exploration_id: Mapped[int | None] = mapped_column(
        ForeignKey("explorations.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(String(2))
    recipient: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    notify_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))
    # Whether the last try may have reached Notify (a timeout or 5xx): ask before resending.
    uncertain: Mapped[bool] = mapped_column(default=False)

    @property
    def reference(self) -> str:
        return reference_of(self.id)


def reference_of(message_id: int) -> str:
    return f"outbox-{message_id}"


# --- Writing (inside the event's transaction) ----------------------------------------------


def enqueue(
    kind: str,
    *,
    to: str,
    language: str,
    subject: str,
    body: str,
    exploration_id: int | None = None,
) -> OutboxMessage:
    """Add one message to the current transaction; it leaves after the commit (or, without an
    API key, is kept for the Outbox page). The caller commits."""
    now = utcnow()
    message = OutboxMessage(
        kind=kind,
        exploration_id=exploration_id,
        language=language,
        recipient=to,
        subject=subject[:300],
        body=body,
        status="queued" if notify.enabled else "held",
        tries=0,
        next_try_at=now,
        created_at=now,
    )
    db.add(message)
    db.flush()
    if has_request_context() and message.status == "queued":
        g.setdefault("outbox_after_response", []).append(message.id)
    return message


def retry(message: OutboxMessage) -> bool:
    """Put a failed message back in the queue (staff's retry button); without an API key it
    is kept again, as every message is then. The caller commits."""
    if message.status != "failed" or not message.recipient:
        return False
    message.status = "queued" if notify.enabled else "held"
    message.tries = 0
    message.error = None
    message.next_try_at = utcnow()
    message.finished_at = None
    if has_request_context() and notify.enabled:
        g.setdefault("outbox_after_response", []).append(message.id)
    return True


# --- Delivering --------------------------------------------------------------------------


def backoff(tries: int) -> timedelta:
    """30 s, 1 min, 2 min, ... doubling after each failed try, at most 6 h."""
    return min(timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** max(tries - 1, 0)), LONGEST_WAIT)


def _claim(message_id: int, now: datetime) -> bool:
    """Take the row for this worker: only one UPDATE can move it from queued to sending."""
    result = db.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == "queued",
            OutboxMessage.next_try_at <= now,
        )
        .values(status="sending", claimed_at=now, tries=OutboxMessage.tries + 1)
    )
    db.commit()
    return result.rowcount == 1


def deliver_one(message_id: int, now: datetime | None = None) -> str | None:
    """Claim and send one due message; returns its new status, or None if not claimed."""
    now = now or utcnow()
    if not notify.enabled or not _claim(message_id, now):
        return None
    message = db.get(OutboxMessage, message_id, populate_existing=True)
    assert message is not None
    # End the transaction before calling Notify: on SQLite it holds the database's write lock,
    # and a slow or unreachable Notify would make every other writer wait. The claim keeps
    # the row ours; the outcome is written in a transaction of its own.
    db.commit()
    status = _send(message, now)
    db.commit()
    return status


def _send(message: OutboxMessage, now: datetime) -> str:
    if message.uncertain:
        known = notify.find_sent(message.reference)
        if known is False:
            return _again(message, now, "Notify could not be asked about an earlier try")
        if known:
            return _sent(message, now, known)
    if not message.recipient or message.body is None:
        return _failed(message, now, "no address left to send to")
    result = notify.send_email(message.recipient, message.subject, message.body, message.reference)
    if result.outcome == "sent":
        return _sent(message, now, result.notification_id)
    if result.outcome == "failed":
        return _failed(message, now, result.error)
    message.uncertain = True
    return _again(message, now, result.error)


def _sent(message: OutboxMessage, now: datetime, notify_id: str | None) -> str:
    message.status = "sent"
    message.sent_at = message.finished_at = now
    message.notify_id = notify_id
    message.error = None
    message.uncertain = False
    log.info("outbox %s sent (%s)", message.reference, message.kind)
    return "sent"


def _failed(message: OutboxMessage, now: datetime, error: str | None) -> str:
    message.status = "failed"
    message.finished_at = now
    message.error = error
    log.warning("outbox %s failed (%s): %s", message.reference, message.kind, error)
    return "failed"


def _again(message: OutboxMessage, now: datetime, error: str | None) -> str:
    if message.tries >= current_app.config["NOTIFY_MAX_TRIES"]:
        return _failed(message, now, error)
    message.status = "queued"
    message.error = error
    message.next_try_at = now + backoff(message.tries)
    log.info("outbox %s queued again after try %d", message.reference, message.tries)
    return "queued"


def _release_stuck(now: datetime) -> int:
    """Rows whose worker died mid-send go back to the queue, marked uncertain."""
    result = db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - STUCK_AFTER)
        .values(status="queued", uncertain=True, next_try_at=now)
    )
    return result.rowcount or 0


def forget_addresses(now: datetime) -> int:
    """Drop the address and body of messages finished (or kept) longer ago than the setting."""
    cutoff = now - timedelta(days=current_app.config["NOTIFY_KEEP_ADDRESSES_DAYS"])
    result = db.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.recipient.is_not(None),
            or_(
                (OutboxMessage.status.in_(("sent", "failed")))
                & (OutboxMessage.finished_at < cutoff),
                (OutboxMessage.status == "held") & (OutboxMessage.created_at < cutoff),
            ),
        )
        .values(recipient=None, body=None)
    )
    return result.rowcount or 0


def deliver_due(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Deliver every message due at `now`; what a scheduled job or the CLI calls.

    Returns counts: {"sent": n, "queued": n, "failed": n, "released": n, "forgotten": n}.
    Safe to run on several workers at once: each row is claimed before it is sent.
    """
    now = now or utcnow()
    counts: Counter[str] = Counter()
    counts["released"] = _release_stuck(now)
    counts["forgotten"] = forget_addresses(now)
    db.commit()
    if notify.enabled:
        due = db.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "queued", OutboxMessage.next_try_at <= now)
            .order_by(OutboxMessage.next_try_at, OutboxMessage.id)
            .limit(limit)
        ).all()
        for message_id in due:
            status = deliver_one(message_id, now)
            if status:
                counts[status] += 1
    return {key: counts[key] for key in ("sent", "queued", "failed", "released", "forgotten")}


# --- After the response --------------------------------------------------------------------


def _deliver_after_response(app: Flask, ids: list[int]) -> None:
    """Runs once the response has gone to the browser: nobody waits on Notify."""
    with app.app_context():
        for message_id in ids:
            try:
                deliver_one(message_id)
            except Exception:  # the row stays queued; `exploration notify deliver` sends it
                log.exception("outbox %s: delivery after the response failed", message_id)
                db.rollback()


notify_cli = AppGroup("notify", help="Email through GC Notify (the outbox).")


@notify_cli.command("deliver")
def deliver_command() -> None:
    """Deliver every message that is due (run it from cron or a scheduled job)."""
    counts = deliver_due(utcnow())
    click.echo(" ".join(f"{key}={value}" for key, value in counts.items()))


def init_outbox(app: Flask) -> None:
    """Configure this process's Notify client, the `exploration notify` commands, and sending
    a request's new messages after its response (only if they were committed: a rolled-back
    row does not exist, and claiming another due row is harmless)."""
    notify.init_app(app)
    app.cli.add_command(notify_cli)

    @app.after_request
    def _schedule(response: Response) -> Response:
        ids = g.pop("outbox_after_response", None)
        if ids and notify.enabled:
            flask_app: Any = current_app._get_current_object()  # type: ignore[attr-defined]
            response.call_on_close(lambda: _deliver_after_response(flask_app, list(ids)))
        return response


@scheduled("outbox.deliver", every=timedelta(minutes=1))
def deliver_on_schedule(now: datetime) -> dict[str, int]:
    """Retry what GC Notify could not take yet (the scheduled twin of `notify deliver`)."""
    return deliver_due(now)
