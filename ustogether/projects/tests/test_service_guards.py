"""The checks inside projects' services, called directly: found by mutation testing
(`make mutation`). The pages check who may do what first, so a service's own check
was never reached by a page test; these call each service as the wrong person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ustogether.core.testing import make_cast, make_person
from ustogether.projects import services
from ustogether.projects.models import Invitation, Membership, Project

pytestmark = pytest.mark.django_db


def test_only_a_manager_changes_the_project_its_stages_and_invitations() -> None:
    cast = make_cast()
    project = cast.project
    invitation = services.invitation_create(project=project, by=cast.lead, email="kim@example.org")
    stage = project.stages.first()
    assert stage is not None
    with pytest.raises(PermissionDenied):
        services.project_update(
            project=project,
            by=cast.member,
            title="Taken over",
            purpose=project.purpose,
            visibility=project.visibility,
            joining=project.joining,
            current_stage=stage,
            needed_perspectives={},
        )
    with pytest.raises(PermissionDenied):
        services.stages_update(project=project, by=cast.member, names={stage.pk: "Mine now"})
    with pytest.raises(PermissionDenied):
        services.invitation_resend(invitation=invitation, by=cast.member)
    with pytest.raises(PermissionDenied):
        services.invitation_withdraw(invitation=invitation, by=cast.member)
    project.refresh_from_db()
    stage.refresh_from_db()
    invitation.refresh_from_db()
    assert project.title != "Taken over" and stage.name != "Mine now"
    assert invitation.status == Invitation.Status.PENDING


def test_a_project_cannot_be_set_to_another_projects_stage() -> None:
    cast, other = make_cast(), make_cast()
    foreign = other.project.stages.first()
    assert foreign is not None
    with pytest.raises(ValidationError):
        services.project_update(
            project=cast.project,
            by=cast.lead,
            title=cast.project.title,
            purpose=cast.project.purpose,
            visibility=cast.project.visibility,
            joining=cast.project.joining,
            current_stage=foreign,
            needed_perspectives={},
        )
    with pytest.raises(ValidationError):
        services.stages_update(project=cast.project, by=cast.lead, names={foreign.pk: "Ours"})
    foreign.refresh_from_db()
    assert foreign.name != "Ours"


def test_only_known_perspectives_and_roles() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    with pytest.raises(ValidationError):
        services.project_create(
            organisation=cast.organisation,
            by=cast.org_admin,
            title="Parks",
            purpose="Better parks.",
            perspective="other",
            needed_perspectives={"aliens": 1},
        )
    with pytest.raises(ValidationError) as error:
        services.membership_join(project=cast.project, person=cast.outsider, perspective="aliens")
    assert "perspective" in error.value.message_dict
    assert not Membership.objects.filter(person=cast.outsider).exists()
    member = Membership.objects.get(project=cast.project, person=cast.member)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=member, by=cast.lead, role="boss")
    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER


def test_a_member_cannot_join_twice_and_nobody_leaves_for_someone_else() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_join(project=cast.project, person=cast.member, perspective="carer")
    member = Membership.objects.get(project=cast.project, person=cast.member)
    assert member.perspective == "lived_experience"
    with pytest.raises(PermissionDenied):
        services.membership_leave(membership=member, by=cast.lead)
    member.refresh_from_db()
    assert member.left_at is None


def test_someone_removed_then_invited_back_is_a_member_not_a_removed_person() -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    carer = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=carer, by=cast.lead, reason="Please talk to us first.")
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email=cast.carer.email
    )
    services.invitation_accept(invitation=invitation, person=cast.carer, perspective="carer")
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_join(project=cast.project, person=cast.carer, perspective="carer")


def test_one_waiting_invitation_per_address() -> None:
    cast = make_cast()
    services.invitation_create(project=cast.project, by=cast.lead, email="kim@example.org")
    with pytest.raises(ValidationError) as error:
        services.invitation_create(project=cast.project, by=cast.lead, email="KIM@example.org")
    assert "email" in error.value.message_dict
    assert cast.project.invitations.filter(email="kim@example.org").count() == 1


def test_an_address_of_254_characters_is_the_longest_invited() -> None:
    cast = make_cast()
    domain = "b" * 63 + "." + "c" * 63 + "."
    longest = "a" * 64 + "@" + domain + "d" * 57 + ".org"
    too_long = "a" * 64 + "@" + domain + "d" * 58 + ".org"
    assert (len(longest), len(too_long)) == (254, 255)
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=longest)
    assert invitation.email == longest
    with pytest.raises(ValidationError) as error:
        services.invitation_create(project=cast.project, by=cast.lead, email=too_long)
    assert "email" in error.value.message_dict


def test_an_answered_invitation_is_not_sent_again() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="kim@example.org"
    )
    services.invitation_decline(invitation=invitation, person=None)
    token = Invitation.objects.get(pk=invitation.pk).token
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, by=cast.lead)
    assert Invitation.objects.get(pk=invitation.pk).token == token


def test_saying_yes_records_who_and_when_among_many_invitations() -> None:
    cast = make_cast()
    kim = make_person(email="kim@example.org")
    services.invitation_create(project=cast.project, by=cast.lead, email="sam@example.org")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=kim.email)
    before = timezone.now()
    services.invitation_accept(invitation=invitation, person=kim, perspective="other")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.answered_by == kim
    assert invitation.answered_at is not None and invitation.answered_at >= before


def test_an_invitation_to_a_project_closed_meanwhile_cannot_be_accepted() -> None:
    cast = make_cast()
    kim = make_person(email="kim@example.org")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=kim.email)
    # Closed at the same moment, so the invitation was not yet withdrawn.
    Project.objects.filter(pk=cast.project.pk).update(closed_at=timezone.now())
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.invitation_accept(invitation=invitation, person=kim, perspective="other")
    assert not Membership.objects.filter(person=kim).exists()


def test_a_co_lead_cannot_remove_themselves_or_someone_who_left() -> None:
    cast = make_cast()
    second = make_person()
    from ustogether.core.testing import add_member

    add_member(cast.project, second, role=Membership.Role.CO_LEAD)
    lead = Membership.objects.get(project=cast.project, person=cast.lead)
    with pytest.raises(ValidationError, match="leave the project instead"):
        services.membership_remove(membership=lead, by=cast.lead, reason="Done.")
    lead.refresh_from_db()
    assert lead.left_at is None
    member = Membership.objects.get(project=cast.project, person=cast.member)
    services.membership_leave(membership=member, by=cast.member)
    left_at = Membership.objects.get(pk=member.pk).left_at
    with pytest.raises(ValidationError, match="no longer a member"):
        services.membership_remove(membership=member, by=cast.lead, reason="Gone.")
    member.refresh_from_db()
    assert (member.left_at, member.removed_by) == (left_at, None)


def test_a_closed_project_cannot_be_closed_again() -> None:
    cast = make_cast()
    services.project_close(project=cast.project, by=cast.lead, summary="We made the park better.")
    closed = Project.objects.get(pk=cast.project.pk)
    with pytest.raises(ValidationError):
        services.project_close(project=cast.project, by=cast.lead, summary="Again.")
    again = Project.objects.get(pk=cast.project.pk)
    assert (again.closed_at, again.closing_summary) == (closed.closed_at, closed.closing_summary)
