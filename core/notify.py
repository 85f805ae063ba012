"""The GC Notify client, configured once from the app's settings, one per thread.

As GC Notify's own admin does, one module-level object (`notify`) is configured in
`init_app`; every send goes through the official `notifications-python-client`. The client
signs each call with the API key (a JWT) and gives up after `NOTIFY_TIMEOUT` seconds, so a
slow Notify never holds a worker longer than that.

The official client says of itself "This class is not thread-safe": its `BaseAPIClient`
keeps one `requests.Session` (a cookie jar and a pool of connections that requests does not
promise to share safely between threads). gunicorn may run threaded workers (`gthread`, as
the README's deployment does), the scheduled work runs on its own thread, and delivery after
a response runs on the request's thread. So `notify.client` is a client *per thread*
(`threading.local`), built on first use from the settings; no thread ever shares one, and no
lock makes one thread wait on another's slow call to Notify.

Without `NOTIFY_API_KEY` there is no client: the outbox keeps every message, composed as it
would be sent, for the staff Outbox page (core.outbox).
"""

from __future__ import annotations

import threading
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
    """The process's GC Notify settings, and each thread's own client built from them."""

    def __init__(self) -> None:
        # (api_key, base_url, timeout), or None when Notify is not configured.
        self._settings: tuple[str, str, float] | None = None
        self._local = threading.local()
        self.template_id: str | None = None
        self.reply_to_id: str | None = None

    def init_app(self, app: Flask) -> None:
        """Read the settings (create_app runs in each gunicorn worker process). Clients are
        built lazily, one per thread; new settings replace every thread's client."""
        api_key = app.config.get("NOTIFY_API_KEY")
        self.template_id = app.config.get("NOTIFY_TEMPLATE_ID")
        self.reply_to_id = app.config.get("NOTIFY_REPLY_TO_ID")
        if api_key and self.template_id:
            self._settings = (
                api_key,
                app.config["NOTIFY_BASE_URL"],
                app.config["NOTIFY_TIMEOUT"],
            )
        else:
            self._settings = None
        self.client  # noqa: B018 - a malformed key fails at start-up, not at the first email
        app.extensions["exploration.notify"] = self

    @property
    def client(self) -> NotificationsAPIClient | None:
        """This thread's client (None without an API key): the official client is not
        thread-safe, so each thread gets its own, with its own requests.Session."""
        settings = self._settings
        if settings is None:
            return None
        local = self._local
        if getattr(local, "settings", None) != settings:
            api_key, base_url, timeout = settings
            local.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)
            local.settings = settings
        return local.client

    @property
    def enabled(self) -> bool:
        return self._settings is not None

    def send_email(self, to: str, subject: str, body: str, reference: str) -> SendResult:
        """Send one email through the generic template (subject and body as personalisation)."""
        client = self.client
        assert client is not None and self.template_id is not None
        try:
            answer: Any = client.send_email_notification(
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
        client = self.client
        assert client is not None
        try:
            answer: Any = client.get_all_notifications(reference=reference)
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
