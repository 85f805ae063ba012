"""Seeding and signing in for the staff tests: accounts, requests with partner data, and a
client signed in with a given role."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from core.auth import StaffUser, hash_password
from core.db import db
from core.tokens import new_token
from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic, TopicState
from intake.reference import DOCUMENTS, TOPICS

PASSWORD = "a perfectly long test passphrase"
_HASH_CACHE: dict[str, str] = {}
_counter = itertools.count(1)

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


def fast_hash(password: str) -> str:
    """argon2 is slow on purpose; tests hash each password once."""
    if password not in _HASH_CACHE:
        _HASH_CACHE[password] = hash_password(password)
    return _HASH_CACHE[password]


def make_user(
    app: Flask,
    role: str = "viewer",
    *,
    email: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
    name: str | None = None,
    language: str = "en",
) -> int:
    email = email or f"{role}{next(_counter)}@cds-snc.ca"
    with app.app_context():
        user = StaffUser(
            email=email.lower(),
            role=role,
            password_hash=fast_hash(password),
            active=active,
            name=name,
            language=language,
        )
        db.add(user)
        db.commit()
        return user.id


def user_email(app: Flask, user_id: int) -> str:
    with app.app_context():
        return db.get(StaffUser, user_id).email


def make_exploration(
    app: Flask,
    status: str = "submitted",
    *,
    reference: str | None = None,
    department: str | None = "cbsa",
    preferred_start: date | None = date(2026, 9, 14),
    submitted_at: datetime | None = None,
    topics_named: int = 2,
    documents_shared: int = 3,
    partner_link: bool = True,
    **fields: Any,
) -> dict[str, Any]:
    """A request with partner text, people on `topics_named` topics and `documents_shared`
    documents shared. Returns its id, version, reference and partner token."""
    number = next(_counter)
    values = {**PARTNER_TEXT, **fields}
    token = None
    with app.app_context():
        exploration = Exploration(
            reference=reference
            if reference is not None
            else (None if status == "draft" else f"EXP-2026-{number:04d}"),
            status=status,
            department_code=department,
            preferred_start=preferred_start,
            submitted_at=submitted_at
            or (None if status == "draft" else datetime(2026, 5, 1, 9, number % 60)),
            form_language="fr",
            lead_language="fr",
            **values,
        )
        if partner_link:
            token, exploration.partner_token_hash = new_token()
        db.add(exploration)
        db.flush()
        for topic in TOPICS[:topics_named]:
            person = Stakeholder(
                exploration_id=exploration.id, name=STAKEHOLDER_NAME, title="Directrice"
            )
            person.topics.append(StakeholderTopic(topic_id=topic.id))
            db.add(person)
        db.add(
            TopicState(exploration_id=exploration.id, topic_id=TOPICS[-1].id, to_be_confirmed=True)
        )
        for index, document in enumerate(DOCUMENTS):
            db.add(
                DocumentStatus(
                    exploration_id=exploration.id,
                    document_id=document.id,
                    status="shared" if index < documents_shared else "will_share",
                    note=DOCUMENT_NOTE if index == 0 else None,
                )
            )
        db.commit()
        return {
            "id": exploration.id,
            "version": exploration.version,
            "reference": exploration.reference,
            "token": token,
        }


def version_of(app: Flask, exploration_id: int) -> int:
    with app.app_context():
        return db.scalar(select(Exploration.version).where(Exploration.id == exploration_id))


def load(app: Flask, exploration_id: int) -> dict[str, Any]:
    with app.app_context():
        e = db.get(Exploration, exploration_id)
        return {c.name: getattr(e, c.name) for c in Exploration.__table__.columns}


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(client: Any, url: str = "/en/staff/sign-in") -> str:
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(
    client: Any,
    email: str,
    password: str = PASSWORD,
    *,
    lang: str = "en",
    next_url: str | None = None,
    **kwargs: Any,
) -> Any:
    url = f"/{lang}/staff/sign-in"
    query = {"next": next_url} if next_url is not None else None
    token = csrf_from(client, url)
    return client.post(
        url,
        query_string=query,
        data={"csrf_token": token, "email": email, "password": password},
        **kwargs,
    )


def signed_in(app: Flask, client: Any, role: str = "editor", **user_kwargs: Any) -> int:
    """Create an account with `role`, sign `client` in with it, return the account id."""
    user_id = make_user(app, role, **user_kwargs)
    response = sign_in(client, user_email(app, user_id))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return user_id


def post_action(client: Any, url: str, data: dict[str, Any], form_url: str) -> Any:
    """POST `data` to `url` with the CSRF token of `form_url` (the page the form is on)."""
    payload = {"csrf_token": csrf_from(client, form_url), **data}
    return client.post(url, data=payload)


def is_sign_in_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/staff/sign-in" in (response.location or "")
