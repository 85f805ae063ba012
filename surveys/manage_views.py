"""The partner lead's survey page (open, close, a new link, the results) and the shared survey
link, where a colleague says who they are and gets a private link of their own."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from core.db import transaction
from core.tokens import hash_token
from intake.links import exploration_for_partner_token
from intake.models import Exploration
from surveys import results as survey_results
from surveys import service
from surveys.blueprint import bp, link_misses_limited, posts_limited
from surveys.flow import area_choices, level_choices, switch_target
from surveys.forms import AboutForm, ManageForm

SESSION_LINKS = "survey_links"


def remembered_link(exploration: Exploration) -> str | None:
    """The survey link created in this browser session, while it is still the current one
    (only its hash is stored, so it can be shown again only where it was created)."""
    token = (session.get(SESSION_LINKS) or {}).get(str(exploration.id))
    if token and exploration.survey_token_hash == hash_token(token):
        return token
    return None


def remember_link(exploration: Exploration, token: str) -> None:
    links = dict(session.get(SESSION_LINKS) or {})
    links[str(exploration.id)] = token
    session[SESSION_LINKS] = links


@bp.route("/<lang>/request/<token>/survey", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def manage(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    if request.method == "POST":
        form = ManageForm()
        action = form.action.data if form.validate() else None
        if action not in {"open", "close", "reissue"}:
            abort(400)
        new_token = None
        with transaction():
            if action == "open":
                new_token = service.open_survey(exploration, actor_kind="partner_link")
            elif action == "close":
                service.close_survey(exploration, actor_kind="partner_link")
            else:
                new_token = service.reissue_survey_link(exploration, actor_kind="partner_link")
        if new_token:
            remember_link(exploration, new_token)
        messages = {
            "open": _("The survey is open."),
            "close": _("The survey is closed. Nobody can change answers until you reopen it."),
            "reissue": _("Here is the new survey link. The old link no longer works."),
        }
        flash(messages[action], "success")
        return redirect(url_for("surveys.manage", token=token), code=303)

    link_token = remembered_link(exploration)
    return render_template(
        "surveys/manage.html",
        exploration=exploration,
        form=ManageForm(),
        survey_url=(
            url_for("surveys.welcome", survey_token=link_token, _external=True)
            if link_token
            else None
        ),
        results=survey_results.results_for(exploration.id, staff=False),
        partner_url=url_for("intake.partner_page", token=token),
    )


@bp.route("/<lang>/survey/<survey_token>", methods=["GET", "POST"])
@link_misses_limited
@posts_limited
def welcome(survey_token: str) -> Any:
    exploration = service.exploration_for_survey_token(survey_token)
    if exploration is None:
        abort(404)
    if request.method == "GET":
        # The language toggle on this page carries the choices made so far in the query.
        form = AboutForm(formdata=request.args if request.args else None)
        form.localize(area_choices(), level_choices())
        if request.args:
            form.validate()
            form.csrf_token.errors = []
            if form.errors:
                form = AboutForm(formdata=None).localize(area_choices(), level_choices())
        return render_template("surveys/welcome.html", exploration=exploration, form=form)

    form = AboutForm().localize(area_choices(), level_choices())
    valid = form.validate()
    if not exploration.survey_open:
        return render_template("surveys/welcome.html", exploration=exploration, form=form), 403
    target = switch_target()
    if target and valid:
        query = {
            key: value
            for key, value in (
                ("functional_area", form.functional_area.data),
                ("level", form.level.data),
            )
            if value
        }
        return redirect(
            url_for("surveys.welcome", survey_token=survey_token, lang=target, **query), code=303
        )
    if not valid:
        return render_template("surveys/welcome.html", exploration=exploration, form=form), 400
    with transaction():
        _respondent, respondent_token = service.start_respondent(exploration, *form.cleaned())
    return redirect(
        url_for("surveys.respondent_home", respondent_token=respondent_token, started=1), code=303
    )
