"""Results: the partner lead sees only the aggregate, and only once enough people submitted;
staff see every answer. The results macros render an accessible heat map."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from surveys import results as survey_results
from tests import factory
from tests.conftest import html
from tests.surveys.helpers import (
    PRACTICES,
    ROLES,
    answer_everything,
    save_overall,
    save_practice,
    start,
    submit,
)


def _respond(app, survey, level, *, comment="", area=None, submit_it=True, lang="en"):
    client = app.test_client()
    about = {k: v for k, v in (("functional_area", area), ("level", "management")) if v}
    token = start(client, survey.survey_token, lang, **about)
    answer_everything(client, token, level, lang=lang)
    if comment:
        save_practice(client, token, "open", dict.fromkeys(ROLES, level), comment=comment)
    if submit_it:
        assert submit(client, token).status_code == 303
    return token


def _manage(client, survey, lang="en"):
    return html(client.get(f"/{lang}/request/{survey.token}/survey"))


def test_the_partner_sees_a_count_until_the_threshold_then_the_aggregate(app, client):
    survey = factory.exploration(app, survey_open=True)
    _respond(app, survey, "1", comment="Alpha from person one", area="legal")
    _respond(app, survey, "4", comment="Beta from person two", area="policy")
    _respond(app, survey, "2", submit_it=False)  # started, not submitted: never counted

    page = _manage(client, survey)
    assert "2 people have submitted their answers." in page
    assert "1 more has started without submitting." in page
    assert "once at least 3 people have submitted their answers" in page
    assert "<table" not in page and "heat-" not in page
    assert "Alpha from person one" not in page

    _respond(app, survey, "4", area="legal")
    page = _manage(client, survey)
    assert "3 people have submitted their answers." in page
    assert '<table class="table heat-table">' in page and "<caption" in page
    assert page.count('<th scope="row">') == 7  # 6 practices + all practices
    assert page.count('<th scope="col">') == 5  # practice, 3 roles, all roles
    # Medians of 1, 4, 4 -> 4 ("Leading edge"), spread 1 to 4 -> flagged in words.
    assert "Median: 4" in page and "Leading edge" in page
    assert "Views differ: from level 1 to level 4" in page
    assert "Level 1: 1" in page and "Level 4: 2" in page
    assert "heat-4" in page
    # Comments without names, ids, areas or levels.
    assert "Alpha from person one" in page and "Beta from person two" in page
    assert "Respondent 1" not in page and "Area:" not in page
    assert page.index("Alpha from person one") < page.index("Beta from person two")
    assert "Individual answers" not in page


@pytest.mark.app_config(SURVEY_RESULTS_THRESHOLD=1)
def test_the_threshold_comes_from_the_configuration(app, client):
    survey = factory.exploration(app, survey_open=True)
    assert "once at least 1 person has submitted their answers" in _manage(client, survey)
    _respond(app, survey, "3")
    assert "heat-table" in _manage(client, survey)


def test_results_in_french(app, client):
    survey = factory.exploration(app, survey_open=True)
    for level in ("2", "3", "3", "2", "2", "3"):  # two whole release steps of 3
        _respond(app, survey, level, lang="fr")
    page = _manage(client, survey, "fr")
    assert "6 personnes ont envoyé leurs réponses." in page
    assert "Médiane\u00a0: 2,5" in page  # a French decimal comma
    assert "Entre «\u00a0Expérience limitée\u00a0» et «\u00a0Expérience\u00a0»" in page
    assert "Niveau 2\u00a0: 3" in page


def test_staff_results_hold_every_answer(app, client):
    survey = factory.exploration(app, survey_open=True)
    _respond(app, survey, "1", comment="Only staff see who said this", area="legal")
    in_progress = _respond(app, survey, "3", submit_it=False, area="policy")
    with app.app_context():
        partner = survey_results.results_for(survey.id, staff=False)
        staff = survey_results.results_for(survey.id, staff=True)
        assert survey_results.answer_count(survey.id) == 1
    assert partner == {
        "submitted": 1,
        "in_progress": 1,
        "threshold": 3,
        "released": 0,
        "waiting": 1,
        "visible": False,
        "aggregate": None,
        "respondents": [],
    }
    assert staff["visible"] and staff["submitted"] == 1 and staff["in_progress"] == 1
    assert [p.submitted for p in staff["respondents"]] == [True, False]
    assert staff["respondents"][0].functional_area == "legal"
    assert len(staff["respondents"][1].ratings) == 18
    aggregate = staff["aggregate"]
    assert aggregate.respondents == 1  # only submitted answers are aggregated
    assert aggregate.cell("open", "leadership").distribution == (1, 0, 0, 0)
    assert in_progress  # the in-progress respondent exists but is not in the aggregate

    with app.test_request_context("/en/"):
        from flask import g

        g.lang = "en"
        rendered = render_template_string(
            '{% from "surveys/_results.html" import results, individual_answers %}'
            "<main>{{ results(aggregate, True) }}{{ individual_answers(respondents) }}</main>",
            aggregate=aggregate,
            respondents=staff["respondents"],
        )
    assert "Respondent 1" in rendered and "Respondent 2" in rendered
    assert "Area: Legal. Level: Management." in rendered
    assert "Only staff see who said this" in rendered
    assert "Not submitted yet: not counted in the results." in rendered
    assert "Median by area" in rendered
    assert rendered.count("<caption") == 1 + 2 + 2  # heat map, 2 group tables, 2 people
    ids = re.findall(r'id="([^"]+)"', rendered)
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_the_results_macro_without_divergence_or_comments(app):
    from surveys.aggregation import Answer, aggregate

    answers = [Answer(n, p, r, 2 + (n % 2)) for n in (1, 2) for p in PRACTICES for r in ROLES]
    with app.test_request_context("/fr/"):
        from flask import g

        g.lang = "fr"
        rendered = render_template_string(
            '{% from "surveys/_results.html" import results %}{{ results(a, False) }}',
            a=aggregate(answers),
        )
    assert "Dans chaque cellule, les réponses sont à un niveau d’écart au plus." in rendered
    assert "Personne n’a ajouté de commentaire." in rendered
    assert "2,5" in rendered and "heat-2" in rendered
    assert "Avis partagés" not in rendered


def test_overall_answers_and_comments_reach_the_aggregate(app, client):
    survey = factory.exploration(app, survey_open=True)
    for level in ("1", "2", "4"):
        token = _respond(app, survey, level, submit_it=False)
        fresh = app.test_client()
        from tests.conftest import Client

        fresh.__class__ = Client
        save_overall(fresh, token, level, comment=f"overall {level}")
        assert submit(fresh, token).status_code == 303
    with app.app_context():
        aggregate = survey_results.results_for(survey.id, staff=False)["aggregate"]
    assert aggregate.overall_question.median == 2.0
    assert aggregate.overall_question.divergent
    assert aggregate.comment_texts("overall") == ["overall 1", "overall 2", "overall 4"]
