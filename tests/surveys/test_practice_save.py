"""The practice page save (service.save_practice through the page): what each save stores,
rows kept when answers change, where a save leads, and refused saves that store nothing."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from surveys import service
from surveys.flow import PAGE_KEYS
from tests import factory
from tests.conftest import html
from tests.surveys.helpers import ROLES, start, version_of

# Saves of one practice page in turn, each (ratings by role, comment): answers, "don't know",
# blanks that remove earlier answers, a comment typed with CRLF, spaces and a decomposed
# accent, then changed, then removed.
SAVES: list[tuple[dict[str, str], str]] = [
    ({"leadership": "1", "capacity_infrastructure": "dont_know"}, "  Premier\r\njet e\u0301  "),
    (dict.fromkeys(ROLES, "4"), "Changed"),
    ({"leadership": "", "capacity_infrastructure": "2", "delivery_capability": ""}, ""),
    ({"delivery_capability": "dont_know"}, "Back again"),
    ({}, ""),
]
# What is stored after each save of SAVES: ratings of the page by role, and its comment.
STORED: list[tuple[dict[str, int | None], str | None]] = [
    ({"leadership": 1, "capacity_infrastructure": None}, "Premier\njet \u00e9"),
    (dict.fromkeys(ROLES, 4), "Changed"),
    ({"capacity_infrastructure": 2}, None),
    ({"delivery_capability": None}, "Back again"),
    ({}, None),
]


def _stored(app: Flask) -> list[dict[str, Any]]:
    """Every respondent's answers, version and row ids, in the order they started."""
    from sqlalchemy import select

    from core.db import db
    from surveys.models import Respondent

    with app.app_context():
        people = db.scalars(select(Respondent).order_by(Respondent.id)).all()
        return [
            {
                "version": person.version,
                "ratings": service.ratings_of(person),
                "rating_ids": {(r.practice_id, r.role_id): r.id for r in person.ratings},
                "comments": service.comments_of(person),
                "updated": person.updated_at,
            }
            for person in people
        ]


def _post(client: Any, token: str, practice_id: str, ratings: dict[str, str], comment: str) -> Any:
    url = f"/en/survey/r/{token}/practice/{practice_id}"
    page = html(client.get(url))
    data = {f"rating-{role}": value for role, value in ratings.items()}
    data.update(version=version_of(page), comment=comment, action="continue")
    return client.submit(url, data)


def test_each_save_stores_the_page_as_posted(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    for number, ((ratings, comment), (levels, text)) in enumerate(zip(SAVES, STORED, strict=True)):
        response = _post(client, token, "open", ratings, comment)
        assert response.status_code == 303, html(response)
        (person,) = _stored(app)
        assert person["ratings"] == {("open", role): level for role, level in levels.items()}
        assert person["comments"] == ({"open": text} if text else {})
        assert person["version"] == 2 + number


def test_answers_keep_their_rows_when_changed(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    _post(client, token, "open", dict.fromkeys(ROLES, "1"), "First")
    (before,) = _stored(app)
    response = _post(client, token, "open", dict.fromkeys(ROLES, "dont_know"), "Second")
    assert response.status_code == 303
    (after,) = _stored(app)
    assert after["rating_ids"] == before["rating_ids"]
    assert set(after["ratings"].values()) == {None}
    assert after["comments"] == {"open": "Second"}
    assert after["updated"] >= before["updated"]
    assert after["version"] == before["version"] + 1


def test_the_last_practice_leads_to_the_overall_question_and_later_to_home(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    last = PAGE_KEYS[-3]  # the last practice, before the overall question and review
    response = _post(client, token, last, {"leadership": "3"}, "")
    assert response.location.endswith(f"/en/survey/r/{token}/overall")
    url = f"/en/survey/r/{token}/practice/open"
    later = client.submit(url, {"version": version_of(html(client.get(url))), "action": "later"})
    assert later.status_code == 303 and later.location.endswith(f"/en/survey/r/{token}/")


def test_refused_saves_write_nothing(app, client):
    """A stale version, an unknown link or page: the refusal leaves no trace (no version
    moved, no answer stored)."""
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/practice/open"
    page = html(client.get(url))
    stale = str(int(version_of(page)) - 1)
    response = client.submit(url, {"rating-leadership": "4", "version": stale})
    assert response.status_code == 409 and 'name="rating-leadership" value="4"' in html(response)
    assert _stored(app)[0]["ratings"] == {}
    assert _stored(app)[0]["version"] == int(version_of(page))

    unknown_link = url.replace(token, "A" * 43)
    assert client.submit(unknown_link, {"version": "1"}, form_url=url).status_code == 404
    assert client.submit(url + "x", {"version": "1"}, form_url=url).status_code == 404
    assert _stored(app)[0]["version"] == int(version_of(page))


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)  # the write lock is SQLite's
def test_a_page_is_read_and_checked_while_another_save_holds_the_write_lock(app, client):
    """A save takes SQLite's one write lock only to write: the page's reading and checking
    happen before, so a refused form (400) and a stale tab (409) answer at once while another
    worker is writing, and the save itself is stored once the lock is free."""
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/practice/open"
    version = version_of(html(client.get(url)))
    path = make_url(app.config["DATABASE_URL"]).database
    other_worker = sqlite3.connect(path, isolation_level=None, timeout=0)
    other_worker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        missing_version = client.submit(url, {"rating-leadership": "1"})
        stale = client.submit(url, {"rating-leadership": "1", "version": str(int(version) - 1)})
        waited = time.monotonic() - started
    finally:
        other_worker.rollback()
        other_worker.close()
    assert (missing_version.status_code, stale.status_code) == (400, 409)
    assert waited < 2, f"the page waited {waited:.1f} s for the lock"
    saved = client.submit(url, {"rating-leadership": "1", "version": version})
    assert saved.status_code == 303
    (person,) = _stored(app)
    assert person["ratings"] == {("open", "leadership"): 1}
