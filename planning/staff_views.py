"""The staff plan page of one exploration: team, agreement, kickoff and time zone, survey
window, and the interview schedule (propose, move, merge, split, cancel, mark held).

Every POST names the plan version its page showed; a stale one gets the 409 conflict page
with what was typed shown back. A form with errors comes back on the page with everything
typed kept, the message next to the field and in the error summary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from core.auth import StaffUser, role_required
from core.db import db
from core.errors import bilingual_texts
from core.french import fill
from core.i18n import current_lang
from core.i18n import lazy_gettext as _l
from core.labels import Labels
from intake.models import Exploration
from planning import context, service
from planning.blueprint import bp
from planning.clock import NonexistentTime, local, to_utc, zone
from planning.forms import AgreementForm, InterviewTimeForm, KickoffForm, MergeForm, TeamForm
from planning.models import Interview, Plan, TeamMember
from planning.rules import day_problem

PAGE = "planning.plan_page"


def _exploration(exploration_id: int) -> Exploration:
    exploration = db.get(Exploration, exploration_id)
    if exploration is None or exploration.status == "draft":
        abort(404)
    return exploration


def _interview(exploration: Exploration, interview_id: int) -> Interview:
    interview = db.get(Interview, interview_id)
    if interview is None or interview.exploration_id != exploration.id:
        abort(404)
    return interview


def _staff_choices() -> list[StaffUser]:
    return list(db.scalars(select(StaffUser).order_by(StaffUser.name, StaffUser.email)))


def _team_form(exploration: Exploration, form: TeamForm | None) -> TeamForm:
    team = {m.staff_user_id: m for m in service_team(exploration.id)}
    if form is None:
        form = TeamForm(formdata=None)
        if not form.restored:  # else: as chosen before the language toggle
            form.lead.data = next((uid for uid, m in team.items() if m.role == "lead"), None)
            form.members.data = [uid for uid, m in team.items() if m.role == "member"]
    users = [u for u in _staff_choices() if u.active or u.id in team]
    names = [SelectChoice(u.id, _account_name(u)) for u in users]
    form.lead.choices = [SelectChoice("", _("Choose the team lead")), *names]
    form.members.choices = names
    return form


def service_team(exploration_id: int) -> list[TeamMember]:
    return list(db.scalars(select(TeamMember).where(TeamMember.exploration_id == exploration_id)))


def _account_name(user: StaffUser) -> str:
    name = user.name or user.email
    return name if user.active else _("%(name)s (account disabled)", name=name)


def _kickoff_form(exploration: Exploration, plan: Plan) -> KickoffForm:
    form = KickoffForm(formdata=None)
    if form.restored:  # as typed before the language toggle
        return form
    tz = zone(plan.time_zone)
    kickoff = plan.kickoff_at or service.default_kickoff(exploration, plan)
    start = local(kickoff, tz)
    form.time_zone.data = plan.time_zone
    form.kickoff_date.data = start.date() if start else None
    form.kickoff_time.data = start.time() if start else None
    form.kickoff_minutes.data = plan.kickoff_minutes
    form.morning_time.data = plan.morning_time
    form.afternoon_time.data = plan.afternoon_time
    closes = local(plan.survey_closes_at, tz)
    form.survey_close_date.data = closes.date() if closes else None
    form.survey_close_time.data = closes.time() if closes else None
    return form


def render_plan(exploration: Exploration, status: int = 200, **forms: Any) -> Any:
    plan = service.ensure_plan(exploration.id)
    db.commit()
    lang = current_lang()
    view = context.build(exploration, lang)
    agreement = forms.get("agreement_form") or AgreementForm(
        formdata=None,
        data={
            "sent_on": plan.agreement_sent_on,
            "signed_on": plan.agreement_signed_on,
            "note": plan.agreement_note,
        },
    )
    time_forms = {}
    for row in view.interviews:
        time_form = InterviewTimeForm(formdata=None, prefix=f"i{row.id}")
        if not time_form.restored:
            time_form.day.data, time_form.start_time.data = row.start.date(), row.start.time()
            time_form.end_time.data = row.end.time()
        time_forms[row.id] = time_form
    failing_id = forms.get("interview_id")
    if failing_id and forms.get("time_form"):
        time_forms[failing_id] = forms["time_form"]
    all_forms = {
        "team_form": _team_form(exploration, forms.get("team_form")),
        "agreement_form": agreement,
        "kickoff_form": forms.get("kickoff_form") or _kickoff_form(exploration, plan),
    }
    failing = next((f for f in [*all_forms.values(), *time_forms.values()] if f.errors), None)
    body = render_template(
        "planning/staff_plan.html",
        exploration=exploration,
        plan=plan,
        view=view,
        labels=Labels(lang),
        form=failing,
        time_forms=time_forms,
        merge_form=MergeForm(formdata=None),
        unplaced=forms.get("unplaced") or [],
        week=service.week_two(exploration),
        notices=get_flashed_messages(),
        blockers=service.scheduling_blockers(exploration),
        **all_forms,
    )
    return body, status


@bp.get("/<lang>/staff/requests/<int:exploration_id>/plan")
@role_required("viewer")
def plan_page(exploration_id: int) -> Any:
    return render_plan(_exploration(exploration_id))


# --- Saving -------------------------------------------------------------------------------------


def _conflict(exploration: Exploration, typed: list[tuple[str, str]]) -> Any:
    body = render_template(
        "staff/conflict.html",
        code=409,
        blocks=bilingual_texts(409, current_lang()),
        exploration=exploration,
        typed=typed,
    )
    return body, 409


def _typed(form: Any) -> list[tuple[str, str]]:
    out = []
    for field in form:
        if field.type in ("HiddenField", "CSRFTokenField"):
            continue
        values = request.form.getlist(field.name)
        if values:
            out.append((str(field.label.text), ", ".join(v[:200] for v in values)))
    return out


def _stale(form: Any, plan: Plan) -> bool:
    """The page's plan version (one hidden field, whatever the form's prefix) is not current."""
    posted = request.form.get("plan_version", "")
    return not posted.isdigit() or int(posted) != plan.version


def _save(exploration: Exploration, form: Any, message: str, anchor: str) -> Any:
    try:
        db.commit()
    except StaleDataError:
        db.rollback()
        return _conflict(exploration, _typed(form))
    flash(message)
    return redirect(url_for(PAGE, exploration_id=exploration.id, _anchor=anchor))


def _begin(exploration_id: int, form_class: type, **kwargs: Any) -> tuple[Any, ...]:
    exploration = _exploration(exploration_id)
    plan = service.ensure_plan(exploration.id)
    form = form_class(**kwargs)
    return exploration, plan, form


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/team")
@role_required("editor")
def save_team(exploration_id: int) -> Any:
    exploration, plan, form = _begin(exploration_id, TeamForm)
    _team_form(exploration, form)
    if _stale(form, plan):
        return _conflict(exploration, _typed(form))
    if not form.validate():
        return render_plan(exploration, 400, team_form=form)
    users = {u.id: u for u in _staff_choices()}
    lead = form.lead.data
    chosen = [lead] if lead else []
    chosen += [m for m in form.members.data if m != lead]
    current = {m.staff_user_id for m in service_team(exploration.id)}
    for field, ids in ((form.lead, [lead] if lead else []), (form.members, form.members.data)):
        for uid in ids:
            user = users.get(uid)
            if user is None:
                field.errors = [_l("Choose an account from the list.")]
            elif not user.active:
                # fill() elides French "de" before a vowel: "le compte d’Ahmed".
                field.errors = [
                    fill(
                        _("%(name)s’s account is disabled: choose an active account."),
                        {"name": user.name or user.email},
                        current_lang(),
                    )
                ]
    if form.errors or any(f.errors for f in form):
        return render_plan(exploration, 400, team_form=form)
    for member in service_team(exploration.id):
        db.delete(member)
    db.flush()
    for uid in chosen:
        role = "lead" if uid == lead else "member"
        db.add(TeamMember(exploration_id=exploration.id, staff_user_id=uid, role=role))
    service.touch(plan)
    added = sorted(set(chosen) - current)
    removed = sorted(current - set(chosen))
    service.audit(
        "plan.team_set",
        exploration.id,
        g.staff.id,
        f"lead:{lead or '-'} added:{added} removed:{removed}",
    )
    return _save(exploration, form, _("Team saved."), "team")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/agreement")
@role_required("editor")
def save_agreement(exploration_id: int) -> Any:
    exploration, plan, form = _begin(exploration_id, AgreementForm)
    if _stale(form, plan):
        return _conflict(exploration, _typed(form))
    if not form.validate():
        return render_plan(exploration, 400, agreement_form=form)
    plan.agreement_sent_on = form.sent_on.data
    plan.agreement_signed_on = form.signed_on.data
    plan.agreement_note = form.note.data or None
    service.touch(plan)
    iso = lambda d: d.isoformat() if d else "-"  # noqa: E731
    detail = f"sent:{iso(form.sent_on.data)} signed:{iso(form.signed_on.data)}"
    service.audit("plan.agreement_set", exploration.id, g.staff.id, detail)
    return _save(exploration, form, _("Agreement saved."), "agreement")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/kickoff")
@role_required("editor")
def save_kickoff(exploration_id: int) -> Any:
    exploration, plan, form = _begin(exploration_id, KickoffForm)
    if _stale(form, plan):
        return _conflict(exploration, _typed(form))
    if not form.validate():
        return render_plan(exploration, 400, kickoff_form=form)
    lang = current_lang()
    tz_name = form.time_zone.data
    problem = day_problem(form.kickoff_date.data, service.week_two(exploration), lang)
    if problem:
        form.kickoff_date.errors = [problem]
        return render_plan(exploration, 400, kickoff_form=form)
    try:
        kickoff = to_utc(form.kickoff_date.data, form.kickoff_time.data, zone(tz_name))
    except NonexistentTime:
        form.kickoff_time.errors = [_nonexistent()]
        return render_plan(exploration, 400, kickoff_form=form)
    closes = None
    if form.survey_close_date.data:
        clock = form.survey_close_time.data or datetime.min.time()
        try:
            closes = to_utc(form.survey_close_date.data, clock, zone(tz_name))
        except NonexistentTime:
            form.survey_close_time.errors = [_nonexistent()]
            return render_plan(exploration, 400, kickoff_form=form)
    elif form.survey_close_time.data:
        form.survey_close_date.errors = [_l("Enter the day the survey closes, or clear the time.")]
        return render_plan(exploration, 400, kickoff_form=form)
    if plan.kickoff_at != kickoff or plan.kickoff_minutes != form.kickoff_minutes.data:
        plan.week_sequence += 1
    plan.time_zone = tz_name
    plan.kickoff_at = kickoff
    plan.kickoff_minutes = form.kickoff_minutes.data
    plan.morning_time = form.morning_time.data
    plan.afternoon_time = form.afternoon_time.data
    if closes != plan.survey_closes_at:
        plan.survey_window_applied = False
    plan.survey_closes_at = closes
    service.touch(plan)
    detail = f"kickoff:{kickoff.isoformat()}Z tz:{tz_name} survey_closes:{closes or 'kickoff'}"
    service.audit("plan.kickoff_set", exploration.id, g.staff.id, detail)
    return _save(exploration, form, _("Kickoff and times saved."), "kickoff")


def _nonexistent() -> Any:
    return _l(
        "This time does not exist that day: the clocks go forward an hour. Choose another time."
    )
