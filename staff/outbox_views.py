"""The Outbox: every email the service composed, newest first, for administrators.

Without `NOTIFY_API_KEY` (development) messages are kept, not sent, and shown in full, so a
newcomer sees every email the service would send. Once GC Notify is configured the page shows
what was sent and what failed (with Notify's error and a retry button), but no longer the
bodies: they may hold a partner's private link, which staff must not see.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from core import labels
from core.audit import record
from core.auth import role_required
from core.db import db
from core.notify import notify
from core.outbox import OutboxMessage, retry
from intake.models import Exploration
from staff.blueprint import bp

ON_PAGE = 200


def _counts() -> dict[str, int]:
    rows = db.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {status: count for status, count in rows}


@bp.get("/<lang>/staff/outbox")
@role_required("admin")
def outbox() -> Any:
    messages = list(
        db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(ON_PAGE))
    )
    ids = {m.exploration_id for m in messages if m.exploration_id}
    references = (
        dict(
            db.execute(
                select(Exploration.id, Exploration.reference).where(Exploration.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    return render_template(
        "staff/outbox.html",
        messages=messages,
        references=references,
        counts=_counts(),
        sending=notify.enabled,
        kinds=labels.EMAIL_KIND,
        statuses=labels.OUTBOX_STATUS,
        language_names={**labels.LANGUAGE, "bi": labels.BOTH_LANGUAGES},
        notices=get_flashed_messages(),
    )


@bp.post("/<lang>/staff/outbox/<int:message_id>/retry")
@role_required("admin")
def outbox_retry(message_id: int) -> Any:
    # CSRF is checked for every POST (core.security); retry() only moves a failed row.
    message = db.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    if retry(message):
        record(
            "email_retried",
            actor_kind="staff",
            actor_id=g.staff.id,
            exploration_id=message.exploration_id,
            detail=message.reference,
        )
        db.commit()
        flash(_("The email is queued to be sent again."))
    else:
        flash(
            _("This email cannot be sent again: it is not marked failed, or its address is gone.")
        )
    return redirect(url_for("staff.outbox", _anchor=f"message-{message.id}"))
