"""The outcome's blueprint and what its pages share.

Staff, under /<lang>/staff/requests/<id>/outcome:
    (the outcome itself)   the comparison, findings, recommendations, workshop, order, report
    /my-rating             a team member's own rating of the grid
    /reconcile             the lead's reconciled rating
    /findings              findings per practice
    /recommendations/…     write and change recommendations
    /order                 the partner's order beside the draft; the final one
/<lang>/staff/recommendations            every "with CDS" recommendation (portfolio)
/<lang>/request/<token>/recommendations  the partner lead's week-4 page

The pages live in outcome.rating_views, outcome.writing_views, outcome.workshop_views and
outcome.portfolio_views; importing outcome.views registers them all on `bp`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, abort, g, render_template, url_for
from sqlalchemy import select

from core.auth import StaffUser, current_staff
from core.db import db
from core.errors import bilingual_texts
from core.i18n import current_lang
from core.labels import STATUS, Labels
from core.security import link_miss_limit, public_post_limit
from intake.models import Exploration
from outcome import recommending, service
from surveys.framework import FRAMEWORK

bp = Blueprint("outcome", __name__)

posts_limited = public_post_limit("outcome-public-post")
link_misses_limited = link_miss_limit("intake-link-miss")  # the partner's links, one budget


def fmt_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


@bp.context_processor
def _outcome_context() -> dict[str, Callable[..., Any] | Any]:
    labels = Labels.current()
    return {
        "staff_user": current_staff(),
        "labels": labels,
        "fmt_datetime": fmt_datetime,
        "status_label": lambda code: labels.status(code) if code in STATUS else (code or ""),
        "page_lang": current_lang(),
        "framework": FRAMEWORK,
    }


def load_exploration(exploration_id: int) -> Exploration:
    exploration = db.get(Exploration, exploration_id)
    if exploration is None or exploration.status == "draft":
        abort(404)
    return exploration


def require(allowed: bool) -> None:
    """403 for a signed-in person whose role or team does not allow the change."""
    if not allowed:
        abort(403)


def staff() -> StaffUser:
    return g.staff


def names(user_ids: set[int]) -> dict[int, str]:
    """Staff names (or e-mail addresses) by id, for "who changed it" lines."""
    if not user_ids:
        return {}
    rows = db.execute(
        select(StaffUser.id, StaffUser.name, StaffUser.email).where(StaffUser.id.in_(user_ids))
    )
    return {row.id: row.name or row.email for row in rows}


def outcome_url(exploration: Exploration, anchor: str | None = None) -> str:
    return url_for("outcome.overview", exploration_id=exploration.id, _anchor=anchor)


def conflict(
    exploration: Exploration, typed: list[tuple[str, str]], back_url: str | None = None
) -> Any:
    """The 409 page: someone saved first; what was typed is shown back, nothing is saved."""
    body = render_template(
        "outcome/conflict.html",
        code=409,
        blocks=bilingual_texts(409, current_lang()),
        exploration=exploration,
        typed=[(label, value) for label, value in typed if value],
        latest_url=back_url or outcome_url(exploration),
    )
    return body, 409


def partner_section(exploration: Exploration, token: str) -> dict[str, Any]:
    """What the partner's page shows of the outcome (templates/outcome/_partner_section.html
    calls this through a template global, so intake need not know the outcome exists)."""
    state = service.outcome_of(exploration.id)
    workshop = state is not None and state.workshop_opened_at is not None
    published = state is not None and state.published_at is not None
    return {
        "workshop": workshop and not published,
        "ordered": state is not None and state.partner_ordered_at is not None,
        "published": published,
        "workshop_url": url_for("outcome.partner_order", token=token),
        "report_links": [
            (lang, url_for("report.partner_pdf", token=token, doc_lang=lang))
            for lang in ("en", "fr")
        ],
        "report_html": url_for("report.partner_html", token=token),
    }


def staff_section(exploration: Exploration) -> dict[str, Any]:
    """What the staff request page shows of the outcome (one include, one call)."""
    user = current_staff()
    state = service.outcome_of(exploration.id)
    return {
        "url": url_for("outcome.overview", exploration_id=exploration.id),
        "recommendations": len(recommending.recommendations(exploration.id)),
        "reconciled": len(service.reconciled(exploration.id)),
        "published": state is not None and state.published_at is not None,
        "can_rate": user is not None and service.can_rate(user, exploration.id),
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals["outcome_partner_section"] = partner_section
