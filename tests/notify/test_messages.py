"""Each email, as GC Notify receives it from the real client: recipient, language, subject,
body with the reference and a working link, and the outbox reference."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.db import db
from core.outbox import OutboxMessage
from tests.fake_notify import REPLY_TO_ID
from tests.intake.helpers import ORGANIZATION, post_step
from tests.intake.test_flow import complete_request, start_draft
from tests.notify.conftest import STAFF_INBOX

LINK = re.compile(r"http://localhost(/(?:en|fr)/request/[A-Za-z0-9_-]{43}/)")


def submit(client, lang: str) -> str:
    token = start_draft(client, lang, {**ORGANIZATION, "lead_language": lang})
    complete_request(client, lang, token)
    response = post_step(client, f"/{lang}/request/{token}/check", {"action": "submit"})
    assert response.status_code == 302
    return token


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_french_receipt_reaches_notify_at_submission(notify_app, notify_client, fake_notify):
    submit(notify_client, "fr")
    [receipt] = fake_notify.to(ORGANIZATION["lead_email"])
    rows = outbox(notify_app)
    ref = rows[0].reference
    assert receipt.reference == ref == "outbox-" + str(rows[0].id)
    assert receipt.email_reply_to_id == REPLY_TO_ID
    assert receipt.subject.startswith("Nous avons reçu votre demande d’exploration EXP-")
    assert "Votre lien privé" in receipt.body
    [path] = LINK.findall(receipt.body)
    assert path.startswith("/fr/")
    page = notify_client.application.test_client().get(path)
    assert page.status_code == 200 and "EXP-" in page.get_data(as_text=True)
    assert [r.status for r in rows] == ["sent", "sent"]


def test_staff_inbox_gets_the_new_request_without_private_link(notify_client, fake_notify):
    submit(notify_client, "en")
    [news] = fake_notify.to(STAFF_INBOX)
    assert "New exploration request EXP-" in news.subject
    assert "Nouvelle demande d’exploration" in news.subject
    assert "/en/staff/requests/" in news.body and "/fr/staff/requests/" in news.body
    assert "/request/" not in news.body.replace("/staff/requests/", "")
    assert ORGANIZATION["lead_email"] not in news.body
