"""CDS's rating of the grid: each team member's own, then the lead's reconciled one.

A member sees the others' ratings only once they have rated all 18 cells themselves, so that
no one anchors on a colleague's judgement. The lead sees every member's ratings, the cells
where members differ by two levels or more first.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.auth import role_required
from core.db import db
from core.labels import Labels
from outcome import service
from outcome.blueprint import bp, conflict, load_exploration, names, require, staff
from outcome.compare import NOT_ENOUGH_EVIDENCE, member_cells
from outcome.forms import GridForm
from planning.models import team_of
from surveys.flow import switch_target
from surveys.framework import FRAMEWORK


def _typed(form: Any) -> list[tuple[str, str]]:
    """What was entered, cell by cell, for the conflict page."""
    labels = Labels.current()
    typed = []
    for cell in FRAMEWORK.cells:
        raw = request.form.get(form.level(cell).name, "")
        why = request.form.get(form.rationale(cell).name, "")
        if raw or why:
            level = labels.word("Not enough evidence") if raw == NOT_ENOUGH_EVIDENCE else raw
            label = f"{labels.practice(cell[0])} — {labels.role(cell[1])}"
            typed.append((label, f"{level} {why}".strip()))
    return typed


def _fill(form: Any, rows: dict) -> None:
    for cell, row in rows.items():
        form.level(cell).data = NOT_ENOUGH_EVIDENCE if row.level is None else str(row.level)
        form.rationale(cell).data = row.rationale or ""


def _after_save(exploration_id: int, endpoint: str, message: str) -> Any:
    target = switch_target()
    if target:
        return redirect(url_for(endpoint, exploration_id=exploration_id, lang=target), code=303)
    flash(message)
    return redirect(url_for("outcome.overview", exploration_id=exploration_id), code=303)


@bp.route("/<lang>/staff/requests/<int:exploration_id>/outcome/my-rating", methods=["GET", "POST"])
@role_required("viewer")
def my_rating(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    require(service.can_rate(user, exploration.id))
    stored = service.member_ratings(exploration.id, user.id)
    status = 200
    if request.method == "POST":
        form = GridForm()
        if form.malformed:
            abort(400)
        service.lock(exploration.id)
        stored = service.member_ratings(exploration.id, user.id)
        if form.fingerprint.data != service.ratings_fingerprint(stored):
            db.rollback()
            return conflict(
                exploration,
                _typed(form),
                url_for("outcome.my_rating", exploration_id=exploration.id),
            )
        if form.check(rationale_required=False):
            service.save_member_ratings(exploration.id, user.id, form.cleaned())
            try:
                db.commit()
            except (IntegrityError, StaleDataError):
                db.rollback()
                return conflict(exploration, _typed(form))
            return _after_save(exploration.id, "outcome.my_rating", _("Your ratings are saved."))
        db.rollback()
        status = 400
    else:
        form = GridForm(formdata=None)
        _fill(form, stored)
    form.fingerprint.data = service.ratings_fingerprint(stored)
    complete = service.is_complete(stored)
    others = []
    if complete:
        everyone = service.all_member_ratings(exploration.id)
        people = names(set(everyone) - {user.id})
        others = [(people.get(uid, ""), grid) for uid, grid in everyone.items() if uid != user.id]
    body = render_template(
        "outcome/my_rating.html",
        exploration=exploration,
        form=form,
        complete=complete,
        others=others,
        rated=len(stored),
    )
    return body, status


@bp.route("/<lang>/staff/requests/<int:exploration_id>/outcome/reconcile", methods=["GET", "POST"])
@role_required("viewer")
def reconcile(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    require(service.can_reconcile(user, exploration.id))
    stored = service.reconciled(exploration.id)
    status = 200
    if request.method == "POST":
        form = GridForm()
        if form.malformed:
            abort(400)
        service.lock(exploration.id)
        stored = service.reconciled(exploration.id)
        if form.fingerprint.data != service.reconciled_fingerprint(stored):
            db.rollback()
            return conflict(
                exploration,
                _typed(form),
                url_for("outcome.reconcile", exploration_id=exploration.id),
            )
        if form.check(rationale_required=True):
            service.save_reconciled(exploration.id, user.id, form.cleaned())
            try:
                db.commit()
            except (IntegrityError, StaleDataError):
                db.rollback()
                return conflict(exploration, _typed(form))
            return _after_save(
                exploration.id, "outcome.reconcile", _("The reconciled ratings are saved.")
            )
        db.rollback()
        status = 400
    else:
        form = GridForm(formdata=None)
        _fill(form, stored)
    form.fingerprint.data = service.reconciled_fingerprint(stored)
    everyone = service.all_member_ratings(exploration.id)
    team = team_of(exploration.id)
    members = [(m.staff_user_id, m.user.name or m.user.email) for m in team]
    members += [(uid, name) for uid, name in names(set(everyone) - {m[0] for m in members}).items()]
    levels = {
        uid: {cell: row.level for cell, row in grid.items()} for uid, grid in everyone.items()
    }
    body = render_template(
        "outcome/reconcile.html",
        exploration=exploration,
        form=form,
        cells=member_cells(levels),
        members=members,
        ratings=everyone,
        complete={uid: service.is_complete(grid) for uid, grid in everyone.items()},
    )
    return body, status
