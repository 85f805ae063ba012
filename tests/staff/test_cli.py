"""`exploration staff create EMAIL --role ...`: the password comes from a hidden, confirmed
prompt or from standard input, never from the command line."""

from __future__ import annotations

from sqlalchemy import select

from core.audit import AuditEvent
from core.auth import StaffUser
from core.db import db
from tests.staff.helpers import post_sign_in

GOOD = "a long command line passphrase"


def run(app, args, input_text=None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=input_text)


def stored(app, email):
    with app.app_context():
        return db.scalar(select(StaffUser).where(StaffUser.email == email))


def test_create_from_stdin(app):
    result = run(
        app, ["create", "Admin@CDS-SNC.ca", "--role", "admin", "--name", "Ada"], GOOD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account for admin@cds-snc.ca." in result.output
    assert GOOD not in result.output
    user = stored(app, "admin@cds-snc.ca")
    assert (user.role, user.name, user.active) == ("admin", "Ada", True)
    assert user.password_hash.startswith("$argon2id$")
    with app.app_context():
        [event] = db.scalars(select(AuditEvent)).all()
        assert (event.action, event.actor_kind) == ("account_created", "system")
    assert post_sign_in(app.test_client(), "admin@cds-snc.ca", GOOD).status_code == 302


def test_create_from_a_hidden_confirmed_prompt(app, monkeypatch):
    monkeypatch.setattr("staff.cli._interactive", lambda: True)
    result = run(app, ["create", "editor@cds-snc.ca", "--role", "editor"], f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "Password" in result.output and "Type the password again" in result.output
    assert GOOD not in result.output  # hidden input is not echoed
    assert stored(app, "editor@cds-snc.ca").role == "editor"


def test_prompt_confirmation_must_match(app, monkeypatch):
    monkeypatch.setattr("staff.cli._interactive", lambda: True)
    result = run(
        app,
        ["create", "editor@cds-snc.ca", "--role", "editor"],
        f"{GOOD}\nsomething else entirely\n",
    )
    assert result.exit_code != 0
    assert stored(app, "editor@cds-snc.ca") is None


def test_weak_passwords_and_bad_input_are_refused(app):
    assert run(app, ["create", "a@cds-snc.ca", "--role", "viewer"], "short\n").exit_code != 0
    assert run(app, ["create", "a@cds-snc.ca", "--role", "viewer"], "password1234\n").exit_code != 0
    assert run(app, ["create", "not-an-email", "--role", "viewer"], GOOD + "\n").exit_code != 0
    assert run(app, ["create", "a@cds-snc.ca", "--role", "root"], GOOD + "\n").exit_code != 0
    assert run(app, ["create", "a@cds-snc.ca"], GOOD + "\n").exit_code != 0
    assert stored(app, "a@cds-snc.ca") is None


def test_the_password_is_never_an_argument(app):
    result = run(app, ["create", "a@cds-snc.ca", "--role", "viewer", "--password", GOOD])
    assert result.exit_code != 0
    assert stored(app, "a@cds-snc.ca") is None


def test_an_existing_account_is_not_replaced(app):
    assert run(app, ["create", "a@cds-snc.ca", "--role", "viewer"], GOOD + "\n").exit_code == 0
    result = run(app, ["create", "A@cds-snc.ca", "--role", "admin"], GOOD + "\n")
    assert result.exit_code != 0 and "already exists" in result.output
    assert stored(app, "a@cds-snc.ca").role == "viewer"


def test_set_password_ends_sessions(app):
    assert run(app, ["create", "a@cds-snc.ca", "--role", "viewer"], GOOD + "\n").exit_code == 0
    client = app.test_client()
    assert post_sign_in(client, "a@cds-snc.ca", GOOD).status_code == 302
    other = "another command line passphrase"
    result = run(app, ["set-password", "a@cds-snc.ca"], other + "\n")
    assert result.exit_code == 0, result.output
    assert client.get("/en/staff/").status_code == 302
    assert post_sign_in(app.test_client(), "a@cds-snc.ca", other).status_code == 302
    assert run(app, ["set-password", "nobody@cds-snc.ca"], other + "\n").exit_code != 0
