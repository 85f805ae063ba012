"""The final report as PDF, in English or French: data in (exports.report_data.ReportData),
bytes out. Same machinery as the staff summary (exports.pdf: embedded fonts, metadata,
bookmarks, "Page n of N"); its web twin is templates/exports/report.html.

Sections: cover; summary; approach; the 6 x 3 picture (self-assessment beside CDS's rating,
with the flags in words and numbers); one section per practice (the framework's question, the
descriptors of the levels CDS found, findings, related recommendations); roadmap (now, next,
later, who carries each); appendix (the framework and the method).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from io import BytesIO

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from exports.labels import Labels
from exports.pdf import SummaryCanvas, SummaryDoc
from exports.pdf_fonts import clean, register_fonts
from exports.pdf_styles import (
    BODY,
    CELL,
    H1,
    H2,
    LIST,
    MUTED_TEXT,
    SUBTITLE,
    TITLE,
    Heading,
    keep_with_next,
    para,
    rich,
    table,
    user_paragraphs,
)
from exports.report_data import ReportData, ReportRecommendation
from exports.report_text import (
    cell_lines,
    flag_legend,
    group_title,
    method_paragraphs,
    not_shown_reason,
    participation_lines,
    summary_lines,
)
from surveys.framework import FRAMEWORK

HORIZON_ORDER = ("now", "next", "later")


def _section(title: str, body: list[Flowable], level: int = 0) -> list[Flowable]:
    heading = Heading(title, H1 if level == 0 else H2, level)
    return [CondPageBreak(5 * cm), *keep_with_next(heading, body)]


def _bullets(items: Iterable[str]) -> list[Flowable]:
    return [para(f"• {item}", LIST) for item in items]


def _cover(d: ReportData, _: Labels) -> list[Flowable]:
    department = _.department(d.department_code, d.department_other)
    rows = [
        para(_("Final report of the exploration"), TITLE),
        para(d.service_name or department, SUBTITLE),
        para(department, BODY),
    ]
    if d.branch:
        rows.append(para(d.branch, BODY))
    rows.append(para(_("Reference: %(reference)s", reference=d.reference), BODY))
    if d.published_at:
        rows.append(para(_("Published on %(date)s", date=_.date(d.published_at)), BODY))
    rows.append(Spacer(1, 1 * cm))
    rows.append(para(_("Prepared by the Canadian Digital Service with the partner."), MUTED_TEXT))
    return rows


def _picture(d: ReportData, _: Labels, width: float) -> list[Flowable]:
    c = d.comparison
    body: list[Flowable] = [para(flag_legend(c, _), BODY)]
    if not c.self_shown:
        body.append(para(not_shown_reason(d, _), BODY))
    roles = FRAMEWORK.roles
    first = width * 0.28
    rest = (width - first) / len(roles)
    rows: list[list[object]] = [[_("Practice"), *(_.role(r.id) for r in roles)]]
    for practice in FRAMEWORK.practices:
        rows.append(
            [_.practice(practice.id)]
            + ["\n".join(cell_lines(cell, c.self_shown, _)) for cell in c.row(practice.id)]
        )
    body.append(table(rows, [first, *([rest] * len(roles))]))
    for group in c.groups:
        flagged = group.flagged
        lines = [
            _.labelled(
                f"{_.practice(cell.practice_id)} — {_.role(cell.role_id)}",
                " · ".join(cell_lines(cell, True, _)),
            )
            for cell in flagged
        ] or [_("No cell is flagged for this group.")]
        body += [para(group_title(group, _), H2), *_bullets(lines)]
    return _section(_("Self-assessment and CDS rating"), body)


def _recommendation_block(r: ReportRecommendation, _: Labels) -> list[Flowable]:
    facts = _.semicolons(
        [
            _("Horizon: %(value)s", value=_.horizon(r.horizon)),
            _("Effort: %(value)s", value=_.size(r.effort)),
            _("Impact: %(value)s", value=_.size(r.impact)),
            _("Carried by: %(value)s", value=_.carrier(r.carrier, r.carrier_name)),
        ]
    )
    blocks: list[Flowable] = [rich([(True, f"{r.number}. {r.title}")], BODY)]
    blocks += user_paragraphs(r.description, BODY, "")
    blocks.append(para(facts, MUTED_TEXT))
    if r.role_ids:
        roles = _.semicolons(_.role(x) for x in r.role_ids)
        blocks.append(para(_("Roles and structures: %(value)s", value=roles), MUTED_TEXT))
    return blocks


def _practice(d: ReportData, practice_id: str, _: Labels) -> list[Flowable]:
    practice = FRAMEWORK.practice_by_id[practice_id]
    body: list[Flowable] = [para(_("The framework’s question"), H2)]
    body += [para(q[_.lang], BODY) for q in practice.questions]
    body.append(para(_("What CDS observed, by role and structure"), H2))
    body += _bullets(
        _.labelled(_.role(cell.role_id), " · ".join(cell_lines(cell, d.comparison.self_shown, _)))
        for cell in d.comparison.row(practice_id)
    )
    for value in d.levels_for(practice_id):
        level = FRAMEWORK.level_by_value[value]
        body.append(para(_("What “%(level)s” looks like", level=level.name[_.lang]), H2))
        body += _bullets(text[_.lang] for text in level.descriptors)
    finding = d.findings.get(practice_id)
    body.append(para(_("Findings"), H2))
    if finding is None or not (finding.helps or finding.blocks):
        body.append(para(_("No findings were recorded for this practice."), MUTED_TEXT))
    else:
        if finding.helps:
            body.append(rich([(True, _("What helps:")), (False, " ")], BODY))
            body += user_paragraphs(finding.helps, BODY, "")
        if finding.blocks:
            body.append(rich([(True, _("What blocks:")), (False, " ")], BODY))
            body += user_paragraphs(finding.blocks, BODY, "")
        if finding.role_ids:
            where = _.semicolons(_.role(x) for x in finding.role_ids)
            body.append(para(_("Where it shows: %(roles)s", roles=where), MUTED_TEXT))
    related = d.recommendations_for(practice_id)
    body.append(para(_("Related recommendations"), H2))
    if related:
        body += _bullets(f"{r.number}. {r.title}" for r in related)
    else:
        body.append(para(_("No recommendation addresses this practice."), MUTED_TEXT))
    return _section(_.practice(practice_id), body)


def _roadmap(d: ReportData, _: Labels, width: float) -> list[Flowable]:
    body: list[Flowable] = []
    for horizon in HORIZON_ORDER:
        items = d.by_horizon(horizon)
        body.append(para(_.horizon(horizon), H2))
        if not items:
            body.append(para(_("No recommendation for this horizon."), MUTED_TEXT))
            continue
        rows: list[list[object]] = [
            [_("Recommendation"), _("Carried by"), _("Effort"), _("Impact")]
        ]
        rows += [
            [
                f"{r.number}. {r.title}",
                _.carrier(r.carrier, r.carrier_name),
                _.size(r.effort),
                _.size(r.impact),
            ]
            for r in items
        ]
        body.append(table(rows, [width * 0.46, width * 0.26, width * 0.14, width * 0.14]))
    return _section(_("Roadmap"), body)


def _appendix(d: ReportData, _: Labels) -> list[Flowable]:
    body: list[Flowable] = [para(_("The framework"), H2)]
    body.append(para(_("Six practices, each seen through three roles and structures:"), BODY))
    body += _bullets(_.practice(p.id) for p in FRAMEWORK.practices)
    body += _bullets(f"{_.role(r.id)} — {r.examples[_.lang]}" for r in FRAMEWORK.roles)
    body.append(para(_("The experience levels"), H2))
    for level in FRAMEWORK.levels:
        body.append(rich([(True, f"{level.value} – {level.name[_.lang]}")], BODY))
        body += _bullets(text[_.lang] for text in level.descriptors)
    body.append(para(_("The method"), H2))
    body += [para(text, BODY) for text in method_paragraphs(d, _)]
    return _section(_("Appendix: the framework and the method"), body)


def build_report_pdf(d: ReportData, lang: str, *, generated: date | None = None) -> bytes:
    register_fonts()
    _ = Labels(lang)
    title = clean(_("Final report of the exploration %(reference)s", reference=d.reference))
    buffer = BytesIO()
    doc = SummaryDoc(
        buffer,
        title=title,
        author=_("Canadian Digital Service"),
        subject=clean(d.service_name or _.department(d.department_code, d.department_other)),
        creator=_("Exploration"),
        lang=f"{lang}-CA",
        displayDocTitle=1,
    )
    width = doc.width - 12
    story: list[Flowable] = _cover(d, _)
    if generated:
        story.append(para(_("Generated on %(date)s.", date=_.date(generated)), MUTED_TEXT))
    story.append(PageBreak())
    story += _section(_("Summary"), [para(line, BODY) for line in summary_lines(d, _)])
    approach = [para(line, BODY) for line in participation_lines(d, _)]
    story += _section(_("Approach"), approach)
    story += _picture(d, _, width)
    for practice in FRAMEWORK.practices:
        story += _practice(d, practice.id, _)
    story += _roadmap(d, _, width)
    story += _appendix(d, _)

    class _Canvas(SummaryCanvas):
        footer = clean(f"{d.reference} · {_('Final report')}")
        page_label = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")

    doc.build(story, canvasmaker=_Canvas)
    return buffer.getvalue()


__all__ = ["CELL", "build_report_pdf"]
