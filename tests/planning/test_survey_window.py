"""The self-assessment closes by itself at its window (default: the kickoff): the scheduled task
closes it, and a respondent's page never accepts answers past it, even before the task runs."""

from __future__ import annotations

from datetime import date

from core.db import db
from core.jobs import SCHEDULES
from core.timeutil import utcnow
from intake.models import Exploration
from planning.survey_window import close_due_windows
from surveys import service as surveys
from tests import factory


def _planned_with_open_survey(app):
    """An exploration whose kickoff (and so its survey window) is long past, survey open."""
    made = factory.planned_exploration(
        app, "scheduled", start=date(2025, 9, 8), end=date(2025, 10, 3), kickoff=True
    )
    with app.test_request_context():
        token = surveys.open_survey(db.get(Exploration, made.id))
        db.commit()
    return made, token


def _survey_open(app, exploration_id: int) -> bool:
    with app.app_context():
        return db.get(Exploration, exploration_id).survey_open


def test_the_scheduled_task_closes_a_survey_past_its_window(app):
    made, _token = _planned_with_open_survey(app)
    assert "planning.survey_windows" in SCHEDULES
    with app.app_context():
        assert close_due_windows(utcnow()) == {"closed": 1}
        assert close_due_windows(utcnow()) == {"closed": 0}  # once per window
    assert not _survey_open(app, made.id)


def test_a_respondent_meets_the_closed_page_before_the_task_runs(app, client):
    made, token = _planned_with_open_survey(app)
    page = client.get(f"/en/survey/{token}")
    assert not _survey_open(app, made.id)
    assert page.status_code in (200, 403)
    assert "closed" in page.get_data(as_text=True).lower()
