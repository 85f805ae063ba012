"""The planning blueprint object, apart from the views so that each view module can import it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from core.auth import current_staff

bp = Blueprint("planning", __name__)


@bp.context_processor
def _staff_context() -> dict[str, Any]:
    """The staff layout's signed-in account, for the plan pages."""
    return {"staff_user": current_staff()}
