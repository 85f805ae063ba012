"""The emails about a request: the lead's receipt, a link to come back, the new request for
CDS's inbox, status news, and an abandoned draft's deletion notice. Each is composed in its
recipient's language from this service's catalogue (one GC Notify template carries
`((subject))` and `((body))`) and written to the outbox in the caller's transaction
(core.outbox).

Links are absolute and in the recipient's language; the staff email names the request but
holds no private link and no personal information beyond the lead's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from core.i18n import LANGS
from core.labels import Labels
from core.outbox import OutboxMessage, enqueue
from intake.models import Exploration

Compose = Callable[[], tuple[str, str]]
# Where a composed message goes: the outbox (core.outbox.enqueue), or the demo's bulk rows.
Sink = Callable[..., Any]


def lead_language(exploration: Exploration) -> str:
    """The language the lead chose for CDS's messages, else the one they filled the form in."""
    for lang in (exploration.lead_language, exploration.form_language):
        if lang in LANGS:
            return lang
    return "en"


def partner_link(token: str, lang: str) -> str:
    return url_for("intake.partner_page", token=token, lang=lang, _external=True)


def _in(lang: str, compose: Compose) -> tuple[str, str]:
    with force_locale(lang):
        return compose()


def _to_lead(
    kind: str,
    exploration: Exploration,
    compose: Callable[[str], tuple[str, str]],
    sink: Sink = enqueue,
) -> OutboxMessage | None:
    if not exploration.lead_email:
        return None
    lang = lead_language(exploration)
    subject, body = _in(lang, lambda: compose(lang))
    return sink(
        kind,
        to=exploration.lead_email,
        language=lang,
        subject=subject,
        body=body,
        exploration_id=exploration.id,
    )


def _greeting(exploration: Exploration) -> str:
    return (
        _("Hello %(name)s,", name=exploration.lead_name) if exploration.lead_name else _("Hello,")
    )


def _signature() -> str:
    return _("The Canadian Digital Service exploration team")


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# --- The lead's messages -------------------------------------------------------------------


def send_receipt(
    exploration: Exploration, token: str, sink: Sink = enqueue
) -> OutboxMessage | None:
    """On submission: the reference, what happens next and the private link."""

    def compose(lang: str) -> tuple[str, str]:
        ref = exploration.reference or ""
        subject = _("We received your exploration request %(ref)s", ref=ref)
        body = _paragraphs(
            _greeting(exploration),
            _(
                "Thank you: the Canadian Digital Service received your request for an "
                "exploration of %(service)s. Its reference number is %(ref)s.",
                service=exploration.service_name or _("your service"),
                ref=ref,
            ),
            _(
                "What happens next: CDS reads every request and will contact you within 10 "
                "working days to talk about your needs and possible dates. Until the kick-off, "
                "you can keep the people to interview and the documents checklist up to date."
            ),
            _("Your private link to the request:") + "\n" + partner_link(token, lang),
            _("Keep this link to yourself: anyone who has it can see and change your request."),
            _signature(),
        )
        return subject, body

    return _to_lead("receipt", exploration, compose, sink)


def send_come_back_link(exploration: Exploration, token: str) -> OutboxMessage | None:
    """ "Email me a link to come back": the private link, to the address on the request."""

    def compose(lang: str) -> tuple[str, str]:
        subject = _("Your link to come back to your exploration request")
        body = _paragraphs(
            _greeting(exploration),
            _("Here is the private link to your request, as you asked:")
            + "\n"
            + partner_link(token, lang),
            _("Keep this link to yourself: anyone who has it can see and change your request."),
            _("If you did not ask for this email, you can ignore it."),
            _signature(),
        )
        return subject, body

    return _to_lead("come_back", exploration, compose)


def send_status_news(
    exploration: Exploration, status: str, reason: str | None = None, sink: Sink = enqueue
) -> OutboxMessage | None:
    """Accepted, declined (with staff's reason) or scheduled (with the agreed dates)."""
    if status not in {"accepted", "declined", "scheduled"}:
        return None

    def compose(lang: str) -> tuple[str, str]:
        ref = exploration.reference or ""
        words = Labels(lang)
        if status == "accepted":
            subject = _("Your exploration request %(ref)s is accepted", ref=ref)
            news = _(
                "Good news: CDS accepted your exploration request %(ref)s. A member of the team "
                "will contact you to agree on dates and sign the agreement.",
                ref=ref,
            )
        elif status == "declined":
            subject = _("Your exploration request %(ref)s", ref=ref)
            news = _("CDS cannot take on your exploration request %(ref)s at this time.", ref=ref)
            if reason:
                news += "\n\n" + _("The reason CDS gave:") + "\n" + reason
        else:
            subject = _("Your exploration %(ref)s is scheduled", ref=ref)
            news = _(
                "Your exploration %(ref)s is scheduled from %(start)s to %(end)s.",
                ref=ref,
                start=words.date(exploration.agreed_start),
                end=words.date(exploration.agreed_end),
            )
        body = _paragraphs(
            _greeting(exploration),
            news,
            _("You can see your request with the private link CDS sent you."),
            _signature(),
        )
        return subject, body

    return _to_lead(f"status_{status}", exploration, compose, sink)


def send_reissued_link(exploration: Exploration, token: str) -> OutboxMessage | None:
    """A new private link from CDS, to the lead's address (staff do not see it)."""

    def compose(lang: str) -> tuple[str, str]:
        subject = _(
            "A new private link to your exploration request %(ref)s",
            ref=exploration.reference or "",
        )
        body = _paragraphs(
            _greeting(exploration),
            _("CDS created a new private link to your request. The previous link no longer works.")
            + "\n"
            + partner_link(token, lang),
            _("Keep this link to yourself: anyone who has it can see and change your request."),
            _signature(),
        )
        return subject, body

    return _to_lead("reissued_link", exploration, compose)


def send_deletion_notice(
    exploration: Exploration, token: str, deleted_on: date | datetime, sink: Sink = enqueue
) -> OutboxMessage | None:
    """An abandoned draft's notice (retention.notice): when it will be deleted, that a change
    postpones that, and a new private link to come back (the earlier one was replaced)."""

    def compose(lang: str) -> tuple[str, str]:
        when = Labels(lang).date(deleted_on)
        service = exploration.service_name or _("your service")
        subject = _("Your draft exploration request will be deleted on %(date)s", date=when)
        body = _paragraphs(
            _greeting(exploration),
            _(
                "Your draft request for an exploration of %(service)s will be deleted on "
                "%(date)s, unless you change or submit it before then. Any change you save "
                "postpones the deletion.",
                service=service,
                date=when,
            ),
            _(
                "Here is a new private link to come back to your draft. The previous link no "
                "longer works:"
            )
            + "\n"
            + partner_link(token, lang),
            _("Keep this link to yourself: anyone who has it can see and change your request."),
            _signature(),
        )
        return subject, body

    return _to_lead("draft_deletion_notice", exploration, compose, sink)


# --- CDS's inbox ---------------------------------------------------------------------------


def send_new_request(exploration: Exploration) -> OutboxMessage | None:
    """To NOTIFY_STAFF_EMAIL, in English and French: reference, department, service and the
    staff page (no private link)."""
    inbox = current_app.config.get("NOTIFY_STAFF_EMAIL")
    if not inbox:
        return None
    parts = []
    for lang in LANGS:
        words = Labels(lang)

        def compose(lang: str = lang, words: Labels = words) -> tuple[str, str]:
            ref = exploration.reference or ""
            subject = _("New exploration request %(ref)s", ref=ref)
            body = _paragraphs(
                _("A partner submitted exploration request %(ref)s.", ref=ref),
                _(
                    "Department: %(department)s",
                    department=words.department(
                        exploration.department_code, exploration.department_other
                    ),
                ),
                _("Service: %(service)s", service=exploration.service_name or "-"),
                _("Project lead: %(name)s", name=exploration.lead_name or "-"),
                _("Open the request (staff sign-in):")
                + "\n"
                + url_for(
                    "staff.request_detail", exploration_id=exploration.id, lang=lang, _external=True
                ),
            )
            return subject, body

        parts.append(_in(lang, compose))
    subject = " / ".join(subject for subject, _body in parts)
    body = "\n\n---\n\n".join(body for _subject, body in parts)
    return enqueue(
        "new_request",
        to=inbox,
        language="bi",
        subject=subject,
        body=body,
        exploration_id=exploration.id,
    )
