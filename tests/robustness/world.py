"""A small, complete world for the robustness tests: requests in every state, their private
links, a survey with a respondent, staff accounts, and a client signed in as staff.

With it, every URL rule of the app can be turned into a real URL (`World.url(rule)`), so the
tests can enumerate routes and forms from `app.url_map` instead of keeping a list that would
miss the next page someone adds.
"""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from tests import conftest, factory
from tests.serving import Form, parse_forms

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
    interview_id: int | None = None
    job_id: int | None = None


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
            "interview_id": subject.interview_id or self.submitted.interview_id,
            "job_id": subject.job_id or self.submitted.job_id,
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


def _request(app: Flask, status: str, reference: str | None, **options: Any) -> Request:
    """A request from the factory whose one person is on every topic, with its private link."""
    from core.db import db
    from intake.models import Stakeholder
    from intake.reference import DOCUMENTS, TOPICS

    start = date.today() + timedelta(days=60)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    made = factory.exploration(
        app,
        status,
        reference=reference,
        people=[("Alex Martin", tuple(topic.id for topic in TOPICS))],
        documents={DOCUMENTS[0].id: "will_share"},
        document_notes={DOCUMENTS[0].id: "Bientôt"},
        to_confirm=(),
        department_code="other",
        department_other="Agence de démonstration",
        preferred_start=start,
        latest_start=start + timedelta(days=28),
        **options,
    )
    with app.app_context():
        person_id = db.scalar(select(Stakeholder.id).where(Stakeholder.exploration_id == made.id))
    return Request(made.id, made.token or "", reference, made.survey_token, person_id=person_id)


def _plan(exploration: Any) -> int:
    """Agreed dates, a kickoff and a proposed interview schedule, so the plan's forms (the
    partner's availability, staff moving an interview) are on some page; returns an interview."""
    from core.db import db
    from planning import service

    start = exploration.preferred_start
    exploration.status = "accepted"  # the partner's page shows the plan from acceptance on
    exploration.agreed_start = start
    exploration.agreed_end = start + timedelta(days=25)
    plan = service.ensure_plan(exploration.id)
    plan.kickoff_at = service.default_kickoff(exploration, plan)
    db.flush()
    service.propose_schedule(exploration, plan, None)
    db.commit()
    return service.interviews_of(exploration.id)[0].id


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


def _job(app: Flask, requested_by: int, status: str) -> int:
    """An export job of the admin's, not handed to any runner: a queued one's page offers
    to cancel it, a failed one's to start it again."""
    from core.db import db
    from core.jobs import Job
    from exports.jobs import PORTFOLIO_WORKBOOK

    with app.app_context():
        job = Job(kind=PORTFOLIO_WORKBOOK, requested_by=requested_by, params={"lang": "en"})
        job.status = status
        db.add(job)
        db.commit()
        return job.id


def build_world(app: Flask) -> World:
    """Fill the (empty) test database and sign a client in as an admin."""
    from core.db import db
    from core.tokens import new_token

    draft = _request(app, "draft", None)
    submitted = _request(app, "submitted", "EXP-2026-0001", survey_open=True)
    other = _request(app, "submitted", "EXP-2026-0002", survey_open=True)
    submitted.respondent_token, token_hash = new_token()
    with app.test_request_context():
        from intake.models import Exploration

        factory.fresh_respondent(db, submitted.id, token_hash)
        factory.failed_email(db, submitted.id)
        db.commit()
        submitted.interview_id = _plan(db.get(Exploration, submitted.id))
    other_user_id = factory.staff_account(app, "viewer", email="viewer@cds-snc.ca", name="viewer")
    partner = app.test_client()
    staff = app.test_client()
    admin_id = conftest.sign_in(app, staff, "admin", email="admin@cds-snc.ca", name="admin")
    with app.test_request_context():
        recommendation_id = _outcome(db, submitted.id, admin_id)
        db.commit()
    # Staff pages about a job: the submitted request's subject is a queued job, the draft's a
    # failed one, so both the cancel and the start-again forms are on some page.
    submitted.job_id = _job(app, admin_id, "queued")
    draft.job_id = _job(app, admin_id, "failed")
    world = World(app, partner, staff, draft, submitted, other, admin_id, other_user_id)
    world.extra["recommendation_id"] = recommendation_id
    return world


def sign_in(world: World) -> None:
    """Sign the staff client in again (after a form signed it out), through the page."""
    response = world.staff.submit(
        "/en/staff/sign-in", {"email": world.admin_email, "password": factory.PASSWORD}
    )
    assert response.status_code in {302, 303}, response.status_code


def page_forms(client: Any, url: str) -> tuple[Any, list[Form]]:
    response = client.get(url)
    if not response.mimetype.startswith("text/html"):
        return response, []
    text = response.get_data(as_text=True)
    forms = [f for f in parse_forms(text) if f.method == "post"]
    forms += _formaction_forms(text, forms)
    for form in forms:
        form.action = urllib.parse.urljoin(url, form.action or url)
    return response, forms


def _formaction_forms(text: str, forms: list[Form]) -> list[Form]:
    """A button outside a form that posts it elsewhere (`form` + `formaction`: the language
    toggle, core.kept_typing) is one more form: the same fields, to the button's address."""
    from dataclasses import replace

    from lxml import html as lxml_html

    by_id = {form.id: form for form in forms if form.id}
    extra = []
    for button in lxml_html.fromstring(text).xpath("//button[@formaction][@form]"):
        form = by_id.get(button.get("form"))
        if form is not None:
            pressed = [(button.get("name") or "", button.get("value") or "")]
            extra.append(replace(form, action=button.get("formaction"), buttons=pressed))
    return extra


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


# Where discover_forms first found each endpoint's form: (the GET rule's text, the subject's
# name), kept for the test session. Every world is built the same way, so the same rule and
# subject open the same form in the next test's world (form_page).
_FIRST_PAGE: dict[str, tuple[str, str | None]] = {}
_SUBJECTS = (None, "submitted", "draft")


def discover_forms(world: World, wanted: str | None = None) -> dict[str, list[tuple[str, Form]]]:
    """Every POST form reachable from a GET page, by the endpoint it posts to:
    {endpoint: [(page url, form), ...]}. With `wanted`, stop at the first form for it."""
    adapter = world.app.url_map.bind("localhost")
    found: dict[str, list[tuple[str, Form]]] = {}
    pages: dict[str, tuple[str, str | None]] = {}
    for rule in get_rules(world.app):
        for subject in _SUBJECTS:
            url = world.url(rule, getattr(world, subject) if subject else None)
            if url and url not in pages:
                pages[url] = (rule.rule, subject)
    for url, source in pages.items():
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
            _FIRST_PAGE.setdefault(endpoint, source)
            if endpoint == wanted:
                return found
    return found


def form_page(world: World, endpoint: str) -> tuple[str, Form]:
    """The first page with a form that posts to `endpoint`, and that form. Every page is
    walked (discover_forms) once per test session, not once per form's test."""
    if endpoint in _FIRST_PAGE:
        rule_text, subject = _FIRST_PAGE[endpoint]
        rule = next(r for r in get_rules(world.app) if r.rule == rule_text)
        url = world.url(rule, getattr(world, subject) if subject else None)
        if url is not None:
            adapter = world.app.url_map.bind("localhost")
            _response, forms = page_forms(world.client_for(url), url)
            for form in forms:
                path = urllib.parse.urlsplit(form.action).path
                with contextlib.suppress(HTTPException):
                    if adapter.match(path, method="POST")[0] == endpoint:
                        return url, form
    return discover_forms(world)[endpoint][0]
