"""The lead invites colleagues to the survey by email (one address per line) and may send
one reminder. Each address is checked (email-validator) and a wrong one is named next to the
field; nothing is sent unless every line is an address."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import TextAreaField
from wtforms.validators import DataRequired, ValidationError

from core.db import db
from core.forms import BaseForm
from core.i18n import lazy_gettext as _l
from intake.links import exploration_for_partner_token
from intake.models import Exploration
from surveys import invitations
from surveys import results as survey_results
from surveys.blueprint import bp, link_misses_limited, posts_limited


class InviteForm(BaseForm):
    addresses = TextAreaField(
        _l("Colleagues’ email addresses"),
        description=_l(
            "One address per line. Each person gets their own private link to the survey, with "
            "a short explanation in English and French. Nobody sees the other addresses."
        ),
        validators=[DataRequired(_l("Enter at least one email address."))],
    )

    def validate_addresses(self, field: TextAreaField) -> None:
        lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) > invitations.MAX_ADDRESSES:
            raise ValidationError(
                _("Enter %(max)d addresses or fewer at a time.", max=invitations.MAX_ADDRESSES)
            )
        cleaned = []
        for number, line in enumerate(lines, start=1):
            try:
                checked = validate_email(line, check_deliverability=False)
            except EmailNotValidError:
                raise ValidationError(
                    _(
                        "Line %(line)d is not an email address in the right format, like "
                        "name@canada.ca.",
                        line=number,
                    )
                ) from None
            cleaned.append(checked.normalized)
        field.cleaned = cleaned  # type: ignore[attr-defined]


@bp.app_template_global("invitation_section")
def invitation_section(exploration: Exploration, form: InviteForm | None = None) -> dict[str, Any]:
    waiting = invitations.pending(exploration.id)
    return {
        "form": form or InviteForm(formdata=None),
        "invited": invitations.invitation_count(exploration.id),
        "can_remind": any(i.reminded_at is None for i in waiting),
    }


@bp.post("/<lang>/request/<token>/survey/invitations")
@link_misses_limited
@posts_limited
def invite(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    back = url_for("surveys.manage", token=token, _anchor="invitations")
    if not exploration.survey_open:
        flash(_("Open the survey before inviting colleagues."), "error")
        return redirect(back, code=303)
    if request.form.get("action") == "remind":
        sent = invitations.remind(exploration)
        db.commit()
        flash(
            ngettext(
                "Reminder sent to %(num)d colleague.", "Reminder sent to %(num)d colleagues.", sent
            ),
            "success",
        )
        return redirect(back, code=303)
    form = InviteForm()
    if not form.validate():
        page = render_template(
            "surveys/manage.html",
            exploration=exploration,
            form=form,
            invite_form=form,
            survey_url=None,
            results=survey_results.results_for(exploration.id, staff=False),
            partner_url=url_for("intake.partner_page", token=token),
        )
        return page, 400
    sent = invitations.invite(exploration, form.addresses.cleaned)  # type: ignore[attr-defined]
    db.commit()
    flash(
        ngettext(
            "Invitation sent to %(num)d colleague.", "Invitations sent to %(num)d colleagues.", sent
        ),
        "success",
    )
    return redirect(back, code=303)
