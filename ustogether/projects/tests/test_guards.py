"""The checks that guard projects, each shown to matter by mutation testing (`make mutation`):
a change to one of these lines that no test noticed is a test here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from ustogether.core.testing import (
    SHORT_AGREEMENT,
    add_member,
    agree_agreement,
    give_two_step,
    make_cast,
    make_organisation,
    make_person,
)
from ustogether.people import services as people_services
from ustogether.people.models import OrganisationMembership
from ustogether.projects import agreements, services
from ustogether.projects.access import (
    get_project_for_member,
    get_project_for_viewer,
    project_access,
    visible_projects,
)
from ustogether.projects.models import Invitation, Membership, Project

pytestmark = pytest.mark.django_db


def test_someone_who_left_keeps_no_members_rights() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    membership = Membership.objects.get(project=cast.project, person=cast.member)
    services.membership_leave(membership=membership, by=cast.member)
    access = project_access(cast.member, cast.project)
    assert access.membership is None and not access.can_see_members_area
    assert not access.can_write_agreement and not access.can_manage
    with pytest.raises(Http404):
        get_project_for_viewer(cast.member, cast.project.pk)
    assert not visible_projects(cast.member, cast.organisation).exists()


def test_a_co_lead_who_left_can_no_longer_manage() -> None:
    cast = make_cast()
    other = make_person("Second Lead")
    add_member(cast.project, other, role=Membership.Role.CO_LEAD)
    services.membership_leave(
        membership=Membership.objects.get(project=cast.project, person=cast.lead), by=cast.lead
    )
    with pytest.raises(PermissionDenied):
        get_project_for_member(cast.lead, cast.project.pk, manage=True)
    assert get_project_for_member(other, cast.project.pk, manage=True).can_manage


def test_an_admin_of_another_organisation_has_no_rights_here() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    stranger = make_person("Other Admin")
    make_organisation("Elsewhere Trust", admin=stranger)
    access = project_access(stranger, cast.project)
    assert not access.is_org_admin and not access.can_manage and not access.can_see_members_area
    with pytest.raises(Http404):
        get_project_for_member(stranger, cast.project.pk)
    assert not visible_projects(stranger, cast.organisation).exists()
    with pytest.raises(PermissionDenied):
        services.project_close(project=cast.project, by=stranger, summary="Done.")


def test_an_admin_without_two_step_sign_in_has_no_admin_rights() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    admin = make_person("New Admin")
    OrganisationMembership.objects.create(
        organisation=cast.organisation, person=admin, role=OrganisationMembership.Role.ADMIN
    )
    assert not project_access(admin, cast.project).is_org_admin
    assert list(visible_projects(admin, cast.organisation)) == []
    give_two_step(admin)
    assert project_access(admin, cast.project).can_manage
    assert list(visible_projects(admin, cast.organisation)) == [cast.project]


def test_the_organisations_own_admin_manages_but_other_staff_do_not() -> None:
    cast = make_cast(visibility=Project.Visibility.MEMBERS)
    access = get_project_for_member(cast.org_admin, cast.project.pk, manage=True)
    assert access.is_org_admin and access.can_write_agreement and access.membership is None
    finance = project_access(cast.finance, cast.project)
    assert not finance.is_org_admin and not finance.can_see_members_area
    with pytest.raises(Http404):
        get_project_for_member(cast.finance, cast.project.pk)


def test_observers_read_but_do_not_write_or_manage() -> None:
    cast = make_cast()
    access = get_project_for_member(cast.observer, cast.project.pk)
    assert access.is_member and not access.can_write_agreement and not access.can_manage
    with pytest.raises(PermissionDenied):
        get_project_for_member(cast.observer, cast.project.pk, write_agreement=True)
    with pytest.raises(PermissionDenied):
        get_project_for_member(cast.member, cast.project.pk, manage=True)
    assert get_project_for_member(cast.member, cast.project.pk, write_agreement=True)


def test_a_public_project_says_no_to_outsiders_on_members_pages_and_shows_its_page() -> None:
    cast = make_cast()
    assert get_project_for_viewer(cast.outsider, cast.project.pk).project == cast.project
    with pytest.raises(PermissionDenied):
        get_project_for_member(cast.outsider, cast.project.pk)
    with pytest.raises(Http404):
        get_project_for_viewer(cast.outsider, 999_999)


def test_an_organisation_admin_who_is_not_a_member_cannot_sign_the_agreement() -> None:
    cast = make_cast()
    version = agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    with pytest.raises(PermissionDenied):
        agreements.agreement_sign(version=version, person=cast.org_admin)
    with pytest.raises(PermissionDenied):
        agreements.agreement_sign(version=version, person=cast.outsider)
    assert agreements.agreement_sign(version=version, person=cast.observer).person == cast.observer


def test_an_organisation_admin_who_is_not_a_member_does_not_answer_proposals() -> None:
    cast = make_cast()
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.lead, reason="Start.", **SHORT_AGREEMENT
    )
    assert not agreements.can_answer(cast.org_admin, cast.project)
    assert not agreements.can_answer(cast.observer, cast.project)
    with pytest.raises(PermissionDenied):
        agreements.agreement_answer(proposal=proposal, by=cast.org_admin, answer="agree")
    with pytest.raises(PermissionDenied):
        agreements.agreement_comment(proposal=proposal, by=cast.outsider, text="Hi")


@pytest.mark.parametrize("status", [Invitation.Status.ACCEPTED, Invitation.Status.WITHDRAWN])
def test_an_invitation_already_answered_or_withdrawn_cannot_be_declined(status: str) -> None:
    cast = make_cast()
    guest = make_person("Gus Guest")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=guest.email)
    Invitation.objects.filter(pk=invitation.pk).update(status=status)
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.invitation_decline(invitation=invitation, person=guest)
    with pytest.raises(ValidationError):
        services.invitation_decline(invitation=invitation, person=None)
    invitation.refresh_from_db()
    assert invitation.status == status


def test_an_invitation_that_ran_out_cannot_be_declined_or_accepted() -> None:
    cast = make_cast()
    guest = make_person("Rae Late")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=guest.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="run out"):
        services.invitation_decline(invitation=invitation, person=guest)
    with pytest.raises(ValidationError, match="run out"):
        services.invitation_accept(invitation=invitation, person=guest, perspective="carer")


def test_only_the_owner_of_the_address_answers_an_invitation() -> None:
    cast = make_cast()
    guest = make_person("Gia Guest")
    invitation = services.invitation_create(project=cast.project, by=cast.lead, email=guest.email)
    with pytest.raises(PermissionDenied):
        services.invitation_decline(invitation=invitation, person=cast.outsider)
    with pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, person=cast.outsider, perspective="carer")
    assert services.invitation_decline(invitation=invitation, person=None).status == "declined"


def test_a_role_change_never_leaves_a_project_without_a_co_lead() -> None:
    cast = make_cast()
    lead = Membership.objects.get(project=cast.project, person=cast.lead)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=lead, by=cast.lead, role="member")
    assert Membership.objects.get(pk=lead.pk).role == Membership.Role.CO_LEAD
    # With a second co-lead it may change; a co-lead who left does not count.
    second = add_member(cast.project, make_person("Sid Second"), role=Membership.Role.CO_LEAD)
    second.left_at = timezone.now()
    second.save()
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=lead, by=cast.lead, role="member")
    third = add_member(cast.project, make_person("Cal Colead"), role=Membership.Role.CO_LEAD)
    services.membership_change_role(membership=lead, by=cast.lead, role="member")
    assert Membership.objects.get(pk=lead.pk).role == Membership.Role.MEMBER
    with pytest.raises(ValidationError):
        services.membership_leave(membership=third, by=third.person)
    with pytest.raises(PermissionDenied):
        services.membership_change_role(membership=third, by=cast.member, role="member")


def test_only_co_leads_and_admins_invite_remove_and_close() -> None:
    cast = make_cast()
    carer = Membership.objects.get(project=cast.project, person=cast.carer)
    for by in (cast.member, cast.observer, cast.finance, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.invitation_create(project=cast.project, by=by, email="x@example.org")
        with pytest.raises(PermissionDenied):
            services.membership_remove(membership=carer, by=by, reason="No.")
        with pytest.raises(PermissionDenied):
            services.project_reopen(project=cast.project, by=by)
    services.membership_remove(membership=carer, by=cast.org_admin, reason="Asked to.")
    assert Membership.objects.get(pk=carer.pk).removed_by == cast.org_admin


def test_closing_one_account_leaves_other_peoples_removal_reasons() -> None:
    cast = make_cast()
    for person in (cast.carer, cast.member):
        services.membership_remove(
            membership=Membership.objects.get(project=cast.project, person=person),
            by=cast.lead,
            reason=f"Reason for {person.full_name}",
        )
    people_services.person_erase(person=cast.carer, by=cast.carer)
    reasons = dict(
        Membership.objects.filter(project=cast.project).values_list("person_id", "removal_reason")
    )
    assert reasons[cast.carer.pk] == "" and reasons[cast.member.pk] == "Reason for Mo Member"


def test_closing_an_account_blanks_invitations_to_them_and_only_theirs() -> None:
    cast = make_cast()
    guest = make_person("Ina Vited")
    services.invitation_create(project=cast.project, by=cast.lead, email=guest.email)
    services.invitation_create(project=cast.project, by=cast.lead, email="someone@example.org")
    people_services.person_erase(person=guest, by=guest)
    emails = set(cast.project.invitations.values_list("email", flat=True))
    assert emails == {"", "someone@example.org"}


def test_the_list_of_an_organisations_projects_follows_the_page_rule() -> None:
    from django.contrib.auth.models import AnonymousUser

    from ustogether.core.testing import make_project

    cast = make_cast()  # a public project
    hidden = make_project(
        lead=cast.lead, organisation=cast.organisation, visibility=Project.Visibility.MEMBERS
    )
    elsewhere = make_cast()  # another organisation's public project
    staff = make_person()
    OrganisationMembership.objects.create(
        organisation=cast.organisation, person=staff, role=OrganisationMembership.Role.STAFF
    )

    def listed(person: object) -> set[int]:
        return set(visible_projects(person, cast.organisation).values_list("pk", flat=True))  # type: ignore[arg-type]

    # Only this organisation's projects; the members-only one for its admin and members.
    assert listed(cast.org_admin) == {cast.project.pk, hidden.pk}
    assert listed(cast.lead) == {cast.project.pk, hidden.pk}
    assert listed(AnonymousUser()) == {cast.project.pk}
    assert listed(staff) == {cast.project.pk}  # on the staff, but not an admin
    assert listed(elsewhere.org_admin) == {cast.project.pk}


def test_a_co_lead_of_one_project_has_no_membership_in_another() -> None:
    cast, elsewhere = make_cast(), make_cast()
    access = project_access(elsewhere.lead, cast.project)
    assert access.membership is None
    assert not access.can_manage and not access.can_see_members_area
    with pytest.raises(PermissionDenied):
        services.invitation_create(project=cast.project, by=elsewhere.lead, email="kim@example.org")
