"""The request form a partner lead walks through, and their page behind the private link.

    /<lang>/request/start                     what an exploration is, privacy notice
    /<lang>/request/organization              step 2 before the draft exists
    /<lang>/request/<token>/<step>            steps 2 to 7 of a draft (organization, context,
                                              stakeholders, documents, timing, check)
    /<lang>/request/<token>/stakeholders/new  add a person; .../stakeholders/<id> change one
    /<lang>/request/<token>/confirmation      reference number and what happens next
    /<lang>/request/<token>/                  the partner's page: status, answers, updates

Every POST saves what it can before anything else happens (see intake.forms), carries the
version of the request it started from (a stale version gets a 409 page that shows what was
typed), and may ask to switch language: the page is then saved and shown in the other language.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import refresh
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from wtforms import Field

from core.db import db
from core.errors import bilingual_texts
from core.i18n import LANGS, current_lang
from core.i18n import lazy_gettext as _l
from core.security import limit_link_misses, limit_public_posts
from core.tokens import hash_token
from intake import service
from intake.forms import (
    LIMITS,
    SUBMISSION_KEY_RE,
    ContextForm,
    OrganizationForm,
    PersonForm,
    StepForm,
    TimingForm,
    documents_form_class,
    is_blank,
    stakeholders_form_class,
    storable_values,
)
from intake.links import (
    creation_token,
    exploration_for_partner_token,
    find_by_partner_token,
    partner_snapshot,
)
from intake.links import partner_url as make_partner_url
from intake.models import Exploration, IdempotencyKey, Stakeholder
from intake.reference import DOCUMENT_GROUPS, DOCUMENTS, TOPIC_BY_ID, TOPICS, WEEKS

bp = Blueprint("intake", __name__)

STEPS = ("organization", "context", "stakeholders", "documents", "timing", "check")
STEP_TITLES = {
    "start": _l("Request an exploration"),
    "organization": _l("Organization and contact"),
    "context": _l("Service and problem"),
    "stakeholders": _l("People to interview"),
    "documents": _l("Documents checklist"),
    "timing": _l("Timing"),
    "check": _l("Check your answers"),
}
TOTAL_STEPS = len(STEPS) + 1  # the start page is step 1
PERSON_FIELDS = ("name", "title", "daily_role", "involvement", "frequency", "email", "language")

public_post_limit = limit_public_posts("intake-public-post")
# Guessing links: each miss (404) costs a try; out of tries, every link page answers 429.
link_miss_limit = limit_link_misses("intake-link-miss")


# --- Small helpers ---------------------------------------------------------------------------


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def posted_submission_key() -> str:
    key = request.form.get("submission_key", "")
    if not SUBMISSION_KEY_RE.match(key):
        abort(400)
    return key


def posted_version() -> int:
    raw = request.form.get("version", "")
    if not raw.isdigit() or len(raw) > 9:
        abort(400)
    return int(raw)


def switch_language_if_asked() -> bool:
    """Honour the header's language button: from here on, this request speaks the other
    language (validation messages included), and url_for() points there."""
    target = request.form.get("switch_lang")
    if target is None:
        return False
    if target not in LANGS:
        abort(400)
    if target != current_lang():
        g.lang = target
        refresh()
    return True


def step_url(step: str, token: str, **params: Any) -> str:
    return url_for(f"intake.{step}", token=token, **params)


def next_url(exploration: Exploration, step: str, token: str) -> str:
    """Where "Save and continue" leads."""
    if exploration.status != "draft":
        return url_for("intake.partner_page", token=token, _anchor=f"answers-{step}")
    if request.args.get("from") == "check":
        return step_url("check", token)
    return step_url(STEPS[STEPS.index(step) + 1], token)


def back_url(step: str, token: str | None) -> str | None:
    index = STEPS.index(step)
    if index == 0:
        return url_for("intake.start")
    return step_url(STEPS[index - 1], token) if token else None


def resume_url(exploration: Exploration, token: str) -> str:
    """The step after the last one saved: where a returning lead picks up."""
    last = exploration.last_step
    if last in STEPS and last != "check":
        return step_url(STEPS[STEPS.index(last) + 1], token)
    return step_url("check" if last == "check" else "organization", token)


def as_formdata(data: dict[str, Any]) -> MultiDict:
    """Stored values as if they had been posted, to check them with the step's form."""
    formdata: MultiDict = MultiDict()
    for name, value in data.items():
        if value is None or value == "":
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, bool):
                if item:
                    formdata.add(name, "y")
            elif isinstance(item, date):
                formdata.add(name, item.isoformat())
            else:
                formdata.add(name, str(item))
    return formdata


def typed_label(field: Field) -> str:
    label = str(field.label.text)
    context = field.render_kw.get("data-context") if field.render_kw else None
    return _("%(item)s: %(message)s", item=context, message=label) if context else label


def typed_values(form: StepForm) -> list[tuple[str, str]]:
    """What the person typed or chose, as (label, text), for the conflict page."""
    rows = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField") or is_blank(field):
            continue
        if field.type == "BooleanField":
            if not field.data:
                continue
            text = _("Yes")
        elif field.type in ("RadioField", "SelectField", "SelectMultipleField"):
            choices = {str(c.value): str(c.label) for c in field.iter_choices()}
            text = ", ".join(choices.get(str(v), str(v)) for v in field.raw_data)
        else:
            text = " ".join(str(v) for v in field.raw_data)
        rows.append((typed_label(field), text))
    return rows


def conflict_page(
    form: StepForm, exploration: Exploration, token: str, step: str
) -> tuple[str, int]:
    """409: someone saved first (or CDS moved the request on). Nothing is stored; what was
    typed is shown so it can be copied into the latest version."""
    editable = service.can_edit_step(exploration, step)
    latest = step_url(step, token) if editable else url_for("intake.partner_page", token=token)
    body = render_template(
        "intake/conflict.html",
        code=409,
        blocks=bilingual_texts(409, current_lang()),
        typed=typed_values(form),
        latest_url=latest,
        locked=not editable,
        status_label=service.STATUS_LABELS[exploration.status],
    )
    return body, 409


def save_or_conflict(
    save: Callable[[], None], form: StepForm, exploration: Exploration, token: str, step: str
) -> tuple[str, int] | None:
    """Run `save` and commit; a concurrent save caught by version_id_col is a 409, never a
    silent overwrite."""
    try:
        save()
        db.commit()
    except StaleDataError:
        db.rollback()
        db.refresh(exploration)
        return conflict_page(form, exploration, token, step)
    return None


def hours_context(exploration: Exploration | None) -> dict[str, Any]:
    return {
        "weeks": WEEKS,
        "hours": service.hours_for(exploration) if exploration else service.estimate_hours([]),
    }


def summary_context(exploration: Exploration) -> dict[str, Any]:
    return {
        "department": service.department_name(exploration, current_lang()),
        "people_by_topic": service.people_by_topic(exploration),
        "tbc": service.to_be_confirmed(exploration),
        "documents_by_id": service.documents_by_id(exploration),
        "document_sections": service.document_sections(),
        "document_groups": DOCUMENT_GROUPS,
        "topics": TOPICS,
        "status_labels": service.STATUS_LABELS,
        "document_status_labels": service.DOCUMENT_STATUS_LABELS,
        "involvement_labels": service.INVOLVEMENT_LABELS,
        "language_labels": service.LANGUAGE_LABELS,
        **hours_context(exploration),
    }


def change_urls(exploration: Exploration, token: str, *, check: bool) -> dict[str, Any]:
    """The steps whose answers the lead may still change, with the link to each."""
    params = {"from": "check"} if check else {}
    urls: dict[str, Any] = {}
    for step in STEPS[:-1]:
        if service.can_edit_step(exploration, step):
            urls[step] = step_url(step, token, **params)
    if "stakeholders" in urls:
        urls["person"] = True
    return urls


# --- Steps with plain fields ----------------------------------------------------------------


@dataclass(frozen=True)
class PlainStep:
    """A step whose fields map one to one onto the request's columns."""

    form: Callable[..., StepForm]
    template: str


def _organization_form(**kwargs: Any) -> StepForm:
    return OrganizationForm(lang=current_lang(), **kwargs)


PLAIN_STEPS = {
    "organization": PlainStep(_organization_form, "intake/organization.html"),
    "context": PlainStep(ContextForm, "intake/context.html"),
    "timing": PlainStep(TimingForm, "intake/timing.html"),
}


@functools.cache
def step_field_names(step: str) -> tuple[str, ...]:
    """The fields of a plain step's form, found once: a GET fills the form as it is built
    instead of building it empty and filling it again."""
    return tuple(PLAIN_STEPS[step].form(formdata=None).field_names())


def stored_values(exploration: Exploration, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(exploration, name) for name in names}


def render_step(
    step: str,
    template: str,
    form: StepForm,
    exploration: Exploration | None,
    token: str | None,
    status: int = 200,
    **extra: Any,
) -> tuple[str, int]:
    """Render a step page with what every step shows: counter, private link, hidden fields."""
    key = request.form.get("submission_key", "") if request.method == "POST" else ""
    params = {"from": "check"} if request.args.get("from") == "check" else {}
    action = step_url(step, token, **params) if token else url_for("intake.organization_new")
    context = {
        "step": step,
        "step_number": STEPS.index(step) + 2,
        "total_steps": TOTAL_STEPS,
        "step_title": STEP_TITLES[step],
        "form": form,
        "exploration": exploration,
        "token": token,
        "private_url": make_partner_url(token) if token else None,
        "submission_key": key if SUBMISSION_KEY_RE.match(key) else new_submission_key(),
        "action_url": action,
        "back_url": back_url(step, token)
        if exploration is None or exploration.status == "draft"
        else url_for("intake.partner_page", token=token),
        "from_check": bool(params),
        "is_draft": exploration is None or exploration.status == "draft",
        "limits": LIMITS,
        **extra,
    }
    return render_template(template, **context), status


def quiet_missing(form: StepForm) -> None:
    """On a language switch, say nothing about answers that are simply not there yet."""
    for field in form:
        if field.errors and is_blank(field):
            field.errors = []


def plain_step(step: str, token: str | None) -> Any:
    spec = PLAIN_STEPS[step]

    def extra(shown: Exploration | None) -> dict[str, Any]:
        return hours_context(shown) if step == "timing" else {}

    if request.method == "GET":
        # Showing a step reads one row, outside the ORM session (intake.links.partner_snapshot).
        shown = partner_snapshot(token) if token else None
        if shown is not None and not service.can_edit_step(shown, step):
            return redirect(url_for("intake.partner_page", token=token))
        stored = stored_values(shown, step_field_names(step)) if shown else None
        form = spec.form(formdata=None, data=stored)
        # Only the timing step's estimate needs the request itself (it counts the people).
        loaded = db.get(Exploration, shown.id) if shown and step == "timing" else None
        return render_step(step, spec.template, form, shown, token, **extra(loaded))

    exploration = exploration_for_partner_token(token) if token else None
    switching = switch_language_if_asked()
    form = spec.form()
    key = posted_submission_key()
    if exploration is not None and (
        not service.can_edit_step(exploration, step) or posted_version() != exploration.version
    ):
        form.validate()
        return conflict_page(form, exploration, token, step)
    valid = form.validate()
    if form.malformed:  # not what a browser sends: store nothing, say what is wrong
        return render_step(
            step, spec.template, form, exploration, token, status=400, **extra(exploration)
        )
    values, all_kept = storable_values(form, form.field_names())
    lang = current_lang()
    if switching:
        quiet_missing(form)

    if exploration is None:
        # Step 2, first post: the draft and its private link come to life here, unless there
        # is nothing to store. A retried post (same key, same browser) finds its own draft.
        if all(value is None for value in values.values()):
            if switching and all_kept:
                return redirect(url_for("intake.organization_new"))
            return render_step(step, spec.template, form, None, None, status=400)
        token = creation_token(key)
        existing = find_by_partner_token(token)
        if existing is not None:
            return redirect(resume_url(existing, token))
        try:
            exploration = service.create_draft(hash_token(token), lang)
            service.save_fields(exploration, values, step, lang)
            db.commit()
        except IntegrityError:
            db.rollback()
            existing = find_by_partner_token(token)
            if existing is None:
                raise
            return redirect(resume_url(existing, token))
    else:
        current = exploration
        conflict = save_or_conflict(
            lambda: service.save_fields(current, values, step, lang), form, current, token, step
        )
        if conflict:
            return conflict

    if switching and all_kept:
        return redirect(step_url(step, token, **request.args.to_dict()))
    if valid and not switching:
        return redirect(next_url(exploration, step, token))
    return render_step(step, spec.template, form, exploration, token, 400, **extra(exploration))


# --- Pages -----------------------------------------------------------------------------------


@bp.get("/<lang>/request/start")
def start() -> str:
    return render_template(
        "intake/start.html",
        step_title=STEP_TITLES["start"],
        total_steps=TOTAL_STEPS,
        topics=TOPICS,
        **hours_context(None),
    )


@bp.route("/<lang>/request/organization", methods=["GET", "POST"])
@public_post_limit
def organization_new() -> Any:
    return plain_step("organization", None)


@bp.route("/<lang>/request/<token>/organization", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def organization(token: str) -> Any:
    return plain_step("organization", token)


@bp.route("/<lang>/request/<token>/context", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def context(token: str) -> Any:
    return plain_step("context", token)


@bp.route("/<lang>/request/<token>/timing", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def timing(token: str) -> Any:
    return plain_step("timing", token)


# --- Documents -------------------------------------------------------------------------------


def document_data(exploration: Exploration) -> dict[str, Any]:
    rows = service.documents_by_id(exploration)
    data: dict[str, Any] = {}
    for document in DOCUMENTS:
        row = rows.get(document.id)
        data[f"doc_{document.id}_status"] = row.status if row else None
        data[f"doc_{document.id}_note"] = row.note if row else None
    return data


@bp.route("/<lang>/request/<token>/documents", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def documents(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    template = "intake/documents.html"
    extra = {"document_sections": service.document_sections(), "document_groups": DOCUMENT_GROUPS}
    if request.method == "GET":
        if not service.can_edit_step(exploration, "documents"):
            return redirect(url_for("intake.partner_page", token=token))
        form = documents_form_class()(formdata=None)
        form.process(data=document_data(exploration))
        return render_step("documents", template, form, exploration, token, **extra)

    switching = switch_language_if_asked()
    form = documents_form_class()()
    posted_submission_key()
    if not service.can_edit_step(exploration, "documents") or posted_version() != (
        exploration.version
    ):
        form.validate()
        return conflict_page(form, exploration, token, "documents")
    valid = form.validate()
    if form.malformed:  # not what a browser sends: store nothing, say what is wrong
        return render_step("documents", template, form, exploration, token, status=400, **extra)
    values, all_kept = storable_values(form, form.field_names())
    before = document_data(exploration)
    lang = current_lang()

    def save() -> None:
        per_document = {}
        for document in DOCUMENTS:
            status_name, note_name = f"doc_{document.id}_status", f"doc_{document.id}_note"
            status = values.get(status_name, before[status_name])
            note = values.get(note_name, before[note_name])
            per_document[document.id] = (status, note)
        service.save_documents(exploration, per_document, lang)

    conflict = save_or_conflict(save, form, exploration, token, "documents")
    if conflict:
        return conflict
    if switching and all_kept:
        return redirect(step_url("documents", token, **request.args.to_dict()))
    if valid and not switching:
        return redirect(next_url(exploration, "documents", token))
    return render_step("documents", template, form, exploration, token, 400, **extra)


# --- Stakeholders ----------------------------------------------------------------------------


def stakeholders_form(exploration: Exploration, **kwargs: Any) -> StepForm:
    by_topic = service.people_by_topic(exploration)
    form_class = stakeholders_form_class(list(exploration.stakeholders), by_topic)
    return form_class(**kwargs)


def stakeholders_page(
    exploration: Exploration, token: str, form: StepForm | None = None, status: int = 200
) -> tuple[str, int]:
    if form is None:
        form = stakeholders_form(exploration, formdata=None)
        tbc = service.to_be_confirmed(exploration)
        form.process(data={f"tbc_{t.id}": t.id in tbc for t in TOPICS})
    return render_step(
        "stakeholders",
        "intake/stakeholders.html",
        form,
        exploration,
        token,
        status,
        topics=TOPICS,
        people_by_topic=service.people_by_topic(exploration),
        involvement_labels=service.INVOLVEMENT_LABELS,
    )


def parse_action(raw: str) -> tuple[str, str | None, int | None]:
    """The pressed button: continue | save | new:<topic> | add:<topic> | remove:<id>:<topic>."""
    parts = raw.split(":")
    kind = parts[0]
    if kind in ("continue", "save") and len(parts) == 1:
        return kind, None, None
    if kind in ("new", "add") and len(parts) == 2 and parts[1] in TOPIC_BY_ID:
        return kind, parts[1], None
    if kind == "remove" and len(parts) == 3 and parts[1].isdigit() and parts[2] in TOPIC_BY_ID:
        return kind, parts[2], int(parts[1])
    abort(400)


def missing_topics(exploration: Exploration) -> list[str]:
    by_topic = service.people_by_topic(exploration)
    tbc = service.to_be_confirmed(exploration)
    return [t.id for t in TOPICS if not by_topic[t.id] and t.id not in tbc]


def missing_topic_message(topic_id: str) -> str:
    return _(
        "For %(topic)s, add a person, choose someone already named, or select “to be confirmed”.",
        topic=localized_topic(topic_id),
    )


def localized_topic(topic_id: str) -> str:
    topic = TOPIC_BY_ID[topic_id]
    return f"{topic.number}. {topic.name[current_lang()]}"


@bp.route("/<lang>/request/<token>/stakeholders", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def stakeholders(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    if request.method == "GET":
        if not service.can_edit_step(exploration, "stakeholders"):
            return redirect(url_for("intake.partner_page", token=token))
        return stakeholders_page(exploration, token)

    switching = switch_language_if_asked()
    form = stakeholders_form(exploration)
    posted_submission_key()
    if not service.can_edit_step(exploration, "stakeholders") or posted_version() != (
        exploration.version
    ):
        form.validate()
        return conflict_page(form, exploration, token, "stakeholders")
    kind, action_topic, person_id = parse_action(request.form.get("action", "continue"))
    valid = form.validate()
    if form.malformed:  # not what a browser sends: store nothing, say what is wrong
        return stakeholders_page(exploration, token, form, 400)
    lang = current_lang()

    def save() -> None:
        for topic in TOPICS:
            tbc_field = form[f"tbc_{topic.id}"]
            service.set_to_be_confirmed(exploration, topic.id, bool(tbc_field.data))
            existing = form[f"existing_{topic.id}"]
            if existing.data and not existing.errors:
                person = service.find_stakeholder(exploration, int(existing.data))
                if person is not None:
                    service.link_person(exploration, person, topic.id)
        if kind == "remove" and action_topic and person_id is not None:
            person = service.find_stakeholder(exploration, person_id)
            if person is not None:
                service.unlink_person(exploration, person, action_topic)
        service.touch(exploration, "stakeholders", lang)
        service.record(
            "request.saved",
            actor_kind=service.PARTNER,
            exploration_id=exploration.id,
            detail="stakeholders",
        )

    conflict = save_or_conflict(save, form, exploration, token, "stakeholders")
    if conflict:
        return conflict
    if not valid:
        # Only a choice that is not in the list can be wrong here; show it with the rest saved.
        errors = {f.name: f.errors for f in form if f.errors}
        fresh = stakeholders_form(exploration, formdata=None)
        fresh.process(
            data={f"tbc_{t.id}": t.id in service.to_be_confirmed(exploration) for t in TOPICS}
        )
        for name, messages in errors.items():
            fresh[name].errors = list(messages)
        return stakeholders_page(exploration, token, fresh, 400)
    if switching:
        return redirect(step_url("stakeholders", token, **request.args.to_dict()))
    if kind == "new":
        return redirect(url_for("intake.person_new", token=token, topic=action_topic))
    if kind in ("add", "remove", "save"):
        anchor = f"topic-{action_topic}" if action_topic else None
        return redirect(step_url("stakeholders", token, **request.args.to_dict(), _anchor=anchor))
    missing = missing_topics(exploration)
    if missing:
        fresh = stakeholders_form(exploration, formdata=None)
        fresh.process(
            data={f"tbc_{t.id}": t.id in service.to_be_confirmed(exploration) for t in TOPICS}
        )
        for topic_id in missing:
            fresh[f"tbc_{topic_id}"].errors = [missing_topic_message(topic_id)]
        return stakeholders_page(exploration, token, fresh, 400)
    return redirect(next_url(exploration, "stakeholders", token))


def person_data(person: Stakeholder) -> dict[str, Any]:
    data = {name: getattr(person, name) for name in PERSON_FIELDS}
    data["topics"] = service.topic_ids(person)
    return data


def person_page(
    exploration: Exploration,
    token: str,
    form: StepForm,
    person: Stakeholder | None,
    status: int = 200,
) -> tuple[str, int]:
    return render_step(
        "stakeholders",
        "intake/person.html",
        form,
        exploration,
        token,
        status,
        person=person,
        step_title=_("Change a person’s details") if person else _("Add a person to interview"),
        back_url=(
            step_url("stakeholders", token)
            if exploration.status == "draft"
            else url_for("intake.partner_page", token=token)
        ),
        action_url=(
            url_for("intake.person_edit", token=token, person_id=person.id)
            if person
            else url_for("intake.person_new", token=token, **request.args.to_dict())
        ),
        topics=TOPICS,
    )


def person_view(token: str, person_id: int | None) -> Any:
    exploration = exploration_for_partner_token(token)
    person = None
    if person_id is not None:
        person = service.find_stakeholder(exploration, person_id)
        if person is None:
            abort(404)
    if request.method == "GET":
        if not service.can_edit_step(exploration, "stakeholders"):
            return redirect(url_for("intake.partner_page", token=token))
        form = PersonForm(formdata=None)
        if person is not None:
            form.process(data=person_data(person))
        elif request.args.get("topic") in TOPIC_BY_ID:
            form.process(data={"topics": [request.args["topic"]]})
        return person_page(exploration, token, form, person)

    switching = switch_language_if_asked()
    form = PersonForm()
    posted_submission_key()
    if not service.can_edit_step(exploration, "stakeholders") or posted_version() != (
        exploration.version
    ):
        form.validate()
        return conflict_page(form, exploration, token, "stakeholders")
    lang = current_lang()
    back = (
        step_url("stakeholders", token)
        if exploration.status == "draft"
        else url_for("intake.partner_page", token=token, _anchor="answers-stakeholders")
    )
    if request.form.get("action") == "delete" and person is not None:
        target = person
        conflict = save_or_conflict(
            lambda: (
                service.remove_person(exploration, target),
                service.touch(exploration, "stakeholders", lang),
            ),
            form,
            exploration,
            token,
            "stakeholders",
        )
        return conflict or redirect(back)
    if not form.validate():
        return person_page(exploration, token, form, person, 400)
    values = {name: (form[name].data or None) for name in PERSON_FIELDS}
    saved: list[Stakeholder] = []

    def save() -> None:
        saved.append(service.save_person(exploration, person, values, form.topics.data, lang))

    conflict = save_or_conflict(save, form, exploration, token, "stakeholders")
    if conflict:
        return conflict
    if switching:
        return redirect(url_for("intake.person_edit", token=token, person_id=saved[0].id))
    first_topic = service.topic_ids(saved[0])[0]
    if exploration.status == "draft":
        return redirect(step_url("stakeholders", token, _anchor=f"topic-{first_topic}"))
    return redirect(back)


@bp.route("/<lang>/request/<token>/stakeholders/new", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def person_new(token: str) -> Any:
    return person_view(token, None)


@bp.route("/<lang>/request/<token>/stakeholders/<int:person_id>", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def person_edit(token: str, person_id: int) -> Any:
    return person_view(token, person_id)


# --- Check your answers, submission, confirmation ---------------------------------------------


@dataclass(frozen=True)
class Missing:
    row_id: str
    message: str


ROW_FOR_FIELD = {"department_other": "department_code"}


def missing_answers(exploration: Exploration) -> list[Missing]:
    """What still stops the request from being submitted, in the order of the steps.

    The stored answers are checked by the steps' own forms, so the rules are the same here as
    on the step pages (a start date that has since passed is caught too).
    """
    missing: list[Missing] = []
    for step in ("organization", "context"):
        form = PLAIN_STEPS[step].form(meta={"csrf": False}, formdata=None)
        names = form.field_names()
        form = PLAIN_STEPS[step].form(
            meta={"csrf": False}, formdata=as_formdata(stored_values(exploration, names))
        )
        form.validate()
        for field_id, message in form.error_list:
            missing.append(Missing(f"row-{ROW_FOR_FIELD.get(field_id, field_id)}", message))
    for topic_id in missing_topics(exploration):
        missing.append(Missing(f"row-topic-{topic_id}", missing_topic_message(topic_id)))
    form = TimingForm(meta={"csrf": False}, formdata=None)
    names = form.field_names()
    form = TimingForm(meta={"csrf": False}, formdata=as_formdata(stored_values(exploration, names)))
    form.validate()
    for field_id, message in form.error_list:
        missing.append(Missing(f"row-{field_id}", message))
    return missing


class CheckForm(StepForm):
    """The submit form: no fields of its own; its errors are the missing answers."""

    missing: tuple[Missing, ...] = ()

    @property
    def error_list(self) -> list[tuple[str, str]]:
        return [(m.row_id, m.message) for m in self.missing]


def check_page(
    exploration: Exploration, token: str, missing: list[Missing], status: int = 200
) -> tuple[str, int]:
    form = CheckForm(formdata=None)
    if status >= 400:
        form.missing = tuple(missing)
        form.form_errors = [m.message for m in missing]
    return render_step(
        "check",
        "intake/check.html",
        form,
        exploration,
        token,
        status,
        missing=missing,
        missing_rows={m.row_id for m in missing},
        summary=summary_context(exploration),
        change_urls=change_urls(exploration, token, check=True),
    )


@bp.route("/<lang>/request/<token>/check", methods=["GET", "POST"])
@link_miss_limit
@public_post_limit
def check(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    confirmation_url = url_for("intake.confirmation", token=token)
    if request.method == "GET":
        if exploration.status != "draft":
            return redirect(url_for("intake.partner_page", token=token))
        return check_page(exploration, token, missing_answers(exploration))

    key = posted_submission_key()
    recorded = db.get(IdempotencyKey, key)
    if recorded is not None:
        if recorded.exploration_id != exploration.id:
            abort(400)
        return redirect(confirmation_url)  # a retried submit: same answer, no second number
    if exploration.status != "draft":
        return redirect(confirmation_url)
    if posted_version() != exploration.version:
        return conflict_page(CheckForm(), exploration, token, "check")
    missing = missing_answers(exploration)
    if missing:
        return check_page(exploration, token, missing, 400)
    try:
        service.submit(exploration)
        db.add(IdempotencyKey(key=key, exploration_id=exploration.id))
        db.commit()
    except (StaleDataError, IntegrityError):
        # A double click raced us: if the other request submitted, show its confirmation.
        db.rollback()
        db.refresh(exploration)
        if exploration.status != "draft":
            return redirect(confirmation_url)
        return conflict_page(CheckForm(), exploration, token, "check")
    return redirect(confirmation_url)


@bp.get("/<lang>/request/<token>/confirmation")
@link_miss_limit
def confirmation(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    if exploration.status == "draft":
        return redirect(step_url("check", token))
    return render_template(
        "intake/confirmation.html",
        exploration=exploration,
        token=token,
        private_url=make_partner_url(token),
    )


# --- The partner's page ----------------------------------------------------------------------


@bp.get("/<lang>/request/<token>/")
@link_miss_limit
def partner_page(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    survey_url = (
        url_for("surveys.manage", token=token)
        if "surveys.manage" in current_app.view_functions
        else None
    )
    return render_template(
        "intake/partner.html",
        exploration=exploration,
        token=token,
        private_url=make_partner_url(token),
        resume=resume_url(exploration, token) if exploration.status == "draft" else None,
        editable=service.is_partner_editable(exploration) and exploration.status != "draft",
        survey_url=survey_url,
        missing=missing_answers(exploration) if exploration.status == "draft" else [],
        summary=summary_context(exploration),
        change_urls=change_urls(exploration, token, check=False),
    )
