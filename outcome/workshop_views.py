"""The outcome's overview for staff, the week-4 workshop (the partner lead orders the draft
recommendations, asks for CDS's help, comments), the final order, and publishing.

The workshop, the orders and publishing share one version (`Outcome.version`): a page that
saves an order names the version it showed, and a save over a newer change gets the 409 page
with what was entered shown back.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from core.auth import role_required
from core.db import db
from intake.links import exploration_for_partner_token
from outcome import recommending, service
from outcome.blueprint import (
    bp,
    conflict,
    link_misses_limited,
    load_exploration,
    names,
    outcome_url,
    posts_limited,
    require,
    staff,
)
from outcome.forms import positions_form, read_positions
from planning.models import team_of
from surveys.flow import switch_target


def _version(exploration_id: int) -> str:
    state = service.outcome_of(exploration_id)
    return str(state.version) if state is not None else "0"


def _stale(exploration_id: int) -> bool:
    return request.form.get("version", "") != _version(exploration_id)


@bp.get("/<lang>/staff/requests/<int:exploration_id>/outcome")
@role_required("viewer")
def overview(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    state = service.outcome_of(exploration.id)
    recs = recommending.recommendations(exploration.id)
    everyone = service.all_member_ratings(exploration.id)
    team = team_of(exploration.id)
    who = names(
        {r.by_user_id for r in recs if r.by_user_id}
        | {
            uid
            for uid in (
                state.workshop_opened_by if state else None,
                state.final_settled_by if state else None,
                state.published_by if state else None,
            )
            if uid
        }
    )
    return render_template(
        "outcome/overview.html",
        exploration=exploration,
        state=state,
        version=_version(exploration.id),
        comparison=service.comparison(exploration.id),
        team=team,
        progress={uid: len(grid) for uid, grid in everyone.items()},
        reconciled_count=len(service.reconciled(exploration.id)),
        findings=service.findings(exploration.id),
        recommendations=recs,
        who=who,
        can_rate=service.can_rate(user, exploration.id),
        can_reconcile=service.can_reconcile(user, exploration.id),
        can_write=service.can_write(user, exploration.id),
        publishable=exploration.status in service.PUBLISHABLE_STATUSES,
        notices=get_flashed_messages(with_categories=True),
    )


def _refused(exploration: Any, error: service.OutcomeError) -> Any:
    db.rollback()
    flash(str(error.message), "error")
    return redirect(outcome_url(exploration, "workshop"), code=303)


@bp.post("/<lang>/staff/requests/<int:exploration_id>/outcome/workshop")
@role_required("viewer")
def open_workshop(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    require(service.can_write(user, exploration.id))
    service.lock(exploration.id)
    if _stale(exploration.id):
        return conflict(exploration, [])
    closing = request.form.get("action") == "close"
    try:
        if closing:
            recommending.close_workshop(exploration.id, user.id)
        else:
            recommending.open_workshop(exploration.id, user.id)
        db.commit()
    except service.OutcomeError as error:
        return _refused(exploration, error)
    except StaleDataError:
        db.rollback()
        return conflict(exploration, [])
    if closing:
        flash(_("The draft recommendations are no longer open to the partner lead."))
        return redirect(outcome_url(exploration, "workshop"), code=303)
    flash(_("The draft recommendations are open to the partner lead on their page."))
    return redirect(outcome_url(exploration, "workshop"), code=303)


@bp.post("/<lang>/staff/requests/<int:exploration_id>/outcome/publish")
@role_required("viewer")
def publish(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    require(service.can_write(user, exploration.id))
    service.lock(exploration.id)
    if _stale(exploration.id):
        return conflict(exploration, [])
    try:
        recommending.publish(exploration, user.id)
        db.commit()
    except service.OutcomeError as error:
        return _refused(exploration, error)
    except StaleDataError:
        db.rollback()
        return conflict(exploration, [])
    flash(_("The final report is published. The partner lead can download it from their page."))
    return redirect(outcome_url(exploration, "report"), code=303)


def _typed_order(recs: list[Any], form: Any, *, partner: bool) -> list[tuple[str, str]]:
    typed = []
    for row in recs:
        parts = [request.form.get(f"position_{row.id}", "")]
        if partner:
            if request.form.get(f"help_{row.id}"):
                parts.append(_("We would like CDS’s help"))
            parts.append(request.form.get(f"comment_{row.id}", "")[:2000])
        typed.append((row.title, " · ".join(p for p in parts if p)))
    return typed


@bp.route("/<lang>/staff/requests/<int:exploration_id>/outcome/order", methods=["GET", "POST"])
@role_required("viewer")
def final_order(exploration_id: int) -> Any:
    exploration = load_exploration(exploration_id)
    user = staff()
    recs = recommending.recommendations(exploration.id)
    ids = [r.id for r in recs]
    status = 200
    if request.method == "POST":
        require(service.can_write(user, exploration.id))
        form = positions_form(ids, partner=False, posted=True)
        if form.malformed:
            abort(400)
        service.lock(exploration.id)
        if _stale(exploration.id) or sorted(ids) != sorted(
            r.id for r in recommending.recommendations(exploration.id)
        ):
            db.rollback()
            return conflict(exploration, _typed_order(recs, form, partner=False))
        positions = read_positions(form, ids) if form.validate() else None
        if positions is not None and recs:
            recommending.settle_final_order(exploration.id, positions, user.id)
            try:
                db.commit()
            except StaleDataError:
                db.rollback()
                return conflict(exploration, _typed_order(recs, form, partner=False))
            flash(_("The final order is saved."))
            return redirect(outcome_url(exploration, "workshop"), code=303)
        db.rollback()
        status = 400
    else:
        form = positions_form(
            ids,
            partner=False,
            posted=False,
            data={f"position_{r.id}": str(n) for n, r in enumerate(recs, 1)},
        )
    form.version.data = _version(exploration.id)
    state = service.outcome_of(exploration.id)
    body = render_template(
        "outcome/order.html",
        exploration=exploration,
        form=form,
        recommendations=recs,
        state=state,
        can_write=service.can_write(user, exploration.id),
    )
    return body, status


# --- The partner lead's page ------------------------------------------------------------------


@bp.route("/<lang>/request/<token>/recommendations", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def partner_order(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    state = service.outcome_of(exploration.id)
    if state is None or state.workshop_opened_at is None:
        abort(404)
    recs = recommending.recommendations(exploration.id)
    ids = [r.id for r in recs]
    closed = state.published_at is not None
    back = url_for("intake.partner_page", token=token)
    status = 200
    if request.method == "POST":
        form = positions_form(ids, partner=True, posted=True)
        if form.malformed:
            abort(400)
        service.lock(exploration.id)
        state = service.outcome_of(exploration.id)
        if (
            closed
            or _stale(exploration.id)
            or sorted(ids) != sorted(r.id for r in recommending.recommendations(exploration.id))
        ):
            db.rollback()
            return conflict(
                exploration,
                _typed_order(recs, form, partner=True),
                url_for("outcome.partner_order", token=token),
            )
        positions = read_positions(form, ids) if form.validate() else None
        if positions is not None:
            recommending.save_partner_order(
                exploration.id,
                positions,
                [rid for rid in ids if form[f"help_{rid}"].data],
                {rid: form[f"comment_{rid}"].data for rid in ids},
            )
            try:
                db.commit()
            except StaleDataError:
                db.rollback()
                return conflict(
                    exploration,
                    _typed_order(recs, form, partner=True),
                    url_for("outcome.partner_order", token=token),
                )
            target = switch_target()
            if target:
                return redirect(
                    url_for("outcome.partner_order", token=token, lang=target), code=303
                )
            flash(
                _("Thank you. Your priorities are saved; CDS will settle the final order with you.")
            )
            return redirect(url_for("outcome.partner_order", token=token), code=303)
        db.rollback()
        status = 400
    else:
        ordered = sorted(recs, key=lambda r: (r.partner_position or r.staff_position, r.id))
        data: dict[str, Any] = {}
        for n, row in enumerate(ordered, 1):
            data[f"position_{row.id}"] = str(n)
            data[f"help_{row.id}"] = row.partner_wants_help
            data[f"comment_{row.id}"] = row.partner_comment or ""
        form = positions_form(ids, partner=True, posted=False, data=data)
        recs = ordered
    form.version.data = _version(exploration.id)
    body = render_template(
        "outcome/partner_order.html",
        exploration=exploration,
        form=form,
        recommendations=recs,
        closed=closed,
        back_url=back,
        notices=get_flashed_messages(),
    )
    return body, status
