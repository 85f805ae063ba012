"""Check your answers, submission and confirmation; and what still stops a draft from being
submitted (shown on the check step and on the partner's page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core.db import db
from core.i18n import current_lang
from intake import emails, service
from intake.blueprint import bp, link_misses_limited, posts_limited
from intake.flow import (
    as_formdata,
    change_urls,
    conflict_page,
    posted_submission_key,
    posted_version,
    render_step,
    step_url,
    stored_values,
    summary_context,
)
from intake.forms import StepForm
from intake.links import exploration_for_partner_token, partner_url
from intake.models import Exploration, IdempotencyKey
from intake.reference import TOPIC_BY_ID, TOPICS
from intake.step_views import PLAIN_FORMS


@dataclass(frozen=True)
class Missing:
    row_id: str
    message: str


ROW_FOR_FIELD = {"department_other": "department_code"}


def localized_topic(topic_id: str) -> str:
    topic = TOPIC_BY_ID[topic_id]
    return f"{topic.number}. {topic.name[current_lang()]}"


def missing_topics(exploration: Exploration) -> list[str]:
    """The interview topics with nobody named and not marked "to be confirmed"."""
    by_topic = service.people_by_topic(exploration)
    tbc = service.to_be_confirmed(exploration)
    return [t.id for t in TOPICS if not by_topic[t.id] and t.id not in tbc]


def missing_topic_message(topic_id: str) -> str:
    return _(
        "For %(topic)s, add a person, choose someone already named, or select “to be confirmed”.",
        topic=localized_topic(topic_id),
    )


def stored_errors(step: str, exploration: Exploration) -> list[tuple[str, str]]:
    """The stored answers of a plain step checked by the step's own form, so the rules are the
    same here as on the step page (a start date that has since passed is caught too)."""
    make = PLAIN_FORMS[step]
    names = make(meta={"csrf": False}, formdata=None).field_names()
    form = make(meta={"csrf": False}, formdata=as_formdata(stored_values(exploration, names)))
    form.validate()
    return form.error_list


def missing_answers(exploration: Exploration) -> list[Missing]:
    """What still stops the request from being submitted, in the order of the steps."""
    missing: list[Missing] = []
    for step in ("organization", "context"):
        for field_id, message in stored_errors(step, exploration):
            missing.append(Missing(f"row-{ROW_FOR_FIELD.get(field_id, field_id)}", message))
    for topic_id in missing_topics(exploration):
        missing.append(Missing(f"row-topic-{topic_id}", missing_topic_message(topic_id)))
    for field_id, message in stored_errors("timing", exploration):
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
@link_misses_limited
@posts_limited
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
        # The emails are rows of this same transaction: stored with the submission or not at all.
        emails.send_receipt(exploration, token)
        emails.send_new_request(exploration)
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
@link_misses_limited
def confirmation(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    if exploration.status == "draft":
        return redirect(step_url("check", token))
    return render_template(
        "intake/confirmation.html",
        exploration=exploration,
        token=token,
        private_url=partner_url(token),
    )
