"""Staff accounts, managed by administrators: create, change role or access, reset password.

Disabling an account or resetting its password ends every session it has at once (the
sessions are rows in the database, core.auth). An administrator cannot change their own role
or access: since the one acting is an active administrator, the service is never left without
someone who can manage it.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select

from core.audit import record
from core.auth import (
    StaffUser,
    end_all_sessions,
    hash_password,
    role_required,
    set_password,
    sign_in,
)
from core.db import db
from core.i18n import lazy_gettext as _l
from staff.auth_views import find_account
from staff.blueprint import bp
from staff.forms import AccountCreateForm, AccountEditForm, PasswordResetForm
from staff.labels import ROLE_HINTS


def _active_admins() -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(StaffUser)
            .where(StaffUser.role == "admin", StaffUser.active.is_(True))
        )
        or 0
    )


@bp.get("/<lang>/staff/accounts")
@role_required("admin")
def accounts() -> Any:
    users = list(db.scalars(select(StaffUser).order_by(func.lower(StaffUser.email))))
    return render_template("staff/accounts.html", users=users, notices=get_flashed_messages())


@bp.route("/<lang>/staff/accounts/new", methods=["GET", "POST"])
@role_required("admin")
def account_new() -> Any:
    form = AccountCreateForm()
    if form.is_submitted():
        valid = form.validate()
        if valid and find_account(form.email.data) is not None:
            form.email.errors = [_l("An account with this email address already exists.")]
            valid = False
        if valid:
            user = StaffUser(
                email=form.email.data.strip().lower(),
                name=form.name.data or None,
                role=form.role.data,
                password_hash=hash_password(form.password.data),
            )
            db.add(user)
            db.flush()
            record(
                "account_created",
                actor_kind="staff",
                actor_id=g.staff.id,
                detail=f"user:{user.id} role:{user.role}",
            )
            db.commit()
            flash(_("Account created for %(email)s.", email=user.email))
            return redirect(url_for("staff.accounts"))
        form.password.data = form.confirm.data = ""
    status = 400 if form.errors else 200
    return (
        render_template("staff/account_new.html", form=form, role_hints=ROLE_HINTS),
        status,
    )


def _target(user_id: int) -> StaffUser:
    user = db.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


def _render_edit(
    user: StaffUser,
    edit_form: AccountEditForm | None = None,
    reset_form: PasswordResetForm | None = None,
    status: int = 200,
) -> Any:
    if edit_form is None:
        # Filled from the account, unless the language toggle brought back what was typed.
        edit_form = AccountEditForm(
            formdata=None,
            data={
                "name": user.name,
                "role": user.role,
                "access": "active" if user.active else "disabled",
            },
        )
    reset_form = reset_form or PasswordResetForm(formdata=None)
    failing = next((f for f in (edit_form, reset_form) if f.errors), None)
    return (
        render_template(
            "staff/account_edit.html",
            user=user,
            form=failing,
            edit_form=edit_form,
            reset_form=reset_form,
            role_hints=ROLE_HINTS,
            is_self=user.id == g.staff.id,
            notices=get_flashed_messages(),
        ),
        status,
    )


@bp.route("/<lang>/staff/accounts/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def account_edit(user_id: int) -> Any:
    user = _target(user_id)
    if request.method != "POST":
        return _render_edit(user)
    form = AccountEditForm()
    if not form.validate():
        return _render_edit(user, edit_form=form, status=400)
    active = form.access.data == "active"
    is_self = user.id == g.staff.id
    if is_self and (form.role.data != user.role or not active):
        form.role.errors = [
            _l("You cannot change your own role or access. Ask another administrator.")
        ]
        return _render_edit(user, edit_form=form, status=400)
    who = {"actor_kind": "staff", "actor_id": g.staff.id}
    if (form.name.data or None) != user.name:
        user.name = form.name.data or None
        record("account_updated", **who, detail=f"user:{user.id}")
    if form.role.data != user.role:
        record("account_role_changed", **who, detail=f"user:{user.id} {user.role}>{form.role.data}")
        user.role = form.role.data
    if active != user.active:
        user.active = active
        if not active:
            end_all_sessions(user)
        record("account_enabled" if active else "account_disabled", **who, detail=f"user:{user.id}")
    db.commit()
    flash(_("Changes saved for %(email)s.", email=user.email))
    return redirect(url_for("staff.account_edit", user_id=user.id))


@bp.post("/<lang>/staff/accounts/<int:user_id>/password")
@role_required("admin")
def account_password(user_id: int) -> Any:
    user = _target(user_id)
    form = PasswordResetForm(email=user.email)
    if not form.validate():
        form.password.data = form.confirm.data = ""
        return _render_edit(user, reset_form=form, status=400)
    set_password(user, form.password.data)
    record("password_reset", actor_kind="staff", actor_id=g.staff.id, detail=f"user:{user.id}")
    if user.id == g.staff.id:
        sign_in(user)  # their own sessions just ended, this one included
    db.commit()
    flash(_("New password set for %(email)s. Their sessions have ended.", email=user.email))
    return redirect(url_for("staff.account_edit", user_id=user.id))
