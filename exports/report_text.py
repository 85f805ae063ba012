"""The final report's sentences, in one language, shared by the PDF and the web page so both
say the same thing. Each function takes the report data and `_` (exports.labels.Labels)."""

from __future__ import annotations

from exports.labels import Labels
from exports.report_data import ReportData
from outcome.compare import BLIND_SPOT, HIDDEN_STRENGTH, CellComparison, Comparison, GroupComparison


def self_text(cell: CellComparison, _: Labels) -> str:
    s = cell.self_summary
    if s is None or s.median is None:
        return _("Self-assessment: no level given")
    return _(
        "Self-assessment: median %(median)s (from %(low)d to %(high)d, %(n)d answers)",
        median=_.number(s.median),
        low=s.minimum,
        high=s.maximum,
        n=s.n,
    )


def flag_text(cell: CellComparison, _: Labels) -> str:
    if not cell.flag or cell.gap is None:
        return ""
    sign = "+" if cell.gap > 0 else "−"
    return f"{_.flag(cell.flag)} ({sign}{_.number(abs(cell.gap))})"


def cell_lines(cell: CellComparison, self_shown: bool, _: Labels) -> list[str]:
    """One cell in words and numbers: the self-assessment (when shown), CDS's rating, the flag."""
    lines = []
    if self_shown:
        lines.append(self_text(cell, _))
    lines.append(_("CDS rating: %(level)s", level=_.cds_level(cell.cds_level, cell.cds_rated)))
    flag = flag_text(cell, _)
    if flag:
        lines.append(flag)
    return lines


def flag_legend(c: Comparison, _: Labels) -> str:
    return _(
        "A blind spot is a cell where the self-assessment’s median is at least %(blind)s level "
        "above CDS’s rating; a hidden strength, at least %(hidden)s level below. The difference "
        "is shown in levels, for example “Blind spot (+1)”.",
        blind=_.number(c.thresholds.blind_spot),
        hidden=_.number(c.thresholds.hidden_strength),
    )


def not_shown_reason(d: ReportData, _: Labels) -> str:
    p = d.participation
    return _(
        "This report has no self-assessment figures: to protect respondents’ anonymity, figures "
        "appear only once the answers of at least %(k)d people are combined "
        "(%(submitted)d submitted, %(released)d combined so far).",
        k=p.threshold,
        submitted=p.submitted,
        released=p.released,
    )


def group_title(group: GroupComparison, _: Labels) -> str:
    if group.kind == "functional_area":
        name = _("Functional area: %(name)s", name=_.functional_area(group.key))
    else:
        name = _("Position level: %(name)s", name=_.respondent_level(group.key, _("Not given")))
    return f"{name} — {_.ngettext('%(num)d person', '%(num)d people', group.respondents)}"


def summary_lines(d: ReportData, _: Labels) -> list[str]:
    c = d.comparison
    rated = sum(1 for cell in c.cells.values() if cell.cds_rated)
    lines = [
        _("CDS rated %(n)d of the %(total)d cells of the framework.", n=rated, total=len(c.cells))
    ]
    if c.self_shown:
        blind = _.ngettext(
            "%(num)d cell is a blind spot",
            "%(num)d cells are blind spots",
            len(c.with_flag(BLIND_SPOT)),
        )
        hidden = _.ngettext(
            "%(num)d cell is a hidden strength.",
            "%(num)d cells are hidden strengths.",
            len(c.with_flag(HIDDEN_STRENGTH)),
        )
        lines.append(_.semicolons((blind, hidden)))
    else:
        lines.append(not_shown_reason(d, _))
    recs = d.recommendations
    lines.append(
        _.ngettext("%(num)d recommendation", "%(num)d recommendations", len(recs))
        + " — "
        + _(
            "now: %(now)d, next: %(next)d, later: %(later)d.",
            now=len(d.by_horizon("now")),
            next=len(d.by_horizon("next")),
            later=len(d.by_horizon("later")),
        )
    )
    if recs:
        top = _.semicolons(f"{r.number}. {r.title}" for r in recs)
        lines.append(_("The priorities: %(list)s.", list=top))
    return lines


def participation_lines(d: ReportData, _: Labels) -> list[str]:
    p = d.participation
    lines = [
        _(
            "Over four weeks, CDS met the people the partner named, in one-hour interviews by "
            "topic, and read the documents the partner shared."
        ),
    ]
    if d.interviews_held is None:
        lines.append(
            _.ngettext(
                "Interviews planned: %(num)d topic with someone named.",
                "Interviews planned: %(num)d topics with someone named.",
                d.interviews_planned,
            )
            + " "
            + _("No interview schedule is recorded for this exploration.")
        )
    else:
        lines.append(
            _(
                "Interviews planned: %(planned)d; held: %(held)d.",
                planned=d.interviews_planned,
                held=d.interviews_held,
            )
        )
    invited = _("not recorded") if p.invited is None else _.number(p.invited)
    lines.append(
        _(
            "Self-assessment survey — invited by email: %(invited)s; started: %(started)d; "
            "submitted: %(submitted)d.",
            invited=invited,
            started=p.started,
            submitted=p.submitted,
        )
    )
    if d.comparison.self_shown:
        lines.append(
            _(
                "The self-assessment figures in this report combine the answers of %(n)d people.",
                n=d.comparison.respondents,
            )
        )
    if d.team:
        names = ", ".join(name for name, _role in d.team)
        lines.append(_("CDS team: %(names)s.", names=names))
    return lines


def method_paragraphs(d: ReportData, _: Labels) -> list[str]:
    c = d.comparison
    return [
        _(
            "Before the interviews, the partner’s colleagues rated each practice for each role "
            "and structure on the four experience levels. After the interviews, each member of "
            "the CDS team rated the same grid on their own, and the team lead recorded the "
            "team’s rating with its reasons."
        ),
        flag_legend(c, _),
        _(
            "Anonymity: self-assessment figures combine the answers of at least %(k)d people; "
            "a respondent group is shown only when it, and everyone outside it, holds at least "
            "%(k)d people. No individual answer or comment appears in this report.",
            k=c.min_respondents,
        ),
    ]
