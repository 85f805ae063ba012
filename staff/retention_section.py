"""The retention part of a request's staff page: where the request stands with the schedule,
the warning before its personal information goes, whether the partner withdrew it, and its
holds. Called with one line from staff.requests.render_request."""

from __future__ import annotations

from typing import Any

from flask import g

from core.db import db
from core.timeutil import utcnow
from intake.models import Exploration
from retention import choices
from retention.holds import holds_of
from retention.schedule import standing
from staff.forms import HoldForm


def retention_section(exploration: Exploration) -> dict[str, Any]:
    now = utcnow()
    place = standing(db, exploration, now)
    holds = holds_of(exploration.id)
    active = next((h for h in holds if h.lifted_at is None), None)
    days_left = (place.due_on - now).days if place.due_on else None
    return {
        "standing": place,
        "days_left": max(days_left, 0) if days_left is not None else None,
        "withdrawn_by_partner": choices.withdrawn_by_partner(exploration.id),
        "active_hold": active,
        "past_holds": [h for h in holds if h is not active],
        # A hold form that came back with an error (staff.retention_views), else a fresh one.
        "hold_form": g.get("hold_form") or HoldForm(formdata=None),
    }
