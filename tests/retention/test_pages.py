"""After a purge nothing breaks and every page and export says what was removed; holds and
runs on the staff pages; the warning before the removal."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from lxml import html as lxml_html
from openpyxl import load_workbook
from sqlalchemy import select

from core.audit import AuditEvent
from core.db import db
from core.timeutil import utcnow
from retention.holds import held
from retention.run import run_retention
from retention.schedule import add_months
from tests import factory
from tests.conftest import html, sign_in
from tests.retention.helpers import LONG_AGO, NOW, RESPONDENTS

REMOVED_EN = "removed under the retention schedule"
REMOVED_FR = "supprimé selon le calendrier de conservation"


def _purged(app):
    made = factory.aged_exploration(app, "completed", changed_at=LONG_AGO, respondents=RESPONDENTS)
    with app.app_context():
        run_retention(NOW)
    return made


def _text(response) -> str:
    return lxml_html.fromstring(html(response)).text_content()


def test_pages_and_exports_say_what_was_removed_and_nothing_breaks(app, client):
    made = _purged(app)
    sign_in(app, client, "viewer")
    for lang, words in (("en", REMOVED_EN), ("fr", REMOVED_FR)):
        page = client.get(f"/{lang}/staff/requests/{made.id}")
        assert page.status_code == 200
        text = _text(page)
        assert words in text and "Élodie" not in text and "Léa Tremblay" not in text
        assert made.reference in text and "\ue000" not in html(page)
        summary = client.get(f"/{lang}/staff/requests/{made.reference}/summary")
        assert summary.status_code == 200 and words in _text(summary)
        for path in (f"/{lang}/staff/", f"/{lang}/staff/?q=Élodie", f"/{lang}/staff/?q=EXP"):
            assert client.get(path).status_code == 200, path
        book = client.get(f"/{lang}/staff/exports/{made.reference}.xlsx")
        assert book.status_code == 200
        cells = [
            str(c.value)
            for ws in load_workbook(BytesIO(book.data)).worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        assert any(words in c for c in cells) and not any("\ue000" in c for c in cells)
        assert not any("Élodie" in c for c in cells)
        portfolio = client.get(f"/{lang}/staff/exports/portfolio.xlsx")
        assert portfolio.status_code == 200
        for doc_lang in ("en", "fr"):
            pdf = client.get(f"/{lang}/staff/exports/{made.reference}-{doc_lang}.pdf")
            assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_the_request_page_warns_before_the_removal(app, client):
    closed = add_months(utcnow(), -24) + timedelta(days=10)
    soon = factory.aged_exploration(app, "completed", changed_at=closed)
    later = factory.aged_exploration(app, "completed", changed_at=utcnow() - timedelta(days=30))
    sign_in(app, client, "viewer")
    text = _text(client.get(f"/en/staff/requests/{soon.id}"))
    assert "Personal information is removed in 9 days." in text or "in 10 days" in text
    assert "Findings and recommendations are kept" in text
    assert "Findings and recommendations are kept" not in _text(
        client.get(f"/en/staff/requests/{later.id}")
    )


def test_an_admin_holds_and_lifts_with_a_reason(app, client):
    made = factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    sign_in(app, client, "admin")
    url = f"/en/staff/requests/{made.id}"
    empty = client.submit(f"{url}/retention-hold", {"reason": "  "}, form_url=url)
    assert empty.status_code == 400
    doc = lxml_html.fromstring(html(empty))
    assert doc.xpath("//*[@class='error-summary']//a[@href='#reason']")
    group = doc.get_element_by_id("reason").getparent()
    assert "Enter the reason for the hold." in group.text_content()
    done = client.submit(f"{url}/retention-hold", {"reason": "Plainte 2028-17"}, form_url=url)
    assert done.status_code == 302
    page = _text(client.get(url))
    assert "On hold" in page and "Plainte 2028-17" in page
    with app.app_context():
        assert held(db, made.id) is not None
        assert run_retention(NOW).held == [made.reference]
    lifted = client.submit(f"{url}/retention-hold", {"action": "lift"}, form_url=url)
    assert lifted.status_code == 302
    with app.app_context():
        assert held(db, made.id) is None
        actions = db.scalars(
            select(AuditEvent.action).where(AuditEvent.exploration_id == made.id)
        ).all()
        assert "retention.hold_set" in actions and "retention.hold_lifted" in actions
    page = _text(client.get(url))
    assert "Earlier holds" in page


def test_editors_cannot_hold(app, client):
    made = factory.aged_exploration(app, "completed", changed_at=LONG_AGO)
    sign_in(app, client, "editor")
    url = f"/en/staff/requests/{made.id}"
    assert "Put on hold" not in _text(client.get(url))
    refused = client.submit(f"{url}/retention-hold", {"reason": "x"}, form_url=url)
    assert refused.status_code == 403
    assert client.get("/en/staff/retention").status_code == 403


def test_admins_see_the_runs_without_personal_information(app, client):
    factory.hold(app, factory.aged_exploration(app, "declined", changed_at=LONG_AGO).id)
    made = _purged(app)
    sign_in(app, client, "admin")
    for lang in ("en", "fr"):
        page = client.get(f"/{lang}/staff/retention")
        assert page.status_code == 200
        text = _text(page)
        assert "Élodie" not in text and "elodie" not in text
    text = _text(client.get("/en/staff/retention"))
    assert "Lead and sponsor: names, titles, emails, phones: 5" in text
    assert made.reference not in text  # purged ones are counted, not named
    assert "EXP-" in text  # the held one is named by its reference
