"""The power-sharing check reads the agreement for a final say or a veto held by one side."""

from __future__ import annotations

import pytest

from ustogether.projects.clauses import find_power_clauses
from ustogether.projects.difference import word_difference


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The council has the final say.", "final_say"),
        ("Final sign-off by the director.", "final_say"),
        ("Decisions are signed off by the commissioner.", "final_say"),
        ("If we do not agree, the director has the final say.", "final_say"),
        ("If we cannot agree, the council decides alone.", "final_say"),
        ("The trust reserves the right to change the plan.", "final_say"),
        ("The council makes the final decision on which company gives the help.", "final_say"),
        ("The trust can veto any change.", "veto"),
        ("Staff may overrule the group on money.", "veto"),
        ("The manager can reject ideas that cost too much.", "veto"),
        ("The chair has a casting vote.", "veto"),
    ],
)
def test_a_clause_giving_one_side_the_last_word_is_found(text: str, kind: str) -> None:
    clauses = find_power_clauses(f"We meet every month. {text} We take breaks.")
    assert [(c.kind, c.sentence) for c in clauses] == [(kind, text)]


@pytest.mark.parametrize(
    "text",
    [
        "We make the final decision together.",
        "The group has the final say.",
        "Members have the final say on how we spend money.",
        "Nobody has a veto.",
        "No one can overrule the group.",
        "We sign off the plan together.",
        "We make decisions together at our meetings. Everyone gets a say.",
        "If we cannot all agree, we vote, and the co-leads write down why we chose what we chose.",
        "If you are not happy, tell a co-lead, or anyone you trust in the group.",
        "",
    ],
)
def test_shared_or_denied_power_is_not_flagged(text: str) -> None:
    assert find_power_clauses(text) == []


def test_the_difference_says_what_was_added_and_taken_out() -> None:
    pieces = word_difference(
        "We pay within 14 days. We pay travel.", "We pay within 7 days. We pay travel."
    )
    assert [(p.kind, p.text.strip()) for p in pieces] == [
        ("same", "We pay within"),
        ("removed", "14"),
        ("added", "7"),
        ("same", "days. We pay travel."),
    ]
    assert "".join(p.text for p in pieces if p.kind != "removed") == (
        "We pay within 7 days. We pay travel."
    )


def test_a_first_agreement_is_all_added_and_same_words_are_no_change() -> None:
    assert [p.kind for p in word_difference("", "We listen.")] == ["added"]
    assert [p.kind for p in word_difference("We  listen.\n", "We listen.")] == ["same"]
