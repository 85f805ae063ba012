"""`exploration staff ...`: create an account or set a password from the command line.

The password never appears in the command (shell history, process lists): it is asked for
twice with hidden input, or read from standard input when that is not a terminal (one line,
for provisioning scripts: `printf '%s\\n' "$PASSWORD" | exploration staff create ...`).
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from core.audit import record
from core.auth import ROLES, StaffUser, hash_password, set_password
from core.db import db
from staff.passwords import password_problems

staff_cli = AppGroup("staff", help="Staff accounts.")


def _interactive() -> bool:
    """A person at a terminal (prompt, hidden and confirmed), or a script piping the password."""
    return sys.stdin.isatty()


def _read_password(email: str) -> str:
    if _interactive():
        password = click.prompt(
            "Password", hide_input=True, confirmation_prompt="Type the password again"
        )
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problems = password_problems(password, email)
    if problems:
        raise click.ClickException(" ".join(problems))
    return password


def _find(email: str) -> StaffUser | None:
    return db.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.lower()))


def _check_email(email: str) -> str:
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or len(email) > 254 or " " in email:
        raise click.BadParameter("enter an email address like name@canada.ca", param_hint="EMAIL")
    return email


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@click.option("--name", default=None, help="The person's name, as shown to other staff.")
def create(email: str, role: str, name: str | None) -> None:
    """Create a staff account EMAIL with a role; the password is asked for (or read from stdin)."""
    email = _check_email(email)
    if _find(email) is not None:
        raise click.ClickException(f"an account already exists for {email}")
    password = _read_password(email)
    user = StaffUser(email=email, name=name, role=role, password_hash=hash_password(password))
    db.add(user)
    db.flush()
    record("account_created", actor_kind="system", detail=f"user:{user.id} role:{role}")
    db.commit()
    click.echo(f"Created {role} account for {email}.")


@staff_cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set a new password for EMAIL (ends its sessions); for when no administrator can."""
    user = _find(_check_email(email))
    if user is None:
        raise click.ClickException(f"no account for {email}")
    set_password(user, _read_password(user.email))
    record("password_reset", actor_kind="system", detail=f"user:{user.id}")
    db.commit()
    click.echo(f"Password changed for {user.email}; its sessions have ended.")
