"""Administrators manage staff accounts: create, change role or access, reset a password."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.audit import AuditEvent
from core.auth import StaffUser
from core.db import db
from tests import factory, markup
from tests.conftest import html, sign_in
from tests.markup import checked_values
from tests.staff.helpers import is_sign_in_redirect, post_sign_in

NEW = "a brand new staff passphrase"


def account(app, email: str) -> StaffUser | None:
    with app.app_context():
        user = db.scalar(select(StaffUser).where(StaffUser.email == email))
        if user is not None:
            db.expunge(user)
        return user


def audit(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def create(client, **overrides):
    data = {
        "email": "Nouvelle.Personne@CDS-SNC.ca",
        "name": "Nouvelle Personne",
        "role": "editor",
        "password": NEW,
        "confirm": NEW,
        **overrides,
    }
    return client.submit("/en/staff/accounts/new", data, form_url="/en/staff/accounts/new")


def test_an_admin_creates_an_account_that_can_sign_in(app, client):
    admin_id = sign_in(app, client, "admin")
    response = create(client)
    assert response.status_code == 302 and response.location == "/en/staff/accounts"
    assert "Account created for nouvelle.personne@cds-snc.ca." in html(
        client.get("/en/staff/accounts")
    )
    user = account(app, "nouvelle.personne@cds-snc.ca")
    assert user is not None and user.role == "editor" and user.active
    assert user.password_hash.startswith("$argon2id$")
    assert NEW not in user.password_hash
    [event] = audit(app, "account_created")
    assert (event.actor_id, event.detail) == (admin_id, f"user:{user.id} role:editor")
    assert post_sign_in(app.test_client(), "nouvelle.personne@cds-snc.ca", NEW).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": ""}, "email", "Enter the email address."),
        ({"email": "not-an-email"}, "email", "Enter an email address in the right format"),
        ({"role": ""}, "role", "Choose a role."),
        ({"role": "superuser"}, "role", "Not a valid choice"),
        ({"password": "short", "confirm": "short"}, "password", "at least 12 characters"),
        ({"password": "welcome12345", "confirm": "welcome12345"}, "password", "too common"),
        (
            {"password": "nouvelle.personne@cds-snc.ca", "confirm": "nouvelle.personne@cds-snc.ca"},
            "password",
            "Do not use your email address",
        ),
        ({"confirm": NEW + "!"}, "confirm", "The two passwords are not the same."),
    ],
)
def test_account_creation_problems_are_shown_next_to_the_field(
    app, client, overrides, field, message
):
    sign_in(app, client, "admin")
    response = create(client, **overrides)
    assert response.status_code == 400
    page = html(response)
    assert message in page and f'id="{field}-error"' in page
    assert NEW not in page  # passwords are never sent back
    assert 'value="Nouvelle Personne"' in page  # the rest is kept
    with app.app_context():
        assert db.scalar(select(func.count()).select_from(StaffUser)) == 1


def test_an_email_already_used_is_refused_whatever_its_case(app, client):
    sign_in(app, client, "admin")
    factory.staff_account(app, "viewer", email="nouvelle.personne@cds-snc.ca")
    response = create(client)
    assert response.status_code == 400
    assert "An account with this email address already exists." in html(response)


def test_changing_a_role_takes_effect_at_once(app, client):
    admin_id = sign_in(app, client, "admin")
    other = app.test_client()
    target_id = sign_in(app, other, "viewer")
    assert other.get("/en/staff/accounts").status_code == 403
    url = f"/en/staff/accounts/{target_id}"
    response = client.submit(url, {"name": "Jo", "role": "admin", "access": "active"}, form_url=url)
    assert response.status_code == 302
    assert other.get("/en/staff/accounts").status_code == 200
    [event] = audit(app, "account_role_changed")
    assert (event.actor_id, event.detail) == (admin_id, f"user:{target_id} viewer>admin")
    assert len(audit(app, "account_updated")) == 1  # the name


def test_disabling_and_enabling_an_account(app, client):
    sign_in(app, client, "admin")
    target_id = factory.staff_account(app, "editor")
    email = factory.staff_email(app, target_id)
    url = f"/en/staff/accounts/{target_id}"
    client.submit(url, {"role": "editor", "access": "disabled"}, form_url=url)
    assert account(app, email).active is False
    assert post_sign_in(app.test_client(), email).status_code == 400
    client.submit(url, {"role": "editor", "access": "active"}, form_url=url)
    assert account(app, email).active is True
    assert post_sign_in(app.test_client(), email).status_code == 302
    assert [len(audit(app, a)) for a in ("account_disabled", "account_enabled")] == [1, 1]


@pytest.mark.parametrize(
    "change", [{"role": "editor", "access": "active"}, {"role": "admin", "access": "disabled"}]
)
def test_an_admin_cannot_change_their_own_role_or_access(app, client, change):
    admin_id = sign_in(app, client, "admin")
    url = f"/en/staff/accounts/{admin_id}"
    response = client.submit(url, change, form_url=url)
    assert response.status_code == 400
    assert "You cannot change your own role or access." in html(response)
    with app.app_context():
        me = db.get(StaffUser, admin_id)
        assert (me.role, me.active) == ("admin", True)
    assert client.get("/en/staff/accounts").status_code == 200


def test_an_admin_resets_a_password_and_ends_the_sessions(app, client):
    sign_in(app, client, "admin")
    other = app.test_client()
    target_id = sign_in(app, other, "viewer")
    url = f"/en/staff/accounts/{target_id}/password"
    response = client.submit(
        url, {"password": NEW, "confirm": NEW}, form_url=f"/en/staff/accounts/{target_id}"
    )
    assert response.status_code == 302
    assert is_sign_in_redirect(other.get("/en/staff/"))
    email = factory.staff_email(app, target_id)
    assert post_sign_in(app.test_client(), email, factory.PASSWORD).status_code == 400
    assert post_sign_in(app.test_client(), email, NEW).status_code == 302
    [event] = audit(app, "password_reset")
    assert event.detail == f"user:{target_id}"


def test_an_admin_resetting_their_own_password_stays_signed_in(app, client):
    admin_id = sign_in(app, client, "admin")
    url = f"/en/staff/accounts/{admin_id}/password"
    response = client.submit(
        url, {"password": NEW, "confirm": NEW}, form_url=f"/en/staff/accounts/{admin_id}"
    )
    assert response.status_code == 302
    assert client.get("/en/staff/accounts").status_code == 200


def test_a_weak_reset_is_refused(app, client):
    sign_in(app, client, "admin")
    target_id = factory.staff_account(app, "viewer")
    url = f"/en/staff/accounts/{target_id}/password"
    response = client.submit(
        url,
        {"password": "password1234", "confirm": "password1234"},
        form_url=f"/en/staff/accounts/{target_id}",
    )
    assert response.status_code == 400
    assert "too common" in html(response)
    assert audit(app, "password_reset") == []


def test_unknown_accounts_are_not_found(app, client):
    sign_in(app, client, "admin")
    assert client.get("/en/staff/accounts/99999").status_code == 404
    response = client.submit(
        "/en/staff/accounts/99999",
        {"role": "viewer", "access": "active"},
        form_url="/en/staff/accounts",
    )
    assert response.status_code == 404


def test_the_accounts_list(app, client):
    sign_in(app, client, "admin", email="chef@cds-snc.ca")
    factory.staff_account(app, "viewer", email="lecteur@cds-snc.ca", active=False)
    page = html(client.get("/fr/staff/accounts"))
    assert "chef@cds-snc.ca" in page and "lecteur@cds-snc.ca" in page
    assert "Désactivé" in page


def test_the_language_toggle_keeps_the_new_account_form_but_not_the_passwords(app, client):
    sign_in(app, client, "admin")
    page = html(client.get("/en/staff/accounts/new"))
    [toggle] = markup.parse(page).xpath("//button[@name='switch_lang']")
    response = client.post(
        toggle.get("formaction"),
        data={
            "csrf_token": markup.csrf_token(page),
            "email": "marie@cds-snc.ca",
            "name": "Marie",
            "role": "editor",
            "password": NEW,
            "confirm": NEW,
            "switch_lang": "fr",
        },
    )
    assert response.status_code == 303 and response.location == "/fr/staff/accounts/new"
    page = html(client.get(response.location))
    assert '<html lang="fr">' in page
    assert 'value="marie@cds-snc.ca"' in page and 'value="Marie"' in page
    assert checked_values(page, "role") == ["editor"]
    assert NEW not in page
    assert account(app, "marie@cds-snc.ca") is None  # nothing created
    # Shown once: the next visit starts empty.
    assert 'value="marie@cds-snc.ca"' not in html(client.get("/fr/staff/accounts/new"))


def test_the_form_library_s_own_messages_are_in_the_page_s_language(app, client):
    """WTForms' built-in messages (a choice that is not offered) read in French on a French
    page, and in English on an English one, from the same process."""
    sign_in(app, client, "admin")
    data = {"email": "a.b@cds-snc.ca", "name": "A B", "role": "superuser"}
    data.update(password=NEW, confirm=NEW)
    french = client.submit("/fr/staff/accounts/new", data, form_url="/fr/staff/accounts/new")
    english = client.submit("/en/staff/accounts/new", data, form_url="/en/staff/accounts/new")
    assert french.status_code == english.status_code == 400
    assert "N'est pas un choix valide" in (markup.field_error(html(french), "role") or "")
    assert "Not a valid choice" in (markup.field_error(html(english), "role") or "")
