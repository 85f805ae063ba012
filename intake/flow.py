"""What every page of the request form needs: the posted hidden fields, the language button,
where each step leads, the 409 page, and the context every step page is rendered with.

Every POST saves what it can before anything else happens (see intake.forms), carries the
version of the request it started from (a stale version gets a 409 page that shows what was
typed), and may ask to switch language: the page is then saved and shown in the other language.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from werkzeug.datastructures import MultiDict
from wtforms import Field

from core.errors import bilingual_texts
from core.i18n import LANGS, current_lang
from core.numbers import parse_int
from intake import service
from intake.blueprint import STEP_TITLES, STEPS, TOTAL_STEPS
from intake.forms import LIMITS, SUBMISSION_KEY_RE, StepForm, is_blank
from intake.links import partner_url
from intake.models import Exploration
from intake.reference import DOCUMENT_GROUPS, TOPICS, WEEKS

# --- What a POST carries ------------------------------------------------------------------------


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def posted_submission_key() -> str:
    key = request.form.get("submission_key", "")
    if not SUBMISSION_KEY_RE.match(key):
        abort(400)
    return key


def posted_version() -> int:
    version = parse_int(request.form.get("version"))
    if version is None:
        abort(400)
    return version


# Query arguments a step page knows, with the values it accepts. Only these are carried over to
# the page's next address (the language switch, a save that comes back): anything else in the
# query string is dropped, never handed to url_for, where a name such as `token`, `_anchor` or
# `_method` would collide with the route's own arguments.
KNOWN_ARGS = {"from": frozenset({"check"}), "topic": frozenset(t.id for t in TOPICS)}


def carried_args() -> dict[str, str]:
    """The known query arguments of this request, for the page's next address."""
    return {
        name: value
        for name, allowed in KNOWN_ARGS.items()
        if (value := request.args.get(name)) in allowed
    }


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


def quiet_missing(form: StepForm) -> None:
    """On a language switch, say nothing about answers that are simply not there yet."""
    for field in form:
        if field.errors and is_blank(field):
            field.errors = []


# --- Where the steps lead -----------------------------------------------------------------------


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


# --- Stored answers as posted ones --------------------------------------------------------------


def stored_values(exploration: Exploration, names: list[str]) -> dict[str, Any]:
    return {name: getattr(exploration, name) for name in names}


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


# --- The 409 page -------------------------------------------------------------------------------


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


# --- What the pages show ------------------------------------------------------------------------


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
    is_draft = exploration is None or exploration.status == "draft"
    context = {
        "step": step,
        "step_number": STEPS.index(step) + 2,
        "total_steps": TOTAL_STEPS,
        "step_title": STEP_TITLES[step],
        "form": form,
        "exploration": exploration,
        "token": token,
        "private_url": partner_url(token) if token else None,
        "submission_key": key if SUBMISSION_KEY_RE.match(key) else new_submission_key(),
        "action_url": action,
        "back_url": back_url(step, token)
        if is_draft
        else url_for("intake.partner_page", token=token),
        "from_check": bool(params),
        "is_draft": is_draft,
        "limits": LIMITS,
        **extra,
    }
    return render_template(template, **context), status
