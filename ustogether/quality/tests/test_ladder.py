"""Where a project stands on the ladder of co-production, from its own data, with reasons."""

from __future__ import annotations

import pytest

from ustogether.core.testing import agree_agreement, make_cast, make_person, make_project
from ustogether.projects import services as project_services
from ustogether.projects.models import Membership, Project
from ustogether.quality.facts import load_facts
from ustogether.quality.ladder import RUNG_WORDS, Placement, median_rung, participants_rungs, place
from ustogether.quality.models import Rung
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import answered_check

pytestmark = pytest.mark.django_db


def placed(project: Project) -> Placement:
    return place(load_facts([project]), project)


def test_a_project_with_nobody_with_lived_experience_only_tells_people() -> None:
    project = make_project(lead=make_person())
    placement = placed(project)
    assert placement.rung == Rung.INFORMING
    assert any(not r.met and "Nobody with lived experience" in r.text for r in placement.reasons)


def test_members_with_lived_experience_make_it_consultation() -> None:
    assert placed(make_cast().project).rung == Rung.CONSULTATION


def test_a_well_run_project_climbs_to_co_production() -> None:
    cast = make_cast()
    agree_agreement(
        cast.project,
        cast.lead,
        purpose="a",
        decisions="We make every decision together, as equals.",
        payment_and_support="c",
        disagreements="d",
        ground_rules="",
    )
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5)
    assert placed(cast.project).rung == Rung.CO_DESIGN
    project_services.membership_change_role(
        membership=cast.project.memberships.get(person=cast.member),
        by=cast.lead,
        role=Membership.Role.CO_LEAD,
    )
    placement = placed(cast.project)
    assert placement.rung == Rung.CO_PRODUCTION
    assert all(r.met for r in placement.reasons)


def test_a_failed_lower_test_keeps_the_project_low_whatever_else_it_does() -> None:
    cast = make_cast()
    project_services.membership_change_role(
        membership=cast.project.memberships.get(person=cast.member),
        by=cast.lead,
        role=Membership.Role.CO_LEAD,
    )
    # A co-lead with lived experience, but nobody was asked how it went yet.
    assert placed(cast.project).rung == Rung.CONSULTATION


def test_participants_rung_is_the_middle_answer() -> None:
    assert median_rung({}) is None
    assert median_rung({2: 1, 4: 1, 7: 1}) == 4
    assert median_rung({3: 2, 6: 2}) == 3
    cast = make_cast()
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5, rung=Rung.INFORMING)
    assert participants_rungs(load_facts([cast.project])) == {cast.project.pk: Rung.INFORMING}


def test_every_rung_has_plain_words_and_a_picture() -> None:
    assert set(RUNG_WORDS) == set(Rung.values)
    assert all(words and picture for words, picture in RUNG_WORDS.values())


def test_ladder_gap_flags_when_people_put_it_two_rungs_away() -> None:
    from ustogether.quality.flags import run_rules

    cast = make_cast()
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5, rung=Rung.COERCION)
    [flag] = run_rules(load_facts([cast.project]), codes=["ladder_gap"])
    assert "Made to go along" in flag.evidence
