"""Starting and running a project: stages, members, power sharing, the audit trail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import events_for
from ustogether.core.testing import (
    add_member,
    make_cast,
    make_organisation,
    make_person,
    make_project,
)
from ustogether.people.models import OrganisationMembership, Person
from ustogether.projects import services
from ustogether.projects.models import Invitation, Membership, Perspective, Project, Stage
from ustogether.projects.queries import power_sharing_flags

pytestmark = pytest.mark.django_db


def flag_codes(project: Project) -> set[str]:
    return {flag.code for flag in power_sharing_flags(project)}


def test_starting_a_project_makes_the_starter_a_co_lead_at_the_first_stage() -> None:
    lead = make_person()
    project = make_project(lead=lead)
    membership = project.memberships.get()
    assert membership.person == lead
    assert membership.role == Membership.Role.CO_LEAD
    assert project.current_stage is not None
    assert project.current_stage.kind == Stage.Kind.UNDERSTAND
    assert membership.stage_joined == project.current_stage
    assert [s.name for s in project.stages.all()] == [
        "Understand the problem",
        "Design",
        "Deliver",
        "Review",
    ]
    assert [e.verb for e in events_for(project)] == ["project.created"]


def test_only_organisation_admins_and_leads_start_projects() -> None:
    organisation = make_organisation()
    staff = make_person()
    OrganisationMembership.objects.create(organisation=organisation, person=staff, role="staff")
    with pytest.raises(PermissionDenied):
        services.project_create(
            organisation=organisation, by=staff, title="T", purpose="P", perspective="professional"
        )


def test_a_project_with_no_lived_experience_co_lead_says_so() -> None:
    project = make_project(lead=make_person(), perspective=Perspective.PROFESSIONAL)
    assert "no_lived_experience_co_lead" in flag_codes(project)


def test_a_lived_experience_co_lead_clears_that_flag() -> None:
    project = make_project(lead=make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    assert "no_lived_experience_co_lead" not in flag_codes(project)


def test_missing_perspectives_are_counted() -> None:
    lead = make_person()
    project = make_project(
        lead=lead, needed={Perspective.CARER: 2, Perspective.LIVED_EXPERIENCE: 1}
    )
    add_member(project, make_person(), perspective=Perspective.CARER)
    flags = {f.code: f for f in power_sharing_flags(project)}
    assert "missing_carer" in flags
    assert flags["missing_carer"].detail == "The project needs 2 carers. 1 has joined so far."
    assert flags["missing_lived_experience"].detail == (
        "The project needs 1 person with lived experience. Nobody has joined yet."
    )
    assert "missing_lived_experience" in flags
    add_member(project, make_person(), perspective=Perspective.CARER)
    add_member(project, make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    assert not {"missing_carer", "missing_lived_experience"} & flag_codes(project)


def _move_to(project: Project, kind: str, by: Person) -> None:
    stage = project.stages.get(kind=kind)
    services.project_update(
        project=project,
        by=by,
        title=project.title,
        purpose=project.purpose,
        visibility=project.visibility,
        joining=project.joining,
        current_stage=stage,
        needed_perspectives={},
    )
    project.refresh_from_db()


def test_reaching_design_before_anyone_with_lived_experience_joined_is_flagged() -> None:
    lead = make_person()
    project = make_project(lead=lead)
    _move_to(project, Stage.Kind.DESIGN, lead)
    add_member(project, make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    assert "lived_experience_joined_late" in flag_codes(project)


def test_people_with_lived_experience_from_the_start_are_not_late() -> None:
    lead = make_person()
    project = make_project(lead=lead)
    add_member(project, make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    _move_to(project, Stage.Kind.DELIVER, lead)
    assert "lived_experience_joined_late" not in flag_codes(project)


def test_flags_show_to_members_but_not_to_the_public() -> None:
    cast = make_cast()
    url = reverse("projects:detail", args=[cast.project.pk])
    assert "No co-lead with lived experience" not in Client().get(url).content.decode()
    client = Client()
    client.force_login(cast.member)
    assert "No co-lead with lived experience" in client.get(url).content.decode()


def test_moving_stage_is_recorded_with_the_stage() -> None:
    lead = make_person()
    project = make_project(lead=lead)
    _move_to(project, Stage.Kind.DESIGN, lead)
    event = events_for(project).filter(verb="project.stage_changed").get()
    assert event.data == {"stage": "Design"}
    assert project.stages.get(kind=Stage.Kind.DESIGN).started_at is not None


def test_an_invitation_is_emailed_with_a_link_and_accepted() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project,
        by=cast.lead,
        email="New.Person@Example.org",
        perspective="carer",
        message="We would love your help.",
    )
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert "We would love your help." in mail.outbox[0].body
    newcomer = make_person(email="new.person@example.org")
    membership = services.invitation_accept(
        invitation=invitation, person=newcomer, perspective="carer"
    )
    assert membership.stage_joined == cast.project.current_stage
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, person=newcomer, perspective="carer")


def test_only_co_leads_invite() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.invitation_create(project=cast.project, by=cast.member, email="x@example.org")


def test_inviting_a_current_member_says_so() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.invitation_create(project=cast.project, by=cast.lead, email=cast.member.email)
    assert "already a member" in str(error.value)


def test_declining_an_invitation_adds_nobody() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="x@example.org"
    )
    person = make_person(email="x@example.org")
    services.invitation_decline(invitation=invitation, person=person)
    assert not cast.project.memberships.filter(person=person).exists()


def test_the_invitation_page_lets_a_signed_in_person_accept() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="x@example.org"
    )
    person = make_person(email="x@example.org")
    client = Client()
    url = reverse("projects:invitation", args=[invitation.token])
    assert "sign in or create an account" in Client().get(url).content.decode().lower()
    client.force_login(person)
    response = client.post(url, {"perspective": "lived_experience", "accept": "1"})
    assert response.status_code == 302
    assert cast.project.memberships.get(person=person).perspective == "lived_experience"


def test_the_invitation_page_says_what_joining_means_before_anyone_answers() -> None:
    cast = make_cast()
    cast.project.time_needed = "About two hours a month"
    cast.project.save()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="x@example.org"
    )
    page = Client().get(reverse("projects:invitation", args=[invitation.token]))
    text = page.content.decode()
    assert "What joining means" in text
    assert "About two hours a month" in text
    services.invitation_withdraw(invitation=invitation, by=cast.lead)
    closed = Client().get(reverse("projects:invitation", args=[invitation.token]))
    assert "What joining means" not in closed.content.decode()


def test_joining_an_open_project() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    membership = services.membership_join(
        project=cast.project, person=cast.outsider, perspective="carer"
    )
    assert membership.role == Membership.Role.MEMBER


def test_joining_a_project_by_invitation_only_is_refused() -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        services.membership_join(project=cast.project, person=cast.outsider, perspective="carer")


def test_leaving_keeps_the_membership_on_record() -> None:
    cast = make_cast()
    membership = cast.project.memberships.get(person=cast.member)
    services.membership_leave(membership=membership, by=cast.member)
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert not cast.project.memberships.filter(left_at__isnull=True, person=cast.member).exists()


def test_the_only_co_lead_cannot_leave() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError):
        services.membership_leave(
            membership=cast.project.memberships.get(person=cast.lead), by=cast.lead
        )


def test_a_co_lead_can_share_the_lead() -> None:
    cast = make_cast()
    membership = cast.project.memberships.get(person=cast.member)
    services.membership_change_role(
        membership=membership, by=cast.lead, role=Membership.Role.CO_LEAD
    )
    assert "no_lived_experience_co_lead" not in flag_codes(cast.project)


def test_co_leads_read_the_audit_trail_page() -> None:
    cast = make_cast()
    services.invitation_create(project=cast.project, by=cast.lead, email="z@example.org")
    client = Client()
    client.force_login(cast.lead)
    html = client.get(reverse("projects:events", args=[cast.project.pk])).content.decode()
    assert "Priya Lead" in html
    assert "Sent an invitation" in html


def test_the_project_form_keeps_what_was_typed_on_error() -> None:
    lead = make_person()
    organisation = make_organisation(admin=lead)
    client = Client()
    client.force_login(lead)
    response = client.post(
        reverse("projects:new"),
        {
            "organisation": organisation.pk,
            "title": "",
            "purpose": "Make the day centre better",
            "visibility": "public",
            "joining": "open",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Make the day centre better" in html
    assert "Enter a name for the project." in html
    assert "Choose the perspective you bring." in html
    assert Project.objects.count() == 0


def test_the_project_form_starts_a_project() -> None:
    lead = make_person()
    organisation = make_organisation(admin=lead)
    client = Client()
    client.force_login(lead)
    response = client.post(
        reverse("projects:new"),
        {
            "organisation": organisation.pk,
            "title": "Day centre",
            "purpose": "Make the day centre better",
            "perspective": "professional",
            "visibility": "public",
            "joining": "open",
            "need_lived_experience": "3",
            "need_carer": "0",
        },
    )
    project = Project.objects.get()
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert {(n.perspective, n.count) for n in project.needed_perspectives.all()} == {
        ("lived_experience", 3)
    }


def test_an_error_on_a_radio_group_links_to_its_first_radio() -> None:
    lead = make_person()
    make_organisation(admin=lead)
    client = Client()
    client.force_login(lead)
    html = client.post(reverse("projects:new"), {"title": "T", "purpose": "P"}).content.decode()
    assert 'href="#id_perspective_0"' in html
    assert 'id="id_perspective_0"' in html


def test_co_leads_rename_and_add_stages() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    stages = list(cast.project.stages.all())
    data = {f"stage_{s.pk}": s.name for s in stages}
    data[f"stage_{stages[0].pk}"] = "Find out what is wrong"
    data |= {"new_name": "Celebrate", "new_kind": "other"}
    response = client.post(reverse("projects:stages", args=[cast.project.pk]), data)
    assert response.status_code == 302
    assert [s.name for s in cast.project.stages.all()] == [
        "Find out what is wrong",
        "Design",
        "Deliver",
        "Review",
        "Celebrate",
    ]
    verbs = set(events_for(cast.project).values_list("verb", flat=True))
    assert {"project.stage_renamed", "project.stage_added"} <= verbs


def test_a_stage_cannot_lose_its_name() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    stages = list(cast.project.stages.all())
    data = {f"stage_{s.pk}": s.name for s in stages}
    data[f"stage_{stages[1].pk}"] = ""
    response = client.post(reverse("projects:stages", args=[cast.project.pk]), data)
    assert response.status_code == 422
    assert "Give the stage a name" in response.content.decode()
    assert cast.project.stages.filter(name="Design").exists()
