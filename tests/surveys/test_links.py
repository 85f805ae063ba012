"""Capability links: each link opens what it was made for and nothing else, and the partner
lead opens, closes and replaces the survey link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.tokens import new_token
from tests import factory
from tests.conftest import html
from tests.surveys.helpers import respondents, save_practice, start

RESPONDENT_PAGES = ("", "practice/open", "overall", "review", "about", "done")


def test_one_respondents_link_never_opens_anothers_answers(app, client):
    survey = factory.exploration(app, survey_open=True)
    alice = start(client, survey.survey_token)
    bob = start(app.test_client(), survey.survey_token)
    save_practice(client, alice, "open", {"leadership": "1"}, comment="Alice private words")

    bob_client = app.test_client()
    page = html(bob_client.get(f"/en/survey/r/{bob}/practice/open"))
    assert "Alice private words" not in page
    assert "checked" not in page

    # Tampered links: one character changed, truncated, another exploration's survey link.
    other = factory.exploration(app, survey_open=True)
    tampered = alice[:-1] + ("A" if alice[-1] != "A" else "B")
    for token in (
        tampered,
        alice[:-1],
        new_token()[0],
        "x" * 43,
        "../" + alice,
        survey.survey_token,
        survey.token,
        other.survey_token,
    ):
        for path in RESPONDENT_PAGES:
            response = bob_client.get(f"/en/survey/r/{token}/{path}")
            assert response.status_code == 404, (token, path)
            assert "Alice private words" not in html(response)


def test_a_survey_link_never_opens_the_partner_page_and_vice_versa(app, client):
    survey = factory.exploration(app, survey_open=True)
    respondent = start(client, survey.survey_token)
    # The survey link is not a partner link.
    assert client.get(f"/en/request/{survey.survey_token}/survey").status_code == 404
    assert client.get(f"/en/request/{survey.survey_token}/").status_code == 404
    # The partner link and a respondent's link are not survey links.
    assert client.get(f"/en/survey/{survey.token}").status_code == 404
    assert client.get(f"/en/survey/{respondent}").status_code == 404
    assert client.get(f"/en/request/{respondent}/survey").status_code == 404
    # And each works where it belongs.
    assert client.get(f"/en/survey/{survey.survey_token}").status_code == 200
    assert client.get(f"/en/request/{survey.token}/survey").status_code == 200


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_lead_opens_closes_and_reopens_the_survey(app, client, lang):
    survey = factory.exploration(app)
    url = f"/{lang}/request/{survey.token}/survey"
    page = html(client.get(url))
    assert ("Not opened yet" if lang == "en" else "Pas encore ouvert") in page
    assert not re.search(r"/survey/[A-Za-z0-9_-]{43}\b", page)

    with app.app_context():
        from core.db import db
        from intake.models import Exploration

        version_before = db.get(Exploration, survey.id).version

    response = client.submit(url, {"action": "open"})
    assert response.status_code == 303
    page = html(client.get(url))
    link = re.search(rf"http://localhost/{lang}/survey/([A-Za-z0-9_-]{{43}})", page)
    assert link, "the new survey link is shown"
    survey_token = link.group(1)
    assert client.get(f"/{lang}/survey/{survey_token}").status_code == 200

    with app.app_context():
        from core.audit import AuditEvent
        from core.db import db
        from intake.models import Exploration

        exploration = db.get(Exploration, survey.id)
        assert exploration.survey_open
        assert survey_token not in (exploration.survey_token_hash or "")  # only the hash
        assert exploration.version == version_before  # no conflict for the lead's other tabs
        events = db.execute(
            select(AuditEvent.action, AuditEvent.actor_kind, AuditEvent.detail)
        ).all()
        assert ("survey_opened", "partner_link", "new_link") in events

    # Close: the link answers with a clear message, starting is refused.
    assert client.submit(url, {"action": "close"}).status_code == 303
    closed = client.get(f"/{lang}/survey/{survey_token}")
    assert closed.status_code == 200
    assert ("This survey is closed" if lang == "en" else "Ce sondage est fermé") in html(closed)

    # Reopen: the same link works again (no new link was needed).
    assert client.submit(url, {"action": "open"}).status_code == 303
    assert 'id="start-form"' in html(client.get(f"/{lang}/survey/{survey_token}"))
    assert survey_token in html(client.get(url))  # still shown in this browser session
    # Another browser (the lead on another computer) is not shown the link.
    assert survey_token not in html(app.test_client().get(url))


def test_a_new_link_replaces_the_old_one_but_keeps_respondents(app, client):
    survey = factory.exploration(app, survey_open=True)
    respondent = start(app.test_client(), survey.survey_token)
    url = f"/en/request/{survey.token}/survey"
    assert client.submit(url, {"action": "reissue"}).status_code == 303
    page = html(client.get(url))
    new_token_ = re.search(r"http://localhost/en/survey/([A-Za-z0-9_-]{43})", page).group(1)
    assert new_token_ != survey.survey_token
    assert client.get(f"/en/survey/{survey.survey_token}").status_code == 404
    assert client.get(f"/en/survey/{new_token_}").status_code == 200
    assert client.get(f"/en/survey/r/{respondent}/").status_code == 200


def test_bad_manage_actions_are_refused(app, client):
    survey = factory.exploration(app)
    url = f"/en/request/{survey.token}/survey"
    assert client.submit(url, {"action": "delete_everything"}).status_code == 400
    assert client.submit(url, {}).status_code == 400
    assert client.post(url, data={"action": "open"}).status_code == 400  # no CSRF token


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PUBLIC_POST_LIMIT="3 per minute")
def test_public_posts_are_rate_limited(app, client):
    survey = factory.exploration(app, survey_open=True)
    url = f"/en/survey/{survey.survey_token}"
    statuses = [client.submit(url, {}).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert len(respondents(app)) == 3


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LINK_MISS_LIMIT="3 per minute")
def test_guessing_links_is_rate_limited(app, client):
    survey = factory.exploration(app, survey_open=True)
    # Good links do not count as misses.
    for _ in range(5):
        assert client.get(f"/en/survey/{survey.survey_token}").status_code == 200
    guesses = [
        f"/en/survey/r/{new_token()[0]}/",
        f"/en/survey/{new_token()[0]}",
        f"/en/survey/r/{new_token()[0]}/practice/open",
        f"/en/survey/r/{new_token()[0]}/review",
    ]
    # Misses on different pages share one budget.
    assert [client.get(url).status_code for url in guesses] == [404, 404, 404, 429]
