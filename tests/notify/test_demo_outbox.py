"""The demo's outbox: every submitted request's receipt in its lead's language (French ones
among them) and the status news, kept, not sent, with private links that open the request."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.db import db
from core.outbox import OutboxMessage


def test_demo_outbox_has_french_receipts_with_working_links(app):
    result = app.test_cli_runner().invoke(
        args=["demo", "--explorations", "16", "--respondents", "1"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        messages = list(db.scalars(select(OutboxMessage)))
    kinds = {m.kind for m in messages}
    assert {"receipt", "status_accepted"} <= kinds
    french = [m for m in messages if m.kind == "receipt" and m.language == "fr"]
    assert french and all(m.status == "held" for m in messages)
    path = re.search(r"http://[^/]+(/fr/request/[A-Za-z0-9_-]{43}/)", french[0].body).group(1)
    assert app.test_client().get(path).status_code == 200


def test_demo_has_a_draft_whose_lead_was_told_of_its_deletion(app):
    """One abandoned draft shows the retention schedule's notice: its email is in the outbox, its
    link opens the draft, and a retention run now neither deletes it nor tells its lead again."""
    from core.timeutil import utcnow
    from intake.models import Exploration
    from retention.schedule import Schedule, drafts_to_notify, due_drafts

    result = app.test_cli_runner().invoke(
        args=["demo", "--explorations", "16", "--respondents", "1"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        [notice] = db.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "draft_deletion_notice")
        ).all()
        draft = db.get(Exploration, notice.exploration_id)
        assert draft.status == "draft" and draft.deletion_notice_at is not None
        schedule, now, this_draft = Schedule.from_config(), utcnow(), Exploration.id == draft.id
        deleted_now = db.scalar(due_drafts(schedule, now).where(this_draft))
        told_again = db.scalar(drafts_to_notify(schedule, now).where(this_draft))
    assert notice.status == "held" and notice.recipient == draft.lead_email
    path = re.search(r"http://[^/]+(/(?:en|fr)/request/[A-Za-z0-9_-]{43}/)", notice.body).group(1)
    assert app.test_client().get(path).status_code == 200
    assert deleted_now is None and told_again is None
