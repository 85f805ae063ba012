"""Staff accounts and sessions: who is signed in, and what their role lets them do.

Sessions are server-side rows (StaffSession) named by a random token kept in the signed
session cookie. Signing out deletes the row; disabling an account or changing its password
makes every older session invalid. So a replayed cookie gets the sign-in page, on every
instance, because the check is in the shared database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, delete
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from core.db import Base, db
from core.timeutil import utcnow
from core.tokens import hash_token, looks_like_token, new_token

ROLES = ("viewer", "editor", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
LAST_SEEN_RESOLUTION = timedelta(minutes=1)

password_hasher = PasswordHasher()  # argon2id with the library's current recommended costs
login_manager = LoginManager()

F = TypeVar("F", bound=Callable[..., Any])


class StaffUser(UserMixin, Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="viewer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # The signed-in request's session token: a plain attribute, never stored.
    session_token = None

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def can(self, role: str) -> bool:
        """True when this account's role is `role` or above (viewer < editor < admin)."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[StaffUser] = relationship()


def hash_password(password: str) -> str:
    return password_hasher.hash(password)


def password_needs_rehash(password_hash: str) -> bool:
    """True when a stored hash used weaker settings than the current ones (upgrade it)."""
    return password_hasher.check_needs_rehash(password_hash)


def verify_password(user: StaffUser | None, password: str) -> bool:
    """Check a password; with no such user, still spend the time, so timing tells nothing."""
    if user is None:
        with contextlib.suppress(VerificationError, InvalidHashError):
            password_hasher.verify(_dummy_hash(), password)
        return False
    try:
        return password_hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


SEEN_KEY = "seen"  # last request, in seconds since the epoch
SEEN_RESOLUTION_SECONDS = 60
KEPT_WHEN_IDLE = ("csrf_token",)
_DUMMY_HASHES: dict[tuple[int, ...], str] = {}


def _dummy_hash() -> str:
    """A hash made with the current settings, so an unknown account costs as much time."""
    h = password_hasher
    key = (h.time_cost, h.memory_cost, h.parallelism, h.hash_len, h.salt_len, int(h.type))
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = password_hasher.hash("not a real password, only for timing")
    return _DUMMY_HASHES[key]


def sign_in(user: StaffUser) -> None:
    """Start a new server-side session; anything in the old cookie session is dropped."""
    session.clear()
    token, token_hash = new_token()
    db.add(StaffSession(id_hash=token_hash, user_id=user.id))
    user.session_token = token
    login_user(user)


def sign_out() -> None:
    user = current_user._get_current_object()
    if getattr(user, "session_token", None):
        db.execute(
            delete(StaffSession).where(StaffSession.id_hash == hash_token(user.session_token))
        )
    logout_user()
    session.clear()


def end_all_sessions(user: StaffUser) -> None:
    """Used when an account is disabled or its password changes."""
    db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def set_password(user: StaffUser, password: str) -> None:
    """Store a new password hash and end every session of the account (they were opened
    with the old password). The caller signs the current person in again if it is them."""
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    if user.id is not None:
        end_all_sessions(user)


def _load_user(token: str) -> StaffUser | None:
    if not looks_like_token(token):
        return None
    # The account comes in the same query: every staff page starts here.
    row = db.get(StaffSession, hash_token(token), options=[joinedload(StaffSession.user)])
    if row is None:
        return None
    user = row.user
    now = utcnow()
    idle = timedelta(minutes=current_app.config["STAFF_SESSION_IDLE_MINUTES"])
    if not user.active or row.created_at < user.password_changed_at or now - row.last_seen > idle:
        db.delete(row)
        db.commit()
        return None
    if now - row.last_seen > LAST_SEEN_RESOLUTION:
        row.last_seen = now
        db.commit()
    user.session_token = token
    return user


def current_staff() -> StaffUser | None:
    """The signed-in account itself (not Flask-Login's proxy, which must never be stored or
    passed back to login_user), or None."""
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    return user if getattr(user, "is_authenticated", False) else None


def role_required(role: str) -> Callable[[F], F]:
    """Let the view run only for a signed-in account with `role` or above.

    Anonymous visitors go to the sign-in page (with an on-site `next`); a signed-in account
    without the role gets 403.
    """
    if role not in ROLE_RANK:
        raise ValueError(role)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_staff()
            if user is None:
                return login_manager.unauthorized()
            if not user.can(role):
                abort(403)
            g.staff = user
            return view(*args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def init_auth(app: Flask) -> None:
    idle = timedelta(minutes=app.config["STAFF_SESSION_IDLE_MINUTES"])
    # No `current_user` in every template's context: no template uses it, and loading it on
    # each public page cost a session lookup and a hash per render.
    login_manager.init_app(app, add_context_processor=False)
    login_manager.login_view = "staff.sign_in"
    login_manager.session_protection = None  # the server-side session row is the protection
    login_manager.user_loader(_load_user)
    # The session cookie is never permanent: it ends with the browser session, and the idle
    # limit ends what it holds first (below). Flask sets a 31-day default, hence no setdefault.
    app.config["PERMANENT_SESSION_LIFETIME"] = idle
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=0)

    @app.before_request
    def _end_idle_cookie_session() -> None:
        """Past the idle limit the cookie forgets whom it names (a staff account, a remembered
        survey link) but keeps its CSRF token, so a form left open still saves what was typed."""
        if not session:
            return
        now = int(utcnow().timestamp())
        seen = session.get(SEEN_KEY)
        if isinstance(seen, int) and now - seen > idle.total_seconds():
            kept = {k: session[k] for k in KEPT_WHEN_IDLE if k in session}
            session.clear()
            session.update(kept)
        if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_KEY] = now

    @login_manager.unauthorized_handler
    def _unauthorized() -> Any:
        if request.method not in {"GET", "HEAD"}:
            # A form posted after the session ended: coming back to a POST-only address
            # would only be a 405, so sign-in leads to the dashboard instead.
            return redirect(url_for("staff.sign_in"))
        return redirect(url_for("staff.sign_in", next=request.full_path.rstrip("?")))
