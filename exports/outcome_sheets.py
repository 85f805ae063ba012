"""The outcome's sheets of the workbooks, through the one sheet writer (exports.sheet_writer):

- Assessment: per exploration and cell, the self-assessment (released answers, from the
  threshold up), CDS's reconciled rating and the flag;
- Assessment by group: the same for each respondent group that can be shown;
- Recommendations: every recommendation of the explorations in the workbook;
- About: the legend (levels, flags, thresholds, horizons, sizes);
- Assessment map (per-exploration workbook only): the 6 x 3 picture, 6 rows x 3 columns.

Rows come from `outcome_rows` / `recommendation_rows` (one exploration's comparison at a time).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from exports.labels import Labels
from exports.report_text import flag_text
from exports.sheet_writer import CellMaker, Column, Sheet, flag_column
from intake.models import Exploration
from outcome import recommending
from outcome import service as outcome
from outcome.compare import CellComparison, Comparison
from outcome.models import HORIZONS, SIZES, Recommendation, ReconciledRating
from surveys.framework import FRAMEWORK

if TYPE_CHECKING:
    from exports.rows import Scope


@dataclass(frozen=True)
class OutcomeRow:
    exploration_id: int
    reference: str | None
    department_code: str | None
    department_other: str | None
    service_name: str | None
    comparison: Comparison


def _with_outcome(scope: Scope) -> Any:
    has_rating = exists().where(ReconciledRating.exploration_id == Exploration.id)
    has_rec = exists().where(Recommendation.exploration_id == Exploration.id)
    return scope.select(
        select(
            Exploration.id,
            Exploration.reference,
            Exploration.department_code,
            Exploration.department_other,
            Exploration.service_name,
        ).where(or_(has_rating, has_rec))
    )


def outcome_rows(session: Session, scope: Scope) -> Iterator[OutcomeRow]:
    for row in session.execute(_with_outcome(scope)).all():
        yield OutcomeRow(*row, comparison=outcome.comparison(row.id))


def recommendation_rows(session: Session, scope: Scope) -> Iterator[tuple[Any, Recommendation]]:
    for row in session.execute(_with_outcome(scope)).all():
        for rec in recommending.recommendations(row.id):
            yield row, rec


def _cds(cell: CellComparison) -> int | None:
    return cell.cds_level


def _cells_columns(_: Labels) -> list[Column]:
    return [
        Column(_("Practice"), 34),
        Column(_("Role or structure"), 24),
        Column(_("Self-assessment: people"), 12),
        Column(_("Self-assessment: median"), 12),
        Column(_("Self-assessment: lowest"), 11),
        Column(_("Self-assessment: highest"), 11),
        Column(_("CDS rating (1-4)"), 11),
        Column(_("CDS rating"), 26),
        Column(_("Flag"), 20),
    ]


def _cell_values(c: CellMaker, _: Labels, cell: CellComparison, people: int) -> list[Any]:
    s = cell.self_summary
    return [
        _.practice(cell.practice_id),
        _.role(cell.role_id),
        people if s is not None else None,
        c.median(s.median) if s is not None else None,
        s.minimum if s is not None else None,
        s.maximum if s is not None else None,
        _cds(cell),
        _.cds_level(cell.cds_level, cell.cds_rated),
        flag_text(cell, _) or None,
    ]


def _head(c: CellMaker, _: Labels, row: OutcomeRow) -> list[Any]:
    return [c.text(row.reference), c.text(_.department(row.department_code, row.department_other))]


def assessment_sheet(wb: Workbook, _: Labels, rows: Iterable[OutcomeRow]) -> list[OutcomeRow]:
    columns = [Column(_("Reference"), 15), Column(_("Department"), 30), *_cells_columns(_)]
    sheet = Sheet(wb, _("Assessment"), columns)
    c = CellMaker(sheet)
    kept = []
    for row in rows:
        kept.append(row)
        for practice in FRAMEWORK.practices:
            for cell in row.comparison.row(practice.id):
                sheet.append(
                    _head(c, _, row) + _cell_values(c, _, cell, row.comparison.respondents)
                )
    sheet.finish()
    return kept


def groups_sheet(wb: Workbook, _: Labels, rows: Iterable[OutcomeRow]) -> None:
    columns = [
        Column(_("Reference"), 15),
        Column(_("Department"), 30),
        Column(_("Group"), 34),
        *_cells_columns(_),
    ]
    sheet = Sheet(wb, _("Assessment by group"), columns)
    c = CellMaker(sheet)
    for row in rows:
        for group in row.comparison.groups:
            if group.kind == "functional_area":
                name = _("Functional area: %(name)s", name=_.functional_area(group.key))
            else:
                name = _(
                    "Position level: %(name)s", name=_.respondent_level(group.key, _("Not given"))
                )
            for practice in FRAMEWORK.practices:
                for cell in group.row(practice.id):
                    sheet.append(
                        [
                            *_head(c, _, row),
                            c.text(name),
                            *_cell_values(c, _, cell, group.respondents),
                        ]
                    )
    sheet.finish()


def map_sheet(wb: Workbook, _: Labels, row: OutcomeRow) -> None:
    """The 6 x 3 picture as the report shows it: practices down, roles across."""
    columns = [Column(_("Practice"), 34), *(Column(_.role(r.id), 30) for r in FRAMEWORK.roles)]
    sheet = Sheet(wb, _("Assessment map"), columns)
    c = CellMaker(sheet)
    shown = row.comparison.self_shown
    for practice in FRAMEWORK.practices:
        values: list[Any] = [_.practice(practice.id)]
        for cell in row.comparison.row(practice.id):
            parts = []
            if shown and cell.self_summary is not None and cell.self_summary.median is not None:
                parts.append(_("Self: %(median)s", median=_.number(cell.self_summary.median)))
            parts.append(_("CDS: %(level)s", level=_.cds_level(cell.cds_level, cell.cds_rated)))
            if cell.flag:
                parts.append(flag_text(cell, _))
            values.append(c.text(" · ".join(parts)))
        sheet.append(values)
    sheet.finish()


def recommendations_sheet(
    wb: Workbook, _: Labels, rows: Iterable[tuple[Any, Recommendation]]
) -> None:
    yes, no = _.yes_no(True), _.yes_no(False)
    sheet = Sheet(
        wb,
        _("Recommendations"),
        [
            Column(_("Reference"), 15),
            Column(_("Department"), 30),
            Column(_("Order"), 8),
            Column(_("Title"), 34),
            Column(_("Description"), 50),
            Column(_("Practices"), 40),
            Column(_("Roles and structures"), 30),
            Column(_("Horizon"), 10),
            Column(_("Effort"), 10),
            Column(_("Impact"), 10),
            Column(_("Carried by"), 24),
            Column(_("With CDS"), 9),
            Column(_("The partner asked for CDS’s help"), 14),
            Column(_("Partner’s order"), 10),
            Column(_("Final position"), 10),
        ],
    )
    sheet.finishers.append(flag_column(12, yes))
    c = CellMaker(sheet)
    numbers: dict[int, int] = {}
    for exp, rec in rows:
        numbers[exp.id] = numbers.get(exp.id, 0) + 1
        sheet.append(
            [
                c.text(exp.reference),
                c.text(_.department(exp.department_code, exp.department_other)),
                numbers[exp.id],
                c.text(rec.title),
                c.text(rec.description),
                c.text(_.semicolons(_.practice(p) for p in rec.practices)),
                c.text(_.semicolons(_.role(r) for r in rec.roles)),
                c.text(_.horizon(rec.horizon)),
                c.text(_.size(rec.effort)),
                c.text(_.size(rec.impact)),
                c.text(_.carrier(rec.carrier, rec.carrier_name)),
                yes if rec.with_cds else no,
                yes if rec.partner_wants_help else no,
                rec.partner_position,
                rec.final_position,
            ]
        )
    sheet.finish()


def about_sheet(wb: Workbook, _: Labels, thresholds: tuple[float, float, int]) -> None:
    blind, hidden, k = thresholds
    sheet = Sheet(wb, _("About"), [Column(_("Term"), 30), Column(_("Meaning"), 90)])
    for level in FRAMEWORK.levels:
        sheet.append([_.choice(level.value), _.semicolons(d[_.lang] for d in level.descriptors)])
    sheet.append(
        [_.cds_level(None), _("CDS could not rate this cell from what it heard and read.")]
    )
    sheet.append(
        [
            _.flag("blind_spot"),
            _(
                "The self-assessment’s median is at least %(n)s level above CDS’s rating.",
                n=_.number(blind),
            ),
        ]
    )
    sheet.append(
        [
            _.flag("hidden_strength"),
            _(
                "The self-assessment’s median is at least %(n)s level below CDS’s rating.",
                n=_.number(hidden),
            ),
        ]
    )
    sheet.append(
        [
            _("Self-assessment"),
            _(
                "Only the answers released to the partner, and only from %(k)d people up; a "
                "group only when it and everyone outside it hold at least %(k)d people.",
                k=k,
            ),
        ]
    )
    for code in HORIZONS:
        sheet.append([_.horizon(code), _("Horizon of a recommendation")])
    for code in SIZES:
        sheet.append([_.size(code), _("Effort or impact of a recommendation")])
    sheet.finish()


def write_outcome_sheets(
    wb: Workbook,
    _: Labels,
    outcomes: Iterable[OutcomeRow],
    recommendations: Iterable[tuple[Any, Recommendation]],
    *,
    detail: bool,
) -> None:
    """Every outcome sheet, in order; called once by exports.workbook.build_workbook."""
    rows = assessment_sheet(wb, _, outcomes)
    groups_sheet(wb, _, rows)
    if detail and rows:
        map_sheet(wb, _, rows[0])
    recommendations_sheet(wb, _, recommendations)
    if rows:
        t = rows[0].comparison.thresholds
        about = (t.blind_spot, t.hidden_strength, rows[0].comparison.min_respondents)
    else:
        t = outcome.thresholds()
        about = (t.blind_spot, t.hidden_strength, outcome.min_respondents())
    about_sheet(wb, _, about)
