"""Staff pages of the retention schedule (admins): holds on a request, the runs of the purge,
and one person's information (an access request's workbook, a removal on request).

Email addresses travel in POST bodies only, never in a URL: URLs end up in logs."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.audit import record
from core.auth import role_required
from core.db import db
from core.i18n import current_lang
from core.labels import Labels
from intake.models import Exploration
from retention import purge
from retention.holds import lift_hold, set_hold
from retention.models import RetentionRun
from retention.people import access_workbook, find_person, remove_person
from retention.schedule import Schedule
from staff.blueprint import bp
from staff.forms import HoldForm, PersonForm, RemovePersonForm
from staff.models import Note

RUNS_ON_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_notes(session: Any, exploration_id: int, dry_run: bool) -> int:
    """Internal notes are free text about the partner's people: the schedule removes them."""
    return purge.remove_values(
        session, Note, [Note.body], Note.exploration_id == exploration_id, dry_run
    )


purge.register("staff_notes", staff_notes)


# --- Holds ----------------------------------------------------------------------------------


def _exploration(exploration_id: int) -> Exploration:
    exploration = db.get(Exploration, exploration_id)
    if exploration is None:
        abort(404)
    return exploration


@bp.post("/<lang>/staff/requests/<int:exploration_id>/retention-hold")
@role_required("admin")
def retention_hold(exploration_id: int) -> Any:
    """Set a hold (with its reason), or lift the active one (action=lift)."""
    from staff.requests import load_request, render_request

    exploration = _exploration(exploration_id)
    anchor = url_for("staff.request_detail", exploration_id=exploration.id, _anchor="retention")
    if request.form.get("action") == "lift":
        lifted = lift_hold(exploration.id, g.staff.id)
        db.commit()
        flash(_("Retention hold lifted.") if lifted else _("This request has no hold."))
        return redirect(anchor)
    form = HoldForm()
    if not form.validate():
        g.hold_form = form
        return render_request(load_request(exploration_id), 400)
    set_hold(exploration.id, form.reason.data, g.staff.id)
    db.commit()
    flash(_("Retention hold set: the schedule leaves this request whole until it is lifted."))
    return redirect(anchor)


# --- Runs -------------------------------------------------------------------------------------


@bp.get("/<lang>/staff/retention")
@role_required("admin")
def retention_runs() -> Any:
    runs = list(
        db.scalars(
            select(RetentionRun)
            .order_by(RetentionRun.started_at.desc(), RetentionRun.id.desc())
            .limit(RUNS_ON_PAGE)
        )
    )
    return render_template(
        "retention/runs.html",
        runs=runs,
        schedule=Schedule.from_config(),
        labels=Labels.current(),
    )


# --- One person -------------------------------------------------------------------------------


@bp.route("/<lang>/staff/retention/person", methods=["GET", "POST"])
@role_required("admin")
def retention_person(lang: str | None = None) -> Any:
    action = request.form.get("action", "find") if request.method == "POST" else None
    form: PersonForm = RemovePersonForm() if action == "remove" else PersonForm()
    page: dict[str, Any] = {
        "form": form,
        "found": None,
        "removed": None,
        "labels": Labels.current(),
    }
    if request.method == "GET":  # `form`: empty, or as typed before the language toggle
        return render_template("retention/person.html", **page)
    if action not in {"find", "export", "remove"}:
        abort(400)
    if not form.validate():
        if action == "remove" and not form.email.errors:
            # The address was fine, the confirmation missing: show what was found again.
            page["found"] = find_person(db, form.email.data)
            page["remove_form"] = form
            page["form"] = PersonForm(formdata=None, data={"email": form.email.data})
        return render_template("retention/person.html", **page), 400
    email = form.email.data
    if action == "export":
        out = BytesIO()
        rows = access_workbook(db, email, current_lang(), out)
        record(
            "retention.access_exported",
            actor_kind="staff",
            actor_id=g.staff.id,
            detail=f"rows:{rows}",
        )
        db.commit()
        out.seek(0)
        return send_file(
            out,
            mimetype=XLSX,
            as_attachment=True,
            download_name=_("access-request") + ".xlsx",
            max_age=0,
        )
    if action == "remove":
        page["removed"] = remove_person(db, email, g.staff.id)
        db.commit()
        page["form"] = PersonForm(formdata=None)
        return render_template("retention/person.html", **page)
    page["found"] = find_person(db, email)
    page["remove_form"] = RemovePersonForm(formdata=None, data={"email": email})
    return render_template("retention/person.html", **page)
