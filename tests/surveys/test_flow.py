"""The respondent flow in both languages: welcome, private link, one page per practice, the
overall question, review, submit; saving, language switch, conflicts and a closed survey."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surveys import results as survey_results
from tests import factory
from tests.conftest import html
from tests.markup import checked_values, choice_values, link_targets
from tests.surveys.helpers import (
    PRACTICES,
    ROLES,
    answer_everything,
    respondents,
    save_overall,
    save_practice,
    start,
    submit,
    version_of,
)

TEXTS = {
    "en": {
        "title": "Experience level survey",
        "level": "Limited experience",
        "descriptor": "Almost exclusive use of waterfall approaches",
        "dont_know": "Don’t know / not applicable",
        "area": "Privacy / ATIP",
        "practice": "Working in the open",
        "question": "To what extent are people and teams willing to work in the open",
        "role": "Capacity and infrastructure",
        "example": "For example, modern IT infrastructure",
        "review": "Check your answers",
        "done": "Your answers are submitted",
        "closed": "This survey is closed",
    },
    "fr": {
        "title": "Sondage sur le niveau d’expérience",
        "level": "Expérience limitée",
        "descriptor": "Utilisation quasi exclusive d’approches en cascade",
        "dont_know": "Je ne sais pas / sans objet",
        "area": "Confidentialité/AIPRP",
        "practice": "Travailler en transparence",
        "question": "Dans quelle mesure les personnes et les équipes acceptent-elles",
        "role": "Capacité et infrastructure",
        "example": "Par exemple, une infrastructure informatique moderne",
        "review": "Vérifiez vos réponses",
        "done": "Vos réponses sont envoyées",
        "closed": "Ce sondage est fermé",
    },
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_respondent_answers_everything(app, client, lang):
    text = TEXTS[lang]
    survey = factory.exploration(app, survey_open=True)

    welcome = client.get(f"/{lang}/survey/{survey.survey_token}")
    assert welcome.status_code == 200
    page = html(welcome)
    assert f'<html lang="{lang}">' in page
    for key in ("title", "level", "descriptor", "dont_know", "area"):
        assert text[key] in page, key
    assert len(choice_values(page, "functional_area")) == 10  # 9 topics + not given
    assert len(choice_values(page, "level")) == 4

    token = start(
        client, survey.survey_token, lang, functional_area="privacy_atip", level="working"
    )
    home = html(client.get(f"/{lang}/survey/r/{token}/?started=1"))
    assert f"/{lang}/survey/r/{token}/" in home  # the private link is shown

    practice = html(client.get(f"/{lang}/survey/r/{token}/practice/open"))
    assert text["practice"] in practice and text["question"] in practice
    assert text["role"] in practice and text["example"] in practice
    assert practice.count("<fieldset") == 3 and practice.count("<legend") == 3
    assert practice.count('type="radio"') == 15  # 3 roles x (4 levels + don't know)
    assert practice.count("<details") == 4  # the level descriptors, one per level
    assert 'id="survey-form"' in practice and 'form="survey-form"' in practice  # toggle saves

    for index, practice_id in enumerate(PRACTICES):
        values = dict(zip(ROLES, ["1", "4", "dont_know"], strict=True))
        response = save_practice(
            client, token, practice_id, values, lang=lang, comment=f"Note {index} «x»"
        )
        assert response.status_code == 303
        following = PRACTICES[index + 1] if index + 1 < len(PRACTICES) else None
        expected = f"/practice/{following}" if following else "/overall"
        assert response.location.endswith(expected), response.location
    response = save_overall(client, token, "2", lang=lang, comment="All in all")
    assert response.status_code == 303 and response.location.endswith("/review")

    review = html(client.get(f"/{lang}/survey/r/{token}/review"))
    assert text["review"] in review
    assert review.count(f"/{lang}/survey/r/{token}/practice/") >= 18 * 1  # change links
    assert "Note 5 «x»" in review and "All in all" in review

    response = submit(client, token, lang=lang)
    assert response.status_code == 303 and response.location.endswith("/done")
    assert text["done"] in html(client.get(response.location))

    (person,) = respondents(app)
    assert person.submitted_at is not None
    assert person.functional_area == "privacy_atip" and person.level == "working"
    assert len(person.ratings) == 18
    assert {(r.role_id, r.level) for r in person.ratings} == {
        ("leadership", 1),
        ("capacity_infrastructure", 4),
        ("delivery_capability", None),
    }
    assert len(person.comments) == 6
    assert person.overall_level == 2 and person.overall_comment == "All in all"

    with app.app_context():
        from core.audit import AuditEvent
        from core.db import db

        events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        mine = [(e.action, e.actor_kind, e.actor_id, e.detail) for e in events]
        assert ("survey_started", "respondent_link", person.id, None) in mine
        assert ("survey_submitted", "respondent_link", person.id, "first") in mine


def test_the_resume_link_works_in_a_fresh_browser(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    save_practice(
        client,
        token,
        "collaboration",
        {"leadership": "2", "delivery_capability": ""},
        comment="Half done",
    )

    fresh = app.test_client()
    home = fresh.get(f"/en/survey/r/{token}/")
    assert home.status_code == 200
    assert "In progress" in html(home)
    page = html(fresh.get(f"/en/survey/r/{token}/practice/collaboration"))
    assert checked_values(page, "rating-leadership") == ["2"]
    assert checked_values(page, "rating-delivery_capability") == []
    assert "Half done" in page
    # And it can keep going from there.
    response = fresh.submit(
        f"/en/survey/r/{token}/practice/collaboration",
        {
            "rating-leadership": "3",
            "rating-capacity_infrastructure": "3",
            "rating-delivery_capability": "3",
            "version": version_of(page),
        },
    )
    assert response.status_code == 303
    (person,) = respondents(app)
    assert sorted(r.level for r in person.ratings) == [3, 3, 3]


def test_blank_answers_can_be_saved_but_not_submitted(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    response = save_practice(
        client, token, "product_delivery", {"leadership": "4"}, extra={"action": "later"}
    )
    assert response.status_code == 303 and response.location.endswith(f"/r/{token}/")
    assert "Your answers are saved" in html(client.get(response.location))

    review = html(client.get(f"/en/survey/r/{token}/review"))
    assert "18 questions are not answered yet" in review  # 17 cells + the overall question

    response = submit(client, token)
    assert response.status_code == 400
    page = html(response)
    assert "<title>Error: " in page and "There is a problem" in page
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="([^"]+)"', summary)
    assert len(links) == 18
    assert (
        f"/en/survey/r/{token}/practice/product_delivery#rating-capacity_infrastructure-1" in links
    )
    assert f"/en/survey/r/{token}/overall#overall-1" in links
    assert respondents(app)[0].submitted_at is None

    answer_everything(client, token, "dont_know")
    assert submit(client, token).status_code == 303  # "don't know" everywhere is complete
    assert respondents(app)[0].submitted_at is not None


@pytest.mark.parametrize(
    "bad",
    [
        {"rating-leadership": "5"},
        {"rating-leadership": "0"},
        {"rating-leadership": "three"},
        {"rating-leadership": ["1", "2"]},
        {"rating-leadership": "1", "version": "abc"},
        {"rating-leadership": "1", "version": None},
    ],
)
def test_malformed_answers_are_refused_with_a_message(app, client, bad):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/practice/open"
    page = html(client.get(url))
    data = {
        "version": version_of(page),
        "rating-capacity_infrastructure": "2",
        "comment": "Keep me",
        **bad,
    }
    data = {k: v for k, v in data.items() if v is not None}
    response = client.submit(url, data)
    assert response.status_code == 400
    body = html(response)
    assert "There is a problem" in body or "could not be" in body
    assert "Keep me" in body  # what was typed is shown again
    assert checked_values(body, "rating-capacity_infrastructure") == ["2"]
    assert respondents(app)[0].ratings == []  # nothing half-stored


def test_unknown_keys_are_ignored(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    response = save_practice(
        client,
        token,
        "open",
        {"leadership": "2"},
        extra={"rating-nonexistent": "9", "surprise": "x"},
    )
    assert response.status_code == 303
    assert [(r.role_id, r.level) for r in respondents(app)[0].ratings] == [("leadership", 2)]


def test_unknown_practice_is_not_found(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    assert client.get(f"/en/survey/r/{token}/practice/nope").status_code == 404


def test_a_too_long_comment_is_refused_and_kept(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    response = save_practice(client, token, "open", {"leadership": "2"}, comment="é" * 2001)
    assert response.status_code == 400
    page = html(response)
    assert "Enter 2000 characters or fewer." in page
    assert "#comment" in link_targets(page) and "é" * 2001 in page
    assert respondents(app)[0].ratings == []


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_the_language_toggle_saves_then_switches(app, client, lang, other):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token, lang)
    response = save_practice(
        client,
        token,
        "user_research",
        {"leadership": "3"},
        lang=lang,
        comment="Typed before switching",
        extra={"switch_lang": other},
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/{other}/survey/r/{token}/practice/user_research")
    page = html(client.get(response.location))
    assert f'<html lang="{other}">' in page and "Typed before switching" in page
    assert checked_values(page, "rating-leadership") == ["3"]


def test_the_welcome_toggle_keeps_the_choices(app, client):
    survey = factory.exploration(app, survey_open=True)
    url = f"/en/survey/{survey.survey_token}"
    response = client.submit(url, {"functional_area": "legal", "switch_lang": "fr"})
    assert response.status_code == 303
    assert response.location.startswith(f"/fr/survey/{survey.survey_token}")
    page = html(client.get(response.location))
    assert checked_values(page, "functional_area") == ["legal"]
    assert respondents(app) == []  # switching language creates nobody


def test_two_tabs_get_a_conflict_that_keeps_the_input(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/practice/open"
    old_version = version_of(html(client.get(url)))

    # Tab 1 saves first.
    first = client.submit(url, {"rating-leadership": "1", "version": old_version})
    assert first.status_code == 303
    # Tab 2 still carries the old version.
    second = client.submit(
        url, {"rating-leadership": "4", "version": old_version, "comment": "Tab two words"}
    )
    assert second.status_code == 409
    page = html(second)
    assert "Tab two words" in page
    assert 'name="rating-leadership" value="4"' in page
    new_version = version_of(page)
    assert int(new_version) > int(old_version)
    assert [(r.level) for r in respondents(app)[0].ratings] == [1]

    # Saving from the conflict page stores what tab 2 typed.
    again = client.submit(
        url,
        {
            "rating-leadership": "4",
            "version": new_version,
            "comment": "Tab two words",
            "rating-capacity_infrastructure": "",
            "rating-delivery_capability": "",
        },
        form_url=url,
    )
    assert again.status_code == 303
    person = respondents(app)[0]
    assert [r.level for r in person.ratings] == [4]
    assert person.comments[0].comment == "Tab two words"


def test_a_closed_survey_refuses_saves_and_keeps_the_input(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/practice/open"
    page = html(client.get(url))
    csrf = client.csrf_token(url)

    with app.app_context():
        from core.db import db
        from intake.models import Exploration
        from surveys import service

        service.close_survey(db.get(Exploration, survey.id))
        db.commit()

    response = client.post(
        url,
        data={
            "csrf_token": csrf,
            "version": version_of(page),
            "rating-leadership": "2",
            "comment": "Late thought",
        },
    )
    assert response.status_code == 403
    body = html(response)
    assert "This survey is closed" in body and "Late thought" in body
    assert "2 – Limited experience" in body
    assert respondents(app)[0].ratings == []

    for path in ("", "practice/open", "overall", "review", "about"):
        closed = client.get(f"/en/survey/r/{token}/{path}")
        assert closed.status_code == 200 and "This survey is closed" in html(closed), path
        assert 'name="version"' not in html(closed)

    welcome = client.get(f"/fr/survey/{survey.survey_token}")
    assert welcome.status_code == 200 and TEXTS["fr"]["closed"] in html(welcome)
    assert 'id="start-form"' not in html(welcome)
    start_anyway = client.post(f"/fr/survey/{survey.survey_token}", data={"csrf_token": csrf})
    assert start_anyway.status_code == 403
    assert len(respondents(app)) == 1


def test_after_submitting_answers_stay_complete_and_changes_count(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    answer_everything(client, token, "2")
    assert submit(client, token).status_code == 303

    blanked = save_practice(
        client,
        token,
        "open",
        {"leadership": "", "capacity_infrastructure": "2", "delivery_capability": "2"},
    )
    assert blanked.status_code == 400
    assert "You already submitted your answers" in html(blanked)

    changed = save_practice(client, token, "open", dict.fromkeys(ROLES, "4"))
    assert changed.status_code == 303
    with app.app_context():
        result = survey_results.results_for(survey.id, staff=True)
    assert result["aggregate"].cell("open", "leadership").median == 4.0
    assert result["aggregate"].cell("collaboration", "leadership").median == 2.0

    again = submit(client, token)
    assert again.status_code == 303
    with app.app_context():
        from core.audit import AuditEvent
        from core.db import db

        details = db.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "survey_submitted")
        ).all()
    assert sorted(details) == ["again", "first"]


def test_about_you_can_be_changed_and_cleared(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token, functional_area="legal", level="executive")
    url = f"/fr/survey/r/{token}/about"
    page = html(client.get(url))
    assert checked_values(page, "functional_area") == ["legal"]
    response = client.submit(
        url, {"functional_area": "not_given", "level": "management", "version": version_of(page)}
    )
    assert response.status_code == 303
    person = respondents(app)[0]
    assert (person.functional_area, person.level) == (None, "management")
    bad = client.submit(url, {"functional_area": "astrology", "version": version_of(page)})
    assert bad.status_code == 400


def test_overall_question_validation(app, client):
    survey = factory.exploration(app, survey_open=True)
    token = start(client, survey.survey_token)
    url = f"/en/survey/r/{token}/overall"
    page = html(client.get(url))
    response = client.submit(
        url, {"overall": "7", "version": version_of(page), "comment": "Still here"}
    )
    assert response.status_code == 400
    body = html(response)
    assert "#overall-1" in link_targets(body) and "Still here" in body
    assert save_overall(client, token, "dont_know").status_code == 303
    person = respondents(app)[0]
    assert person.overall_dont_know and person.overall_level is None
