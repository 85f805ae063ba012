"""GC Notify down while 200 requests are submitted under gunicorn: every submission is
acknowledged and its emails kept; once Notify is back, each is delivered exactly once.

gunicorn runs threaded workers here (`--threads`, the gthread worker, as the README deploys),
so several threads of one process call Notify at once, each with its own client (core.notify).

Half of the failed calls reach Notify before it errors (the fake records them and answers
500), so a blind retry would send those twice: the outbox asks Notify by reference first.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake.reference import TOPICS
from tests.conftest import make_test_app
from tests.fake_notify import FakeNotify
from tests.load.flows import database, expect, weekday_in
from tests.serving import server

pytestmark = pytest.mark.server

SUBMISSIONS = 200
WORKERS = 4
THREADS = 4
INBOX = "exploration@cds-snc.ca"


def seed_drafts(url: str, count: int) -> list[str]:
    """`count` complete drafts, each with its private link token."""
    from datetime import date

    from core.tokens import new_token
    from tests.factory import make_exploration

    tokens = []
    with database(url) as session:
        for index in range(count):
            token, token_hash = new_token()
            make_exploration(
                session,
                status="draft",
                people=(),
                to_confirm=[t.id for t in TOPICS],
                partner_token_hash=token_hash,
                lead_email=f"lead{index}@canada.ca",
                sponsor_title="Directrice générale",
                sponsor_email="sponsor@canada.ca",
                lead_language="fr" if index % 2 else "en",
                preferred_start=date.fromisoformat(weekday_in(45)),
                latest_start=date.fromisoformat(weekday_in(90)),
            )
            tokens.append(token)
        session.commit()
    return tokens


def test_notify_down_loses_nothing_and_sends_once(sqlite_database, figures):
    from core.outbox import OutboxMessage, deliver_due
    from core.timeutil import utcnow

    tokens = seed_drafts(sqlite_database, SUBMISSIONS)
    with FakeNotify(answer=500, record_anyway=True) as fake:
        env = {
            **fake.environment(NOTIFY_STAFF_EMAIL=INBOX),
            # A sync worker given threads becomes gunicorn's gthread worker.
            "GUNICORN_CMD_ARGS": f"--threads {THREADS}",
        }
        with server(sqlite_database, workers=WORKERS, env=env) as app_server:

            def submit(item: tuple[int, str]) -> int:
                index, token = item
                if index == SUBMISSIONS // 2:
                    fake.record_anyway = False  # from here on Notify refuses outright
                client = app_server.client()
                form = client.form(f"/en/request/{token}/check")
                response = client.submit(form, button=("action", "submit"))
                expect(response, 302, 303)
                return response.status

            with ThreadPoolExecutor(8) as pool:
                acked = sum(1 for _ in pool.map(submit, enumerate(tokens)))

        with database(sqlite_database) as session:
            stored = session.scalar(select(func.count()).select_from(OutboxMessage))
            queued = session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "queued")
            )
        reached_while_down = len(fake.received)

        fake.answer = 201  # Notify is back: the scheduled job (or the CLI) delivers
        app = make_test_app(sqlite_database, **fake.config(NOTIFY_STAFF_EMAIL=INBOX))
        delivered = 0
        with app.app_context():
            later = utcnow()
            for _round in range(5):
                later += timedelta(hours=7)
                counts = deliver_due(later)
                delivered += counts["sent"]
                if not counts["sent"] and not counts["queued"]:
                    break
        app.extensions["exploration.db"].engine.dispose()

        per_reference = fake.by_reference()
        duplicates = sum(count - 1 for count in per_reference.values() if count > 1)
        lost = stored - len(per_reference)

    figures(
        f"N1 notify-down submissions={SUBMISSIONS} acked={acked} emails={stored} "
        f"queued={queued} reached_while_down={reached_while_down} "
        f"delivered_after={delivered} duplicates={duplicates} lost={lost} "
        f"workers={WORKERS} threads={THREADS}"
    )
    assert acked == SUBMISSIONS
    assert stored == 2 * SUBMISSIONS  # a receipt and a staff message per submission
    assert queued == stored
    assert duplicates == 0 and lost == 0
    assert len(fake.to(INBOX)) == SUBMISSIONS
