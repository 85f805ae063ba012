"""The official Notify client is not thread-safe (one requests.Session per client), and
gunicorn may run threaded workers: each thread gets its own client, and many threads sending
at once each reach Notify exactly once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from core.notify import notify
from tests.conftest import make_test_app
from tests.fake_notify import FakeNotify


def _client_of_a_new_thread() -> object:
    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(notify.client))
    thread.start()
    thread.join()
    return found[0]


def test_each_thread_has_its_own_client_and_session(notify_app):
    mine = notify.client
    assert mine is not None and notify.client is mine  # the same thread keeps its client
    theirs = _client_of_a_new_thread()
    assert theirs is not None and theirs is not mine
    assert theirs.request_session is not mine.request_session  # type: ignore[attr-defined]


def test_new_settings_replace_every_threads_client(notify_app, database_urls):
    before = notify.client
    with FakeNotify() as other:
        make_test_app(database_urls["sqlite"], **other.config())
        after = notify.client
        assert after is not before and after.base_url == other.base_url  # type: ignore[union-attr]
    make_test_app(database_urls["sqlite"], NOTIFY_API_KEY=None)
    assert notify.client is None and not notify.enabled


def test_many_threads_sending_at_once_each_reach_notify_once(notify_app, fake_notify):
    references = [f"outbox-{n}" for n in range(80)]

    def send(reference: str) -> str:
        return notify.send_email("lead@canada.ca", "Objet", "Corps", reference).outcome

    with ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(send, references))
    assert outcomes == ["sent"] * len(references)
    assert fake_notify.rejected == []
    assert fake_notify.by_reference() == dict.fromkeys(references, 1)
