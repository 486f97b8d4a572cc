"""The limits inside projects' services, right at their edge: found by mutation testing
(`make mutation`), where "more than" could become "as many as" and no test noticed."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ustogether.core.testing import make_cast, make_person
from ustogether.projects import services
from ustogether.projects.models import (
    INVITATION_MESSAGE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    Invitation,
    Membership,
)

pytestmark = pytest.mark.django_db


def test_a_purpose_of_exactly_the_limit_is_kept_and_one_more_is_not() -> None:
    cast = make_cast()
    project = services.project_create(
        organisation=cast.organisation,
        by=cast.org_admin,
        title="Parks for all",
        purpose="a" * PURPOSE_MAX_LENGTH,
        perspective="other",
    )
    assert len(project.purpose) == PURPOSE_MAX_LENGTH
    with pytest.raises(ValidationError) as error:
        services.project_create(
            organisation=cast.organisation,
            by=cast.org_admin,
            title="Parks for more",
            purpose="a" * (PURPOSE_MAX_LENGTH + 1),
            perspective="other",
        )
    assert "purpose" in error.value.message_dict


def test_an_invitation_message_of_exactly_the_limit_is_sent() -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project,
        by=cast.lead,
        email="kim@example.org",
        message="a" * INVITATION_MESSAGE_MAX_LENGTH,
    )
    assert len(invitation.message) == INVITATION_MESSAGE_MAX_LENGTH
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            project=cast.project,
            by=cast.lead,
            email="sam@example.org",
            message="a" * (INVITATION_MESSAGE_MAX_LENGTH + 1),
        )
    assert "message" in error.value.message_dict


def test_a_reason_for_removing_of_exactly_the_limit_is_kept() -> None:
    cast = make_cast()
    carer = Membership.objects.get(project=cast.project, person=cast.carer)
    member = Membership.objects.get(project=cast.project, person=cast.member)
    with pytest.raises(ValidationError):
        services.membership_remove(
            membership=member, by=cast.lead, reason="a" * (services.MAX_REASON_CHARS + 1)
        )
    removed = services.membership_remove(
        membership=carer, by=cast.lead, reason="a" * services.MAX_REASON_CHARS
    )
    assert removed.left_at is not None
    assert len(removed.removal_reason) == services.MAX_REASON_CHARS


def test_a_project_invitation_runs_out_at_the_very_moment_it_says() -> None:
    cast = make_cast()
    kim = make_person(email="kim@example.org")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=kim.email)
    moment = timezone.now() + dt.timedelta(days=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=moment)
    invitation.refresh_from_db()
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        pytest.raises(ValidationError),
    ):
        services.invitation_accept(invitation=invitation, person=kim, perspective="other")
    assert not Membership.objects.filter(project=cast.project, person=kim).exists()
    with mock.patch("django.utils.timezone.now", return_value=moment - dt.timedelta(seconds=1)):
        services.invitation_accept(invitation=invitation, person=kim, perspective="other")
    assert Membership.objects.filter(project=cast.project, person=kim).exists()


def test_being_removed_stops_only_that_person_joining_again() -> None:
    from ustogether.projects.models import Project

    cast = make_cast(joining=Project.Joining.OPEN)
    carer = cast.project.memberships.get(person=cast.carer)
    services.membership_remove(membership=carer, by=cast.lead, reason="Please talk to us first.")
    # Someone else joins as before.
    joined = services.membership_join(
        project=cast.project, person=cast.outsider, perspective="other"
    )
    assert joined.left_at is None
    # Someone who left by themselves may come back.
    member = cast.project.memberships.get(person=cast.member)
    services.membership_leave(membership=member, by=cast.member)
    back = services.membership_join(
        project=cast.project, person=cast.member, perspective="lived_experience"
    )
    assert back.pk == member.pk and back.left_at is None


def test_someone_can_be_invited_again_once_they_left_or_said_no() -> None:
    cast = make_cast()
    member = cast.project.memberships.get(person=cast.member)
    services.membership_leave(membership=member, by=cast.member)
    again = services.invitation_create(project=cast.project, by=cast.lead, email=cast.member.email)
    assert again.status == Invitation.Status.PENDING
    services.invitation_decline(invitation=again, person=None)
    third = services.invitation_create(project=cast.project, by=cast.lead, email=cast.member.email)
    assert third.pk != again.pk
    # One that ran out does not stand in the way either.
    Invitation.objects.filter(pk=third.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    fourth = services.invitation_create(project=cast.project, by=cast.lead, email=cast.member.email)
    assert fourth.pk not in {again.pk, third.pk}
