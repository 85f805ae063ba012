"""Every route, every method, hostile input: never a 5xx, never a row stored by a refused
request, never a change made by a caller without the right to make it.

The routes come from the app's own url_map, so a new page is walked without anyone adding it
here. For each (route, method), Hypothesis draws a request from a family of hostile inputs:
odd Unicode digits and huge integers in the URL, query names that collide with url_for's and the
view's own arguments, nameless and duplicate multipart parts, invalid UTF-8, empty and oversized
values, for three callers (a stranger with no cookie, the partner whose links these are, a
signed-in admin), with the caller's real CSRF token or without, so hostile fields reach the
views and not only the CSRF check. The fields sent are not a form's own (those are covered by
test_forms.py, where a draft step keeps what was typed even when it answers 400 with messages),
so a refusal here must leave every table as it was. The run ends with one line of figures.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.routing import Rule

from core.db import Base
from tests.conftest import FIGURES, finish_jobs, make_test_app
from tests.robustness.world import World, build_world

# Tables a refused request may still write to, on purpose: the audit log records refused
# sign-ins, and a staff session's last_seen moves with every request of a signed-in caller.
JOURNAL_TABLES = {"audit_events", "staff_sessions"}
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

HOSTILE_PARTS = st.sampled_from(
    [
        "²",
        "٣",
        "１２",
        "9223372036854775808",
        "99999999999999999999",
        "-1",
        "0",
        "",
        "x" * 3000,
        "%00",
        "..",
        "%E2%80%AE",
        "%FF%FE",
        "EXP-2026-0001",
    ]
)
COLLIDING_NAMES = st.sampled_from(
    [
        "token",
        "step",
        "endpoint",
        "_method",
        "_anchor",
        "_external",
        "_scheme",
        "lang",
        "version",
        "page",
        "action",
        "next",
        "from",
        "topic",
        "exploration",
        "person_id",
        "csrf_token",
        "switch_lang",
    ]
)
VALUES = st.one_of(HOSTILE_PARTS, st.text(max_size=40), st.just("remove:²:policy"))
QUERY = st.lists(st.tuples(COLLIDING_NAMES, VALUES), max_size=4)


BOUNDARY = "xYz"
MULTIPART = "multipart/form-data; boundary=" + BOUNDARY
URLENCODED = "application/x-www-form-urlencoded"
BODY_KINDS = st.sampled_from(
    ["none", "fields", "multipart", "nameless", "duplicate", "bad_utf8", "huge"]
)
PAIRS = st.lists(st.tuples(COLLIDING_NAMES, VALUES), max_size=5)


def _part(name: str | None, value: str) -> str:
    disposition = "form-data" + (f'; name="{name}"' if name is not None else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n"


def _body(kind: str, pairs: list[tuple[str, str]], csrf: str | None) -> tuple[bytes, str | None]:
    """A request body of `kind`, with the caller's real CSRF token when it has one, so that the
    hostile fields reach the view and not only the CSRF check."""
    if csrf is not None:
        pairs = [("csrf_token", csrf), *pairs]
    encode = lambda text: text.encode("utf-8", "surrogatepass")  # noqa: E731
    if kind == "none":
        return b"", None
    if kind == "fields":
        return encode("&".join(f"{n}={v}" for n, v in pairs)), URLENCODED
    if kind == "bad_utf8":
        return encode("&".join(f"{n}={v}" for n, v in pairs)) + b"&x=\xff\xfe\xc3(", URLENCODED
    if kind == "huge":
        return b"problem=" + b"a" * 300_000, URLENCODED
    parts = [_part(n, v) for n, v in pairs]
    if kind == "nameless":
        parts.append(_part(None, "value"))
    if kind == "duplicate" and pairs:
        parts.append(_part(pairs[-1][0], "a second value"))
    return encode("".join(parts) + f"--{BOUNDARY}--\r\n"), MULTIPART


def _routes() -> list[tuple[str, str]]:
    app = make_test_app("sqlite://")
    pairs = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in METHODS:
            pairs.append((rule.rule, method))
    return sorted(set(pairs))


ROUTES = _routes()
TRIED = {"requests": 0, "errors_5xx": 0, "stored_from_refused": 0, "changed_by_stranger": 0}


def _fill(rule: Rule, world: World, parts: list[str], use_real: list[bool]) -> str:
    real = world.values_for(rule) or {}
    names = list(rule.arguments)
    path = rule.rule
    for index, name in enumerate(names):
        value = real.get(name) if use_real[index % len(use_real)] else None
        chosen = str(value) if value is not None else parts[index % len(parts)]
        path = re.sub(rf"<(?:[^:<>]+:)?{re.escape(name)}>", chosen or "x", path, count=1)
    return path


def _digest(world: World) -> str:
    """A fingerprint of every table but the journals, to see whether a request stored anything."""
    engine = world.app.extensions["exploration.db"].engine
    digest = hashlib.sha256()
    names = [t.name for t in Base.metadata.sorted_tables if t.name not in JOURNAL_TABLES]
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # Each table's rows as text, hashed by the server, in one round trip (one query
            # per table took most of the test's minute on PostgreSQL).
            query = " UNION ALL ".join(
                f"SELECT '{name}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
                f' FROM "{name}" AS x'
                for name in names
            )
            digest.update(repr(connection.execute(text(query)).all()).encode())
            return digest.hexdigest()
        for table in Base.metadata.sorted_tables:
            if table.name in JOURNAL_TABLES:
                continue
            order = ", ".join(c.name for c in table.primary_key.columns) or "1"
            for row in connection.execute(text(f"SELECT * FROM {table.name} ORDER BY {order}")):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def _figures():
    yield
    FIGURES.append(
        f"R1 routes x methods={len(ROUTES)} inputs tried={TRIED['requests']} "
        f"errors_5xx={TRIED['errors_5xx']} stored_from_refused={TRIED['stored_from_refused']} "
        f"changed_by_stranger={TRIED['changed_by_stranger']}"
    )


def test_hostile_requests_never_fail_or_store(app):
    world = build_world(app)
    clients = {
        "stranger": (world.app.test_client, None),
        "partner": (
            lambda: world.partner,
            world.partner.csrf_token(f"/en/request/{world.draft.token}/context"),
        ),
        "staff": (lambda: world.staff, world.staff.csrf_token("/en/staff/account")),
    }
    rules = {r.rule: r for r in app.url_map.iter_rules()}
    for pattern, method in ROUTES:
        _walk(world, clients, rules[pattern], method)


def _walk(world: World, clients: dict, rule: Rule, method: str) -> None:
    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        parts=st.lists(HOSTILE_PARTS, min_size=1, max_size=3),
        use_real=st.lists(st.booleans(), min_size=1, max_size=3),
        query=QUERY,
        kind=BODY_KINDS,
        pairs=PAIRS,
        with_csrf=st.booleans(),
        caller=st.sampled_from(sorted(clients)),
    )
    def attempt(parts, use_real, query, kind, pairs, with_csrf, caller):
        path = _fill(rule, world, parts, use_real)
        make_client, csrf = clients[caller]
        client = make_client()
        # Nothing else writes between two attempts: the last attempt's "after" is this "before".
        before = world.extra.get("digest") or _digest(world)
        kwargs = {"query_string": query}
        if method not in {"GET", "HEAD", "OPTIONS"}:
            data, content_type = _body(kind, pairs, csrf if with_csrf else None)
            kwargs.update(data=data, content_type=content_type)
        response = client.open(path, method=method, **kwargs)
        finish_jobs(world.app)  # what a started export stores is this request's doing
        TRIED["requests"] += 1
        if response.status_code >= 500:
            TRIED["errors_5xx"] += 1
        after = world.extra["digest"] = _digest(world)
        changed = after != before
        if changed and response.status_code >= 400:
            TRIED["stored_from_refused"] += 1
        if changed and caller == "stranger":
            TRIED["changed_by_stranger"] += 1
        assert response.status_code < 500, (method, path, query, kind, response.status_code)
        assert not (changed and response.status_code >= 400), (method, path, "stored, refused")
        assert not (changed and caller == "stranger"), (method, path, "a stranger changed data")

    attempt()
