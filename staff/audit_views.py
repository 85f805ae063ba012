"""The audit log for administrators: every staff action and partner submission, filterable
by action, actor, request and date, newest first, with a plain GET form
(staff.filters.AuditFilterForm)."""

from __future__ import annotations

import math
from typing import Any

from flask import render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import false, func, select

from core.audit import ACTOR_KINDS, AuditEvent
from core.auth import StaffUser, role_required
from core.db import db
from core.numbers import parse_int
from intake.models import Exploration
from staff.blueprint import bp
from staff.filters import AuditFilter, AuditFilterForm
from staff.labels import ACTION_LABELS, ACTOR_LABELS, label_for
from staff.requests import audit_rows

PER_PAGE = 50
# An exploration's id, as an admin may type it instead of a reference (ASCII digits that fit
# the id column).


def _apply(stmt: Any, filters: AuditFilter) -> Any:
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.actor:
        kind, _, ident = filters.actor.partition(":")
        stmt = stmt.where(AuditEvent.actor_kind == kind)
        if ident:
            actor_id = parse_int(ident)
            stmt = stmt.where(AuditEvent.actor_id == actor_id if actor_id is not None else false())
    if filters.exploration:
        exploration_id = parse_int(filters.exploration)
        if exploration_id is not None:
            stmt = stmt.where(AuditEvent.exploration_id == exploration_id)
        else:
            ids = select(Exploration.id).where(Exploration.reference == filters.exploration)
            stmt = stmt.where(AuditEvent.exploration_id.in_(ids))
    if filters.since:
        stmt = stmt.where(AuditEvent.at >= filters.since)
    if filters.before:
        stmt = stmt.where(AuditEvent.at < filters.before)
    return stmt


def _actor_choices() -> list[tuple[str, str]]:
    """Who can be chosen: each staff account by email, then each other kind of actor."""
    users = db.execute(select(StaffUser.id, StaffUser.email).order_by(func.lower(StaffUser.email)))
    kinds = [(kind, label_for(ACTOR_LABELS, kind)) for kind in ACTOR_KINDS if kind != "staff"]
    return [(f"staff:{user_id}", email) for user_id, email in users] + kinds


@bp.get("/<lang>/staff/audit")
@role_required("admin")
def audit_log() -> Any:
    known_actions = set(ACTION_LABELS) | set(db.scalars(select(AuditEvent.action).distinct()))
    form = AuditFilterForm(request.args).offer(
        [(code, label_for(ACTION_LABELS, code)) for code in sorted(known_actions)],
        _actor_choices(),
        {"all_actions": gettext("All actions"), "everyone": gettext("Everyone")},
    )
    valid = form.validate()
    filters = form.filters
    total = db.scalar(_apply(select(func.count()).select_from(AuditEvent), filters)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(form.page_number, pages)
    events = list(
        db.scalars(
            _apply(select(AuditEvent), filters)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    ids = {e.exploration_id for e in events if e.exploration_id}
    references = (
        dict(
            db.execute(
                select(Exploration.id, Exploration.reference).where(Exploration.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    args = form.query_args
    body = render_template(
        "staff/audit.html",
        form=form,
        rows=audit_rows(events),
        references=references,
        total=total,
        page=page,
        pages=pages,
        page_url=lambda n: url_for("staff.audit_log", **args, page=n),
    )
    return body, 200 if valid else 400
