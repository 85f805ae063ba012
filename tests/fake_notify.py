"""A fake GC Notify API: a real HTTP server on 127.0.0.1 that the real client talks to.

It checks what GC Notify checks: the bearer JWT signed with the API key's secret (HS256, `iss`
= the service id, a fresh `iat`), the path `/v2/notifications/email`, and the JSON body (an
email address, the template id, personalisation with `subject` and `body`). It records every
notification it accepted, and answers as a test tells it: 201, 400, 403, 429, 500, or hangs.
`GET /v2/notifications?reference=...` lists what it accepted under a reference, as Notify does.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt

SERVICE_ID = "2b5c4f0e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"
SECRET = "7e8f9a0b-1c2d-4e3f-9a5b-6c7d8e9f0a1b"
API_KEY = f"exploration_tests-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f"
REPLY_TO_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"


@dataclass
class Received:
    """One notification Notify accepted."""

    id: str
    email_address: str
    template_id: str
    personalisation: dict[str, str]
    reference: str | None
    email_reply_to_id: str | None

    @property
    def subject(self) -> str:
        return self.personalisation["subject"]

    @property
    def body(self) -> str:
        return self.personalisation["body"]


class _Server(ThreadingHTTPServer):
    """Many senders may connect at once (threaded workers): a listen backlog of 5, the
    standard library's default, would refuse some before a thread accepts them."""

    request_queue_size = 128


@dataclass
class FakeNotify:
    """`with FakeNotify() as notify:` then `notify.answer = 500` etc."""

    answer: int | str = 201  # an HTTP status, or "hang"
    record_anyway: bool = False  # record the notification even when answering an error
    hang_seconds: float = 30.0
    # Called before each answer to a send, while the service waits on Notify.
    while_answering: Callable[[], None] | None = None
    received: list[Received] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # why requests were refused (bad JWT...)
    calls: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def config(self, **extra: Any) -> dict[str, Any]:
        """App settings that point the real client here."""
        return {
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_BASE_URL": self.base_url,
            "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
            "NOTIFY_REPLY_TO_ID": REPLY_TO_ID,
            "NOTIFY_TIMEOUT": 1.0,
            **extra,
        }

    def environment(self, **extra: str) -> dict[str, str]:
        return {key: str(value) for key, value in self.config(**extra).items()}

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if r.email_address == address]

    def by_reference(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.received:
            counts[item.reference or ""] = counts.get(item.reference or "", 0) + 1
        return counts

    def __enter__(self) -> FakeNotify:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                if not header.startswith("Bearer "):
                    fake.rejected.append("no bearer token")
                    return False
                try:
                    claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
                except jwt.PyJWTError as error:
                    fake.rejected.append(f"bad token: {error}")
                    return False
                if claims.get("iss") != SERVICE_ID or abs(time.time() - claims["iat"]) > 30:
                    fake.rejected.append("wrong issuer or stale token")
                    return False
                return True

            def _refuse(self, status: int, message: str) -> None:
                self._reply(
                    status,
                    {
                        "status_code": status,
                        "errors": [{"error": "BadRequestError", "message": message}],
                    },
                )

            def do_GET(self) -> None:
                if not self._authorised():
                    return self._refuse(403, "Invalid token")
                url = urllib.parse.urlsplit(self.path)
                if url.path != "/v2/notifications":
                    return self._refuse(404, "Not found")
                if fake.answer != 201:
                    return self._refuse(503, "Down")
                reference = urllib.parse.parse_qs(url.query).get("reference", [None])[0]
                with fake._lock:
                    found = [r for r in fake.received if r.reference == reference]
                self._reply(
                    200,
                    {
                        "notifications": [{"id": r.id, "reference": r.reference} for r in found],
                        "links": {},
                    },
                )

            def do_POST(self) -> None:
                with fake._lock:
                    fake.calls += 1
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if not self._authorised():
                    return self._refuse(403, "Invalid token")
                if self.path != "/v2/notifications/email":
                    fake.rejected.append(f"path {self.path}")
                    return self._refuse(404, "Not found")
                try:
                    body = json.loads(raw)
                    item = Received(
                        id=str(uuid.uuid4()),
                        email_address=body["email_address"],
                        template_id=body["template_id"],
                        personalisation=body["personalisation"],
                        reference=body.get("reference"),
                        email_reply_to_id=body.get("email_reply_to_id"),
                    )
                    assert item.template_id == TEMPLATE_ID
                    assert set(item.personalisation) == {"subject", "body"}
                    assert "@" in item.email_address
                except (ValueError, KeyError, TypeError, AssertionError):
                    fake.rejected.append("bad body")
                    return self._refuse(400, "ValidationError: bad body")
                if fake.while_answering is not None:
                    fake.while_answering()
                answer = fake.answer
                if answer == "hang":
                    time.sleep(fake.hang_seconds)
                    return None
                if answer == 201 or fake.record_anyway:
                    with fake._lock:
                        fake.received.append(item)
                if answer == 201:
                    return self._reply(
                        201,
                        {
                            "id": item.id,
                            "reference": item.reference,
                            "content": {"subject": item.subject},
                        },
                    )
                messages = {
                    400: "ValidationError: email_address Not a valid email address",
                    403: "AuthError: Invalid token",
                    429: "RateLimitError",
                    500: "Internal server error",
                }
                return self._refuse(int(answer), messages.get(int(answer), "Error"))

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
