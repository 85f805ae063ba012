"""The public front door: the bilingual splash page and the home page in each language."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from intake.reference import WEEKS
from surveys.framework import FRAMEWORK

bp = Blueprint("pages", __name__)


@bp.get("/")
def splash() -> str:
    return render_template("pages/splash.html")


@bp.get("/<any(en,fr):lang>/")
def home() -> str:
    start_url = url_for("intake.start")
    return render_template(
        "pages/home.html",
        weeks=WEEKS,
        practices=[p.name for p in FRAMEWORK.practices],
        roles=[r.name for r in FRAMEWORK.roles],
        start_url=start_url,
    )
