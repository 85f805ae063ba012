"""Blind spots and hidden strengths on crafted data: the self-assessment's median against the
team's reconciled rating, with the thresholds configurable and the anonymity threshold kept."""

from __future__ import annotations

import pytest

from outcome.compare import (
    BLIND_SPOT,
    HIDDEN_STRENGTH,
    Thresholds,
    compare,
    flag_for,
    member_cells,
    parse_level,
)
from surveys.aggregation import Answer, aggregate
from surveys.framework import FRAMEWORK

CELL = ("open", "leadership")
OTHER = ("user_research", "delivery_capability")


def survey(levels_by_person: dict[int, dict[tuple[str, str], int | None]], **groups):
    """Every person answers every cell at 2 unless told otherwise."""
    answers = []
    for person, levels in levels_by_person.items():
        area = groups.get("areas", {}).get(person)
        for cell in FRAMEWORK.cells:
            answers.append(Answer(person, *cell, levels.get(cell, 2), area, None))
    return aggregate(answers)


def test_self_rating_a_level_above_cds_is_a_blind_spot():
    result = compare(
        survey({1: {CELL: 4}, 2: {CELL: 3}, 3: {CELL: 3}}), {CELL: 2}, min_respondents=3
    )
    cell = result.cell(*CELL)
    assert cell.self_summary.median == 3
    assert cell.gap == 1
    assert cell.flag == BLIND_SPOT
    assert result.with_flag(BLIND_SPOT) == [cell]


def test_self_rating_a_level_below_cds_is_a_hidden_strength():
    result = compare(survey({1: {OTHER: 1}, 2: {OTHER: 2}, 3: {OTHER: 2}}), {OTHER: 3})
    assert result.cell(*OTHER).flag == HIDDEN_STRENGTH
    assert result.cell(*OTHER).gap == -1


def test_half_a_level_apart_is_not_flagged_by_default_but_is_with_a_lower_threshold():
    data = survey({1: {CELL: 3}, 2: {CELL: 2}, 3: {CELL: 3}, 4: {CELL: 2}})  # median 2.5
    assert compare(data, {CELL: 2}).cell(*CELL).flag is None
    assert compare(data, {CELL: 2}, Thresholds(blind_spot=0.5)).cell(*CELL).flag == BLIND_SPOT
    assert (
        compare(data, {CELL: 3}, Thresholds(hidden_strength=0.5)).cell(*CELL).flag
        == HIDDEN_STRENGTH
    )


def test_a_stricter_threshold_keeps_a_one_level_gap_unflagged():
    data = survey({1: {CELL: 3}, 2: {CELL: 3}, 3: {CELL: 3}})
    assert compare(data, {CELL: 2}, Thresholds(blind_spot=2)).cell(*CELL).flag is None
    assert compare(data, {CELL: 1}, Thresholds(blind_spot=2)).cell(*CELL).flag == BLIND_SPOT


def test_no_flag_without_both_sides():
    data = survey({1: {CELL: None}, 2: {CELL: None}, 3: {CELL: None}})  # all "don't know"
    result = compare(data, {CELL: 1, OTHER: None})  # OTHER: not enough evidence
    assert result.cell(*CELL).flag is None
    assert result.cell(*OTHER).flag is None and result.cell(*OTHER).cds_rated
    assert not result.cell("open", "delivery_capability").cds_rated  # not rated at all


def test_below_the_anonymity_threshold_the_self_assessment_is_not_shown():
    result = compare(survey({1: {CELL: 4}, 2: {CELL: 4}}), {CELL: 1}, min_respondents=3)
    assert not result.self_shown
    assert result.respondents == 0
    assert all(c.self_summary is None and c.flag is None for c in result.cells.values())


def test_groups_are_compared_only_from_the_threshold_up_and_never_leave_a_small_rest():
    people = {n: {CELL: 4 if n <= 3 else 2} for n in range(1, 8)}
    areas = {
        1: "policy",
        2: "policy",
        3: "policy",
        4: "legal",
        5: "legal",
        6: "legal",
        7: "it_working",
    }
    result = compare(survey(people, areas=areas), {CELL: 2}, min_respondents=3)
    # policy (3) has a rest of 4; legal (3) a rest of 4; it_working (1) is too small.
    shown = {(g.kind, g.key) for g in result.groups}
    assert shown == {
        ("functional_area", "policy"),
        ("functional_area", "legal"),
        ("level", "unspecified"),
    }
    policy = next(g for g in result.groups if g.key == "policy")
    assert policy.cells[CELL].flag == BLIND_SPOT
    legal = next(g for g in result.groups if g.key == "legal")
    assert legal.cells[CELL].flag is None

    four = {n: people[n] for n in range(1, 5)}
    result = compare(survey(four, areas=areas), {CELL: 2}, min_respondents=3)
    # policy has 3 but only one person outside it: subtracting would single them out.
    assert not any(g.kind == "functional_area" for g in result.groups)


@pytest.mark.parametrize("raw", ["0", "5", "", "2.5", "abc", " 3", 0, 5, True])
def test_ratings_outside_the_scale_are_refused(raw):
    with pytest.raises(ValueError):
        parse_level(raw)


def test_ratings_on_the_scale_are_read():
    assert [parse_level(x) for x in ("1", "4", "none", 3)] == [1, 4, None, 3]


def test_flag_for_thresholds_must_be_positive():
    with pytest.raises(ValueError):
        Thresholds(blind_spot=0)
    assert flag_for(None, 2, Thresholds()) is None


def test_cells_where_members_differ_by_two_levels_come_first():
    first = ("continuous_improvement", "capacity_infrastructure")
    second = ("collaboration", "leadership")
    members = {
        1: {cell: 2 for cell in FRAMEWORK.cells},
        2: {**{cell: 3 for cell in FRAMEWORK.cells}, first: 4, second: None},
    }
    members[1][second] = 4  # 4 vs not enough evidence: no spread
    members[1][first] = 1  # 1 vs 4
    members[1][("open", "leadership")] = 4
    members[2][("open", "leadership")] = 2  # 4 vs 2
    cells = member_cells(members)
    assert [(c.practice_id, c.role_id) for c in cells[:2]] == [("open", "leadership"), first]
    assert cells[0].disagree and cells[1].spread == 3
    assert not cells[2].disagree
    assert len(cells) == 18
