"""The staff password policy: long enough, not a well-known password, not the email address.

Length beats complexity rules (NIST SP 800-63B): at least 12 characters, any characters
allowed, checked against a short list of passwords that attackers try first. Returns
messages rather than raising, so a form can show every problem next to the field.
"""

from __future__ import annotations

import unicodedata

from core.i18n import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes any length; this only bounds the work of one request

# Common passwords of 12 characters or more (from public breach top lists), and the
# service's own words; compared case-insensitively, ignoring spaces.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789123",
        "123123123123",
        "111111111111",
        "000000000000",
        "123qweasdzxc",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qwertyuiop12",
        "qwertyuiopasdfgh",
        "qwerty123456",
        "qwertyqwerty",
        "asdfghjkl123",
        "abc123abc123",
        "abcdefghijkl",
        "password1234",
        "password12345",
        "password123!",
        "passwordpassword",
        "p@ssw0rd1234",
        "iloveyou1234",
        "letmein12345",
        "welcome12345",
        "welcome123456",
        "changeme1234",
        "administrator",
        "administrator1",
        "admin1234567",
        "adminadmin123",
        "motdepasse123",
        "motdepasse1234",
        "bienvenue1234",
        "canada123456",
        "canadacanada",
        "exploration1",
        "exploration123",
        "exploration2026",
        "cdssnc123456",
        "digitalservice",
        "servicenumerique",
        "correcthorsebatterystaple",
    }
)


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(" ", "")


def password_problems(password: str, email: str | None = None) -> list[str]:
    """Every reason `password` is refused (empty list when it is acceptable)."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Enter a password of at least %(min)d characters.", min=MIN_LENGTH)))
    if len(password) > MAX_LENGTH:
        problems.append(str(_l("Enter a password of %(max)d characters or fewer.", max=MAX_LENGTH)))
    normalized = _normalized(password)
    if normalized in COMMON_PASSWORDS:
        problems.append(str(_l("This password is too common. Choose another one.")))
    if email:
        address = _normalized(email)
        local_part = address.split("@", 1)[0]
        if normalized == address or (len(local_part) >= 4 and local_part in normalized):
            problems.append(str(_l("Do not use your email address in your password.")))
    return problems
