"""Survey aggregation: pure functions from answers to summaries.

No Flask and no database here, so the partner's results page, the staff page, the workbook and
the PDF all compute the same figures from the same plain data, and the figures can be tested
by hand and by property.

Input (plain tuples work; the NamedTuples below only name the positions):

- `Answer(respondent_id, practice_id, role_id, level, functional_area, respondent_level)`:
  one cell of the 6 x 3 grid; `level` is 1-4, or None for "don't know / not applicable".
  A cell a respondent left unanswered has no Answer at all.
- `OverallAnswer(respondent_id, level, functional_area, respondent_level)`: the overall question.
- `Comment(respondent_id, practice_id, text, functional_area, respondent_level)`: a comment on
  one practice, or on the overall question when `practice_id == OVERALL`.

Output:

- `CellSummary`: one set of answers (a cell, a practice row, a role column, everything, or the
  overall question) summarized: `n` answers of which `dont_know` said "don't know", the
  `distribution` of the others over levels 1-4, their `median` (statistics.median: the midpoint
  for an even count, e.g. 2.5), `minimum`, `maximum`, and `divergent` when the answers span
  two or more levels (maximum - minimum >= 2).
  Invariant: `sum(distribution) + dont_know == n`.
- `Aggregate`: the whole survey of one exploration: `cells[(practice_id, role_id)]`,
  `practices[practice_id]` (the three roles pooled), `roles[role_id]` (the six practices
  pooled), `overall` (every grid answer pooled), `overall_question`, `respondents` (how many
  distinct people answered anything), `comments` (in a stable order), and the same figures
  broken down by respondent group: `by_functional_area[area]` and `by_level[level]` (an
  `Aggregate` each, with no further breakdown; people who did not say are under UNSPECIFIED).

The result never depends on the order of the input. `respondent_id` is whatever number names a
person to the reader: surveys.service passes each respondent's number within the exploration
(1, 2, ... in the order they started), never a database id.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from surveys.framework import FRAMEWORK

LEVEL_VALUES: tuple[int, ...] = (1, 2, 3, 4)
OVERALL = "overall"
UNSPECIFIED = "unspecified"
DIVERGENCE_SPAN = 2


class Answer(NamedTuple):
    respondent_id: int
    practice_id: str
    role_id: str
    level: int | None
    functional_area: str | None = None
    respondent_level: str | None = None


class OverallAnswer(NamedTuple):
    respondent_id: int
    level: int | None
    functional_area: str | None = None
    respondent_level: str | None = None


class Comment(NamedTuple):
    respondent_id: int
    practice_id: str
    text: str
    functional_area: str | None = None
    respondent_level: str | None = None


@dataclass(frozen=True)
class CellSummary:
    """Answers to one question (or a pool of questions), summarized.

    `n` counts every answer including "don't know"; `rated` (= n - dont_know) the ones with a
    level. `median`, `minimum` and `maximum` are None when nobody gave a level.
    """

    n: int
    dont_know: int
    distribution: tuple[int, int, int, int]
    median: float | None
    minimum: int | None
    maximum: int | None

    @property
    def rated(self) -> int:
        return self.n - self.dont_know

    @property
    def divergent(self) -> bool:
        """People see this differently: their answers are two or more levels apart."""
        return (
            self.minimum is not None
            and self.maximum is not None
            and self.maximum - self.minimum >= DIVERGENCE_SPAN
        )

    @property
    def band(self) -> int | None:
        """The level the median falls in (a midpoint such as 2.5 counts as the lower level);
        used for the colour cue only, never alone."""
        return None if self.median is None else int(self.median)

    @property
    def median_is_whole(self) -> bool:
        return self.median is not None and self.median == int(self.median)

    @property
    def median_levels(self) -> tuple[int, ...]:
        """The level(s) the median names: one level, or the two a midpoint falls between."""
        if self.median is None:
            return ()
        low = int(self.median)
        return (low,) if self.median_is_whole else (low, low + 1)

    @property
    def median_text(self) -> str:
        """The median as people write it: "3", "2.5" (language-neutral digits)."""
        if self.median is None:
            return ""
        return str(int(self.median)) if self.median_is_whole else f"{self.median:.1f}"


EMPTY_CELL = CellSummary(0, 0, (0, 0, 0, 0), None, None, None)


def summarize(levels: Iterable[int | None]) -> CellSummary:
    """Summarize one set of answers: each a level 1-4, or None for "don't know"."""
    counts = dict.fromkeys(LEVEL_VALUES, 0)
    dont_know = 0
    rated: list[int] = []
    for level in levels:
        if level is None:
            dont_know += 1
            continue
        if isinstance(level, bool) or level not in counts:
            raise ValueError(f"a level is 1-4 or None, not {level!r}")
        counts[level] += 1
        rated.append(level)
    return CellSummary(
        n=len(rated) + dont_know,
        dont_know=dont_know,
        distribution=(counts[1], counts[2], counts[3], counts[4]),
        median=float(statistics.median(rated)) if rated else None,
        minimum=min(rated) if rated else None,
        maximum=max(rated) if rated else None,
    )


@dataclass(frozen=True)
class RespondentComments:
    """One person's comments, for the staff view, with the group they gave."""

    respondent_id: int
    functional_area: str | None
    respondent_level: str | None
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class Aggregate:
    """Every figure of one exploration's survey; see the module docstring."""

    practice_ids: tuple[str, ...]
    role_ids: tuple[str, ...]
    respondents: int
    cells: Mapping[tuple[str, str], CellSummary]
    practices: Mapping[str, CellSummary]
    roles: Mapping[str, CellSummary]
    overall: CellSummary
    overall_question: CellSummary
    comments: tuple[Comment, ...] = ()
    by_functional_area: Mapping[str, Aggregate] = field(default_factory=dict)
    by_level: Mapping[str, Aggregate] = field(default_factory=dict)

    def cell(self, practice_id: str, role_id: str) -> CellSummary:
        return self.cells[(practice_id, role_id)]

    @property
    def divergent_cells(self) -> list[tuple[str, str]]:
        return [key for key, summary in self.cells.items() if summary.divergent]

    def comment_texts(self, practice_id: str) -> list[str]:
        """The comments on one practice (or OVERALL) without who wrote them, sorted by text
        so that their order says nothing about who answered first."""
        return sorted(c.text for c in self.comments if c.practice_id == practice_id)

    def comments_by_respondent(self) -> list[RespondentComments]:
        """The comments grouped per person, in respondent id order."""
        grouped: dict[int, list[Comment]] = {}
        for comment in self.comments:
            grouped.setdefault(comment.respondent_id, []).append(comment)
        result = []
        for respondent_id in sorted(grouped):
            items = grouped[respondent_id]
            result.append(
                RespondentComments(
                    respondent_id=respondent_id,
                    functional_area=items[0].functional_area,
                    respondent_level=items[0].respondent_level,
                    comments=tuple(items),
                )
            )
        return result


def _group_key(value: str | None) -> str:
    return value or UNSPECIFIED


def aggregate(
    answers: Iterable[Sequence],
    overall: Iterable[Sequence] = (),
    comments: Iterable[Sequence] = (),
    *,
    practice_ids: Sequence[str] | None = None,
    role_ids: Sequence[str] | None = None,
    breakdown: bool = True,
) -> Aggregate:
    """Aggregate a survey. Answers for cells outside the grid (e.g. from a retired framework
    version) are left out; a level outside 1-4 raises ValueError."""
    practice_order = tuple(practice_ids or (p.id for p in FRAMEWORK.practices))
    role_order = tuple(role_ids or (r.id for r in FRAMEWORK.roles))
    grid_answers = [Answer(*a) for a in answers]
    grid_answers = [
        a for a in grid_answers if a.practice_id in practice_order and a.role_id in role_order
    ]
    overall_answers = [OverallAnswer(*a) for a in overall]
    known_topics = {*practice_order, OVERALL}
    comment_rows = [Comment(*c) for c in comments]
    comment_rows = [c for c in comment_rows if c.practice_id in known_topics and c.text]

    by_cell: dict[tuple[str, str], list[int | None]] = {
        (p, r): [] for p in practice_order for r in role_order
    }
    for answer in grid_answers:
        by_cell[(answer.practice_id, answer.role_id)].append(answer.level)
    cells = {key: summarize(levels) for key, levels in by_cell.items()}
    practices = {
        p: summarize(level for r in role_order for level in by_cell[(p, r)]) for p in practice_order
    }
    roles = {
        r: summarize(level for p in practice_order for level in by_cell[(p, r)]) for r in role_order
    }
    topic_rank = {topic: rank for rank, topic in enumerate((*practice_order, OVERALL))}
    ordered_comments = tuple(
        sorted(
            comment_rows,
            key=lambda c: (
                topic_rank[c.practice_id],
                c.respondent_id,
                c.text,
                *(
                    (value is None, value or "")
                    for value in (c.functional_area, c.respondent_level)
                ),
            ),
        )
    )
    people = (
        {a.respondent_id for a in grid_answers}
        | {a.respondent_id for a in overall_answers}
        | {c.respondent_id for c in comment_rows}
    )

    by_area: dict[str, Aggregate] = {}
    by_level: dict[str, Aggregate] = {}
    if breakdown:
        for attribute, target in (("functional_area", by_area), ("respondent_level", by_level)):
            keys = sorted(
                {_group_key(getattr(row, attribute)) for row in grid_answers}
                | {_group_key(getattr(row, attribute)) for row in overall_answers}
                | {_group_key(getattr(row, attribute)) for row in comment_rows}
            )
            for key in keys:
                target[key] = aggregate(
                    [a for a in grid_answers if _group_key(getattr(a, attribute)) == key],
                    [a for a in overall_answers if _group_key(getattr(a, attribute)) == key],
                    [c for c in comment_rows if _group_key(getattr(c, attribute)) == key],
                    practice_ids=practice_order,
                    role_ids=role_order,
                    breakdown=False,
                )

    return Aggregate(
        practice_ids=practice_order,
        role_ids=role_order,
        respondents=len(people),
        cells=cells,
        practices=practices,
        roles=roles,
        overall=summarize(a.level for a in grid_answers),
        overall_question=summarize(a.level for a in overall_answers),
        comments=ordered_comments,
        by_functional_area=by_area,
        by_level=by_level,
    )
