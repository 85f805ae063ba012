"""The private links of one request, as editors handle them: revoke or reissue the partner's
link, and open, close or reissue the survey's.

A new link is shown to staff this once (only its hash is kept), except a reissued partner link
when the request has the lead's address: it is emailed to the lead and staff never see it.
Every POST names the version of the request its page showed (the request page's rule).
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _

from core.audit import record
from core.auth import role_required
from core.db import db
from core.i18n import LANGS
from intake import emails
from intake.links import issue_partner_link
from intake.models import Exploration
from staff.blueprint import bp
from staff.forms import VersionForm
from staff.requests import commit_or_conflict, conflict, done, is_stale, load_request
from surveys import service as surveys

PARTNER_ENDPOINT = "intake.partner_page"
SURVEY_ENDPOINT = "surveys.welcome"


def _version_checked(exploration: Exploration) -> Any | None:
    form = VersionForm()
    if is_stale(form, exploration) or not form.validate():
        return conflict(exploration, [])
    return None


def _show_new_link(exploration: Exploration, kind: str, link: str) -> Any:
    """The new link, shown this once: only its hash is kept."""
    return render_template("staff/new_link.html", exploration=exploration, kind=kind, link=link)


@bp.post("/<lang>/staff/requests/<int:exploration_id>/partner-link/revoke")
@role_required("editor")
def revoke_partner_link(exploration_id: int) -> Any:
    exploration = load_request(exploration_id)
    refused = _version_checked(exploration)
    if refused:
        return refused
    exploration.partner_token_hash = None
    record(
        "partner_link_revoked",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration.id,
    )
    failed = commit_or_conflict(exploration, [])
    if failed:
        return failed
    return done(exploration, _("The partner’s private link no longer works."), "links")


@bp.post("/<lang>/staff/requests/<int:exploration_id>/partner-link/reissue")
@role_required("editor")
def reissue_partner_link(exploration_id: int) -> Any:
    exploration = load_request(exploration_id)
    refused = _version_checked(exploration)
    if refused:
        return refused
    token = issue_partner_link(exploration)
    record(
        "partner_link_reissued",
        actor_kind="staff",
        actor_id=g.staff.id,
        exploration_id=exploration.id,
    )
    # With an address on the request the link goes to the lead only: staff never see it.
    emailed = emails.send_reissued_link(exploration, token)
    failed = commit_or_conflict(exploration, [])
    if failed:
        return failed
    if emailed is not None:
        return done(
            exploration,
            _(
                "A new private link was emailed to the partner’s project lead. The old link no "
                "longer works."
            ),
            "links",
        )
    return _show_new_link(exploration, "partner", _link(exploration, PARTNER_ENDPOINT, token))


@bp.post("/<lang>/staff/requests/<int:exploration_id>/survey")
@role_required("editor")
def survey_state(exploration_id: int) -> Any:
    """Close the survey, or reopen it (which creates its link the first time)."""
    exploration = load_request(exploration_id)
    refused = _version_checked(exploration)
    if refused:
        return refused
    action = request.form.get("action")
    who = {"actor_kind": "staff", "actor_id": g.staff.id}
    if action == "close":
        surveys.close_survey(exploration, **who)
        db.commit()
        return done(exploration, _("The survey is closed."), "survey")
    if action == "open":
        token = surveys.open_survey(exploration, **who)
        db.commit()
        if token:
            return _show_new_link(exploration, "survey", _link(exploration, SURVEY_ENDPOINT, token))
        return done(exploration, _("The survey is open."), "survey")
    if action == "reissue":
        token = surveys.reissue_survey_link(exploration, **who)
        db.commit()
        return _show_new_link(exploration, "survey", _link(exploration, SURVEY_ENDPOINT, token))
    abort(400)


LINK_ARGUMENT = {PARTNER_ENDPOINT: "token", SURVEY_ENDPOINT: "survey_token"}


def _link(exploration: Exploration, endpoint: str, token: str) -> str:
    """The full private link, in the partner's language (they will open it, not staff)."""
    lang = exploration.lead_language or exploration.form_language or "en"
    values = {LINK_ARGUMENT[endpoint]: token, "lang": lang if lang in LANGS else "en"}
    return url_for(endpoint, _external=True, **values)
