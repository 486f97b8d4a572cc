"""Choosing the best time: the rule the poll page states, as a pure function."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ustogether.meetings.scheduling import (
    PRIORITY_WEIGHT,
    Candidate,
    best_time,
    rank,
    tally_answers,
    weight_for,
)

UTC = dt.UTC
MONDAY = Candidate(1, dt.datetime(2027, 3, 1, 10, 30, tzinfo=UTC))
TUESDAY = Candidate(2, dt.datetime(2027, 3, 2, 10, 30, tzinfo=UTC))
WEDNESDAY = Candidate(3, dt.datetime(2027, 3, 3, 10, 30, tzinfo=UTC))


def test_the_time_fewest_people_cannot_come_to_wins() -> None:
    answers = [(1, 10, "no"), (1, 11, "no"), (2, 10, "yes"), (2, 11, "no")]
    best = best_time([MONDAY, TUESDAY], answers, {})
    assert best is not None
    assert best.candidate == TUESDAY
    assert best.cannot_come == [11]


def test_a_carer_left_out_counts_more_than_two_professionals_left_out() -> None:
    # Monday leaves out one carer; Tuesday leaves out two professionals.
    carer, pro1, pro2 = 10, 20, 21
    weights = {carer: weight_for("carer"), pro1: weight_for("professional")}
    answers = [(1, carer, "no"), (2, pro1, "no"), (2, pro2, "no")]
    best = best_time([MONDAY, TUESDAY], answers, weights)
    assert best is not None
    assert best.candidate == TUESDAY
    monday = next(t for t in tally_answers([MONDAY], answers, weights))
    assert monday.weighted_no == PRIORITY_WEIGHT
    assert monday.priority_cannot_come == 1


def test_lived_experience_and_carers_are_weighted_and_others_are_not() -> None:
    assert weight_for("lived_experience") == PRIORITY_WEIGHT
    assert weight_for("carer") == PRIORITY_WEIGHT
    assert weight_for("professional") == 1
    assert weight_for(None) == 1


def test_if_need_be_breaks_a_tie_before_yes_counts() -> None:
    answers = [
        (1, 10, "if_need_be"),
        (1, 11, "yes"),
        (1, 12, "yes"),
        (2, 10, "yes"),
        (2, 11, "yes"),
    ]
    best = best_time([MONDAY, TUESDAY], answers, {})
    assert best is not None and best.candidate == TUESDAY


def test_more_yes_answers_break_a_tie_then_the_earlier_time() -> None:
    answers = [(2, 10, "yes"), (2, 11, "yes"), (3, 10, "yes")]
    assert [
        t.candidate for t in rank(tally_answers([MONDAY, TUESDAY, WEDNESDAY], answers, {}))
    ] == [
        TUESDAY,
        WEDNESDAY,
        MONDAY,
    ]
    best = best_time([TUESDAY, MONDAY], [], {})
    assert best is not None and best.candidate == MONDAY


def test_answers_to_a_withdrawn_time_are_left_out_and_no_times_means_no_answer() -> None:
    answers = [(99, 10, "yes"), (1, 10, "no")]
    tallies = tally_answers([MONDAY], answers, {})
    assert len(tallies) == 1 and tallies[0].no == 1 and tallies[0].yes == 0
    assert best_time([], answers, {}) is None


@given(
    st.lists(
        st.tuples(
            st.integers(1, 3), st.integers(1, 8), st.sampled_from(["yes", "if_need_be", "no"])
        ),
        max_size=40,
    ),
    st.dictionaries(st.integers(1, 8), st.sampled_from([1, PRIORITY_WEIGHT])),
)
def test_no_other_time_leaves_out_fewer_weighted_people(answers, weights) -> None:
    # One answer per person per time, as the database guarantees.
    answers = list({(c, p): (c, p, a) for c, p, a in answers}.values())
    candidates = [MONDAY, TUESDAY, WEDNESDAY]
    best = best_time(candidates, answers, weights)
    assert best is not None
    for tally in tally_answers(candidates, answers, weights):
        assert best.weighted_no <= tally.weighted_no
        expected = sum(
            weights.get(p, 1) for c, p, a in answers if c == tally.candidate.id and a == "no"
        )
        assert tally.weighted_no == expected
