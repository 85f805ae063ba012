"""The interview schedule on the staff plan page: propose one, then move, merge, split,
cancel, restore and mark interviews held. The page itself, and the flow every plan form shares
(version check, 409 with what was typed, messages kept), are planning.staff_views'.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from core.auth import role_required
from core.db import db
from core.i18n import current_lang
from core.i18n import lazy_gettext as _l
from core.labels import Labels
from planning import service
from planning.blueprint import bp
from planning.forms import InterviewTimeForm, MergeForm
from planning.models import Interview
from planning.rules import day_problem, person_clashes, time_span
from planning.staff_views import (
    PAGE,
    _begin,
    _conflict,
    _exploration,
    _interview,
    _save,
    _stale,
    _typed,
    render_plan,
)


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/propose")
@role_required("editor")
def propose_schedule(exploration_id: int) -> Any:
    exploration, plan, form = _begin(exploration_id, MergeForm)
    if _stale(form, plan):
        return _conflict(exploration, [])
    if not form.validate():
        abort(400)
    if service.week_two(exploration) is None or plan.kickoff_at is None:
        flash(_("Set the agreed dates and the kickoff before proposing a schedule."))
        return redirect(url_for(PAGE, exploration_id=exploration.id, _anchor="interviews"))
    proposal = service.propose_schedule(exploration, plan, g.staff.id)
    labels = Labels(current_lang())
    message = _("%(num)d interviews proposed.", num=len(proposal.interviews))
    for topic, reason in proposal.unplaced:
        why = (
            _("no one is named for it") if reason == "no_one_named" else _("no free slot in week 2")
        )
        message += " " + _("Not placed: %(topic)s (%(why)s).", topic=labels.topic(topic), why=why)
    return _save(exploration, form, message, "interviews")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/interviews/<int:interview_id>/time")
@role_required("editor")
def move_interview(exploration_id: int, interview_id: int) -> Any:
    exploration = _exploration(exploration_id)
    plan = service.ensure_plan(exploration.id)
    interview = _interview(exploration, interview_id)
    form = InterviewTimeForm(prefix=f"i{interview.id}")
    if _stale(form, plan):
        return _conflict(exploration, _typed(form))

    def again() -> Any:
        return render_plan(exploration, 400, time_form=form, interview_id=interview.id)

    if not form.validate():
        return again()
    problem = day_problem(form.day.data, service.week_two(exploration), current_lang())
    if problem:
        form.day.errors = [problem]
        return again()
    span, problems = time_span(
        form.day.data, form.start_time.data, form.end_time.data, plan.time_zone
    )
    for name, message in problems:
        form[name].errors = [message]
    if span is None:
        return again()
    by_topic = service.people_by_topic(exploration.id)
    people = service.people_of(interview.topics, by_topic)
    others = [i for i in service.interviews_of(exploration.id) if i.id != interview.id]
    clashes = person_clashes(span, people, others, lambda o: service.people_of(o.topics, by_topic))
    if clashes:
        form.start_time.errors = [
            _l(
                "%(people)s would be in two interviews at once. Choose another time.",
                people=", ".join(clashes),
            )
        ]
        return again()
    kickoff = (plan.kickoff_at, service.kickoff_end(plan))
    if plan.kickoff_at and span[0] < kickoff[1] and kickoff[0] < span[1]:
        form.start_time.errors = [_l("This time overlaps the kickoff. Choose another time.")]
        return again()
    interview.starts_at, interview.ends_at = span
    service.changed(interview, plan)
    service.audit(
        "plan.interview_moved",
        exploration.id,
        g.staff.id,
        f"interview:{interview.id} {span[0].isoformat()}Z",
    )
    return _save(exploration, form, _("Interview moved."), f"interview-{interview.id}")


ACTIONS = ("held", "not_held", "cancel", "restore", "split")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/plan/interviews/<int:interview_id>/<action>")
@role_required("editor")
def interview_action(exploration_id: int, interview_id: int, action: str) -> Any:
    if action not in (*ACTIONS, "merge"):
        abort(404)
    exploration = _exploration(exploration_id)
    plan = service.ensure_plan(exploration.id)
    interview = _interview(exploration, interview_id)
    form = MergeForm()
    if _stale(form, plan):
        return _conflict(exploration, [])
    if not form.validate():
        abort(400)
    messages = {
        "held": _("Interview marked as held."),
        "not_held": _("Interview marked as not held."),
        "cancel": _("Interview cancelled."),
        "restore": _("Interview restored."),
        "split": _("Interview split: one per topic, at the same time. Move them."),
        "merge": _("Interviews merged."),
    }
    if action == "merge":
        other_id = form.other.data
        other = db.get(Interview, other_id) if other_id else None
        if other is None or other.exploration_id != exploration.id or other.id == interview.id:
            flash(_("Choose another interview to merge with."))
            return redirect(url_for(PAGE, exploration_id=exploration.id, _anchor="interviews"))
        service.merge(interview, other, plan)
        detail = f"interview:{interview.id}+{other.id}"
    elif action == "split":
        service.split(interview, plan)
        detail = f"interview:{interview.id}"
    else:
        if action in ("held", "not_held"):
            interview.held = action == "held"
        else:
            interview.status = "cancelled" if action == "cancel" else "scheduled"
        service.changed(interview, plan)
        detail = f"interview:{interview.id}"
    service.audit(f"plan.interview_{action}", exploration.id, g.staff.id, detail)
    return _save(exploration, form, messages[action], "interviews")
