"""What staff write: findings per practice and recommendations."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.auth import role_required
from core.db import db
from core.labels import Labels
from outcome import recommending, service
from outcome.blueprint import bp, conflict, load_exploration, names, outcome_url, require, staff
from outcome.forms import FindingForm, RecommendationForm
from surveys.flow import switch_target
from surveys.framework import FRAMEWORK


def _finding_forms(exploration_id: int, failed: tuple[str, Any] | None = None) -> list[Any]:
    stored = service.findings(exploration_id)
    forms = []
    for practice in FRAMEWORK.practices:
        if failed and failed[0] == practice.id:
            form = failed[1]
        else:
            row = stored.get(practice.id)
            form = FindingForm(formdata=None, prefix=practice.id)
            if row is not None:
                form.helps.data, form.blocks.data = row.helps or "", row.blocks or ""
                form.roles.data = row.role_ids.split()
        form.fingerprint.data = service.finding_fingerprint(stored.get(practice.id))
        forms.append((practice, form, stored.get(practice.id)))
    return forms


def _render_findings(exploration: Any, failed: tuple[str, Any] | None = None) -> str:
    forms = _finding_forms(exploration.id, failed)
    return render_template(
        "outcome/findings.html",
        exploration=exploration,
        forms=forms,
        form=failed[1] if failed else None,
        can_write=service.can_write(staff(), exploration.id),
        who=names({row.by_user_id for _p, _f, row in forms if row and row.by_user_id}),
    )


@bp.get("/<lang>/staff/requests/<int:exploration_id>/outcome/findings")
@role_required("viewer")
def findings(exploration_id: int) -> Any:
    return _render_findings(load_exploration(exploration_id))


@bp.post("/<lang>/staff/requests/<int:exploration_id>/outcome/findings/<practice_id>")
@role_required("viewer")
def save_finding(exploration_id: int, practice_id: str) -> Any:
    exploration = load_exploration(exploration_id)
    if practice_id not in FRAMEWORK.practice_by_id:
        abort(404)
    user = staff()
    require(service.can_write(user, exploration.id))
    form = FindingForm(prefix=practice_id)
    if form.malformed:
        abort(400)
    service.lock(exploration.id)
    row = service.findings(exploration.id).get(practice_id)
    if form.fingerprint.data != service.finding_fingerprint(row):
        db.rollback()
        labels = Labels.current()
        typed = [
            (f"{labels.practice(practice_id)} — {form.helps.label.text}", form.helps.data or ""),
            (f"{labels.practice(practice_id)} — {form.blocks.label.text}", form.blocks.data or ""),
        ]
        return conflict(
            exploration, typed, url_for("outcome.findings", exploration_id=exploration.id)
        )
    if not form.validate():
        db.rollback()
        return _render_findings(exploration, (practice_id, form)), 400
    service.save_finding(
        exploration.id,
        practice_id,
        form.helps.data,
        form.blocks.data,
        form.roles.data or [],
        user.id,
    )
    try:
        db.commit()
    except IntegrityError:  # another first save of the same practice won
        db.rollback()
        return conflict(exploration, [(form.helps.label.text, form.helps.data or "")])
    flash(_("Findings saved: %(practice)s.", practice=Labels.current().practice(practice_id)))
    return redirect(
        url_for(
            "outcome.findings", exploration_id=exploration.id, _anchor=f"finding-{practice_id}"
        ),
        code=303,
    )


# --- Recommendations --------------------------------------------------------------------------


def _recommendation_typed(form: RecommendationForm) -> list[tuple[str, str]]:
    return [
        (str(form.title.label.text), form.title.data or ""),
        (str(form.description.label.text), form.description.data or ""),
        (str(form.carrier_name.label.text), form.carrier_name.data or ""),
    ]


def _render_recommendation(
    exploration: Any, form: RecommendationForm, row: Any, status: int = 200
) -> Any:
    body = render_template(
        "outcome/recommendation.html", exploration=exploration, form=form, row=row
    )
    return body, status


@bp.route(
    "/<lang>/staff/requests/<int:exploration_id>/outcome/recommendations/new",
    methods=["GET", "POST"],
)
@bp.route(
    "/<lang>/staff/requests/<int:exploration_id>/outcome/recommendations/<int:recommendation_id>",
    methods=["GET", "POST"],
)
@role_required("viewer")
def recommendation(exploration_id: int, recommendation_id: int | None = None) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    row = None
    if recommendation_id is not None:
        row = recommending.recommendation(exploration.id, recommendation_id)
        if row is None:
            abort(404)
    if request.method == "GET":
        require(service.can_write(user, exploration.id))
        form = RecommendationForm(formdata=None, obj=None)
        if row is not None:
            form.title.data, form.description.data = row.title, row.description
            form.practices.data, form.roles.data = row.practices, row.roles
            form.horizon.data, form.effort.data, form.impact.data = (
                row.horizon,
                row.effort,
                row.impact,
            )
            form.carrier.data, form.carrier_name.data = row.carrier, row.carrier_name or ""
            form.version.data = str(row.version)
        return _render_recommendation(exploration, form, row)
    require(service.can_write(user, exploration.id))
    form = RecommendationForm()
    if form.malformed:
        abort(400)
    if row is not None and form.version.data != str(row.version):
        return conflict(exploration, _recommendation_typed(form))
    if not form.validate():
        return _render_recommendation(exploration, form, row, 400)
    saved = recommending.save_recommendation(exploration.id, form.values(), user.id, row)
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        return conflict(exploration, _recommendation_typed(form))
    target = switch_target()
    if target:
        return redirect(
            url_for(
                "outcome.recommendation",
                exploration_id=exploration.id,
                recommendation_id=saved.id,
                lang=target,
            ),
            code=303,
        )
    flash(_("Recommendation saved: %(title)s.", title=saved.title))
    return redirect(outcome_url(exploration, "recommendations"), code=303)


@bp.post(
    "/<lang>/staff/requests/<int:exploration_id>/outcome/recommendations/<int:recommendation_id>/remove"
)
@role_required("viewer")
def remove_recommendation(exploration_id: int, recommendation_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    require(service.can_write(user, exploration.id))
    row = recommending.recommendation(exploration.id, recommendation_id)
    if row is None:
        abort(404)
    if request.form.get("version") != str(row.version):
        return conflict(exploration, [(_("Recommendation"), row.title)])
    if recommending.is_published(exploration.id):
        flash(_("The report is published: its recommendations can no longer be removed."))
        return redirect(outcome_url(exploration, "recommendations"), code=303)
    title = row.title
    recommending.remove_recommendation(row, user.id)
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        return conflict(exploration, [(_("Recommendation"), title)])
    flash(_("Recommendation removed: %(title)s.", title=title))
    return redirect(outcome_url(exploration, "recommendations"), code=303)
