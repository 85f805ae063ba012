"""CDS's rating beside the partner's self-assessment: pure functions, no Flask, no database.

- `compare(aggregate, cds, thresholds, min_respondents=K)`: per cell of the 6 x 3 grid the
  partner's median and spread (from `surveys.aggregation.Aggregate`), CDS's reconciled level,
  and a flag: a **blind spot** when the self-assessed median is at least
  `thresholds.blind_spot` levels above CDS's rating, a **hidden strength** when it is at least
  `thresholds.hidden_strength` levels below. No flag when either side has no level (nobody
  rated it, "don't know", or CDS found "not enough evidence").
- The self-assessment is shown only from K people up (K = SURVEY_RESULTS_THRESHOLD); below
  that the comparison has CDS's side only and says so (`self_shown` is False).
- Respondent groups (functional area, position level) are compared too, each only when it
  holds at least K people and the people outside it are either none or at least K as well:
  otherwise subtracting the group from the whole would give away fewer than K people's
  answers.
- `member_cells(ratings)`: the team members' ratings per cell, cells where members differ by
  `DISAGREEMENT_SPAN` levels or more first (the lead reconciles those first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from surveys.aggregation import Aggregate, CellSummary
from surveys.framework import FRAMEWORK

BLIND_SPOT = "blind_spot"
HIDDEN_STRENGTH = "hidden_strength"
FLAGS = (BLIND_SPOT, HIDDEN_STRENGTH)
DISAGREEMENT_SPAN = 2
NOT_ENOUGH_EVIDENCE = "none"  # the form's value for "not enough evidence" (stored as NULL)
GROUP_KINDS = ("functional_area", "level")

Cell = tuple[str, str]


@dataclass(frozen=True)
class Thresholds:
    """How far apart the two ratings must be (in levels) to flag a cell."""

    blind_spot: float = 1.0
    hidden_strength: float = 1.0

    def __post_init__(self) -> None:
        if self.blind_spot <= 0 or self.hidden_strength <= 0:
            raise ValueError("a flag threshold is a positive number of levels")


def parse_level(raw: str | int | None) -> int | None:
    """A rating from a form: "1"-"4", or "none" for "not enough evidence" (None).
    Anything else raises ValueError: ratings outside the scale are refused, never guessed."""
    if raw == NOT_ENOUGH_EVIDENCE:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 4:
        return raw
    if isinstance(raw, str) and raw in {"1", "2", "3", "4"}:
        return int(raw)
    raise ValueError(f"not a level of the scale: {raw!r}")


def flag_for(
    self_median: float | None, cds_level: int | None, thresholds: Thresholds
) -> str | None:
    if self_median is None or cds_level is None:
        return None
    gap = self_median - cds_level
    if gap >= thresholds.blind_spot:
        return BLIND_SPOT
    if -gap >= thresholds.hidden_strength:
        return HIDDEN_STRENGTH
    return None


@dataclass(frozen=True)
class CellComparison:
    practice_id: str
    role_id: str
    self_summary: CellSummary | None  # None: the self-assessment is not shown
    cds_level: int | None  # None: not rated yet, or not enough evidence
    cds_rated: bool  # the lead recorded a rating (possibly "not enough evidence")
    flag: str | None

    @property
    def gap(self) -> float | None:
        """Self median minus CDS's level (positive: the partner rates itself higher)."""
        median = self.self_summary.median if self.self_summary else None
        if median is None or self.cds_level is None:
            return None
        return median - self.cds_level


@dataclass(frozen=True)
class GroupComparison:
    kind: str  # GROUP_KINDS
    key: str  # a functional area (interview topic id), a position level, or "unspecified"
    respondents: int
    cells: Mapping[Cell, CellComparison]

    self_shown = True  # a group is compared only when it can be shown

    def row(self, practice_id: str) -> list[CellComparison]:
        return [self.cells[(practice_id, r.id)] for r in FRAMEWORK.roles]

    @property
    def flagged(self) -> list[CellComparison]:
        return [c for c in self.cells.values() if c.flag]


@dataclass(frozen=True)
class Comparison:
    thresholds: Thresholds
    min_respondents: int
    respondents: int  # people in the self-assessment used (0 when not shown)
    self_shown: bool
    cells: Mapping[Cell, CellComparison]
    groups: tuple[GroupComparison, ...] = field(default_factory=tuple)

    def cell(self, practice_id: str, role_id: str) -> CellComparison:
        return self.cells[(practice_id, role_id)]

    def row(self, practice_id: str) -> list[CellComparison]:
        return [self.cells[(practice_id, r.id)] for r in FRAMEWORK.roles]

    def with_flag(self, flag: str) -> list[CellComparison]:
        return [c for c in self.cells.values() if c.flag == flag]

    @property
    def cds_complete(self) -> bool:
        return all(c.cds_rated for c in self.cells.values())


def _cells(
    aggregate: Aggregate | None, cds: Mapping[Cell, int | None], thresholds: Thresholds
) -> dict[Cell, CellComparison]:
    result = {}
    for practice_id, role_id in FRAMEWORK.cells:
        summary = aggregate.cell(practice_id, role_id) if aggregate is not None else None
        level = cds.get((practice_id, role_id))
        result[(practice_id, role_id)] = CellComparison(
            practice_id=practice_id,
            role_id=role_id,
            self_summary=summary,
            cds_level=level,
            cds_rated=(practice_id, role_id) in cds,
            flag=flag_for(summary.median if summary else None, level, thresholds),
        )
    return result


def shown_groups(
    groups: Mapping[str, Aggregate], total: int, min_respondents: int
) -> list[tuple[str, Aggregate]]:
    """The groups that can be shown: at least K people, and the rest none or at least K."""
    shown = []
    for key in sorted(groups):
        people = groups[key].respondents
        rest = total - people
        if people >= min_respondents and (rest == 0 or rest >= min_respondents):
            shown.append((key, groups[key]))
    return shown


def compare(
    aggregate: Aggregate | None,
    cds: Mapping[Cell, int | None],
    thresholds: Thresholds | None = None,
    *,
    min_respondents: int = 3,
) -> Comparison:
    """Compare the self-assessment (`aggregate`, or None when there is none) with CDS's
    reconciled ratings (`cds`: a cell present with None is "not enough evidence")."""
    thresholds = thresholds or Thresholds()
    min_respondents = max(1, min_respondents)
    shown = aggregate is not None and aggregate.respondents >= min_respondents
    used = aggregate if shown else None
    groups: list[GroupComparison] = []
    if used is not None:
        for kind, table in (
            ("functional_area", used.by_functional_area),
            ("level", used.by_level),
        ):
            for key, group in shown_groups(table, used.respondents, min_respondents):
                groups.append(
                    GroupComparison(kind, key, group.respondents, _cells(group, cds, thresholds))
                )
    return Comparison(
        thresholds=thresholds,
        min_respondents=min_respondents,
        respondents=used.respondents if used is not None else 0,
        self_shown=shown,
        cells=_cells(used, cds, thresholds),
        groups=tuple(groups),
    )


@dataclass(frozen=True)
class MemberCell:
    """The team members' ratings of one cell (member id -> level, None: not enough evidence)."""

    practice_id: str
    role_id: str
    levels: Mapping[int, int | None]

    @property
    def spread(self) -> int | None:
        rated = [v for v in self.levels.values() if v is not None]
        return max(rated) - min(rated) if rated else None

    @property
    def disagree(self) -> bool:
        return (self.spread or 0) >= DISAGREEMENT_SPAN


def member_cells(ratings: Mapping[int, Mapping[Cell, int | None]]) -> list[MemberCell]:
    """Every cell with each member's rating, cells where members differ by two levels or more
    first, then in reading order."""
    cells = [
        MemberCell(p, r, {m: grid[(p, r)] for m, grid in ratings.items() if (p, r) in grid})
        for p, r in FRAMEWORK.cells
    ]
    rank = {cell: i for i, cell in enumerate(FRAMEWORK.cells)}
    return sorted(cells, key=lambda c: (not c.disagree, rank[(c.practice_id, c.role_id)]))
