"""Declining or withdrawing a request asks for a reason: required, its message next to the
field in both languages; kept with the status change, shown in the history and to the partner
on their page (and, for a decline, in the email)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import db
from intake.models import StatusChange
from tests import factory
from tests.conftest import html, sign_in
from tests.markup import field_error, parse, texts

REASON = "Notre équipe est complète jusqu’en mars.\nÉcrivez-nous au printemps."


def change_status(client, made, lang: str = "en", **data):
    url = f"/{lang}/staff/requests/{made.id}"
    return client.submit(f"{url}/status", {"version": made.version, **data}, form_url=url)


def changes(app, exploration_id: int) -> list[StatusChange]:
    with app.app_context():
        return list(
            db.scalars(
                select(StatusChange)
                .where(StatusChange.exploration_id == exploration_id)
                .order_by(StatusChange.id)
            )
        )


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Enter the reason for declining or withdrawing the request."),
        ("fr", "Entrez le motif du refus ou du retrait de la demande."),
    ],
)
@pytest.mark.parametrize("status", ["declined", "withdrawn"])
def test_a_decline_or_withdrawal_without_a_reason_is_refused(app, client, lang, message, status):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    response = change_status(client, made, lang, status=status, reason="  ")
    assert response.status_code == 400
    page = html(response)
    assert field_error(page, "reason") == f"{'Error:' if lang == 'en' else 'Erreur :'} {message}"
    assert texts(page, "//div[@class='error-summary']//a") == [message]
    assert parse(page).xpath("//div[@class='error-summary']//a/@href") == ["#reason"]
    checked = parse(page).xpath("//input[@name='status'][@checked]/@value")
    assert checked == [status]  # what was chosen stays chosen
    assert "reason-error" in parse(page).get_element_by_id("reason").get("aria-describedby")
    assert [c.to_status for c in changes(app, made.id)] == []


def test_accepting_needs_no_reason(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    assert change_status(client, made, status="accepted").status_code == 302
    [change] = changes(app, made.id)
    assert (change.to_status, change.reason) == ("accepted", None)


@pytest.mark.parametrize("status", ["declined", "withdrawn"])
def test_the_reason_is_kept_shown_in_the_history_and_to_the_partner(app, client, status):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    assert change_status(client, made, status=status, reason=REASON).status_code == 302
    [change] = changes(app, made.id)
    assert (change.to_status, change.reason) == (status, REASON)

    page = parse(html(client.get(f"/fr/staff/requests/{made.id}")))
    headers = [th.text_content() for th in page.xpath("//section[@aria-labelledby='history']//th")]
    assert headers[-1] == "Motif"
    [row] = page.xpath("//section[@aria-labelledby='history']//tbody/tr")
    assert row.xpath("td")[-1].text_content() == REASON

    partner = app.test_client()
    for lang, heading in (("en", "The reason CDS gave"), ("fr", "Le motif donné par le SNC")):
        doc = parse(html(partner.get(f"/{lang}/request/{made.token}/")))
        [box] = doc.xpath("//div[h2]/h2[normalize-space()=$h]/..", h=heading)
        assert box.xpath("p")[0].text_content() == REASON


def test_a_decline_email_carries_the_reason(app, client):
    from core.outbox import OutboxMessage

    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    change_status(client, made, status="declined", reason=REASON)
    with app.app_context():
        [message] = db.scalars(select(OutboxMessage)).all()
        assert REASON in message.body


def test_the_partner_sees_no_reason_while_the_request_goes_ahead(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    change_status(client, made, status="accepted", reason="Note pour nous")
    page = html(app.test_client().get(f"/en/request/{made.token}/"))
    assert "The reason CDS gave" not in page and "Note pour nous" not in page


def test_a_reason_of_more_than_2000_characters_is_refused(app, client):
    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    response = change_status(client, made, status="declined", reason="x" * 2001)
    assert response.status_code == 400
    assert field_error(html(response), "reason") == "Error: Enter 2000 characters or fewer."
    assert changes(app, made.id) == []


def test_the_retention_schedule_removes_the_reasons(app, client):
    from retention.kinds import status_reasons

    sign_in(app, client, "editor")
    made = factory.exploration(app, "submitted")
    change_status(client, made, status="declined", reason=REASON)
    with app.app_context():
        assert status_reasons(db, made.id, dry_run=True) == 1
        assert status_reasons(db, made.id, dry_run=False) == 1
        db.commit()
        assert status_reasons(db, made.id, dry_run=False) == 0
    assert REASON not in html(client.get(f"/en/staff/requests/{made.id}"))
