"""The staff tests' requests: partner text to look for (or not) on pages and in the audit
trail, built by the one factory. Accounts come from `tests.factory.staff_account`, signing in
from `tests.conftest.sign_in`, CSRF tokens from the test client (`client.submit`)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from core.db import db
from intake.models import Exploration
from intake.reference import DOCUMENTS, TOPICS
from tests import factory

_requests = itertools.count(1)

# Distinctive strings the partner "typed": no refused page and no audit event may contain them.
PARTNER_TEXT = {
    "lead_name": "Zébulon Quintessard",
    "lead_email": "zebulon.quintessard@example.gc.ca",
    "service_name": "Service Xylophone-Wombat",
    "problem": "Les formulaires papier Perlimpinpin prennent trois semaines.",
    "users": "Usagers Farfadet du programme",
    "branch": "Direction Hippocampe",
    "timing_note": "Pas avant le Carnaval Quokka",
}
STAKEHOLDER_NAME = "Ophélie Mandragore"
DOCUMENT_NOTE = "Note Ornithorynque sur l’organigramme"


def make_request(
    app: Flask,
    status: str = "submitted",
    *,
    department: str | None = "cbsa",
    preferred_start: date | None = date(2026, 9, 14),
    submitted_at: datetime | None = None,
    topics_named: int = 2,
    documents_shared: int = 3,
    **fields: Any,
) -> factory.Made:
    """`factory.exploration` with the partner's distinctive text (PARTNER_TEXT), a person
    (STAKEHOLDER_NAME) on each of the first `topics_named` topics, the last topic to be
    confirmed, the first `documents_shared` documents shared and the rest promised (the first
    with DOCUMENT_NOTE). Requests are submitted a minute apart, in the order they are made."""
    number = next(_requests)
    if submitted_at is None and status != "draft":
        submitted_at = datetime(2026, 5, 1, 9, number % 60)
    return factory.exploration(
        app,
        status,
        department_code=department,
        preferred_start=preferred_start,
        submitted_at=submitted_at,
        people=[(STAKEHOLDER_NAME, (topic.id,)) for topic in TOPICS[:topics_named]],
        to_confirm=(TOPICS[-1].id,),
        documents={
            document.id: "shared" if index < documents_shared else "will_share"
            for index, document in enumerate(DOCUMENTS)
        },
        document_notes={DOCUMENTS[0].id: DOCUMENT_NOTE},
        **{**PARTNER_TEXT, **fields},
    )


def version_of(app: Flask, exploration_id: int) -> int:
    with app.app_context():
        return db.scalar(select(Exploration.version).where(Exploration.id == exploration_id))


def load(app: Flask, exploration_id: int) -> dict[str, Any]:
    with app.app_context():
        e = db.get(Exploration, exploration_id)
        return {c.name: getattr(e, c.name) for c in Exploration.__table__.columns}


def is_sign_in_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/staff/sign-in" in (response.location or "")


def post_sign_in(
    client: Any,
    email: str,
    password: str = factory.PASSWORD,
    *,
    lang: str = "en",
    next_url: str | None = None,
    **kwargs: Any,
) -> Any:
    """Post the sign-in form with these credentials, for the tests of signing in itself (to
    be signed in, use `tests.conftest.sign_in`)."""
    query = {"next": next_url} if next_url is not None else None
    url = f"/{lang}/staff/sign-in"
    return client.submit(url, {"email": email, "password": password}, query_string=query, **kwargs)
