""" "Email me a link to come back", on every draft step and the partner's page: the private
link goes to the address already on the request. The answer is the same whether or not the
request has an address, and the button is limited per link and per address."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for

from core.db import db
from core.email_limits import email_link_limit
from intake import emails
from intake.blueprint import STEPS, bp, link_misses_limited, posts_limited
from intake.flow import resume_url, step_url
from intake.links import exploration_for_partner_token, find_by_partner_token


def _token() -> str:
    return str((request.view_args or {}).get("token", ""))


def _address() -> str:
    exploration = find_by_partner_token(_token())
    return (exploration.lead_email if exploration else None) or _token()


@bp.post("/<lang>/request/<token>/email-link")
@link_misses_limited
@posts_limited
@email_link_limit("intake-email-link", _token)
@email_link_limit("email-link-address", _address)
def email_link(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    emails.send_come_back_link(exploration, token)
    db.commit()
    if exploration.status == "draft":
        # Back to the step the button was on (the form's action names it), else where the
        # draft picks up.
        step = request.args.get("step")
        back = step_url(step, token) if step in STEPS else resume_url(exploration, token)
    else:
        back = url_for("intake.partner_page", token=token)
    return render_template("core/email_link_sent.html", back_url=back, addressed=False)
