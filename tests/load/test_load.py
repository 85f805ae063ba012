"""L1, L2, L4 and F1: many people at once, and a worker killed in the middle, lose nothing.

L1  2,000 intake step submissions (each creates a draft: GET the organization step, POST it
    with a unique marker as the lead's name) from 32 concurrent clients against 4 workers on
    SQLite: every acknowledged submission is stored exactly once, no server error.
L2  8 clients x 100 edits of the same request: no lost update. Every client re-reads the step
    before each edit; an acknowledged edit moved the version by exactly one, a refused one is a
    409 page that shows the value the client typed.
L4  L1 and the 30-respondent survey run (L3) against PostgreSQL (TEST_DATABASE_URL).
F1  a worker killed with SIGKILL during L1: clients retry a failed POST with the same form
    (same submission key), and still every acknowledged submission is stored exactly once.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from core.tokens import hash_token
from tests.load import flows
from tests.serving import GunicornServer, HttpClient

LOAD_ENV = {
    "PUBLIC_POST_LIMIT": "1000000 per minute",
    "LINK_MISS_LIMIT": "1000000 per minute",
    "SIGNIN_LIMIT": "1000 per minute",
}
RETRIES = 6

pytestmark = pytest.mark.server


@dataclass
class Tally:
    """What the clients saw; every field is updated under `lock`."""

    acked: dict[str, str | None] = field(default_factory=dict)  # marker -> private link token
    refused: Counter = field(default_factory=Counter)  # 4xx status -> count
    errors_5xx: int = 0
    connection_errors: int = 0
    retried: int = 0
    given_up: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _with_retries(call: Callable[[], flows.Response], tally: Tally) -> flows.Response | None:
    """Call again after a dropped connection (a killed worker): a browser's retry, same body."""
    for attempt in range(RETRIES):
        try:
            return call()
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.connection_errors += 1
                tally.retried += attempt < RETRIES - 1
            time.sleep(0.2 * (attempt + 1))
    return None


def intake_client(base_url: str, name: str, count: int, tally: Tally) -> None:
    """One person starting `count` requests: the organization step's form is read once (its
    CSRF token and fields); each submission carries a fresh submission key, as a new visit to
    the page would, and a retry after a dropped connection carries the same key again."""
    client = HttpClient(base_url, timeout=30)
    form = None
    for _attempt in range(RETRIES):
        try:
            form = flows.organization_form(client)
            break
        except (OSError, http.client.HTTPException, AssertionError):
            with tally.lock:
                tally.connection_errors += 1
            time.sleep(0.5)
    for index in range(count):
        marker = f"{name}-{index:04d}"
        if form is None:
            with tally.lock:
                tally.given_up.append(marker)
            continue
        fields = {**flows.ORGANIZATION, "lead_name": marker, "submission_key": flows.new_key()}
        response = _with_retries(lambda f=fields: client.submit(form, f), tally)
        with tally.lock:
            if response is None:
                tally.given_up.append(marker)
            elif response.status >= 500:
                tally.errors_5xx += 1
            elif response.status < 400:
                match = flows.TOKEN_IN_PATH.search(response.location or "")
                tally.acked[marker] = match.group(1) if match else None
            else:
                tally.refused[response.status] += 1


def run_intake_load(
    server: GunicornServer,
    clients: int,
    submissions: int,
    prefix: str,
    during: Callable[[], None] | None = None,
) -> Tally:
    tally = Tally()
    shares = [submissions // clients + (n < submissions % clients) for n in range(clients)]
    with ThreadPoolExecutor(max_workers=clients + 1) as pool:
        futures = [
            pool.submit(intake_client, server.base_url, f"{prefix}{n:02d}", share, tally)
            for n, share in enumerate(shares)
        ]
        side = pool.submit(during) if during is not None else None
        for future in futures:
            future.result(timeout=240)
        if side is not None:
            side.result(timeout=60)
    return tally


def stored_markers(url: str, prefix: str) -> dict[str, list[str | None]]:
    """marker -> the partner link hashes of the rows that hold it."""
    from intake.models import Exploration

    with flows.database(url) as session:
        rows = session.execute(
            select(Exploration.lead_name, Exploration.partner_token_hash).where(
                Exploration.lead_name.like(f"{prefix}%")
            )
        ).all()
    stored: dict[str, list[str | None]] = {}
    for marker, token_hash in rows:
        stored.setdefault(marker, []).append(token_hash)
    return stored


def check_intake(name: str, url: str, prefix: str, tally: Tally, expected: int, figures) -> None:
    stored = stored_markers(url, prefix)
    duplicates = sum(len(hashes) - 1 for hashes in stored.values())
    lost = [marker for marker in tally.acked if marker not in stored]
    wrong_link = [
        marker
        for marker, token in tally.acked.items()
        if marker in stored and (token is None or hash_token(token) not in stored[marker])
    ]
    figures(
        f"{name} acked={len(tally.acked)} stored={len(stored)} lost={len(lost)} "
        f"duplicates={duplicates} errors_5xx={tally.errors_5xx} refused={dict(tally.refused)} "
        f"connection_errors={tally.connection_errors} retried={tally.retried} "
        f"given_up={len(tally.given_up)}"
    )
    assert tally.errors_5xx == 0
    assert not lost, lost[:5]
    assert duplicates == 0
    assert not wrong_link, wrong_link[:5]
    assert not tally.refused, tally.refused
    assert not tally.given_up, tally.given_up[:5]
    assert len(tally.acked) == expected


def test_l1_intake_submissions_stored_exactly_once(sqlite_database, figures):
    started = time.monotonic()
    with GunicornServer(sqlite_database, workers=4, env=LOAD_ENV) as server:
        tally = run_intake_load(server, clients=32, submissions=2000, prefix="L1-")
        logs = server.logs()
    check_intake("L1 sqlite", sqlite_database, "L1-", tally, 2000, figures)
    figures(f"L1 sqlite took {time.monotonic() - started:.1f}s")
    assert "Traceback" not in logs


def test_f1_worker_killed_during_load_loses_nothing(sqlite_database, figures):
    kills: list[int] = []

    with GunicornServer(sqlite_database, workers=4, env=LOAD_ENV) as server:

        def kill_workers() -> None:
            # Kill a worker twice while the clients are busy; the master starts new ones.
            for _ in range(2):
                time.sleep(2.0)
                kills.append(server.kill_worker())

        tally = run_intake_load(
            server, clients=32, submissions=640, prefix="F1-", during=kill_workers
        )
        workers_after = len(server.worker_pids())
    assert len(kills) == 2
    figures(f"F1 killed_workers={len(kills)} workers_after={workers_after}")
    check_intake("F1 sqlite", sqlite_database, "F1-", tally, 640, figures)


def test_l2_concurrent_edits_lose_no_update(sqlite_database, figures):
    run_concurrent_edits(sqlite_database, figures, "L2 sqlite")


def run_concurrent_edits(url: str, figures, name: str, clients: int = 8, edits: int = 100) -> None:
    """Each client: GET the context step (its version), POST its own marker as the problem."""
    from core.audit import AuditEvent
    from intake.models import Exploration

    with GunicornServer(url, workers=4, env=LOAD_ENV) as server:
        _response, token = flows.create_draft(HttpClient(server.base_url), "L2 Lead")
        assert token, "the draft was not created"
        with flows.database(url) as session:
            exploration = session.scalars(
                select(Exploration).where(Exploration.partner_token_hash == hash_token(token))
            ).one()
            start_version = exploration.version
            exploration_id = exploration.id
        lock = threading.Lock()
        acked: dict[int, str] = {}  # version the edit started from -> marker
        refused_ok = 0
        refused_bad: list[str] = []
        errors_5xx = 0
        other: Counter = Counter()

        def editor(number: int) -> None:
            nonlocal refused_ok, errors_5xx
            client = HttpClient(server.base_url, timeout=30)
            for index in range(edits):
                marker = f"L2-{number}-{index:03d}-problème"
                form = flows.step_form(client, token, "context")
                version = int(form.get("version") or 0)
                response = client.submit(
                    form,
                    {
                        "service_name": "Service L2",
                        "problem": marker,
                        "users": "Des gens",
                        "impact": "Beaucoup",
                        "why_now": "Maintenant",
                    },
                )
                with lock:
                    if response.status in {302, 303}:
                        assert version not in acked, f"version {version} acknowledged twice"
                        acked[version] = marker
                    elif response.status == 409:
                        if marker in response.text:
                            refused_ok += 1
                        else:
                            refused_bad.append(marker)
                    elif response.status >= 500:
                        errors_5xx += 1
                    else:
                        other[response.status] += 1

        with ThreadPoolExecutor(max_workers=clients) as pool:
            for future in [pool.submit(editor, n) for n in range(clients)]:
                future.result(timeout=240)

    with flows.database(url) as session:
        exploration = session.get(Exploration, exploration_id)
        final_version, final_problem = exploration.version, exploration.problem
        saves = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.exploration_id == exploration_id,
                AuditEvent.action == "request.saved",
                AuditEvent.detail == "context",
            )
        )
    expected_versions = set(range(start_version, final_version))
    lost = len(expected_versions) - len(acked)
    figures(
        f"{name} edits={clients * edits} acked={len(acked)} refused_409_with_input={refused_ok} "
        f"refused_409_without_input={len(refused_bad)} lost_updates={lost} "
        f"version={start_version}->{final_version} audit_saves={saves} errors_5xx={errors_5xx} "
        f"other={dict(other)}"
    )
    assert errors_5xx == 0
    assert not other, other
    assert not refused_bad, refused_bad[:3]
    assert len(acked) + refused_ok == clients * edits
    # Every acknowledged edit moved the version by one, and nothing else did: no lost update.
    assert set(acked) == expected_versions
    assert saves == len(acked)
    # The stored text is the last acknowledged edit's, exactly.
    assert final_problem == acked[final_version - 1]
    assert len(acked) > 0


def test_l4_intake_submissions_on_postgresql(postgres_database, figures):
    with GunicornServer(postgres_database, workers=4, env=LOAD_ENV) as server:
        tally = run_intake_load(server, clients=32, submissions=2000, prefix="L4-")
    check_intake("L4 postgresql", postgres_database, "L4-", tally, 2000, figures)


def test_l4_survey_respondents_on_postgresql(postgres_database, figures):
    run_survey_respondents(postgres_database, figures, "L4 survey postgresql")


def run_survey_respondents(url: str, figures, name: str, respondents: int = 30) -> None:
    """30 people open the survey link at the same moment and submit a complete grid."""
    from surveys.models import Rating, Respondent

    seeded = flows.seed_exploration(url)
    barrier = threading.Barrier(respondents)
    done: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    with GunicornServer(url, workers=4, env=LOAD_ENV) as server:

        def respondent(number: int) -> None:
            client = HttpClient(server.base_url, timeout=30)
            try:
                barrier.wait(timeout=30)
                token = flows.start_respondent(client, seeded.survey_token)
                flows.answer_survey(client, token, level=1 + number % 4)
                with lock:
                    done.append(token)
            except Exception as error:
                with lock:
                    errors.append(repr(error))

        with ThreadPoolExecutor(max_workers=respondents) as pool:
            for future in [pool.submit(respondent, n) for n in range(respondents)]:
                future.result(timeout=240)

    with flows.database(url) as session:
        submitted = session.scalar(
            select(func.count())
            .select_from(Respondent)
            .where(
                Respondent.exploration_id == seeded.exploration_id,
                Respondent.submitted_at.is_not(None),
            )
        )
        ratings = session.scalar(
            select(func.count())
            .select_from(Rating)
            .join(Respondent)
            .where(Respondent.exploration_id == seeded.exploration_id)
        )
    cells = len(flows.practice_ids()) * len(flows.role_ids())
    figures(
        f"{name} respondents={respondents} completed={len(done)} stored_submitted={submitted} "
        f"ratings={ratings}/{respondents * cells} errors={len(errors)}"
    )
    assert not errors, errors[:3]
    assert submitted == respondents
    assert ratings == respondents * cells
