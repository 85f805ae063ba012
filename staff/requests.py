"""One request as staff see it, and what editors do with it.

The page shows everything the partner entered, the survey results with individual answers,
the history of status changes, internal notes and the audit trail. Every POST names the
version of the request its page showed: a stale version gets the 409 conflict page, which
shows back what was typed, so nothing is lost and nothing is applied over a newer change.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from jinja2 import TemplateNotFound
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from core.audit import AuditEvent, record
from core.auth import StaffUser, role_required
from core.db import db
from core.errors import bilingual_texts
from core.i18n import current_lang
from core.i18n import lazy_gettext as _l
from core.labels import Labels
from exports.portfolio import DOCUMENT_COUNT, TOPIC_COUNT
from exports.summary import ExplorationSummary, Person, load_summary
from intake import emails
from intake import service as intake
from intake.models import Exploration, IdempotencyKey, Stakeholder, StatusChange
from intake.reference import TOPICS
from intake.service import STATUS_LABELS
from outcome.blueprint import staff_section as outcome_section
from planning.service import scheduling_blockers
from staff.blueprint import bp
from staff.forms import NOTE_MAX, REASON_MAX, DatesForm, NoteForm, StatusForm, VersionForm
from staff.models import Note
from staff.retention_section import retention_section
from staff.workflow import TransitionError, allowed_transitions, check_transition
from surveys import results as survey_results

AUDIT_ON_PAGE = 200
REFERENCE_MAX = 20


def load_request(exploration_id: int) -> Exploration:
    exploration = db.scalar(
        select(Exploration)
        .where(Exploration.id == exploration_id)
        .options(
            selectinload(Exploration.stakeholders).selectinload(Stakeholder.topics),
            selectinload(Exploration.topic_states),
            selectinload(Exploration.documents),
        )
    )
    if exploration is None:
        abort(404)
    return exploration


def _survey_section(exploration: Exploration) -> dict[str, Any]:
    """The staff view of the survey, and whether the surveys templates are there to show it."""
    try:
        current_app.jinja_env.get_template("surveys/_results.html")
        has_macros = True
    except TemplateNotFound:
        has_macros = False
    return {"results": survey_results.results_for(exploration.id, staff=True), "macros": has_macros}


def _people_by_topic(summary: ExplorationSummary) -> list[tuple[Any, list[Person], bool]]:
    """(topic, people named for it, to be confirmed) in the guide's order."""
    return [
        (topic, summary.people_for(topic.id), topic.id in summary.topics_to_confirm)
        for topic in TOPICS
    ]


def _history(exploration_id: int) -> list[StatusChange]:
    return list(
        db.scalars(
            select(StatusChange)
            .where(StatusChange.exploration_id == exploration_id)
            .options(selectinload(StatusChange.by_user))
            .order_by(StatusChange.at, StatusChange.id)
        )
    )


def _notes(exploration_id: int) -> list[Note]:
    return list(
        db.scalars(
            select(Note)
            .where(Note.exploration_id == exploration_id)
            .options(selectinload(Note.author))
            .order_by(Note.created_at.desc(), Note.id.desc())
        )
    )


def audit_rows(events: list[AuditEvent]) -> list[tuple[AuditEvent, StaffUser | None]]:
    """Each event with the staff account that acted, fetched in one query."""
    ids = {e.actor_id for e in events if e.actor_kind == "staff" and e.actor_id}
    users = (
        {u.id: u for u in db.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))} if ids else {}
    )
    return [
        (e, users.get(e.actor_id) if e.actor_kind == "staff" and e.actor_id else None)
        for e in events
    ]


def _audit(exploration_id: int) -> list[tuple[AuditEvent, StaffUser | None]]:
    events = list(
        db.scalars(
            select(AuditEvent)
            .where(AuditEvent.exploration_id == exploration_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(AUDIT_ON_PAGE)
        )
    )
    return audit_rows(events)


def _export_links(exploration: Exploration) -> list[tuple[str, str]]:
    """(text, URL) for every export of this request."""
    if not exploration.reference:
        return []
    ref = exploration.reference
    candidates = [
        ("exports.exploration_workbook", {"ref": ref}, _l("Workbook (Excel)")),
        ("exports.exploration_pdf", {"ref": ref, "doc_lang": "en"}, _l("PDF summary in English")),
        ("exports.exploration_pdf", {"ref": ref, "doc_lang": "fr"}, _l("PDF summary in French")),
        ("exports.exploration_summary", {"ref": ref}, _l("Printable summary (web page)")),
    ]
    return [(str(text), url_for(endpoint, **args)) for endpoint, args, text in candidates]


def render_request(
    exploration: Exploration,
    status: int = 200,
    *,
    status_form: StatusForm | None = None,
    dates_form: DatesForm | None = None,
    note_form: NoteForm | None = None,
) -> Any:
    """The request page, with any form that has errors in place of a fresh one."""
    moves = allowed_transitions(exploration.status)
    status_form = status_form or StatusForm(formdata=None)
    status_form.offer(moves)
    if dates_form is None:
        dates_form = DatesForm(formdata=None)
        if not dates_form.restored:  # else: what was typed before the language toggle
            dates_form.agreed_start.data = exploration.agreed_start
            dates_form.agreed_end.data = exploration.agreed_end
    note_form = note_form or NoteForm(formdata=None)
    labels = Labels.current()
    failing = next((f for f in (status_form, dates_form, note_form) if f.errors), None)
    # The exploration's facts come from the one summary the PDF and the HTML summary show;
    # the rest of the page (forms, history, notes, activity, links) is for staff only.
    summary = load_summary(db, exploration.id)
    if summary is None:
        abort(404)
    body = render_template(
        "staff/request.html",
        exploration=exploration,
        form=failing,
        status_form=status_form,
        dates_form=dates_form,
        note_form=note_form,
        moves=moves,
        summary=summary,
        labels=labels,
        people_by_topic=_people_by_topic(summary),
        document_sections=intake.document_sections(),
        department=labels.department(exploration.department_code, exploration.department_other),
        topic_count=TOPIC_COUNT,
        document_count=DOCUMENT_COUNT,
        survey=_survey_section(exploration),
        outcome=outcome_section(exploration),
        history=_history(exploration.id),
        notes=_notes(exploration.id),
        audit=_audit(exploration.id),
        exports=_export_links(exploration),
        notices=get_flashed_messages(),
        note_max=NOTE_MAX,
        reason_max=REASON_MAX,
        # Kept when the form comes back with an error, so a retry is still one note.
        note_key=_note_key(),
        retention=retention_section(exploration),
    )
    return body, status


@bp.get("/<lang>/staff/requests/<int:exploration_id>")
@role_required("viewer")
def request_detail(exploration_id: int) -> Any:
    return render_request(load_request(exploration_id))


@bp.get("/<lang>/staff/requests/<reference>")
@role_required("viewer")
def request_by_reference(reference: str) -> Any:
    """A request named by its reference (EXP-2026-0042): the same page, at its id's address."""
    reference = reference.strip().upper()
    if len(reference) > REFERENCE_MAX:
        abort(404)
    exploration = intake.find_by_reference(reference)
    if exploration is None:
        abort(404)
    return redirect(url_for("staff.request_detail", exploration_id=exploration.id))


# --- Actions (editors) ------------------------------------------------------------------


def conflict(exploration: Exploration, typed: list[tuple[str, str]]) -> Any:
    """The 409 page: someone changed the request first. What was typed is shown back."""
    body = render_template(
        "staff/conflict.html",
        code=409,
        blocks=bilingual_texts(409, current_lang()),
        exploration=exploration,
        typed=typed,
    )
    return body, 409


NOTE_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _note_key() -> str:
    posted = request.form.get("submission_key", "") if request.method == "POST" else ""
    return posted if NOTE_KEY_RE.match(posted) else secrets.token_urlsafe(24)


def is_stale(form: VersionForm, exploration: Exploration) -> bool:
    return form.version.data is None or form.version.data != exploration.version


def done(exploration: Exploration, message: str, anchor: str) -> Any:
    flash(message)
    return redirect(url_for("staff.request_detail", exploration_id=exploration.id, _anchor=anchor))


def commit_or_conflict(exploration: Exploration, typed: list[tuple[str, str]]) -> Any | None:
    """Commit; if another transaction changed the request meanwhile, the conflict page."""
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        return conflict(load_request(exploration.id), typed)
    return None


@bp.post("/<lang>/staff/requests/<int:exploration_id>/status")
@role_required("editor")
def change_status(exploration_id: int) -> Any:
    exploration = load_request(exploration_id)
    form = StatusForm()
    form.offer(allowed_transitions(exploration.status))
    chosen = request.form.get("status", "")
    typed = [
        (_("New status"), str(STATUS_LABELS.get(chosen, chosen))),
        (_("Reason"), request.form.get("reason", "")[:REASON_MAX]),
    ]
    if is_stale(form, exploration):
        return conflict(exploration, typed)
    if not form.validate():
        return render_request(exploration, 400, status_form=form)
    old = exploration.status
    try:
        check_transition(old, form.status.data)
    except TransitionError:
        form.status.errors = [_l("This request cannot move to that status from where it is.")]
        return render_request(exploration, 400, status_form=form)
    if form.status.data == "scheduled" and (missing := scheduling_blockers(exploration)):
        form.status.errors = [" ".join(str(m) for m in missing)]
        return render_request(exploration, 400, status_form=form)
    new = form.status.data
    reason = form.reason.data or None
    exploration.status = new
    emails.send_status_news(exploration, new, reason)
    db.add(
        StatusChange(
            exploration_id=exploration.id,
            from_status=old,
            to_status=new,
            by_user_id=g.staff.id,
            reason=reason,
        )
    )
    record(
        "status_changed",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration.id,
        detail=f"{old}>{new}",
    )
    failed = commit_or_conflict(exploration, typed)
    if failed:
        return failed
    message = _("Status changed to %(status)s.", status=STATUS_LABELS[new])
    return done(exploration, message, "status-and-dates")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/dates")
@role_required("editor")
def set_dates(exploration_id: int) -> Any:
    exploration = load_request(exploration_id)
    form = DatesForm()
    typed = [
        (_("Agreed start date"), request.form.get("agreed_start", "")[:40]),
        (_("Agreed end date"), request.form.get("agreed_end", "")[:40]),
    ]
    if is_stale(form, exploration):
        return conflict(exploration, typed)
    if not form.validate():
        return render_request(exploration, 400, dates_form=form)
    start, end = form.agreed_start.data, form.agreed_end.data
    exploration.agreed_start = start
    exploration.agreed_end = end
    record(
        "dates_set",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration.id,
        detail=f"{start.isoformat()}/{end.isoformat()}" if start and end else "cleared",
    )
    failed = commit_or_conflict(exploration, typed)
    if failed:
        return failed
    message = _("Agreed dates saved.") if start else _("Agreed dates cleared.")
    return done(exploration, message, "dates")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/notes")
@role_required("editor")
def add_note(exploration_id: int) -> Any:
    exploration = load_request(exploration_id)
    form = NoteForm()
    typed = [(_("Internal note"), request.form.get("body", "")[:NOTE_MAX])]
    if is_stale(form, exploration):
        return conflict(exploration, typed)
    if not form.validate():
        return render_request(exploration, 400, note_form=form)
    key = request.form.get("submission_key", "")
    if key:  # the page's form always sends one; a client that sends none gets no dedup
        if not NOTE_KEY_RE.match(key):
            abort(400)
        if db.get(IdempotencyKey, key) is not None:  # a double click or a retried POST
            return done(exploration, _("Note added."), "notes")
        db.add(IdempotencyKey(key=key, exploration_id=exploration.id))
    db.add(Note(exploration_id=exploration.id, author_id=g.staff.id, body=form.body.data))
    record("note_added", actor_kind="staff", actor_id=g.staff.id, exploration_id=exploration.id)
    try:
        db.commit()
    except IntegrityError:  # the same key committed by a concurrent request: one note only
        db.rollback()
    return done(exploration, _("Note added."), "notes")
