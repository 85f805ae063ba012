"""An app whose GC Notify client talks to the fake Notify API (tests.fake_notify)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import BACKENDS, Client, _empty_tables, make_test_app
from tests.fake_notify import FakeNotify

STAFF_INBOX = "exploration@cds-snc.ca"


@pytest.fixture
def fake_notify() -> Iterator[FakeNotify]:
    with FakeNotify() as fake:
        yield fake


@pytest.fixture(params=BACKENDS)
def notify_app(request: pytest.FixtureRequest, database_urls, fake_notify) -> Iterator[Flask]:
    app = make_test_app(
        database_urls[request.param], **fake_notify.config(NOTIFY_STAFF_EMAIL=STAFF_INBOX)
    )
    _empty_tables(app)
    yield app
    app.extensions["exploration.db"].engine.dispose()


class ClosingClient(Client):
    """Closes every response as a WSGI server does, so work registered with
    `response.call_on_close` (delivery after the response) runs as it would in production."""

    def open(self, *args, **kwargs):  # type: ignore[override]
        kwargs["buffered"] = True
        return super().open(*args, **kwargs)


@pytest.fixture
def notify_client(notify_app: Flask) -> Client:
    notify_app.test_client_class = ClosingClient
    return notify_app.test_client()  # type: ignore[return-value]
