"""Settings read from the environment, with safe defaults for development.

Every setting a deployment may change is read here and nowhere else, so that the README's
table of environment variables stays complete.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("EXPLORATION_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _development_secret_key() -> str:
    """A random key kept in instance/ so that development sessions survive a restart."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask configuration from the environment, then apply explicit overrides.

    Outside development a missing SECRET_KEY is an error: a generated key would sign
    sessions that another instance cannot read.
    """
    env = os.environ.get("EXPLORATION_ENV", "development")
    overrides = dict(overrides or {})
    testing = bool(overrides.get("TESTING"))
    secret = os.environ.get("SECRET_KEY") or overrides.get("SECRET_KEY")
    if not secret:
        if env == "production" and not testing:
            raise RuntimeError("SECRET_KEY must be set when EXPLORATION_ENV=production")
        secret = _development_secret_key()
    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'exploration.sqlite3'}"
    )
    trusted = os.environ.get("TRUSTED_HOSTS", "127.0.0.1,localhost,[::1]")
    config = {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "DATABASE_URL": database_url,
        "SERVER_NAME": os.environ.get("SERVER_NAME") or None,
        "TRUSTED_HOSTS": [h.strip() for h in trusted.split(",") if h.strip()] or None,
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "exploration_session",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 256 * 1024),
        "MAX_FORM_MEMORY_SIZE": _int("MAX_CONTENT_LENGTH", 256 * 1024),
        # A partner may take an hour over one answer: the CSRF token must not expire under them.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        # WTForms' own messages come through core.forms.BaseForm.Meta.locales, which WTForms
        # loads once per language; Flask-WTF's loader would read the file on every request.
        "WTF_I18N_ENABLED": False,
        # core.cache: fragments drawn once per process (the dashboard's filter form).
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": 600,
        "CACHE_THRESHOLD": 500,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": False,
        "PUBLIC_POST_LIMIT": os.environ.get("PUBLIC_POST_LIMIT", "120 per minute;2000 per day"),
        "SIGNIN_LIMIT": os.environ.get("SIGNIN_LIMIT", "10 per minute;50 per hour"),
        "LINK_MISS_LIMIT": os.environ.get("LINK_MISS_LIMIT", "30 per minute"),
        "STAFF_SESSION_IDLE_MINUTES": _int("STAFF_SESSION_IDLE_MINUTES", 60),
        "SURVEY_RESULTS_THRESHOLD": _int("SURVEY_RESULTS_THRESHOLD", 3),
        "OUTCOME_BLIND_SPOT_GAP": _float("OUTCOME_BLIND_SPOT_GAP", 1.0),
        "OUTCOME_HIDDEN_STRENGTH_GAP": _float("OUTCOME_HIDDEN_STRENGTH_GAP", 1.0),
        "HSTS_SECONDS": _int("HSTS_SECONDS", 31536000),
        # GC Notify (core.notify, core.outbox). Without an API key, messages are kept, not sent.
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY") or None,
        "NOTIFY_BASE_URL": os.environ.get("NOTIFY_BASE_URL", "https://api.notification.canada.ca"),
        "NOTIFY_TEMPLATE_ID": os.environ.get("NOTIFY_TEMPLATE_ID") or None,
        "NOTIFY_STAFF_EMAIL": os.environ.get("NOTIFY_STAFF_EMAIL") or None,
        "NOTIFY_REPLY_TO_ID": os.environ.get("NOTIFY_REPLY_TO_ID") or None,
        "NOTIFY_TIMEOUT": float(os.environ.get("NOTIFY_TIMEOUT") or 5),
        "NOTIFY_MAX_TRIES": _int("NOTIFY_MAX_TRIES", 10),
        "NOTIFY_KEEP_ADDRESSES_DAYS": _int("NOTIFY_KEEP_ADDRESSES_DAYS", 7),
        "EMAIL_LINK_LIMIT": os.environ.get("EMAIL_LINK_LIMIT", "3 per hour;10 per day"),
        # Background jobs (core.jobs): RQ on Redis when REDIS_URL is set, else a thread of the
        # web process. Finished files live in JOB_FILES_DIR, which every instance and worker
        # must share (one volume), and expire after EXPORT_TTL_HOURS.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "JOB_FILES_DIR": os.environ.get("JOB_FILES_DIR", str(INSTANCE_DIR / "exports")),
        "EXPORT_TTL_HOURS": _int("EXPORT_TTL_HOURS", 24),
        "JOB_STALL_SECONDS": _int("JOB_STALL_SECONDS", 120),
        # Without REDIS_URL, a thread of the web process runs the scheduled work (retries,
        # expiry, the retention schedule, survey windows); off where another process does.
        "SCHEDULER_THREAD": _bool("SCHEDULER_THREAD", True),
        "JOB_TIMEOUT_SECONDS": _int("JOB_TIMEOUT_SECONDS", 3600),
        # The GET portfolio workbook (scripts, old links) is built in the request up to this
        # many explorations (under a second); above, it is a job from the dashboard.
        "DIRECT_EXPORT_MAX": _int("DIRECT_EXPORT_MAX", 25),
        # The retention schedule (retention/): shown in the privacy notice from these values.
        "RETENTION_DRAFT_DAYS": _int("RETENTION_DRAFT_DAYS", 90),
        "RETENTION_MONTHS": _int("RETENTION_MONTHS", 24),
        "RETENTION_WARNING_DAYS": _int("RETENTION_WARNING_DAYS", 30),
        "RETENTION_BATCH": _int("RETENTION_BATCH", 50),
        "PRIVACY_PIB": os.environ.get("PRIVACY_PIB", "Outreach Activities (PSU 938)"),
        "PRIVACY_PIB_FR": os.environ.get(
            "PRIVACY_PIB_FR", "Activités de sensibilisation (POU 938)"
        ),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": str(BASE_DIR / "translations"),
        "TESTING": False,
    }
    config.update(overrides)
    return config
