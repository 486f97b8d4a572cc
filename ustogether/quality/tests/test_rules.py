"""Each red-flag rule on its own: it flags the problem, with evidence, and stays quiet without it."""

from __future__ import annotations

import pytest

from ustogether.core.testing import (
    add_member,
    agree_agreement,
    make_cast,
    make_person,
    make_project,
)
from ustogether.projects import services as project_services
from ustogether.projects.models import Membership, Perspective, Project
from ustogether.quality import services
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RED, RULES, RedFlag, rule, run_rules
from ustogether.quality.rules import projects as project_rules
from ustogether.quality.statements import Choice

pytestmark = pytest.mark.django_db


def flags(project: Project, code: str) -> list[RedFlag]:
    return run_rules(load_facts([project]), codes=[code])


def move_to(project: Project, kind: str) -> Project:
    stage = project.stages.get(kind=kind)
    lead = project.memberships.filter(role=Membership.Role.CO_LEAD).first()
    assert lead is not None
    return project_services.project_update(
        project=project,
        by=lead.person,
        title=project.title,
        purpose=project.purpose,
        visibility=project.visibility,
        joining=project.joining,
        current_stage=stage,
        needed_perspectives={},
    )


def test_every_rule_has_a_name_and_a_title() -> None:
    assert {
        "lived_experience_joined_late",
        "no_lived_experience_co_lead",
        "perspective_missing",
        "usual_suspects",
        "one_side_decides",
    } <= set(RULES)
    assert all(r.title for r in RULES.values())


def test_two_rules_cannot_share_a_name() -> None:
    with pytest.raises(ValueError, match="Two red-flag rules"):
        rule("usual_suspects", title="again")(lambda facts: [])


# 1. Joined late


def test_people_with_lived_experience_joining_at_design_is_red() -> None:
    lead = make_person()
    project = move_to(make_project(lead=lead), "design")
    add_member(project, make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    [flag] = flags(project, "lived_experience_joined_late")
    assert flag.level == RED
    assert "Design" in flag.evidence
    assert flag.fix_url.endswith(f"/projects/{project.pk}/invite/")


def test_joining_from_the_start_is_not_late() -> None:
    cast = make_cast()  # members join at the first stage
    project = move_to(cast.project, "deliver")
    assert flags(project, "lived_experience_joined_late") == []


def test_nobody_joined_before_design_is_not_judged() -> None:
    lead = make_person()
    project = make_project(lead=lead)  # still understanding the problem
    assert flags(project, "lived_experience_joined_late") == []


def test_a_project_at_design_with_no_lived_experience_at_all_is_red() -> None:
    project = move_to(make_project(lead=make_person()), "design")
    [flag] = flags(project, "lived_experience_joined_late")
    assert "nobody with lived experience has joined" in flag.evidence


# 1b. No co-lead with lived experience


def test_no_co_lead_with_lived_experience_is_amber() -> None:
    cast = make_cast()
    [flag] = flags(cast.project, "no_lived_experience_co_lead")
    assert flag.level == AMBER


def test_a_co_lead_with_lived_experience_clears_it() -> None:
    cast = make_cast()
    membership = cast.project.memberships.get(person=cast.member)
    project_services.membership_change_role(
        membership=membership, by=cast.lead, role=Membership.Role.CO_LEAD
    )
    assert flags(cast.project, "no_lived_experience_co_lead") == []


# 10b. A perspective the project needs that nobody holds or is invited to bring


def test_a_needed_perspective_nobody_holds_or_was_invited_to_is_red() -> None:
    project = make_project(lead=make_person(), needed={Perspective.CARER: 2})
    [flag] = flags(project, "perspective_missing")
    assert flag.level == RED
    assert "needs 2" in flag.evidence


def test_an_invitation_makes_it_amber_and_enough_clears_it() -> None:
    lead = make_person()
    project = make_project(lead=lead, needed={Perspective.CARER: 2})
    project_services.invitation_create(
        project=project, by=lead, email="carer@example.org", perspective=Perspective.CARER
    )
    [flag] = flags(project, "perspective_missing")
    assert flag.level == AMBER
    add_member(project, make_person(), perspective=Perspective.CARER)
    assert flags(project, "perspective_missing") == []


# 14. The usual suspects


def test_someone_on_more_than_three_active_projects_is_a_usual_suspect() -> None:
    lead = make_person()
    busy = make_person()
    projects = [make_project(lead=lead, title=f"P{n}") for n in range(4)]
    for project in projects:
        add_member(project, busy, perspective=Perspective.LIVED_EXPERIENCE)
    [flag] = flags(projects[0], "usual_suspects")
    assert "1 member who uses services is on more than 3 projects" in flag.evidence
    # Closing one project brings them down to three.
    project_services.project_close(project=projects[3], by=lead, summary="Done.")
    assert flags(projects[0], "usual_suspects") == []


def test_staff_on_many_projects_are_not_usual_suspects() -> None:
    lead = make_person()
    projects = [make_project(lead=lead, title=f"P{n}") for n in range(5)]
    assert flags(projects[0], "usual_suspects") == []


def test_an_organisation_can_make_the_usual_suspects_limit_stricter() -> None:
    cast = make_cast()
    other = make_project(lead=cast.lead, organisation=cast.organisation, title="Other")
    add_member(other, cast.member)
    assert flags(cast.project, "usual_suspects") == []
    services.policy_update(
        organisation=cast.organisation,
        by=cast.org_admin,
        limits={"usual_suspects_projects": 1},
        pledge="",
    )
    assert len(flags(cast.project, "usual_suspects")) == 1


# The agreement gives one side the final say


def test_an_agreement_that_gives_one_side_the_final_say_is_flagged() -> None:
    cast = make_cast()
    agree_agreement(
        cast.project,
        cast.lead,
        purpose="a",
        decisions="The council has the final say on everything.",
        payment_and_support="c",
        disagreements="d",
        ground_rules="",
    )
    [flag] = flags(cast.project, "one_side_decides")
    assert "final say" in flag.evidence


def test_an_agreement_to_decide_together_is_not_flagged() -> None:
    cast = make_cast()
    agree_agreement(
        cast.project,
        cast.lead,
        purpose="a",
        decisions="We make decisions together.",
        payment_and_support="c",
        disagreements="d",
        ground_rules="",
    )
    assert flags(cast.project, "one_side_decides") == []


def test_rules_read_many_projects_in_a_fixed_number_of_queries(
    django_assert_max_num_queries: object,
) -> None:
    lead = make_person()
    projects = [make_project(lead=lead, title=f"P{n}") for n in range(6)]
    for project in projects:
        add_member(project, make_person())
    ids = [p.pk for p in projects]
    # The project facts, then one query for each kind of record the rules read
    # (meetings, contributions and decisions, claims, what was shared after meetings),
    # however many projects.
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        found = run_rules(load_facts(list(Project.objects.filter(pk__in=ids))))
    assert {f.project_id for f in found} == set(ids)


def test_pending_invitations_are_counted_by_project() -> None:
    lead = make_person()
    project = make_project(lead=lead)
    project_services.invitation_create(project=project, by=lead, email="a@example.org")
    facts = load_facts([project])
    assert project_rules.pending_by_project(facts) == {project.pk: 1}


def test_choice_values_are_the_tally_columns() -> None:
    from ustogether.quality.models import Tally

    columns = {f.name for f in Tally._meta.get_fields()}
    assert set(Choice.values) <= columns
