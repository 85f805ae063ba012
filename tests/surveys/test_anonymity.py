"""The partner's results cannot single anyone out, whatever the order of submissions and visits.

The rule (surveys.service.release_results): every result the partner lead can see is made of
the submitted answers of at least K people (K = SURVEY_RESULTS_THRESHOLD), and two results the
lead saw at different times differ by the answers of at least K people. So neither one visit
nor the comparison of two isolates fewer than K people's answers. Staff see every answer.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from core.db import db
from intake.models import Exploration
from surveys import results as survey_results
from surveys import service
from surveys.framework import FRAMEWORK
from surveys.models import Rating, Respondent
from tests import factory

K = 3
BASED_ON = re.compile(r"Based on the answers of (\d+) (?:person|people)")
EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(min_value=1, max_value=4)),
        st.tuples(st.just("start"), st.integers(min_value=1, max_value=4)),
        st.just(("look", 0)),
    ),
    min_size=1,
    max_size=16,
)


def _answer(app, exploration_id: int, level: int, *, submit: bool) -> int:
    """One colleague's whole grid at `level`, submitted through the service as the page does."""
    with app.test_request_context():
        exploration = db.get(Exploration, exploration_id)
        respondent, _token = service.start_respondent(exploration, None, None)
        respondent.ratings = [
            Rating(practice_id=p, role_id=r, level=level) for (p, r) in FRAMEWORK.cells
        ]
        respondent.overall_level = level
        if submit:
            service.submit(respondent)
        db.commit()
        return respondent.id


def _what_the_partner_sees(client, token: str) -> tuple[int, str]:
    """(people the results are based on, the results' text) on the lead's survey page."""
    page = client.get(f"/en/request/{token}/survey").get_data(as_text=True)
    results = lxml_html.fromstring(page).xpath('//div[@class="survey-results"]')
    if not results:
        return 0, ""
    text = results[0].text_content()
    match = BASED_ON.search(text)
    assert match, text[:300]
    return int(match.group(1)), " ".join(text.split())


@pytest.mark.app_config(SURVEY_RESULTS_THRESHOLD=K)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=EVENTS)
def test_no_visit_or_pair_of_visits_rests_on_fewer_than_k_people(app, client, events):
    survey = factory.exploration(app, survey_open=True)
    seen: list[tuple[int, str]] = []
    for kind, level in [*events, ("look", 0)]:
        if kind == "look":
            seen.append(_what_the_partner_sees(client, survey.token))
        else:
            _answer(app, survey.id, level, submit=kind == "submit")
    counts = [n for n, _text in seen]
    assert all(n == 0 or n >= K for n in counts), counts
    assert counts == sorted(counts), counts
    for (before, text_before), (after, text_after) in itertools.pairwise(seen):
        if text_after != text_before:
            assert after - before >= K, (before, after)
    submitted = sum(1 for kind, _level in events if kind == "submit")
    assert counts[-1] == (submitted // K) * K  # released in whole steps of K


@pytest.mark.app_config(SURVEY_RESULTS_THRESHOLD=K)
def test_one_more_submission_after_a_release_changes_nothing_the_partner_sees(app, client):
    survey = factory.exploration(app, survey_open=True)
    for level in (1, 2, 3):
        _answer(app, survey.id, level, submit=True)
    first = _what_the_partner_sees(client, survey.token)
    _answer(app, survey.id, 4, submit=True)  # a colleague answers "4" everywhere
    second = _what_the_partner_sees(client, survey.token)
    assert first[0] == 3 and second == first  # reload, subtract: nothing to learn
    page = client.get(f"/en/request/{survey.token}/survey").get_data(as_text=True)
    assert "1 answer is not in these results yet." in page
    for level in (4, 4):
        _answer(app, survey.id, level, submit=True)
    assert _what_the_partner_sees(client, survey.token)[0] == 6


@pytest.mark.app_config(SURVEY_RESULTS_THRESHOLD=K)
def test_staff_see_every_submitted_answer_at_once(app):
    survey = factory.exploration(app, survey_open=True)
    for level in (1, 2, 3, 4):
        _answer(app, survey.id, level, submit=True)
    with app.test_request_context():
        staff_view = survey_results.results_for(survey.id, staff=True)
        partner_view = survey_results.results_for(survey.id, staff=False)
        released = db.query(Respondent).filter(Respondent.released_at.is_not(None)).count()
    assert staff_view["aggregate"].respondents == 4
    assert partner_view["aggregate"].respondents == 3 == released
    assert partner_view["waiting"] == 1
