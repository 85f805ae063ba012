"""The audit log for administrators: every staff action and partner submission, filterable
by action, actor, request and date, newest first, with plain GET forms."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

from flask import render_template, request, url_for
from sqlalchemy import func, select

from core.audit import ACTOR_KINDS, AuditEvent
from core.auth import StaffUser, role_required
from core.db import db
from intake.models import Exploration
from staff.blueprint import bp
from staff.filters import AuditFilter, parse_audit_query
from staff.labels import ACTION_LABELS
from staff.requests import audit_rows

PER_PAGE = 50

ERROR_TARGETS = {
    "action": "audit-action",
    "actor": "audit-actor",
    "exploration": "audit-exploration",
    "from": "audit-from",
    "to": "audit-to",
    "page": "audit",
}


def _apply(stmt: Any, filters: AuditFilter) -> Any:
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.actor:
        kind, _, ident = filters.actor.partition(":")
        stmt = stmt.where(AuditEvent.actor_kind == kind)
        if ident:
            stmt = stmt.where(AuditEvent.actor_id == int(ident))
    if filters.exploration:
        if filters.exploration.isdigit():
            stmt = stmt.where(AuditEvent.exploration_id == int(filters.exploration))
        else:
            ids = select(Exploration.id).where(Exploration.reference == filters.exploration)
            stmt = stmt.where(AuditEvent.exploration_id.in_(ids))
    if filters.since:
        stmt = stmt.where(AuditEvent.at >= filters.since)
    if filters.before:
        stmt = stmt.where(AuditEvent.at < filters.before)
    return stmt


def _actor_choices() -> list[tuple[str, Any]]:
    kinds = [(kind, None) for kind in ACTOR_KINDS if kind != "staff"]
    users = db.scalars(select(StaffUser).order_by(func.lower(StaffUser.email)))
    return [(f"staff:{u.id}", u) for u in users] + kinds


@bp.get("/<lang>/staff/audit")
@role_required("admin")
def audit_log() -> Any:
    known_actions = set(ACTION_LABELS) | set(db.scalars(select(AuditEvent.action).distinct()))
    actors = _actor_choices()
    parsed = parse_audit_query(request.args, known_actions, {code for code, _ in actors})
    filters: AuditFilter = parsed.filters
    total = db.scalar(_apply(select(func.count()).select_from(AuditEvent), filters)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(parsed.page, pages)
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
    args = {k: v for k, v in parsed.values.items() if v}
    form = SimpleNamespace(
        errors=parsed.errors,
        error_list=[(ERROR_TARGETS[name], message) for name, message in parsed.errors.items()],
    )
    body = render_template(
        "staff/audit.html",
        form=form,
        errors=parsed.errors,
        values=parsed.values,
        rows=audit_rows(events),
        references=references,
        total=total,
        page=page,
        pages=pages,
        page_url=lambda n: url_for("staff.audit_log", **args, page=n),
        actions=sorted(known_actions),
        actors=actors,
    )
    return body, 400 if parsed.errors else 200
