"""The abandoned draft's notice, on SQLite and PostgreSQL: a lead with an email is told 14 days
before the deletion, once per period of inactivity, in their language, with a new private link
(the old one stops working); the deletion never comes less than 14 days after the notice;
drafts without an email go at N days as before; submitted requests are never told."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from core.audit import AuditEvent
from core.db import db
from core.labels import Labels
from core.outbox import OutboxMessage
from core.timeutil import utcnow
from intake.models import Exploration
from retention.models import RetentionRun
from retention.run import run_retention
from retention.schedule import Schedule, drafts_to_notify
from tests import factory
from tests.conftest import html, sign_in
from tests.intake.helpers import CONTEXT, post_step
from tests.markup import parse
from tests.retention.helpers import LONG_AGO, NOW, OLD_DRAFT

# RETENTION_DRAFT_DAYS is 90: the lead is told from 76 days of inactivity.
TOLD_FROM = timedelta(days=90 - 14)
LINK = re.compile(r"https?://\S+/(en|fr)/request/([^/\s]+)/")


def _notices(app, exploration_id: int | None = None) -> list[OutboxMessage]:
    with app.app_context():
        query = select(OutboxMessage).where(OutboxMessage.kind == "draft_deletion_notice")
        if exploration_id is not None:
            query = query.where(OutboxMessage.exploration_id == exploration_id)
        return list(db.scalars(query.order_by(OutboxMessage.id)))


def _run(app, now, dry_run: bool = False):
    with app.app_context():
        return run_retention(now, dry_run=dry_run)


def _exists(app, exploration_id: int) -> bool:
    with app.app_context():
        return db.get(Exploration, exploration_id) is not None


def _link(message: OutboxMessage) -> tuple[str, str]:
    match = LINK.search(message.body or "")
    assert match, message.body
    return match.group(1), match.group(2)


def _link_url(message: OutboxMessage) -> str:
    match = LINK.search(message.body or "")
    assert match, message.body
    return match.group(0)


def test_a_draft_idle_76_days_gets_one_notice_in_french_with_a_new_link(app):
    changed = NOW - TOLD_FROM - timedelta(hours=1)
    made = factory.aged_exploration(app, "draft", changed_at=changed)  # a French lead

    report = _run(app, NOW)

    assert report.counts["drafts_notified"] == 1 and "drafts" not in report.counts
    assert _exists(app, made.id)
    [notice] = _notices(app)
    assert notice.recipient == "elodie.berube@example.gc.ca" and notice.language == "fr"
    assert notice.status == "held"  # no Notify API key: kept for the Outbox page
    deleted_on = Labels("fr").date(NOW + timedelta(days=14))
    assert deleted_on == "29 janvier 2029"
    assert (
        notice.subject == f"Votre ébauche de demande d’exploration sera supprimée le {deleted_on}"
    )
    body = notice.body or ""
    assert body.startswith("Bonjour Élodie Bérubé,")
    assert f"Prestations d’assurance-emploi sera supprimée le {deleted_on}" in body
    assert "L’ancien lien ne fonctionne plus" in body
    assert "Toute modification enregistrée repousse la suppression." in body

    lang, token = _link(notice)
    assert lang == "fr" and token != made.token
    client = app.test_client()
    assert client.get(f"/fr/request/{made.token}/").status_code == 404
    page = client.get(f"/fr/request/{token}/")
    assert page.status_code == 200
    assert "Prestations d’assurance-emploi" in page.get_data(as_text=True)

    with app.app_context():
        draft = db.get(Exploration, made.id)
        assert draft.deletion_notice_at == NOW
        assert draft.updated_at == changed  # the notice is not a change: the clock runs on
        assert db.scalar(
            select(AuditEvent.action).where(AuditEvent.action == "retention.draft_notice")
        )

    again = _run(app, NOW + timedelta(days=1))
    assert "drafts_notified" not in again.counts
    assert len(_notices(app)) == 1


def test_an_english_lead_is_told_in_english_and_staff_see_the_held_message(app, client):
    factory.aged_exploration(
        app, "draft", changed_at=NOW - TOLD_FROM, lead_language="en", lead_name=None
    )
    _run(app, NOW)
    [notice] = _notices(app)
    assert notice.language == "en"
    assert notice.subject == "Your draft exploration request will be deleted on January 29, 2029"
    assert (notice.body or "").startswith("Hello,")
    assert "unless you change or submit it before then" in (notice.body or "")
    assert _link(notice)[0] == "en"

    sign_in(app, client, "admin")
    page = parse(client.get("/en/staff/outbox").get_data(as_text=True))
    [message] = page.xpath("//li[contains(@class, 'outbox-message')]")
    shown = [" ".join(dd.text_content().split()) for dd in message.xpath(".//dd")]
    assert "Notice before a draft is deleted" in shown
    assert "Kept, not sent (GC Notify is not configured)" in shown
    assert message.xpath(".//div[@class='email-body']//a/@href") == [_link_url(notice)]


def test_a_draft_changed_after_the_notice_is_not_purged_at_n_days_and_is_told_again(app, client):
    # Real time here: the lead's change through the new link is stamped with the clock.
    today = utcnow()
    made = factory.aged_exploration(app, "draft", changed_at=today - timedelta(days=80))
    _run(app, today - timedelta(days=1))
    [notice] = _notices(app)
    _lang, token = _link(notice)

    changed = post_step(client, f"/fr/request/{token}/context", {**CONTEXT, "action": "continue"})
    assert changed.status_code in (302, 303), changed.get_data(as_text=True)

    # Past the first deadline (N days after the old change, 14 after the notice): kept.
    report = _run(app, today + timedelta(days=14))
    assert "drafts" not in report.counts and "drafts_notified" not in report.counts
    assert _exists(app, made.id)
    # A new period of inactivity: a new notice, then the deletion 14 days after it.
    assert _run(app, today + timedelta(days=77)).counts["drafts_notified"] == 1
    assert len(_notices(app)) == 2
    assert _exists(app, made.id)
    assert _run(app, today + timedelta(days=91)).counts["drafts"] == 1
    assert not _exists(app, made.id)


def test_a_draft_told_late_is_purged_only_fourteen_days_after_the_notice(app):
    made = factory.aged_exploration(app, "draft", changed_at=OLD_DRAFT)  # 136 days, never told

    first = _run(app, NOW)
    assert first.counts == {"drafts_notified": 1}
    [notice] = _notices(app)
    assert Labels("fr").date(NOW + timedelta(days=14)) in (notice.body or "")

    assert "drafts" not in _run(app, NOW + timedelta(days=13, hours=23)).counts
    assert _exists(app, made.id)
    assert _run(app, NOW + timedelta(days=14)).counts == {"drafts": 1}
    assert not _exists(app, made.id)


def test_a_draft_without_a_lead_email_gets_no_notice_and_goes_at_n_days(app):
    no_email = factory.aged_exploration(
        app, "draft", changed_at=NOW - TOLD_FROM - timedelta(days=1), lead_email=None
    )
    blank = factory.aged_exploration(
        app, "draft", changed_at=NOW - TOLD_FROM - timedelta(days=1), lead_email=""
    )
    assert not _run(app, NOW).counts
    assert _notices(app) == []
    assert _run(app, NOW + timedelta(days=14)).counts == {"drafts": 2}
    assert not _exists(app, no_email.id) and not _exists(app, blank.id)


def test_a_submitted_exploration_is_never_told(app):
    for status in ("submitted", "accepted", "withdrawn"):
        factory.aged_exploration(app, status, changed_at=OLD_DRAFT)
    factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    report = _run(app, NOW)
    assert "drafts_notified" not in report.counts
    assert _notices(app) == []


def test_a_held_draft_is_not_told(app):
    made = factory.aged_exploration(app, "draft", changed_at=OLD_DRAFT)
    factory.hold(app, made.id)
    report = _run(app, NOW)
    assert "drafts_notified" not in report.counts and _notices(app) == []
    assert _exists(app, made.id)


def test_the_drafts_to_tell_are_idle_76_days_with_an_email_and_not_told_since(app):
    soon = factory.aged_exploration(app, "draft", changed_at=NOW - timedelta(days=80))
    factory.aged_exploration(app, "draft", changed_at=NOW - timedelta(days=60))
    late = factory.aged_exploration(app, "draft", changed_at=OLD_DRAFT)
    told = factory.aged_exploration(app, "draft", changed_at=NOW - timedelta(days=80))
    with app.app_context():
        db.get(Exploration, told.id).deletion_notice_at = NOW - timedelta(days=1)
        db.commit()
        ids = db.scalars(drafts_to_notify(Schedule.from_config(), NOW)).all()
    assert sorted(ids) == sorted([soon.id, late.id])


def test_a_dry_run_counts_the_notices_changes_nothing_and_the_record_has_no_value(app):
    made = factory.aged_exploration(app, "draft", changed_at=NOW - timedelta(days=80))
    dry = _run(app, NOW, dry_run=True)
    assert dry.counts == {"drafts_notified": 1}
    assert "drafts_notified: would tell 1" in dry.lines()
    assert _notices(app) == []
    with app.app_context():
        assert db.get(Exploration, made.id).deletion_notice_at is None
    client = app.test_client()
    assert client.get(f"/fr/request/{made.token}/").status_code == 200  # the old link works

    real = _run(app, NOW)
    assert real.counts == dry.counts
    with app.app_context():
        run = db.get(RetentionRun, real.run_id)
        assert json.loads(run.counts_json) == {"drafts_notified": 1}
        assert "elodie" not in run.counts_json.lower()


def test_the_lead_and_the_privacy_notice_are_told_that_an_email_comes_first(app, client):
    with_email = factory.exploration(app, "draft", lead_email="lead@canada.ca")
    without = factory.exploration(app, "draft", lead_email=None)

    def said(path: str) -> str:
        return " ".join(parse(html(client.get(path))).xpath("string(//main)").split())

    promise = "Nous écrirons à lead@canada.ca 14 jours avant, avec un nouveau lien pour y revenir."
    assert promise in said(f"/fr/request/{with_email.token}/")
    assert "Nous écrirons" not in said(f"/fr/request/{without.token}/")
    assert "We will write to lead@canada.ca 14 days before" in said(
        f"/en/request/{with_email.token}/"
    )
    assert "nous vous écrivons 14 jours avant" in said("/fr/request/start")
