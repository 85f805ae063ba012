"""People's own choices, on their private links, and what the schedule adds to every page.

    /<lang>/request/<token>/withdraw            the lead withdraws a submitted request
    /<lang>/request/<token>/delete              the lead deletes a draft, at once
    /<lang>/request/deleted                     what they see next (no link in the address)
    /<lang>/survey/r/<respondent_token>/delete  a respondent deletes their answers
    /<lang>/survey/deleted                      what they see next

`init_app` adds `exploration retention run` and makes every page show "removed under the
retention schedule" where the schedule removed a value (core.labels.REMOVED), through the
template engine's `finalize`: the one place every `{{ value }}` passes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for

from core.db import db
from core.forms import BaseForm
from core.i18n import current_lang
from core.labels import REMOVED, REMOVED_TEXT
from intake.blueprint import link_misses_limited as partner_misses_limited
from intake.blueprint import posts_limited as partner_posts_limited
from intake.links import exploration_for_partner_token
from retention import (
    choices,
    kinds,  # noqa: F401 (registers email, invitation and plan kinds, the daily run)
)
from retention.cli import retention_cli
from retention.schedule import NOTICE_DAYS
from surveys.blueprint import link_misses_limited as survey_misses_limited
from surveys.blueprint import posts_limited as survey_posts_limited
from surveys.flow import closed_page, respondent_or_404

bp = Blueprint("retention", __name__)


class ConfirmForm(BaseForm):
    """A confirmation page's form: nothing but its CSRF token."""


# --- The lead ---------------------------------------------------------------------------------


@bp.route("/<lang>/request/<token>/withdraw", methods=["GET", "POST"])
@partner_misses_limited
@partner_posts_limited
def withdraw(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    form = ConfirmForm()
    allowed = choices.can_withdraw(exploration)
    if request.method == "POST" and allowed and form.validate():
        choices.withdraw(exploration)
        db.commit()
        return redirect(url_for("intake.partner_page", token=token), code=303)
    status = 200 if request.method == "GET" else (409 if not allowed else 400)
    page = render_template(
        "retention/withdraw.html", exploration=exploration, token=token, form=form, allowed=allowed
    )
    return page, status


@bp.route("/<lang>/request/<token>/delete", methods=["GET", "POST"])
@partner_misses_limited
@partner_posts_limited
def delete_draft(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    form = ConfirmForm()
    allowed = choices.can_delete(exploration)
    if request.method == "POST" and allowed and form.validate():
        choices.delete_draft(exploration)
        db.commit()
        return redirect(url_for("retention.draft_deleted"), code=303)
    status = 200 if request.method == "GET" else (409 if not allowed else 400)
    page = render_template(
        "retention/delete_draft.html",
        exploration=exploration,
        token=token,
        form=form,
        allowed=allowed,
    )
    return page, status


@bp.get("/<lang>/request/deleted")
def draft_deleted() -> Any:
    return render_template("retention/deleted.html", what="draft")


# --- A respondent -----------------------------------------------------------------------------


@bp.route("/<lang>/survey/r/<respondent_token>/delete", methods=["GET", "POST"])
@survey_misses_limited
@survey_posts_limited
def delete_answers(respondent_token: str) -> Any:
    respondent = respondent_or_404(respondent_token)
    if not respondent.exploration.survey_open:
        return closed_page(respondent)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        outcome = choices.delete_answers(respondent)
        db.commit()
        return redirect(url_for("retention.answers_deleted", kept=outcome == "unlinked"), 303)
    page = render_template(
        "retention/delete_answers.html",
        respondent=respondent,
        respondent_token=respondent_token,
        released=respondent.released_at is not None,
        form=form,
    )
    return page, 200 if request.method == "GET" else 400


@bp.get("/<lang>/survey/deleted")
def answers_deleted() -> Any:
    kept = request.args.get("kept") == "True"
    return render_template("retention/deleted.html", what="answers", kept=kept)


# --- Every page: the removal mark in words ----------------------------------------------------


def show_removed(value: Any) -> Any:
    """Jinja's finalize: a value holding the removal mark prints the words instead (Markup's
    replace escapes the words it puts in)."""
    if isinstance(value, str) and REMOVED in value:
        return value.replace(REMOVED, str(REMOVED_TEXT))
    return value


def init_app(app: Flask) -> None:
    app.cli.add_command(retention_cli)
    app.jinja_env.finalize = show_removed
    # `{% if value is removed %}`: where a value would be a link (mailto:), show the words.
    app.jinja_env.tests["removed"] = lambda value: isinstance(value, str) and REMOVED in value


@bp.app_context_processor
def _schedule_context() -> dict[str, Any]:
    def retention_schedule() -> dict[str, Any]:
        config = current_app.config
        pib = config["PRIVACY_PIB_FR"] if current_lang() == "fr" else config["PRIVACY_PIB"]
        return {
            "draft_days": int(config["RETENTION_DRAFT_DAYS"]),
            "notice_days": NOTICE_DAYS,
            "months": int(config["RETENTION_MONTHS"]),
            "pib": pib,
        }

    return {"retention_schedule": retention_schedule}
