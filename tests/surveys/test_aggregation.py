"""Aggregation by hand-computed cases and by property: the figures partners and staff see."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.aggregation import (
    OVERALL,
    UNSPECIFIED,
    Answer,
    Comment,
    OverallAnswer,
    aggregate,
    summarize,
)
from surveys.framework import FRAMEWORK

PRACTICES = [p.id for p in FRAMEWORK.practices]
ROLES = [r.id for r in FRAMEWORK.roles]


def test_summary_of_an_odd_count():
    summary = summarize([1, 3, 3, None, 4])
    assert summary.n == 5
    assert summary.dont_know == 1
    assert summary.rated == 4
    assert summary.distribution == (1, 0, 2, 1)
    assert summary.median == 3.0  # median of 1, 3, 3, 4
    assert (summary.minimum, summary.maximum) == (1, 4)
    assert summary.divergent
    assert summary.median_text == "3"
    assert summary.band == 3
    assert summary.median_levels == (3,)


def test_even_count_takes_the_midpoint():
    summary = summarize([2, 3])
    assert summary.median == 2.5
    assert summary.median_text == "2.5"
    assert summary.band == 2
    assert summary.median_levels == (2, 3)
    assert not summary.divergent  # one level apart only


def test_divergence_starts_at_two_levels_apart():
    assert not summarize([2, 3, 3, 2]).divergent
    assert summarize([2, 4]).divergent
    assert summarize([1, 1, 1, 3]).divergent
    assert not summarize([4]).divergent


def test_only_dont_know_has_no_median():
    summary = summarize([None, None])
    assert summary.n == 2 and summary.dont_know == 2 and summary.rated == 0
    assert summary.median is None and summary.minimum is None and summary.maximum is None
    assert summary.band is None and summary.median_text == "" and not summary.divergent


def test_nothing_at_all():
    summary = summarize([])
    assert summary.n == 0 and summary.distribution == (0, 0, 0, 0) and summary.median is None


@pytest.mark.parametrize("bad", [0, 5, -1, True, "3", 2.5])
def test_levels_outside_the_scale_are_refused(bad):
    with pytest.raises(ValueError):
        summarize([1, bad])


def test_hand_computed_survey():
    p1, p2 = PRACTICES[0], PRACTICES[1]
    r1, r2, r3 = ROLES
    answers = [
        # respondent 1: policy, executive
        Answer(1, p1, r1, 1, "policy", "executive"),
        Answer(1, p1, r2, 2, "policy", "executive"),
        Answer(1, p1, r3, None, "policy", "executive"),
        Answer(1, p2, r1, 4, "policy", "executive"),
        # respondent 2: legal, working
        Answer(2, p1, r1, 3, "legal", "working"),
        Answer(2, p1, r2, 2, "legal", "working"),
        Answer(2, p1, r3, 2, "legal", "working"),
        # respondent 3: no group given
        Answer(3, p1, r1, 4, None, None),
        Answer(3, p1, r2, None, None, None),
        Answer(3, p1, r3, 3, None, None),
        Answer(3, p2, r1, 4, None, None),
        # a retired practice id is left out
        Answer(3, "retired_practice", r1, 1, None, None),
    ]
    overall = [OverallAnswer(1, 2, "policy", "executive"), OverallAnswer(2, 3, "legal", "working")]
    comments = [
        Comment(2, p1, "Zeta comment", "legal", "working"),
        Comment(1, p1, "Alpha comment", "policy", "executive"),
        Comment(3, OVERALL, "Overall thought", None, None),
        Comment(3, p2, "", None, None),  # empty: dropped
    ]
    result = aggregate(answers, overall, comments)

    cell = result.cell(p1, r1)  # 1, 3, 4
    assert (cell.n, cell.dont_know, cell.distribution) == (3, 0, (1, 0, 1, 1))
    assert cell.median == 3.0 and (cell.minimum, cell.maximum) == (1, 4) and cell.divergent

    cell = result.cell(p1, r2)  # 2, 2, don't know
    assert (cell.n, cell.dont_know, cell.distribution) == (3, 1, (0, 2, 0, 0))
    assert cell.median == 2.0 and not cell.divergent

    cell = result.cell(p1, r3)  # don't know, 2, 3
    assert (cell.n, cell.dont_know, cell.median) == (3, 1, 2.5)

    cell = result.cell(p2, r2)  # nobody
    assert cell.n == 0 and cell.median is None

    row = result.practices[p1]  # 1,2,-,3,2,2,4,-,3 -> 1,2,2,2,3,3,4
    assert (row.n, row.dont_know, row.distribution) == (9, 2, (1, 3, 2, 1))
    assert row.median == 2.0 and row.divergent

    column = result.roles[r1]  # 1, 4 (p2), 3, 4, 4 (p2) -> 1, 3, 4, 4, 4
    assert (column.n, column.median, column.distribution) == (5, 4.0, (1, 0, 1, 3))
    column = result.roles[r2]  # 2, 2, don't know
    assert (column.n, column.dont_know, column.median) == (3, 1, 2.0)

    assert result.overall.n == 11 and result.overall.dont_know == 2
    assert result.overall_question.median == 2.5
    assert result.respondents == 3

    assert result.comment_texts(p1) == ["Alpha comment", "Zeta comment"]
    assert result.comment_texts(OVERALL) == ["Overall thought"]
    by_person = result.comments_by_respondent()
    assert [(p.respondent_id, p.functional_area, p.respondent_level) for p in by_person] == [
        (1, "policy", "executive"),
        (2, "legal", "working"),
        (3, None, None),
    ]

    assert set(result.by_functional_area) == {"policy", "legal", UNSPECIFIED}
    assert result.by_functional_area["legal"].cell(p1, r1).median == 3.0
    assert result.by_functional_area["legal"].respondents == 1
    assert result.by_level["executive"].overall_question.median == 2.0
    assert result.by_level[UNSPECIFIED].cell(p2, r1).distribution == (0, 0, 0, 1)
    assert result.by_level["working"].by_level == {}  # no breakdown of a breakdown
    assert result.divergent_cells == [(p1, r1)]


# Property-based: any survey at all.
answer_strategy = st.builds(
    Answer,
    respondent_id=st.integers(1, 40),
    practice_id=st.sampled_from(PRACTICES),
    role_id=st.sampled_from(ROLES),
    level=st.one_of(st.none(), st.integers(1, 4)),
    functional_area=st.one_of(st.none(), st.sampled_from(["policy", "legal", "it_working"])),
    respondent_level=st.one_of(st.none(), st.sampled_from(["executive", "management"])),
)
overall_strategy = st.builds(
    OverallAnswer,
    respondent_id=st.integers(1, 40),
    level=st.one_of(st.none(), st.integers(1, 4)),
    functional_area=st.one_of(st.none(), st.sampled_from(["", "policy", "legal"])),
    respondent_level=st.one_of(st.none(), st.sampled_from(["executive", "working"])),
)
comment_strategy = st.builds(
    Comment,
    respondent_id=st.integers(1, 40),
    practice_id=st.sampled_from([*PRACTICES, OVERALL]),
    text=st.text(min_size=1, max_size=20),
    functional_area=st.one_of(st.none(), st.sampled_from(["", "policy", "legal"])),
    respondent_level=st.one_of(st.none(), st.sampled_from(["", "working"])),
)


@given(st.lists(st.one_of(st.none(), st.integers(1, 4)), max_size=60))
def test_summary_properties(levels):
    summary = summarize(levels)
    assert summary.n == len(levels)
    assert sum(summary.distribution) + summary.dont_know == summary.n
    assert summary.dont_know == levels.count(None)
    rated = [lv for lv in levels if lv is not None]
    if rated:
        assert summary.minimum <= summary.median <= summary.maximum
        assert summary.minimum == min(rated) and summary.maximum == max(rated)
        assert summary.median * 2 == int(summary.median * 2)  # a level or a midpoint
        assert summary.divergent == (max(rated) - min(rated) >= 2)
    else:
        assert summary.median is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(answer_strategy, max_size=80),
    st.lists(overall_strategy, max_size=20),
    st.lists(comment_strategy, max_size=20),
    st.randoms(use_true_random=False),
)
def test_aggregate_properties(answers, overall, comments, rnd: random.Random):
    result = aggregate(answers, overall, comments)

    # Counts add up: cells to rows, to columns, to the whole.
    assert sum(c.n for c in result.cells.values()) == len(answers) == result.overall.n
    for p in PRACTICES:
        assert result.practices[p].n == sum(result.cell(p, r).n for r in ROLES)
        assert result.practices[p].distribution == tuple(
            sum(result.cell(p, r).distribution[i] for r in ROLES) for i in range(4)
        )
    for r in ROLES:
        assert result.roles[r].dont_know == sum(result.cell(p, r).dont_know for p in PRACTICES)
    assert result.overall_question.n == len(overall)

    # Every median lies within its own min..max.
    for summary in [*result.cells.values(), *result.practices.values(), *result.roles.values()]:
        assert sum(summary.distribution) + summary.dont_know == summary.n
        if summary.median is not None:
            assert summary.minimum <= summary.median <= summary.maximum

    # Groups partition the answers.
    for groups in (result.by_functional_area, result.by_level):
        assert sum(g.overall.n for g in groups.values()) == len(answers)
        assert sum(g.overall_question.n for g in groups.values()) == len(overall)

    # The order of answers does not matter.
    shuffled = [answers[:], overall[:], comments[:]]
    for items in shuffled:
        rnd.shuffle(items)
    assert aggregate(*shuffled) == result
