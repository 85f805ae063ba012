"""The plan's sections on pages that belong to other packages: the staff request page (a summary
with a link to the plan page) and the partner's page (the whole plan in their language and time
zone). Each page includes one template and calls one of these through a Jinja global."""

from __future__ import annotations

from typing import Any

from flask import g

from core.i18n import current_lang
from intake.models import Exploration
from planning import context
from planning.forms import AvailabilityForm, PartnerTimeZoneForm

SHOWN_TO_PARTNER = ("accepted", "scheduled", "in_progress", "completed")


def staff_plan_summary(exploration: Exploration) -> context.PlanView:
    return context.build(exploration, current_lang())


def partner_plan(exploration: Exploration, token: str) -> dict[str, Any] | None:
    """What the partner's page shows of the plan, or None before there is one to show."""
    if exploration.status not in SHOWN_TO_PARTNER:
        return None
    view = context.build(exploration, current_lang())
    tz_name = (view.plan.partner_time_zone if view.plan else None) or view.tz_name
    if tz_name != view.tz_name:
        view = context.build(exploration, current_lang(), tz_name)
    tz_form = PartnerTimeZoneForm(formdata=None)
    tz_form.time_zone.data = tz_name
    forms = {}
    for row in view.interviews:
        form = AvailabilityForm(formdata=None, prefix=f"a{row.id}")
        form.unavailable.data = "yes" if row.interview.partner_unavailable else "no"
        form.note.data = row.interview.partner_note
        forms[row.id] = form
    failed = g.get("plan_failed_form")
    if failed:
        forms[failed[0]] = failed[1]
    return {"view": view, "tz_form": tz_form, "forms": forms, "token": token}
