"""What one person does, over HTTP, in the load and fault tests and the HTTP benchmark.

Each function drives `tests.serving.HttpClient` through the service's real pages: it GETs the
form (for the CSRF token, the submission key and the version), fills it in as a person would
and POSTs it. Set-up that a person could not do over HTTP in one step (an exploration whose
survey is open, a staff account) goes straight to the database, through `tests.factory`. Staff
sign in through the sign-in page (`sign_in`), as everywhere in the tests.
"""

from __future__ import annotations

import re
import secrets
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests import factory
from tests.serving import Form, HttpClient, Response

ORGANIZATION = {
    "department_code": "other",
    "department_other": "Agence de démonstration",
    "branch": "Direction des services numériques",
    "lead_title": "Gestionnaire",
    "lead_email": "lead@canada.ca",
    "lead_phone": "613-555-0123",
    "lead_language": "fr",
    "sponsor_name": "Sam Sponsor",
    "sponsor_title": "Directrice générale",
    "sponsor_email": "sponsor@canada.ca",
}
TOKEN_IN_PATH = re.compile(r"/request/([A-Za-z0-9_-]{43})/")
RESPONDENT_IN_PATH = re.compile(r"/survey/r/([A-Za-z0-9_-]{43})/")
STAFF_PASSWORD = factory.PASSWORD  # the factory's test password (bench/http.py signs in with it)


class FlowError(AssertionError):
    """A page did not answer as a person would expect (the status and URL are in the text)."""


def expect(response: Response, *statuses: int) -> Response:
    if response.status not in statuses:
        raise FlowError(f"{response.url} answered {response.status}, expected {statuses}")
    return response


# --- Databases, directly ---------------------------------------------------------------------


@contextmanager
def database(url: str) -> Iterator[Session]:
    """A plain SQLAlchemy session on `url` (no Flask app): for set-up and for checking."""
    from app import load_models
    from core.db import make_engine

    load_models()
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


@dataclass
class Seeded:
    exploration_id: int
    partner_token: str
    survey_token: str


def seed_exploration(url: str, *, survey_open: bool = True, reference: str = "EXP-2026-9001"):
    """A submitted request from the factory, with its partner link and an open survey;
    returns the tokens."""
    from core.tokens import new_token

    partner_token, partner_hash = new_token()
    survey_token, survey_hash = new_token()
    with database(url) as session:
        exploration = factory.make_exploration(
            session,
            reference=reference,
            partner_token_hash=partner_hash,
            survey_token_hash=survey_hash,
            survey_open=survey_open,
            service_name="Service de démonstration",
            department_code="other",
            department_other="Agence de démonstration",
            lead_name="Léa Tremblay",
            lead_email="lead@canada.ca",
        )
        session.commit()
        return Seeded(exploration.id, partner_token, survey_token)


def seed_respondents(url: str, exploration_id: int, count: int) -> list[tuple[str, int]]:
    """`count` respondents who have answered nothing yet, with their private link tokens and
    versions (for the benchmark)."""
    from core.tokens import new_token

    made = []
    with database(url) as session:
        for _ in range(count):
            token, token_hash = new_token()
            made.append((token, factory.fresh_respondent(session, exploration_id, token_hash)))
        session.commit()
        return [(token, respondent.version) for token, respondent in made]


def create_staff(url: str, email: str, role: str = "admin") -> None:
    """A staff account from the factory, whose password is STAFF_PASSWORD."""
    with database(url) as session:
        factory.make_staff(session, role, email=email, name="Load Test")
        session.commit()


# --- Intake ------------------------------------------------------------------------------------


def new_key() -> str:
    """A submission key like the ones the forms carry (what a fresh page view would give)."""
    return secrets.token_urlsafe(24)


def organization_form(client: HttpClient, lang: str = "en") -> Form:
    """The first step's form: a fresh submission key and this browser's CSRF token."""
    return client.form(f"/{lang}/request/organization")


def create_draft(
    client: HttpClient, marker: str, lang: str = "en", form: Form | None = None
) -> tuple[Response, str | None]:
    """POST the organization step with `marker` as the lead's name. Returns the answer and the
    private link token of the new draft (None unless the answer is a redirect into it)."""
    form = form or organization_form(client, lang)
    response = client.submit(form, {**ORGANIZATION, "lead_name": marker})
    token = None
    if response.status in {302, 303} and response.location:
        match = TOKEN_IN_PATH.search(response.location)
        token = match.group(1) if match else None
    return response, token


def step_form(client: HttpClient, token: str, step: str, lang: str = "en") -> Form:
    return client.form(f"/{lang}/request/{token}/{step}")


CONTEXT = {
    "service_name": "Service de démonstration",
    "problem": "Les demandes prennent trop de temps.",
    "users": "Les entreprises canadiennes",
    "impact": "Des semaines d’attente",
    "why_now": "Un nouveau programme commence",
    "constraints": "Aucune",
}


def weekday_in(days: int) -> str:
    from datetime import date, timedelta

    day = date.today() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.isoformat()


def complete_request(client: HttpClient, marker: str, lang: str = "en") -> tuple[str, Response]:
    """Walk the whole request form, from the first step to "Submit", as a partner lead would.

    Every topic is marked "to be confirmed" (naming people is tested elsewhere). Returns the
    private link token and the answer to the final submit.
    """
    continue_ = ("action", "continue")
    form = organization_form(client, lang)
    response = expect(client.submit(form, {**ORGANIZATION, "lead_name": marker}), 302, 303)
    match = TOKEN_IN_PATH.search(response.location or "")
    if not match:
        raise FlowError(f"no private link in {response.location!r}")
    token = match.group(1)
    form = step_form(client, token, "context", lang)
    expect(client.submit(form, CONTEXT, button=continue_), 302, 303)
    form = step_form(client, token, "stakeholders", lang)
    tbc = {name: "y" for name, _value in _checkboxes(form, "tbc_")}
    expect(client.submit(form, tbc, button=continue_), 302, 303)
    form = step_form(client, token, "documents", lang)
    expect(client.submit(form, button=continue_), 302, 303)
    form = step_form(client, token, "timing", lang)
    dates = {"preferred_start": weekday_in(45), "latest_start": weekday_in(90)}
    expect(client.submit(form, dates, button=continue_), 302, 303)
    form = step_form(client, token, "check", lang)
    return token, client.submit(form, button=("action", "submit"))


def _checkboxes(form: Form, prefix: str) -> list[tuple[str, str]]:
    return [
        (control["name"], control.get("value", "y"))
        for control in form.controls
        if control.get("type") == "checkbox" and control.get("name", "").startswith(prefix)
    ]


# --- Surveys -----------------------------------------------------------------------------------


def start_respondent(client: HttpClient, survey_token: str, lang: str = "en") -> str:
    """Open the shared survey link and start; returns the respondent's private token."""
    form = client.form(f"/{lang}/survey/{survey_token}")
    response = expect(
        client.submit(form, {"functional_area": "", "level": ""} | _about_values(form)), 303
    )
    match = RESPONDENT_IN_PATH.search(response.location or "")
    if not match:
        raise FlowError(f"no respondent link in {response.location!r}")
    return match.group(1)


def _about_values(form: Form) -> dict[str, str]:
    """Choose the first option of each radio group of the "about you" questions."""
    values: dict[str, str] = {}
    for control in form.controls:
        if control.get("type") == "radio" and control.get("name") not in values:
            values[control["name"]] = control.get("value", "")
    return values


def practice_ids() -> list[str]:
    from surveys.framework import FRAMEWORK

    return [practice.id for practice in FRAMEWORK.practices]


def role_ids() -> list[str]:
    from surveys.framework import FRAMEWORK

    return [role.id for role in FRAMEWORK.roles]


def answer_survey(
    client: HttpClient, respondent_token: str, level: int, lang: str = "en", comment: str = ""
) -> Response:
    """Rate every cell `level` (1-4), answer the overall question, and submit."""
    base = f"/{lang}/survey/r/{respondent_token}"
    for practice_id in practice_ids():
        form = client.form(f"{base}/practice/{practice_id}")
        values = {f"rating-{role}": str(level) for role in role_ids()}
        if comment:
            values["comment"] = comment
        expect(client.submit(form, values, button=("action", "continue")), 303)
    form = client.form(f"{base}/overall")
    expect(client.submit(form, {"overall": str(level)}, button=("action", "continue")), 303)
    form = client.form(f"{base}/review")
    return expect(client.submit(form), 303)


# --- Staff -------------------------------------------------------------------------------------


def sign_in(client: HttpClient, email: str, lang: str = "en") -> Response:
    form = client.form(f"/{lang}/staff/sign-in")
    return client.submit(form, {"email": email, "password": STAFF_PASSWORD})


def location_path(response: Response) -> str:
    return urllib.parse.urlsplit(response.location or "").path


# --- For bench.http: each returns None when the page does not exist (yet) ------------------------


def intake_step(client: HttpClient) -> tuple[str, HttpClient] | None:
    """A draft's context step, to load with GETs (the partner's link in the cookie-less URL)."""
    page = client.get("/en/request/organization")
    if page.status != 200:
        return None
    _response, token = create_draft(client, "Bench Lead")
    if token is None:
        return None
    return f"/en/request/{token}/context", client


def survey_save(client: HttpClient, url: str):
    """A practice page of many fresh respondents, for a wrk script that POSTs saves."""
    seeded = seed_exploration(url, reference="EXP-2026-9900")
    respondents = seed_respondents(url, seeded.exploration_id, 1152)
    first = respondents[0][0]
    practice = practice_ids()[0]
    page = client.get(f"/en/survey/r/{first}/practice/{practice}")
    if page.status != 200:
        return None
    return client, practice, respondents


def dashboard_path(client: HttpClient) -> str | None:
    page = client.get("/en/staff/sign-in")
    return "/en/staff/" if page.status == 200 else None
