""" "Email me a link to come back" on a respondent's own pages: the respondent types an
address and their private link goes there. The address is used for this one email only
(the outbox forgets it after sending, core.outbox); it is limited per link and per address.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from wtforms import StringField
from wtforms.validators import DataRequired

from core.db import db
from core.email_limits import email_link_limit
from core.forms import BaseForm, max_length, strip_text, work_email
from core.i18n import current_lang
from core.i18n import lazy_gettext as _l
from core.outbox import enqueue
from surveys.blueprint import bp, link_misses_limited, posts_limited
from surveys.flow import respondent_or_404


class EmailLinkForm(BaseForm):
    email = StringField(
        _l("Your email address"),
        description=_l("We use it only to send you this link."),
        validators=[DataRequired(_l("Enter your email address.")), max_length(254), work_email()],
        filters=[strip_text],
    )


@bp.app_template_global("respondent_email_form")
def respondent_email_form() -> EmailLinkForm:
    return EmailLinkForm(formdata=None)


def _token() -> str:
    return str((request.view_args or {}).get("respondent_token", ""))


def _address() -> str:
    return request.form.get("email", "") or _token()


def _compose(url: str) -> tuple[str, str]:
    subject = _("Your link to come back to the survey")
    body = "\n\n".join(
        [
            _("Here is your private link to your survey answers, as you asked:") + "\n" + url,
            _("Keep this link to yourself: anyone with it can see and change your answers."),
            _("If you did not ask for this email, you can ignore it."),
        ]
    )
    return subject, body


@bp.post("/<lang>/survey/r/<respondent_token>/email-link")
@link_misses_limited
@posts_limited
@email_link_limit("survey-email-link", _token)
@email_link_limit("email-link-address", _address)
def respondent_email_link(respondent_token: str) -> Any:
    respondent = respondent_or_404(respondent_token)
    home = url_for("surveys.respondent_home", respondent_token=respondent_token)
    form = EmailLinkForm()
    if not form.validate():
        page = render_template(
            "surveys/email_link.html", form=form, respondent=respondent, back_url=home
        )
        return page, 400
    lang = current_lang()
    url = url_for(
        "surveys.respondent_home", respondent_token=respondent_token, lang=lang, _external=True
    )
    with force_locale(lang):
        subject, body = _compose(url)
    enqueue(
        "respondent_link",
        to=form.email.data,
        language=lang,
        subject=subject,
        body=body,
        exploration_id=respondent.exploration_id,
    )
    db.commit()
    return render_template("core/email_link_sent.html", back_url=home, addressed=True)
