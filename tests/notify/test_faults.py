"""When GC Notify refuses, errs or hangs: a 400 marks the email failed and the Outbox page
shows it with a retry; a hang never holds a request longer than the client's timeout; with no
API key, emails are kept and shown in full."""

from __future__ import annotations

import sqlite3
import time

from lxml import html as lxml_html

from tests.conftest import _empty_tables, make_test_app, sign_in
from tests.notify.conftest import ClosingClient
from tests.notify.test_messages import submit


def test_a_400_marks_failed_and_shows_on_the_outbox_with_a_retry(
    notify_app, notify_client, fake_notify
):
    fake_notify.answer = 400
    submit(notify_client, "en")
    sign_in(notify_app, notify_client, "admin")
    page = lxml_html.fromstring(notify_client.get("/en/staff/outbox").get_data(as_text=True))
    items = page.xpath('//li[@class="outbox-message"]')
    assert len(items) == 2
    text = items[0].text_content()
    assert "Failed" in text and "400 ValidationError" in text
    [retry] = items[0].xpath(".//form")
    fake_notify.answer = 201
    response = notify_client.submit(retry.get("action"), form_url="/en/staff/outbox")
    assert response.status_code == 302
    assert len(fake_notify.received) == 1


def test_a_hang_does_not_hold_the_request_longer_than_the_timeout(
    notify_app, notify_client, fake_notify
):
    fake_notify.answer = "hang"
    fake_notify.hang_seconds = 10
    started = time.monotonic()
    submit(notify_client, "en")  # the test client runs the after-response delivery inline
    elapsed = time.monotonic() - started
    # Two emails, one second of timeout each, plus the form's own steps.
    assert elapsed < 2 * notify_app.config["NOTIFY_TIMEOUT"] + 4
    from sqlalchemy import select

    from core.db import db
    from core.outbox import OutboxMessage

    with notify_app.app_context():
        rows = db.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"queued"} and all(r.uncertain for r in rows)


def test_without_an_api_key_the_french_receipt_is_kept_and_shown(database_urls):
    app = make_test_app(database_urls["sqlite"], NOTIFY_API_KEY=None)
    _empty_tables(app)
    client = app.test_client()
    submit(client, "fr")
    sign_in(app, client, "admin")
    page = lxml_html.fromstring(client.get("/fr/staff/outbox").get_data(as_text=True))
    receipt = page.xpath('//li[@class="outbox-message"]')[-1]
    assert "Nous avons reçu votre demande d’exploration" in receipt.text_content()
    assert "Conservé, non envoyé" in receipt.text_content()
    [link] = [a.get("href") for a in receipt.xpath(".//a") if "/request/" in a.get("href")]
    assert "/fr/request/" in link
    path = link.split("localhost", 1)[1]
    opened = app.test_client().get(path)  # a fresh browser: the link alone opens the request
    assert opened.status_code == 200
    reference = receipt.xpath('.//h2[@class="outbox-subject"]')[0].text_content().split()[-1]
    assert reference.startswith("EXP-") and reference in opened.get_data(as_text=True)


def test_nobody_waits_for_the_database_while_notify_is_called(database_urls, fake_notify):
    """SQLite has one write lock for the whole database: a delivery that kept its transaction
    open while Notify answered slowly made every other request wait, then fail with a 503."""
    url = database_urls["sqlite"]
    app = make_test_app(url, **fake_notify.config())
    _empty_tables(app)
    app.test_client_class = ClosingClient
    client = app.test_client()
    writes = []

    def write_from_another_worker() -> None:
        other = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0.5, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("COMMIT")
            writes.append("ok")
        except sqlite3.OperationalError as error:
            writes.append(str(error))
        finally:
            other.close()

    fake_notify.while_answering = write_from_another_worker
    submit(client, "en")
    assert writes == ["ok"]  # the lead's receipt (no staff inbox is set here)
    assert len(fake_notify.received) == 1
