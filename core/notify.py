"""The GC Notify client of this worker process, configured once from the app's settings.

As GC Notify's own admin does, one module-level object (`notify`) is configured in
`init_app`; every send goes through the official `notifications-python-client`. The client
signs each call with the API key (a JWT) and gives up after `NOTIFY_TIMEOUT` seconds, so a
slow Notify never holds a worker longer than that.

Without `NOTIFY_API_KEY` there is no client: the outbox keeps every message, composed as it
would be sent, for the staff Outbox page (core.outbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


@dataclass(frozen=True)
class SendResult:
    """What one call to Notify came to.

    `outcome` is "sent" (201), "retry" (network error, timeout, 429 or 5xx: Notify may try
    again later) or "failed" (any other 4xx: sending again would fail the same way).
    """

    outcome: str
    notification_id: str | None = None
    error: str | None = None


class NotifyClient:
    """The process's GC Notify client (None until configured with an API key)."""

    def __init__(self) -> None:
        self.client: NotificationsAPIClient | None = None
        self.template_id: str | None = None
        self.reply_to_id: str | None = None

    def init_app(self, app: Flask) -> None:
        """Build the client from the settings; one per worker process (create_app runs in
        each gunicorn worker)."""
        api_key = app.config.get("NOTIFY_API_KEY")
        self.template_id = app.config.get("NOTIFY_TEMPLATE_ID")
        self.reply_to_id = app.config.get("NOTIFY_REPLY_TO_ID")
        if api_key and self.template_id:
            self.client = NotificationsAPIClient(
                api_key,
                base_url=app.config["NOTIFY_BASE_URL"],
                timeout=app.config["NOTIFY_TIMEOUT"],
            )
        else:
            self.client = None
        app.extensions["exploration.notify"] = self

    @property
    def enabled(self) -> bool:
        return self.client is not None

    def send_email(self, to: str, subject: str, body: str, reference: str) -> SendResult:
        """Send one email through the generic template (subject and body as personalisation)."""
        assert self.client is not None and self.template_id is not None
        try:
            answer: Any = self.client.send_email_notification(
                email_address=to,
                template_id=self.template_id,
                personalisation={"subject": subject, "body": body},
                reference=reference,
                email_reply_to_id=self.reply_to_id,
            )
        except APIError as error:
            return SendResult(_outcome_of(error.status_code), error=_describe(error))
        return SendResult("sent", notification_id=str((answer or {}).get("id") or "") or None)

    def find_sent(self, reference: str) -> str | bool | None:
        """The id of a notification Notify already has under `reference`, None if it has
        none, or False when Notify cannot be asked (then nothing is sent either)."""
        assert self.client is not None
        try:
            answer: Any = self.client.get_all_notifications(reference=reference)
        except APIError:
            return False
        notifications = (answer or {}).get("notifications") or []
        return str(notifications[0].get("id")) if notifications else None


def _outcome_of(status: int) -> str:
    if status == 429 or status >= 500:
        return "retry"
    return "failed"


def _describe(error: APIError) -> str:
    """Notify's own words for the error (its JSON `errors`), without the address."""
    message = error.message
    if isinstance(message, list):
        parts = [
            str(item.get("message", item)) if isinstance(item, dict) else str(item)
            for item in message
        ]
        message = "; ".join(parts)
    return f"{error.status_code} {message}"[:500]


notify = NotifyClient()
"""`from core.notify import notify`; configured by `notify.init_app(app)` in create_app."""
