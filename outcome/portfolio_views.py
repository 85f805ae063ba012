"""Across the portfolio: every recommendation CDS may carry (staff said "with CDS", or the
partner asked for CDS's help), with department, horizon and effort, filterable, so CDS can
plan its own capacity."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import or_, select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from core.auth import role_required
from core.db import db
from core.forms import BaseForm, RememberedSelect
from core.i18n import lazy_gettext as _l
from core.labels import HORIZON, SIZE, Labels
from intake.models import Exploration
from intake.reference import DEPARTMENTS
from outcome.blueprint import bp
from outcome.models import HORIZONS, SIZES, Recommendation


class PortfolioFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET form: reading, nothing changes

    department = SelectField(
        _l("Department or agency"), validate_choice=False, widget=RememberedSelect()
    )
    horizon = SelectField(_l("Horizon"), validate_choice=False)
    effort = SelectField(_l("Effort"), validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = Labels.current()
        every = SelectChoice("", _l("All"))
        departments = sorted((labels.department(d.code), d.code) for d in DEPARTMENTS)
        self.department.choices = [every] + [SelectChoice(c, n) for n, c in departments]
        self.horizon.choices = [every] + [SelectChoice(h, HORIZON[h]) for h in HORIZONS]
        self.effort.choices = [every] + [SelectChoice(s, SIZE[s]) for s in SIZES]

    def chosen(self, name: str, allowed: set[str]) -> str | None:
        value = self[name].data or ""
        if value and value not in allowed:
            self[name].errors = [_l("Choose from the list.")]
            return None
        return value or None


def with_cds_rows(
    department: str | None = None, horizon: str | None = None, effort: str | None = None
) -> list[tuple[Recommendation, Exploration]]:
    stmt = (
        select(Recommendation, Exploration)
        .join(Exploration, Exploration.id == Recommendation.exploration_id)
        .where(or_(Recommendation.carrier == "with_cds", Recommendation.partner_wants_help))
        .order_by(Exploration.reference, Recommendation.id)
    )
    if department:
        stmt = stmt.where(Exploration.department_code == department)
    if horizon:
        stmt = stmt.where(Recommendation.horizon == horizon)
    if effort:
        stmt = stmt.where(Recommendation.effort == effort)
    rows = [(rec, exp) for rec, exp in db.execute(stmt)]
    rank = {h: i for i, h in enumerate(HORIZONS)}
    return sorted(
        rows,
        key=lambda pair: (rank.get(pair[0].horizon, 9), pair[1].reference or "", pair[0].position),
    )


@bp.get("/<lang>/staff/recommendations")
@role_required("viewer")
def portfolio() -> Any:
    form = PortfolioFilterForm(request.args)
    department = form.chosen("department", {d.code for d in DEPARTMENTS})
    horizon = form.chosen("horizon", set(HORIZONS))
    effort = form.chosen("effort", set(SIZES))
    status = 400 if form.errors else 200
    rows = with_cds_rows(department, horizon, effort)
    return render_template("outcome/portfolio.html", form=form, rows=rows), status
