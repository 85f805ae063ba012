"""Storing demo rows in bulk, so a thousand requests take seconds.

Rows go in with Core `insert()` executemany (COPY on PostgreSQL) in one transaction; the ids of
parents are reserved first, so children can point at them on SQLite and PostgreSQL alike.
Reference numbers continue after the ones already given and private links are fresh random
tokens, so demo data can be added to a database that already has requests, demo or real.
The benchmarks call `generate_rows()` and `insert_demo()` directly.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from core.auth import StaffUser, hash_password
from core.db import get_database
from core.tokens import new_token
from demo.bulk import bulk_insert, foreign_keys_checked_at_the_end
from demo.emails import seed_emails
from demo.outcome import seed_outcome
from demo.planning import seed_plans
from demo.retention import seed_retention
from demo.search import seed_search
from demo.seed import DemoRows, generate_rows
from intake.models import (
    STATUSES,
    DocumentStatus,
    Exploration,
    ReferenceCounter,
    Stakeholder,
    StakeholderTopic,
    StatusChange,
    TopicState,
)
from surveys.invitations import SurveyInvitation
from surveys.models import PracticeComment, Rating, Respondent

DEMO_ADMIN_EMAIL = "demo-admin@cds-snc.ca"


@dataclass
class DemoResult:
    explorations: int = 0
    stakeholders: int = 0
    documents: int = 0
    respondents: int = 0
    ratings: int = 0
    comments: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    sample_links: list[tuple[str, str]] = field(default_factory=list)  # (status, partner token)
    survey_token: str | None = None  # the link of an open survey
    respondent_token: str | None = None  # a colleague of an open survey, not yet submitted


def _assign_references(connection: Connection, rows: DemoRows) -> None:
    """Number the submitted requests by submission time, after any number already given."""
    query = select(ReferenceCounter.year, ReferenceCounter.last)
    counters = {year: last for year, last in connection.execute(query)}
    known = set(counters)
    order = sorted(
        (e["submitted_at"], i) for i, e in enumerate(rows.explorations) if e["submitted_at"]
    )
    for submitted_at, index in order:
        year = submitted_at.year
        counters[year] = counters.get(year, 0) + 1
        rows.explorations[index]["reference"] = f"EXP-{year}-{counters[year]:04d}"
    table = ReferenceCounter.__table__
    for year, last in counters.items():
        if year in known:
            connection.execute(table.update().where(table.c.year == year).values(last=last))
        else:
            connection.execute(insert(table), [{"year": year, "last": last}])


def _assign_links(rows: DemoRows) -> None:
    """Fresh private links (only their hashes are stored): the partner's, the survey's for
    every request past draft, and each colleague's."""
    for index, exploration in enumerate(rows.explorations):
        rows.tokens[index], exploration["partner_token_hash"] = new_token()
        if exploration["status"] != "draft":
            rows.survey_tokens[index], exploration["survey_token_hash"] = new_token()
        else:
            exploration["survey_token_hash"] = None
    rows.respondent_tokens = []
    for _index, respondent, _ratings, _comments in rows.respondents:
        token, respondent["token_hash"] = new_token()
        rows.respondent_tokens.append(token)


def reserve_ids(connection: Connection, table: Any, count: int) -> list[int]:
    """Ids for `count` new rows, taken before inserting so children can point at parents.

    PostgreSQL hands them out from the table's sequence (safe beside other writers); SQLite
    continues after the largest id, which the open write transaction keeps stable.
    """
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return [row[0] for row in connection.execute(query, {"table": table.name, "n": count})]
    last = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(last + 1, last + 1 + count))


def _with_parent(
    ids: list[int], children: list[tuple[int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    return [{**child, "exploration_id": ids[i]} for i, child in children]


def insert_demo(connection: Connection, rows: DemoRows) -> DemoResult:
    """Insert the rows in bulk on an open connection (the caller owns the transaction)."""
    _assign_references(connection, rows)
    _assign_links(rows)
    exploration_ids = rows.ids = reserve_ids(
        connection, Exploration.__table__, len(rows.explorations)
    )
    bulk_insert(
        connection,
        Exploration.__table__,
        [{**e, "id": id_} for id_, e in zip(exploration_ids, rows.explorations, strict=True)],
    )

    person_ids = reserve_ids(connection, Stakeholder.__table__, len(rows.stakeholders))
    bulk_insert(
        connection,
        Stakeholder.__table__,
        [
            {**person, "id": id_, "exploration_id": exploration_ids[i]}
            for id_, (i, person, _t) in zip(person_ids, rows.stakeholders, strict=True)
        ],
    )
    bulk_insert(
        connection,
        StakeholderTopic.__table__,
        [
            {"stakeholder_id": person_id, "topic_id": topic_id}
            for person_id, (_i, _p, topics) in zip(person_ids, rows.stakeholders, strict=True)
            for topic_id in topics
        ],
    )
    seed_search(connection, exploration_ids, rows, bulk_insert)
    bulk_insert(connection, TopicState.__table__, _with_parent(exploration_ids, rows.topic_states))
    bulk_insert(connection, DocumentStatus.__table__, _with_parent(exploration_ids, rows.documents))
    bulk_insert(
        connection, StatusChange.__table__, _with_parent(exploration_ids, rows.status_changes)
    )

    respondent_ids = reserve_ids(connection, Respondent.__table__, len(rows.respondents))
    bulk_insert(
        connection,
        Respondent.__table__,
        [
            {**r, "id": id_, "exploration_id": exploration_ids[i]}
            for id_, (i, r, _ra, _c) in zip(respondent_ids, rows.respondents, strict=True)
        ],
    )
    ratings: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for respondent_id, (_i, _r, cells, notes) in zip(respondent_ids, rows.respondents, strict=True):
        ratings.extend({**cell, "respondent_id": respondent_id} for cell in cells)
        comments.extend({**note, "respondent_id": respondent_id} for note in notes)
    bulk_insert(connection, Rating.__table__, ratings)
    bulk_insert(connection, PracticeComment.__table__, comments)
    bulk_insert(
        connection, SurveyInvitation.__table__, _invitations(rows, exploration_ids, respondent_ids)
    )

    result = _samples(rows)
    result.stakeholders = len(rows.stakeholders)
    result.documents = len(rows.documents)
    result.respondents = len(rows.respondents)
    result.ratings = len(ratings)
    result.comments = len(comments)
    return result


# The first colleagues of each survey were invited by email; the others had the shared link.
INVITED_BY_EMAIL = 2


def _invitations(
    rows: DemoRows, exploration_ids: list[int], respondent_ids: list[int]
) -> list[dict[str, Any]]:
    """Invitations as surveys.invitations keeps them: an address only while the invitation
    still waits for an answer on an open survey, and gone once the colleague submitted or the
    survey closed."""
    invited: list[dict[str, Any]] = []
    per_survey: dict[int, int] = defaultdict(int)
    for respondent_id, (index, respondent, _r, _c) in zip(
        respondent_ids, rows.respondents, strict=True
    ):
        per_survey[index] += 1
        if per_survey[index] > INVITED_BY_EMAIL:
            continue
        exploration = rows.explorations[index]
        waiting = exploration["survey_open"] and respondent["submitted_at"] is None
        domain = (exploration.get("lead_email") or "@example.gc.ca").rpartition("@")[2]
        invited.append(
            {
                "exploration_id": exploration_ids[index],
                "respondent_id": respondent_id,
                "email": f"colleague{per_survey[index]}@{domain}" if waiting else None,
                "invited_at": respondent["created_at"],
                "reminded_at": None,
            }
        )
    return invited


def _samples(rows: DemoRows) -> DemoResult:
    """Counts by status, and one private link per status (plus a survey link and a colleague's
    link on an open survey) so a newcomer can open each kind of page."""
    result = DemoResult(explorations=len(rows.explorations))
    by_status: dict[str, int] = defaultdict(int)
    first: dict[str, int] = {}
    for index, exploration in enumerate(rows.explorations):
        by_status[exploration["status"]] += 1
        first.setdefault(exploration["status"], index)
    result.by_status = dict(by_status)
    result.sample_links = [(s, rows.tokens[first[s]]) for s in STATUSES if s in first]
    open_surveys = {i for i, e in enumerate(rows.explorations) if e["survey_open"]}
    for number, (index, respondent, _ratings, _comments) in enumerate(rows.respondents):
        if index in open_surveys and respondent["submitted_at"] is None:
            result.survey_token = rows.survey_tokens[index]
            result.respondent_token = rows.respondent_tokens[number]
            break
    return result


def ensure_demo_admin(connection: Connection) -> str | None:
    """Create the demo admin account when there is no staff account; return its password."""
    if connection.execute(select(func.count()).select_from(StaffUser)).scalar_one():
        return None
    password = secrets.token_urlsafe(12)
    admin = {
        "email": DEMO_ADMIN_EMAIL,
        "name": "Demo administrator",
        "password_hash": hash_password(password),
        "role": "admin",
        "active": True,
        "language": "en",
    }
    connection.execute(insert(StaffUser), [admin])
    return password


def run_demo(
    n_explorations: int,
    n_respondents: int,
    seed: int,
    *,
    if_empty: bool = False,
    threshold: int = 3,
) -> tuple[DemoResult | None, str | None]:
    """Generate and insert in one transaction; (None, None) when --if-empty finds data.

    A database that already has requests gets a new batch drawn from the seed and the number of
    requests present, so running the command again adds requests rather than repeating them.
    """
    engine = get_database().engine
    with engine.begin() as connection:
        present = connection.execute(select(func.count()).select_from(Exploration)).scalar_one()
        if if_empty and present:
            return None, None
        rows = generate_rows(
            n_explorations, n_respondents, seed, start=present, threshold=threshold
        )
        with foreign_keys_checked_at_the_end(connection):
            result = insert_demo(connection, rows)
            seed_emails(connection, rows)
            password = ensure_demo_admin(connection)
            seed_plans(connection, seed)
            seed_retention(connection)  # demo.retention: a purged request, a warning, a hold
            seed_outcome(connection, rows, seed)
    return result, password
