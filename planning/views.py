"""The planning feature: the staff plan page, the partner's plan section, the calendars and the
survey window. Importing the view modules registers their routes on the one blueprint;
`init_app` gives the staff request page and the partner's page their plan sections (as Jinja
globals, since those pages' packages come before planning) and arms the survey window."""

from __future__ import annotations

from flask import Flask, request

from core.labels import Labels
from planning import calendar_views, interview_views, partner_views, staff_views  # noqa: F401
from planning.blueprint import bp
from planning.sections import partner_plan, staff_plan_summary
from planning.survey_window import apply_due_windows

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["partner_plan"] = partner_plan
    app.jinja_env.globals["staff_plan_summary"] = staff_plan_summary
    app.jinja_env.globals["plan_labels"] = Labels.current

    @app.before_request
    def _survey_window() -> None:
        # A respondent never answers past the window, even between two scheduled runs; every
        # other page may be a minute late (planning.survey_window's scheduled task).
        if request.blueprint == "surveys":
            apply_due_windows()
