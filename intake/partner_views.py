"""The partner's page behind the private link: status, answers, what may still change, and
the way to the survey."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from sqlalchemy import select

from core.db import db
from intake import service
from intake.blueprint import bp, link_misses_limited
from intake.check_views import missing_answers
from intake.flow import change_urls, resume_url, summary_context
from intake.links import exploration_for_partner_token, partner_url
from intake.models import Exploration, StatusChange

CLOSED_BY_CDS = ("declined", "withdrawn")


def closing_reason(exploration: Exploration) -> str | None:
    """Why CDS declined or withdrew the request, as staff wrote it (None otherwise)."""
    if exploration.status not in CLOSED_BY_CDS:
        return None
    return db.scalar(
        select(StatusChange.reason)
        .where(
            StatusChange.exploration_id == exploration.id,
            StatusChange.to_status == exploration.status,
        )
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
        .limit(1)
    )


@bp.get("/<lang>/request/<token>/")
@link_misses_limited
def partner_page(token: str) -> Any:
    exploration = exploration_for_partner_token(token)
    draft = exploration.status == "draft"
    return render_template(
        "intake/partner.html",
        exploration=exploration,
        token=token,
        private_url=partner_url(token),
        resume=resume_url(exploration, token) if draft else None,
        editable=service.is_partner_editable(exploration) and not draft,
        survey_url=url_for("surveys.manage", token=token),
        missing=missing_answers(exploration) if draft else [],
        summary=summary_context(exploration),
        change_urls=change_urls(exploration, token, check=False),
        closing_reason=closing_reason(exploration),
    )
