"""Private links, reference numbers and the audit trail, below the web pages."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from core.audit import AuditEvent
from core.timeutil import utcnow
from core.tokens import hash_token, looks_like_token
from intake import service
from intake.links import exploration_for_partner_token, issue_partner_link, partner_url
from intake.models import Exploration, ReferenceCounter
from tests.conftest import html
from tests.factory import make_exploration
from tests.intake.helpers import CONTEXT, post_step
from tests.intake.test_flow import start_draft


def test_issue_partner_link_replaces_the_old_one(app):
    with app.test_request_context("/en/"):
        from core.db import db

        exploration = make_exploration(db, status="draft")
        first = issue_partner_link(exploration)
        db.commit()
        assert looks_like_token(first)
        assert exploration.partner_token_hash == hash_token(first)
        assert exploration_for_partner_token(first).id == exploration.id  # a draft works
        second = issue_partner_link(exploration)
        db.commit()
        assert second != first
        assert exploration_for_partner_token(second).id == exploration.id
        with pytest.raises(NotFound):
            exploration_for_partner_token(first)
        for bad in ("", "x", "A" * 43, first + "A", first[:-1] + "\x00"):
            with pytest.raises(NotFound):
                exploration_for_partner_token(bad)


def test_partner_url_is_absolute_and_in_the_current_language(app):
    with app.test_request_context("/fr/"):
        from flask import g

        g.lang = "fr"
        url = partner_url("A" * 43)
    assert url == f"http://localhost/fr/request/{'A' * 43}/"


def test_only_the_hash_of_the_link_is_stored(client, app):
    token = start_draft(client)
    with app.app_context():
        from core.db import db

        exploration = db.scalars(select(Exploration)).one()
        assert exploration.partner_token_hash == hash_token(token)
        for column in Exploration.__table__.columns:
            assert getattr(exploration, column.key) != token


def test_reference_numbers_are_unique_under_concurrency(app):
    """Eight workers take numbers at the same time: no number is given twice."""
    year = utcnow().year
    numbers: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            with app.app_context():
                from core.db import db

                barrier.wait()
                for _ in range(5):
                    numbers.append(service.next_reference(year))
                    db.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(numbers) == [f"EXP-{year}-{n:04d}" for n in range(1, 41)]
    with app.app_context():
        from core.db import db

        assert db.get(ReferenceCounter, year).last == 40


def test_submit_only_from_draft(app):
    with app.app_context():
        from core.db import db

        exploration = make_exploration(db, status="draft")
        service.submit(exploration)
        db.commit()
        assert exploration.status == "submitted"
        assert exploration.reference == f"EXP-{utcnow().year}-0001"
        with pytest.raises(ValueError, match="only a draft"):
            service.submit(exploration)
        event = db.scalars(select(AuditEvent).where(AuditEvent.action == "request.submitted")).one()
        assert event.actor_kind == "partner_link" and event.exploration_id == exploration.id


def test_every_partner_save_is_audited_with_codes_only(client, app):
    token = start_draft(client)
    post_step(client, f"/en/request/{token}/context", {**CONTEXT, "action": "continue"})
    post_step(client, f"/en/request/{token}/documents", {"doc_org_chart_status": "shared"})
    with app.app_context():
        from core.db import db

        events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.detail) for e in events] == [
        ("request.created", None),
        ("request.saved", "organization"),
        ("request.saved", "context"),
        ("request.saved", "documents"),
    ]
    assert all(e.actor_kind == "partner_link" for e in events)


def test_department_names_in_both_languages():
    assert len(service.DEPARTMENTS) > 50
    codes = [d.code for d in service.DEPARTMENTS]
    assert len(codes) == len(set(codes)) and "other" not in codes
    for department in service.DEPARTMENTS:
        assert department.name["en"] and department.name["fr"]
    names_fr = [d.name["fr"] for d in service.departments_sorted("fr")]
    # Accents do not push a name to the end: « Élections Canada » sorts among the E.
    position = names_fr.index("Élections Canada")
    assert names_fr[position - 1][0] in "EÉ" or names_fr[position + 1][0] in "EÉ"


def test_department_list_is_offered_in_the_page_language(client):
    english = html(client.get("/en/request/organization"))
    french = html(client.get("/fr/request/organization"))
    assert "Employment and Social Development Canada" in english
    assert "Emploi et Développement social Canada" in french
    assert 'value="other"' in english and 'value="other"' in french


def test_counter_rows_are_per_year(app):
    with app.app_context():
        from core.db import db

        assert service.next_reference(2030) == "EXP-2030-0001"
        assert service.next_reference(2031) == "EXP-2031-0001"
        assert service.next_reference(2030) == "EXP-2030-0002"
        db.commit()
        assert db.scalar(select(func.count()).select_from(ReferenceCounter)) == 2
