"""What the partner's lead changes in the plan: the time zone they read it in, and for each
interview "this person is not available then", with a note."""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, url_for

from core.db import db
from intake.blueprint import link_misses_limited, posts_limited
from intake.links import exploration_for_partner_token
from intake.partner_views import partner_page
from planning import service
from planning.blueprint import bp
from planning.forms import AvailabilityForm, PartnerTimeZoneForm
from planning.models import Interview
from planning.sections import SHOWN_TO_PARTNER


def _back(token: str, anchor: str) -> Any:
    return redirect(url_for("intake.partner_page", token=token, _anchor=anchor))


@bp.post("/<lang>/request/<token>/plan/time-zone")
@link_misses_limited
@posts_limited
def partner_time_zone(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    form = PartnerTimeZoneForm()
    if exploration.status not in SHOWN_TO_PARTNER or not form.validate():
        abort(400)
    plan = service.ensure_plan(exploration.id)
    plan.partner_time_zone = form.time_zone.data
    db.commit()
    return _back(token, "plan")


@bp.post("/<lang>/request/<token>/plan/interviews/<int:interview_id>/availability")
@link_misses_limited
@posts_limited
def partner_availability(token: str, interview_id: int) -> Any:
    exploration = exploration_for_partner_token(token)
    interview = db.get(Interview, interview_id)
    if interview is None or interview.exploration_id != exploration.id:
        abort(404)
    form = AvailabilityForm(prefix=f"a{interview.id}")
    if form.malformed:
        abort(400)
    if not form.validate():
        g.plan_failed_form = (interview.id, form)  # shown in place, with what was typed
        body = partner_page(token)
        return body, 400
    interview.partner_unavailable = form.unavailable.data == "yes"
    interview.partner_note = form.note.data or None
    service.audit(
        "plan.partner_availability",
        exploration.id,
        None,
        f"interview:{interview.id} unavailable:{interview.partner_unavailable}",
    )
    db.commit()
    return _back(token, f"interview-{interview.id}")
