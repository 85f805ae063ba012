"""Staff tests hash and check many passwords: they use argon2id with the smallest settings,
so that a sign-in costs a millisecond instead of a third of a second. The production settings
are checked on their own (test_production_password_hashing)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, Type

import core.auth

PRODUCTION_HASHER = core.auth.password_hasher
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(core.auth, "password_hasher", TEST_HASHER)
    yield
