"""Signing in and out: sessions rotate at sign-in, end on the server at sign-out, when the
account is disabled and when its password changes (a replayed cookie gets the sign-in page),
and expire after inactivity. Sign-in is rate limited per client and per account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from core.audit import AuditEvent
from core.auth import StaffSession, StaffUser
from core.db import db
from core.timeutil import utcnow
from tests import factory, markup
from tests.conftest import html, sign_in
from tests.markup import link_targets
from tests.staff.helpers import is_sign_in_redirect, post_sign_in

COOKIE = "exploration_session"
NEW_PASSWORD = "another perfectly long passphrase"


def cookie_of(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def replay(app, value: str):
    """A fresh client carrying an old cookie, asking for the dashboard."""
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other.get("/en/staff/")


def age_sessions(app, minutes: int) -> None:
    """Pretend the last request of every session was `minutes` ago."""
    with app.app_context():
        for row in db.scalars(select(StaffSession)):
            row.last_seen = utcnow() - timedelta(minutes=minutes)
        db.commit()


def sessions_of(app, user_id: int) -> int:
    with app.app_context():
        return db.scalar(
            select(func.count()).select_from(StaffSession).where(StaffSession.user_id == user_id)
        )


def test_sign_in_opens_the_dashboard_and_records_it(app, client):
    user_id = factory.staff_account(app, "viewer")
    response = post_sign_in(client, factory.staff_email(app, user_id).upper())
    assert response.status_code == 302 and response.location == "/en/staff/"
    assert client.get("/en/staff/").status_code == 200
    assert sessions_of(app, user_id) == 1
    with app.app_context():
        events = db.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in")).all()
        assert [(e.actor_kind, e.actor_id) for e in events] == [("staff", user_id)]


@pytest.mark.parametrize("case", ["wrong password", "unknown account", "disabled account"])
def test_refused_sign_in_says_the_same_thing_whatever_the_reason(app, client, case):
    user_id = factory.staff_account(app, "viewer", active=case != "disabled account")
    email = factory.staff_email(app, user_id) if case != "unknown account" else "nobody@cds-snc.ca"
    password = "not the right password" if case == "wrong password" else factory.PASSWORD
    response = post_sign_in(client, email, password)
    assert response.status_code == 400
    page = html(response)
    assert "The email address or password is not right, or the account is disabled." in page
    assert 'class="error-summary"' in page and "<title>Error:" in page
    assert f'value="{email}"' in page  # what was typed stays, except the password
    assert factory.PASSWORD not in page and "not the right password" not in page
    assert is_sign_in_redirect(client.get("/en/staff/"))
    with app.app_context():
        assert db.scalar(select(func.count()).select_from(StaffSession)) == 0
        actions = db.scalars(select(AuditEvent.action)).all()
        assert actions == ["sign_in_failed"]


def test_empty_fields_get_messages_next_to_them(app, client):
    response = client.post(
        "/en/staff/sign-in",
        data={"csrf_token": client.csrf_token("/en/staff/sign-in"), "email": "", "password": ""},
    )
    assert response.status_code == 400
    page = html(response)
    assert 'id="email-error"' in page and 'id="password-error"' in page
    assert {"#email", "#password"} <= set(link_targets(page))


def test_sign_in_without_the_csrf_token_is_refused(app, client):
    user_id = factory.staff_account(app, "viewer")
    response = client.post(
        "/en/staff/sign-in",
        data={"email": factory.staff_email(app, user_id), "password": factory.PASSWORD},
    )
    assert response.status_code == 400
    assert is_sign_in_redirect(client.get("/en/staff/"))


def test_session_is_rotated_at_sign_in(app, client):
    """A cookie planted before sign-in (session fixation) never becomes signed in."""
    user_id = factory.staff_account(app, "viewer")
    client.get("/en/staff/sign-in")
    planted = cookie_of(client)
    post_sign_in(client, factory.staff_email(app, user_id))
    assert cookie_of(client) != planted
    assert is_sign_in_redirect(replay(app, planted))
    first = cookie_of(client)
    # Signing in again (another browser) gives another server-side session.
    other = app.test_client()
    post_sign_in(other, factory.staff_email(app, user_id))
    assert cookie_of(other) != first
    assert sessions_of(app, user_id) == 2


def test_signed_in_visitor_of_the_sign_in_page_goes_to_the_dashboard(app, client):
    sign_in(app, client, "viewer")
    response = client.get("/en/staff/sign-in")
    assert response.status_code == 302 and response.location == "/en/staff/"


def test_cookie_replayed_after_sign_out_gets_the_sign_in_page(app, client):
    user_id = sign_in(app, client, "viewer")
    stolen = cookie_of(client)
    assert replay(app, stolen).status_code == 200
    response = client.submit("/en/staff/sign-out", {}, form_url="/en/staff/")
    assert is_sign_in_redirect(response)
    assert "You have signed out." in html(client.get(response.location))
    assert sessions_of(app, user_id) == 0
    assert is_sign_in_redirect(replay(app, stolen))
    assert is_sign_in_redirect(client.get("/en/staff/"))


def test_cookie_replayed_after_the_account_is_disabled_gets_the_sign_in_page(app, client):
    target = app.test_client()
    target_id = sign_in(app, target, "editor")
    stolen = cookie_of(target)
    sign_in(app, client, "admin")
    response = client.submit(
        f"/en/staff/accounts/{target_id}",
        {"name": "", "role": "editor", "access": "disabled"},
        form_url=f"/en/staff/accounts/{target_id}",
    )
    assert response.status_code == 302
    assert sessions_of(app, target_id) == 0
    assert is_sign_in_redirect(target.get("/en/staff/"))
    assert is_sign_in_redirect(replay(app, stolen))
    # ... and the account cannot sign in again.
    assert post_sign_in(app.test_client(), factory.staff_email(app, target_id)).status_code == 400


def test_a_disabled_flag_alone_ends_the_session(app, client):
    """Even without the sessions being deleted (another process disabled the account)."""
    user_id = sign_in(app, client, "viewer")
    with app.app_context():
        db.execute(update(StaffUser).where(StaffUser.id == user_id).values(active=False))
        db.commit()
    assert is_sign_in_redirect(client.get("/en/staff/"))


def test_changing_your_password_ends_your_other_sessions(app, client):
    user_id = sign_in(app, client, "viewer")
    email = factory.staff_email(app, user_id)
    elsewhere = app.test_client()
    post_sign_in(elsewhere, email)
    before = cookie_of(client)
    response = client.submit(
        "/en/staff/account/password",
        {"current": factory.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        form_url="/en/staff/account",
    )
    assert response.status_code == 302 and response.location == "/en/staff/account"
    assert "Your password was changed." in html(client.get("/en/staff/account"))
    assert is_sign_in_redirect(elsewhere.get("/en/staff/"))
    assert is_sign_in_redirect(replay(app, before))
    assert sessions_of(app, user_id) == 1
    assert post_sign_in(app.test_client(), email, factory.PASSWORD).status_code == 400
    assert post_sign_in(app.test_client(), email, NEW_PASSWORD).status_code == 302


def test_a_password_change_elsewhere_ends_the_session_even_if_rows_remain(app, client):
    """Sessions opened before the password changed are refused on their creation time."""
    user_id = sign_in(app, client, "viewer")
    with app.app_context():
        later = db.scalar(select(StaffSession.created_at)) + timedelta(seconds=1)
        db.execute(
            update(StaffUser).where(StaffUser.id == user_id).values(password_changed_at=later)
        )
        db.commit()
    assert is_sign_in_redirect(client.get("/en/staff/"))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"current": "wrong password!!", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
            "current",
            "Your current password is not right.",
        ),
        (
            {"current": factory.PASSWORD, "password": "short", "confirm": "short"},
            "password",
            "at least 12 characters",
        ),
        (
            {"current": factory.PASSWORD, "password": "password1234", "confirm": "password1234"},
            "password",
            "too common",
        ),
        (
            {"current": factory.PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"},
            "confirm",
            "not the same",
        ),
    ],
)
def test_password_change_is_refused_with_a_message(app, client, data, field, message):
    user_id = sign_in(app, client, "viewer")
    response = client.submit("/en/staff/account/password", data, form_url="/en/staff/account")
    assert response.status_code == 400
    page = html(response)
    assert message in page and f'id="{field}-error"' in page
    assert sessions_of(app, user_id) == 1
    assert client.get("/en/staff/").status_code == 200


@pytest.mark.app_config(STAFF_SESSION_IDLE_MINUTES=5)
def test_sessions_expire_after_inactivity(app, client):
    user_id = sign_in(app, client, "viewer")
    age_sessions(app, minutes=4)
    assert client.get("/en/staff/").status_code == 200  # still within 5 minutes
    age_sessions(app, minutes=6)
    assert is_sign_in_redirect(client.get("/en/staff/"))
    assert sessions_of(app, user_id) == 0


def test_activity_keeps_the_session_alive(app, client):
    sign_in(app, client, "viewer")
    with app.app_context():
        stale = db.scalar(select(StaffSession.last_seen)) - timedelta(minutes=30)
        db.execute(update(StaffSession).values(last_seen=stale))
        db.commit()
    assert client.get("/en/staff/").status_code == 200
    with app.app_context():
        assert db.scalar(select(StaffSession.last_seen)) > stale + timedelta(minutes=29)


# --- Rate limiting -----------------------------------------------------------------------


def _attempt(client, email, password=None, ip="10.0.0.1"):
    password = password or "wrong password, again"
    token = client.csrf_token("/en/staff/sign-in")
    return client.post(
        "/en/staff/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGNIN_LIMIT="3 per minute")
def test_sign_in_is_limited_per_client(app, client):
    user_id = factory.staff_account(app, "viewer")
    for n in range(3):
        assert _attempt(client, f"someone{n}@cds-snc.ca").status_code == 400
    refused = _attempt(client, factory.staff_email(app, user_id), factory.PASSWORD)
    assert refused.status_code == 429
    page = html(refused)
    assert "Too many sign-in attempts" in page and "Trop de tentatives de connexion" in page
    assert 'lang="fr"' in page
    assert is_sign_in_redirect(client.get("/en/staff/"))
    # Another client address, another account: not limited.
    other = app.test_client()
    assert (
        _attempt(
            other, factory.staff_email(app, user_id), factory.PASSWORD, ip="10.0.0.2"
        ).status_code
        == 302
    )


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGNIN_LIMIT="3 per minute")
def test_sign_in_is_limited_per_account_whatever_the_address_or_case(app, client):
    user_id = factory.staff_account(app, "viewer")
    email = factory.staff_email(app, user_id)
    for n, variant in enumerate([email, email.upper(), f"  {email.title()} "]):
        assert _attempt(app.test_client(), variant, ip=f"10.0.1.{n}").status_code == 400
    refused = _attempt(app.test_client(), email, factory.PASSWORD, ip="10.0.1.99")
    assert refused.status_code == 429
    # The limit is on that account only.
    other_id = factory.staff_account(app, "viewer")
    assert (
        _attempt(
            app.test_client(), factory.staff_email(app, other_id), factory.PASSWORD, ip="10.0.1.98"
        ).status_code
        == 302
    )


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGNIN_LIMIT="3 per minute")
def test_successful_sign_ins_and_language_switches_do_not_count(app, client):
    user_id = factory.staff_account(app, "viewer")
    email = factory.staff_email(app, user_id)
    for _ in range(4):
        other = app.test_client()
        assert _attempt(other, email, factory.PASSWORD).status_code == 302
    for _ in range(4):  # the language toggle posts the form elsewhere (core.kept_typing)
        token = client.csrf_token("/en/staff/sign-in")
        switched = client.post(
            "/en/keep-typed",
            query_string={"page": "/fr/staff/sign-in", "form": "sign-in-form"},
            data={"csrf_token": token, "email": email, "switch_lang": "fr"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        assert switched.status_code == 303


# --- Language ----------------------------------------------------------------------------


def test_the_language_toggle_on_sign_in_keeps_the_email_and_never_the_password(app, client):
    page = html(client.get("/en/staff/sign-in?next=/en/staff/audit"))
    [toggle] = markup.parse(page).xpath("//button[@name='switch_lang']")
    assert toggle.get("form") == "sign-in-form"
    response = client.post(
        toggle.get("formaction"),
        data={
            "csrf_token": markup.csrf_token(page),
            "email": "marie@cds-snc.ca",
            "password": "typed secret",
            "switch_lang": "fr",
        },
    )
    assert response.status_code == 303
    assert response.location == "/fr/staff/sign-in?next=/en/staff/audit"
    page = html(client.get(response.location))
    assert '<html lang="fr">' in page and 'value="marie@cds-snc.ca"' in page
    assert "typed secret" not in page
    assert "Se connecter" in page or "Ouvrir une session" in page


def test_the_language_used_is_remembered(app, client):
    user_id = factory.staff_account(app, "viewer", language="en")
    response = post_sign_in(client, factory.staff_email(app, user_id), lang="fr")
    assert response.location == "/fr/staff/"
    with app.app_context():
        assert db.get(StaffUser, user_id).language == "fr"
    assert client.get("/staff/").location == "/fr/staff/"
    assert '<html lang="en">' in html(client.get("/en/staff/"))
    with app.app_context():
        assert db.get(StaffUser, user_id).language == "en"
    assert client.get("/staff/").location == "/en/staff/"


def test_the_entry_without_a_language_sends_anonymous_visitors_to_sign_in(app, client):
    response = client.get("/staff/", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert response.status_code == 302 and response.location == "/fr/staff/sign-in"


# --- Strangers cannot lock an owner out (known devices) ----------------------------------


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGNIN_LIMIT="3 per minute")
def test_strangers_out_of_tries_do_not_lock_the_owner_out(app, client):
    user_id = factory.staff_account(app, "viewer")
    email = factory.staff_email(app, user_id)
    owner = app.test_client()
    assert (
        _attempt(owner, email, factory.PASSWORD, ip="10.0.2.1").status_code == 302
    )  # known browser
    owner.post("/en/staff/sign-out", data={"csrf_token": owner.csrf_token("/en/staff/")})
    for n in range(3):
        assert _attempt(app.test_client(), email, ip=f"10.0.3.{n}").status_code == 400
    stranger = _attempt(app.test_client(), email, factory.PASSWORD, ip="10.0.3.50")
    assert stranger.status_code == 429  # the right password from an unknown browser: refused
    assert _attempt(owner, email, factory.PASSWORD, ip="10.0.2.1").status_code == 302
    with app.app_context():
        notices = db.scalars(
            select(AuditEvent).where(AuditEvent.action == "sign_in_throttled")
        ).all()
    assert [(e.actor_kind, e.actor_id) for e in notices] == [("staff", user_id)]


@pytest.mark.app_config(RATELIMIT_ENABLED=True, SIGNIN_LIMIT="3 per minute")
def test_a_device_cookie_for_another_account_counts_for_nothing(app, client):
    mine = factory.staff_account(app, "viewer")
    theirs = factory.staff_account(app, "viewer")
    attacker = app.test_client()
    assert (
        _attempt(
            attacker, factory.staff_email(app, mine), factory.PASSWORD, ip="10.0.4.1"
        ).status_code
        == 302
    )
    attacker.post("/en/staff/sign-out", data={"csrf_token": attacker.csrf_token("/en/staff/")})
    for n in range(3):
        _attempt(app.test_client(), factory.staff_email(app, theirs), ip=f"10.0.5.{n}")
    tried = _attempt(attacker, factory.staff_email(app, theirs), factory.PASSWORD, ip="10.0.4.2")
    assert tried.status_code == 429


def test_the_session_cookie_ends_with_the_browser(app, client):
    response = post_sign_in(client, factory.staff_email(app, factory.staff_account(app, "viewer")))
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(COOKIE + "=")]
    assert cookies
    assert all("expires=" not in c.lower() and "max-age" not in c.lower() for c in cookies)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=60)


@pytest.mark.app_config(STAFF_SESSION_IDLE_MINUTES=5)
def test_past_the_idle_limit_the_cookie_forgets_the_account_but_keeps_its_csrf_token(app, client):
    sign_in(app, client, "viewer")
    client.get("/en/staff/account")  # a page with a form: the cookie gets a CSRF token
    with client.session_transaction() as cookie:
        token = cookie["csrf_token"]
        cookie["seen"] -= 6 * 60
    assert is_sign_in_redirect(client.get("/en/staff/"))
    with client.session_transaction() as cookie:
        assert cookie.get("csrf_token") == token
        assert "_user_id" not in cookie
