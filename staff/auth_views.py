"""Signing in and out, and a staff member's own account (their password).

Sign-in is rate limited twice: per client address and per account (the posted email,
lower-cased), so neither one address trying many accounts nor many addresses trying one
account gets far. Only failed attempts count. A refused attempt never says whether the
account exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import (
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from core.audit import AuditEvent, record
from core.auth import (
    ROLES,
    StaffUser,
    current_staff,
    hash_password,
    password_needs_rehash,
    role_required,
    set_password,
    sign_in,
    sign_out,
    verify_password,
)
from core.db import db
from core.errors import render_error
from core.i18n import LANGS, current_lang, other_lang
from core.i18n import lazy_gettext as _l
from core.security import limiter
from core.timeutil import utcnow
from staff.blueprint import bp
from staff.devices import known_device_for, remember_device
from staff.forms import PasswordChangeForm, SignInForm
from staff.redirects import safe_next

ACCOUNT_SCOPE = "staff-account"
THROTTLE_NOTICE_MINUTES = 60
SIGN_IN_REFUSED = _l("The email address or password is not right, or the account is disabled.")


def _signin_limit() -> str:
    return current_app.config["SIGNIN_LIMIT"]


def _failed(response: Response) -> bool:
    return response.status_code >= 400


def _posted_account() -> StaffUser | None:
    """The account the posted email names, looked up once per request."""
    if "posted_account" not in g:
        g.posted_account = find_account(request.form.get("email") or "")
    return g.posted_account


def _owner_device() -> bool:
    """A browser that signed in to the posted account before is not counted with strangers."""
    account = _posted_account()
    return known_device_for(account.id if account else None)


def _account_key() -> str:
    """The per-account bucket: the posted email, lower-cased (empty posts share one bucket)."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"staff-account:{email}"


def find_account(email: str) -> StaffUser | None:
    return db.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def _destination(lang: str) -> str:
    return safe_next(request.args.get("next")) or url_for("staff.dashboard", lang=lang)


def _too_many_texts() -> list[dict[str, str]]:
    """The rate-limit message in the page's language first, then the other one."""
    texts = []
    for lang in (current_lang(), other_lang()):
        with force_locale(lang):
            texts.append(
                {
                    "lang": lang,
                    "title": _("Too many sign-in attempts"),
                    "body": _("For your security, wait a minute before you try again."),
                }
            )
    return texts


def _render_sign_in(form: SignInForm, status: int = 200, *, too_many: bool = False) -> Any:
    next_url = safe_next(request.args.get("next"))
    return (
        render_template(
            "staff/sign_in.html",
            form=form,
            next_url=next_url,
            too_many=_too_many_texts() if too_many else None,
            notices=get_flashed_messages(),
        ),
        status,
    )


def _tell_owner_of_refusal() -> None:
    """When an account's own limit refuses a sign-in, its audit log says so, once per window
    (not once per refused try, or a stranger could flood the log)."""
    account = _posted_account()
    if account is None or not any(
        limit.breached and ACCOUNT_SCOPE in limit.key for limit in limiter.current_limits
    ):
        return
    since = utcnow() - timedelta(minutes=THROTTLE_NOTICE_MINUTES)
    already = db.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.action == "sign_in_throttled",
            AuditEvent.actor_id == account.id,
            AuditEvent.at >= since,
        )
        .limit(1)
    )
    if already is None:
        record("sign_in_throttled", actor_kind="staff", actor_id=account.id)
        db.commit()


@bp.errorhandler(429)
def _rate_limited(_error: Exception) -> Any:
    """On the sign-in page, say it there (what was typed stays, except the password)."""
    if request.endpoint == "staff.sign_in":
        _tell_owner_of_refusal()
        form = SignInForm()
        form.password.data = ""
        return _render_sign_in(form, 429, too_many=True)
    return render_error(429)


@bp.route("/<lang>/staff/sign-in", methods=["GET", "POST"], endpoint="sign_in")
@limiter.limit(
    _signin_limit,
    methods=["POST"],
    deduct_when=_failed,
)
@limiter.limit(
    _signin_limit,
    key_func=_account_key,
    scope=ACCOUNT_SCOPE,
    methods=["POST"],
    exempt_when=_owner_device,
    deduct_when=_failed,
)
def sign_in_page() -> Any:
    lang = current_lang()
    if current_staff() is not None:
        return redirect(_destination(lang))
    form = SignInForm()
    if request.method == "GET":
        # The language toggle posts the form to core.kept_typing: SignInForm() is then filled
        # with the email typed (never the password), and `next` is in the address.
        return _render_sign_in(form)
    if not form.validate():
        return _render_sign_in(form, 400)
    user = _posted_account()
    if user is None or not verify_password(user, form.password.data) or not user.active:
        record("sign_in_failed", actor_kind="staff", actor_id=user.id if user else None)
        db.commit()
        form.email.errors = [SIGN_IN_REFUSED]
        form.password.data = ""
        return _render_sign_in(form, 400)
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(form.password.data)
    destination = _destination(lang)
    sign_in(user)
    user.language = lang
    record("sign_in", actor_kind="staff", actor_id=user.id)
    db.commit()
    response = redirect(destination)
    remember_device(response, user.id)
    return response


@bp.post("/<lang>/staff/sign-out", endpoint="sign_out")
@role_required("viewer")
def sign_out_page() -> Any:
    record("sign_out", actor_kind="staff", actor_id=g.staff.id)
    sign_out()
    db.commit()
    flash(_("You have signed out."))
    return redirect(url_for("staff.sign_in"))


@bp.get("/staff/")
def entry() -> Any:
    """The address without a language: the dashboard in the person's preferred language."""
    user = current_staff()
    if user is None:
        return redirect(url_for("staff.sign_in", lang=current_lang()))
    return redirect(
        url_for("staff.dashboard", lang=user.language if user.language in LANGS else "en")
    )


def _render_account(form: PasswordChangeForm, status: int = 200) -> Any:
    return (
        render_template(
            "staff/my_account.html",
            form=form,
            roles=ROLES,
            notices=get_flashed_messages(),
        ),
        status,
    )


@bp.get("/<lang>/staff/account")
@role_required("viewer")
def my_account() -> Any:
    return _render_account(PasswordChangeForm(email=g.staff.email))


@bp.post("/<lang>/staff/account/password")
@role_required("viewer")
@limiter.limit(_signin_limit, methods=["POST"], deduct_when=_failed)
def change_password() -> Any:
    user: StaffUser = g.staff
    form = PasswordChangeForm(email=user.email)
    if not form.validate():
        return _render_account(form, 400)
    if not verify_password(user, form.current.data):
        form.current.errors = [_l("Your current password is not right.")]
        return _render_account(form, 400)
    set_password(user, form.password.data)  # ends every session, this one included
    sign_in(user)  # ... so this browser gets a new one
    record("password_changed", actor_kind="staff", actor_id=user.id)
    db.commit()
    flash(_("Your password was changed. You were signed out everywhere else."))
    return redirect(url_for("staff.my_account"))
