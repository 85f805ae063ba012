"""The password policy: 12 characters or more, not a common password, not the email."""

from __future__ import annotations

import pytest

from staff.passwords import COMMON_PASSWORDS, MIN_LENGTH, password_problems


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "Pâte à crêpes du dimanche", "x" * MIN_LENGTH, "n3w-staff-2026!x"],
)
def test_good_passwords_pass(app, password):
    with app.test_request_context("/en/"):
        assert password_problems(password, "someone@cds-snc.ca") == []


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_LENGTH - 1)])
def test_short_passwords_are_refused(app, password):
    with app.test_request_context("/en/"):
        problems = password_problems(password)
    assert any("12 characters" in p for p in problems)


@pytest.mark.parametrize(
    "password", ["password1234", "Password 1234", "QWERTY123456", "motdepasse123"]
)
def test_common_passwords_are_refused_whatever_the_case_or_spaces(app, password):
    with app.test_request_context("/en/"):
        assert any("too common" in p for p in password_problems(password))


def test_every_listed_common_password_is_long_enough_to_need_the_list():
    # Shorter ones are already refused by the length rule; the list exists for the rest.
    assert all(len(p) >= MIN_LENGTH for p in COMMON_PASSWORDS)


def test_the_email_address_is_refused(app):
    with app.test_request_context("/en/"):
        assert password_problems("Marie.Curie@cds-snc.ca", "marie.curie@cds-snc.ca")
        assert password_problems("marie.curie-2026-ok", "marie.curie@cds-snc.ca")
        assert password_problems("a long unrelated phrase", "marie.curie@cds-snc.ca") == []


def test_messages_are_in_french_on_french_pages(app):
    with app.test_request_context("/fr/"):
        from flask import g

        g.lang = "fr"
        problems = password_problems("court")
    assert any("12 caractères" in p for p in problems), problems


def test_production_password_hashing_is_argon2id_with_the_recommended_settings():
    from argon2 import Type
    from argon2.profiles import RFC_9106_LOW_MEMORY

    from tests.staff.conftest import PRODUCTION_HASHER

    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert PRODUCTION_HASHER.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost
    assert PRODUCTION_HASHER.hash("a perfectly long passphrase").startswith("$argon2id$")


def test_weaker_stored_hashes_are_upgraded_at_sign_in(app, client, monkeypatch):
    import core.auth
    from core.auth import StaffUser
    from core.db import db
    from tests import factory
    from tests.staff.conftest import TEST_HASHER
    from tests.staff.helpers import post_sign_in

    user_id = factory.staff_account(app, "viewer")
    stronger = type(TEST_HASHER)(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(core.auth, "password_hasher", stronger)
    assert (
        post_sign_in(client, factory.staff_email(app, user_id), factory.PASSWORD).status_code == 302
    )
    with app.app_context():
        stored = db.get(StaffUser, user_id).password_hash
    assert "m=16,t=2" in stored
