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


def lead_exploration(app, **options):
    from tests import factory

    return factory.exploration(app, lead_language="fr", **options)


def test_status_news_in_the_leads_language(notify_app, notify_client, fake_notify):
    from tests.conftest import sign_in

    made = lead_exploration(notify_app)
    sign_in(notify_app, notify_client, "editor")
    url = f"/en/staff/requests/{made.id}"
    response = notify_client.submit(
        f"{url}/status",
        {"status": "declined", "reason": "Notre équipe est complète.", "version": made.version},
        form_url=url,
    )
    assert response.status_code == 302
    [news] = fake_notify.received
    assert news.subject == f"Votre demande d’exploration {made.reference}"
    assert "Notre équipe est complète." in news.body
    assert "Le motif donné par le SNC\u00a0:" in news.body


def test_reissued_link_goes_to_the_lead_not_to_staff(notify_app, notify_client, fake_notify):
    from tests.conftest import sign_in

    made = lead_exploration(notify_app)
    sign_in(notify_app, notify_client, "editor")
    url = f"/en/staff/requests/{made.id}"
    response = notify_client.submit(
        f"{url}/partner-link/reissue", {"version": made.version}, form_url=url
    )
    assert response.status_code == 302
    page = notify_client.get(response.headers["Location"]).get_data(as_text=True)
    [email] = fake_notify.received
    [path] = LINK.findall(email.body)
    assert path.split("/")[3] not in page  # the new token is not on the staff page
    assert "emailed to the partner’s project lead" in page
    assert notify_client.application.test_client().get(path).status_code == 200
    assert made.token not in path


def test_email_me_a_link_says_the_same_with_or_without_an_address(
    notify_app, notify_client, fake_notify
):
    with_address = lead_exploration(notify_app, status="draft")
    without = lead_exploration(notify_app, status="draft", lead_email=None)
    answers = []
    for made in (with_address, without):
        url = f"/fr/request/{made.token}/context"
        response = notify_client.submit(f"/fr/request/{made.token}/email-link", form_url=url)
        assert response.status_code == 200
        answers.append(response.get_data(as_text=True).split("<main")[1])
    assert answers[0].replace(with_address.token, "") == answers[1].replace(without.token, "")
    [email] = fake_notify.received
    assert email.subject == "Votre lien pour revenir à votre demande d’exploration"
    assert f"/fr/request/{with_address.token}/" in email.body


def test_respondent_gets_their_link_and_a_wrong_address_is_named(
    notify_app, notify_client, fake_notify
):
    from tests import factory

    made = lead_exploration(notify_app, survey_open=True)
    _id, token = factory.respondent(notify_app, made.id, submitted=False)
    home = f"/en/survey/r/{token}/"
    bad = notify_client.submit(f"{home}email-link", {"email": "not an address"}, form_url=home)
    assert bad.status_code == 400
    assert "Enter an email address in the right format" in bad.get_data(as_text=True)
    good = notify_client.submit(
        f"{home}email-link", {"email": "colleague@canada.ca"}, form_url=home
    )
    assert good.status_code == 200
    [email] = fake_notify.to("colleague@canada.ca")
    assert f"/en/survey/r/{token}/" in email.body


def test_email_me_a_link_is_limited_per_link(database_urls, fake_notify):
    from tests.conftest import make_test_app
    from tests.notify.conftest import ClosingClient

    app = make_test_app(
        database_urls["sqlite"],
        RATELIMIT_ENABLED=True,
        EMAIL_LINK_LIMIT="2 per hour",
        **fake_notify.config(),
    )
    from tests.conftest import _empty_tables

    _empty_tables(app)
    app.test_client_class = ClosingClient
    client = app.test_client()
    made = lead_exploration(app, status="draft")
    url = f"/en/request/{made.token}/email-link"
    codes = [
        client.submit(url, form_url=f"/en/request/{made.token}/context").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    assert len(fake_notify.received) == 2


def test_invitations_each_get_their_own_link_and_one_reminder(
    notify_app, notify_client, fake_notify
):
    from surveys.invitations import SurveyInvitation

    made = lead_exploration(notify_app, survey_open=True)
    manage = f"/en/request/{made.token}/survey"
    bad = notify_client.submit(
        f"{manage}/invitations", {"addresses": "a@canada.ca\nnot-an-address"}, form_url=manage
    )
    assert bad.status_code == 400
    assert "Line 2 is not an email address" in bad.get_data(as_text=True)
    assert fake_notify.received == []
    ok = notify_client.submit(
        f"{manage}/invitations",
        {"addresses": "a@canada.ca\n\nb@canada.ca\na@canada.ca"},
        form_url=manage,
    )
    assert ok.status_code == 303
    assert sorted(r.email_address for r in fake_notify.received) == ["a@canada.ca", "b@canada.ca"]
    links = {LINK2.search(r.body).group(1) for r in fake_notify.received}
    assert len(links) == 2
    first = fake_notify.received[0]
    assert "Your own private link" in first.body and "Votre propre lien privé" in first.body
    remind = notify_client.submit(f"{manage}/invitations", {"action": "remind"}, form_url=manage)
    assert remind.status_code == 303
    assert len(fake_notify.received) == 4
    with notify_app.app_context():
        assert all(i.email is None for i in db.scalars(select(SurveyInvitation)))


LINK2 = re.compile(r"/en/survey/r/([A-Za-z0-9_-]{43})/")
