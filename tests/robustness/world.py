"""A small, complete world for the robustness tests: requests in every state, their private
links, a survey with a respondent, staff accounts, and a client signed in as staff.

With it, every URL rule of the app can be turned into a real URL (`World.url(rule)`), so the
tests can enumerate routes and forms from `app.url_map` instead of keeping a list that would
miss the next page someone adds.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Flask
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from core.auth import StaffUser, hash_password
from core.tokens import new_token
from tests.serving import Form, parse_forms

STAFF_PASSWORD = "robustness-password-Long-enough-42"  # a throwaway test account
CSP_NONCE = re.compile(r"nonce-[A-Za-z0-9_-]+|nonce=\"[A-Za-z0-9_-]+\"")
CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+"')


@dataclass
class Request:
    id: int
    token: str
    reference: str | None = None
    survey_token: str | None = None
    respondent_token: str | None = None
    person_id: int | None = None


@dataclass
class World:
    app: Flask
    partner: Any  # the test client of a partner (no staff session)
    staff: Any  # a test client signed in as an admin
    draft: Request
    submitted: Request
    other: Request
    admin_id: int
    other_user_id: int
    admin_email: str = "admin@cds-snc.ca"
    extra: dict[str, Any] = field(default_factory=dict)

    def values_for(self, rule: Rule, subject: Request | None = None) -> dict[str, Any] | None:
        """URL values for `rule` that open something real, or None when a part is unknown.

        Staff pages about one request, and the partner's request pages, point at `subject`
        (the draft by default for the partner's steps, the submitted one otherwise).
        """
        from surveys.framework import FRAMEWORK

        partner_steps = rule.endpoint.startswith("intake.")
        if subject is None:
            subject = self.draft if partner_steps else self.submitted
        known: dict[str, Any] = {
            "lang": "en",
            "token": subject.token,
            "survey_token": self.submitted.survey_token,
            "respondent_token": self.submitted.respondent_token,
            "practice_id": FRAMEWORK.practices[0].id,
            "person_id": subject.person_id,
            "exploration_id": subject.id,
            "reference": subject.reference or self.submitted.reference,
            "ref": subject.reference or self.submitted.reference,
            "doc_lang": "en",
            "user_id": self.other_user_id,
            "recommendation_id": self.extra.get("recommendation_id"),
            "filename": "css/app.css",
        }
        values = {}
        for name in rule.arguments:
            if known.get(name) is None:
                return None
            values[name] = known[name]
        return values

    def url(self, rule: Rule, subject: Request | None = None, **query: str) -> str | None:
        values = self.values_for(rule, subject)
        if values is None:
            return None
        adapter = self.app.url_map.bind("localhost")
        url = adapter.build(rule.endpoint, values, force_external=False)
        return url + ("?" + urllib.parse.urlencode(query) if query else "")

    def client_for(self, url: str) -> Any:
        if "/staff" in url and "/sign-in" not in url:
            return self.staff
        return self.partner


def _staff_user(session: Any, email: str, role: str) -> StaffUser:
    user = StaffUser(
        email=email,
        name=email.split("@")[0],
        password_hash=hash_password(STAFF_PASSWORD),
        role=role,
    )
    session.add(user)
    session.flush()
    return user


def _request(session: Any, status: str, reference: str | None, **fields: Any) -> Request:
    from intake.models import DocumentStatus, Exploration, Stakeholder, StakeholderTopic
    from intake.reference import DOCUMENTS, TOPICS

    token, token_hash = new_token()
    start = date.today() + timedelta(days=60)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    exploration = Exploration(
        status=status,
        reference=reference,
        partner_token_hash=token_hash,
        department_code="other",
        department_other="Agence de démonstration",
        branch="Direction",
        lead_name="Léa Tremblay",
        lead_title="Gestionnaire",
        lead_email="lea@canada.ca",
        lead_language="fr",
        sponsor_name="Sam Sponsor",
        sponsor_title="Directrice",
        sponsor_email="sam@canada.ca",
        service_name="Service",
        problem="Un problème",
        users="Des gens",
        impact="Beaucoup",
        why_now="Maintenant",
        constraints="Aucune",
        preferred_start=start,
        latest_start=start + timedelta(days=28),
        **fields,
    )
    person = Stakeholder(name="Alex Martin", title="Analyste", email="alex@canada.ca")
    person.topics = [StakeholderTopic(topic_id=topic.id) for topic in TOPICS]
    exploration.stakeholders = [person]
    exploration.documents = [
        DocumentStatus(document_id=DOCUMENTS[0].id, status="will_share", note="Bientôt")
    ]
    session.add(exploration)
    session.flush()
    return Request(exploration.id, token, reference, person_id=person.id)


def _outcome(session: Any, exploration_id: int, lead_id: int) -> int:
    """The admin leads the request's CDS team, with a draft recommendation open to the
    partner: every outcome form (ratings, order, the partner's priorities) is on some page."""
    from datetime import datetime

    from outcome.models import Outcome, Recommendation
    from planning.models import TeamMember

    session.add(TeamMember(exploration_id=exploration_id, staff_user_id=lead_id, role="lead"))
    recommendation = Recommendation(
        exploration_id=exploration_id,
        title="Publier le code",
        description="Sur GitHub",
        practice_ids="open",
        horizon="now",
        effort="small",
        impact="large",
        carrier="partner",
        staff_position=1,
    )
    session.add(recommendation)
    session.add(Outcome(exploration_id=exploration_id, workshop_opened_at=datetime(2026, 6, 1)))
    session.flush()
    return recommendation.id


def build_world(app: Flask) -> World:
    """Fill the (empty) test database and sign a client in as an admin."""
    from core.db import db
    from surveys.models import Respondent

    with app.app_context():
        admin = _staff_user(db, "admin@cds-snc.ca", "admin")
        other_user = _staff_user(db, "viewer@cds-snc.ca", "viewer")
        draft = _request(db, "draft", None)
        submitted = _request(db, "submitted", "EXP-2026-0001")
        other = _request(db, "submitted", "EXP-2026-0002")
        survey_token, survey_hash = new_token()
        respondent_token, respondent_hash = new_token()
        from intake.models import Exploration

        exploration = db.get(Exploration, submitted.id)
        exploration.survey_token_hash = survey_hash
        exploration.survey_open = True
        db.add(Respondent(exploration_id=submitted.id, token_hash=respondent_hash))
        recommendation_id = _outcome(db, submitted.id, admin.id)
        other_survey, other_survey_hash = new_token()
        db.get(Exploration, other.id).survey_token_hash = other_survey_hash
        db.get(Exploration, other.id).survey_open = True
        db.commit()
        submitted.survey_token = survey_token
        submitted.respondent_token = respondent_token
        other.survey_token = other_survey
        admin_id, other_user_id = admin.id, other_user.id
    partner = app.test_client()
    staff = app.test_client()
    world = World(app, partner, staff, draft, submitted, other, admin_id, other_user_id)
    world.extra["recommendation_id"] = recommendation_id
    sign_in(world)
    return world


def sign_in(world: World) -> None:
    page = world.staff.get("/en/staff/sign-in")
    forms = [f for f in parse_forms(page.get_data(as_text=True)) if f.method == "post"]
    assert forms, f"no sign-in form ({page.status_code})"
    form = forms[0]
    response = world.staff.post(
        "/en/staff/sign-in",
        data=MultiDict(form.with_values({"email": world.admin_email, "password": STAFF_PASSWORD})),
    )
    assert response.status_code in {302, 303}, response.status_code


def page_forms(client: Any, url: str) -> tuple[Any, list[Form]]:
    response = client.get(url)
    if not response.mimetype.startswith("text/html"):
        return response, []
    forms = [f for f in parse_forms(response.get_data(as_text=True)) if f.method == "post"]
    for form in forms:
        form.action = urllib.parse.urljoin(url, form.action or url)
    return response, forms


def normalized_page(text: str) -> str:
    """A page with its per-response parts (CSP nonce, CSRF token) blanked, for comparison."""
    return CSRF_VALUE.sub(r'\1"', CSP_NONCE.sub("nonce", text))


def get_rules(app: Flask) -> list[Rule]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint != "static"
    ]


def post_rules(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or set())]


def discover_forms(world: World, wanted: str | None = None) -> dict[str, list[tuple[str, Form]]]:
    """Every POST form reachable from a GET page, by the endpoint it posts to:
    {endpoint: [(page url, form), ...]}. With `wanted`, stop at the first form for it."""
    adapter = world.app.url_map.bind("localhost")
    found: dict[str, list[tuple[str, Form]]] = {}
    pages = []
    for rule in get_rules(world.app):
        for subject in (None, world.submitted, world.draft):
            url = world.url(rule, subject)
            if url and url not in pages:
                pages.append(url)
    for url in pages:
        client = world.client_for(url)
        response, forms = page_forms(client, url)
        if response.status_code != 200:
            continue
        for form in forms:
            path = urllib.parse.urlsplit(form.action).path
            try:
                endpoint, _values = adapter.match(path, method="POST")
            except HTTPException:  # posts somewhere outside the app's routes
                continue
            found.setdefault(endpoint, []).append((url, form))
            if endpoint == wanted:
                return found
    return found
