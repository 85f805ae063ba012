"""A respondent who answers through the survey's pages like a person would. Explorations and
their links come from `tests.factory.exploration(app, survey_open=True)`."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from surveys.framework import FRAMEWORK
from tests import markup

PRACTICES = [p.id for p in FRAMEWORK.practices]
ROLES = [r.id for r in FRAMEWORK.roles]
LINK_RE = re.compile(r"/(?:en|fr)/survey/([A-Za-z0-9_-]{43})\b")
RESPONDENT_RE = re.compile(r"/(?:en|fr)/survey/r/([A-Za-z0-9_-]{43})/")


def version_of(page: str) -> str:
    """The version the page's form carries (its hidden `version` field)."""
    versions = markup.input_values(page, "version")
    assert versions, "no version field on the page"
    return versions[0]


def start(client: Any, survey_token: str, lang: str = "en", **about: str) -> str:
    """Start the survey from the shared link; returns the respondent's private token."""
    url = f"/{lang}/survey/{survey_token}"
    response = client.submit(url, about)
    assert response.status_code == 303, response.status_code
    match = RESPONDENT_RE.search(response.location)
    assert match, response.location
    return match.group(1)


def save_practice(
    client: Any,
    token: str,
    practice_id: str,
    values: dict[str, str],
    *,
    lang: str = "en",
    comment: str = "",
    extra: dict[str, str] | None = None,
) -> Any:
    url = f"/{lang}/survey/r/{token}/practice/{practice_id}"
    page = client.get(url).get_data(as_text=True)
    data = {f"rating-{role}": value for role, value in values.items()}
    data.update({"version": version_of(page), "comment": comment, **(extra or {})})
    return client.submit(url, data)


def save_overall(
    client: Any, token: str, value: str, *, lang: str = "en", comment: str = ""
) -> Any:
    url = f"/{lang}/survey/r/{token}/overall"
    page = client.get(url).get_data(as_text=True)
    return client.submit(url, {"overall": value, "comment": comment, "version": version_of(page)})


def answer_everything(
    client: Any, token: str, level: str = "3", *, lang: str = "en", comments: bool = False
) -> None:
    for practice_id in PRACTICES:
        response = save_practice(
            client,
            token,
            practice_id,
            dict.fromkeys(ROLES, level),
            lang=lang,
            comment=f"Comment on {practice_id}" if comments else "",
        )
        assert response.status_code == 303, response.status_code
    assert save_overall(client, token, level, lang=lang).status_code == 303


def submit(client: Any, token: str, *, lang: str = "en") -> Any:
    url = f"/{lang}/survey/r/{token}/review"
    page = client.get(url).get_data(as_text=True)
    return client.submit(url, {"version": version_of(page)})


def respondents(app: Flask) -> list[Any]:
    from core.db import db
    from surveys.models import Respondent

    with app.app_context():
        people = list(db.scalars(select(Respondent).order_by(Respondent.id)))
        for person in people:
            _ = person.ratings, person.comments
        db.expunge_all()
        return people
