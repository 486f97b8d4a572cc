"""The rules in payments/access.py, called directly: who counts as a claim's co-lead,
what a person who is not signed in may do, and which claims each person sees in a list.

The pages check some of these first (they send people who are not signed in away
to sign in), so these tests call the rules themselves."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ustogether.core.testing import Cast, add_member, make_cast, make_person, make_project
from ustogether.payments import services
from ustogether.payments.access import claim_access, claims_visible_to, get_claim_for
from ustogether.payments.models import Claim
from ustogether.payments.testing import make_claim, set_policy
from ustogether.projects.models import Membership

pytestmark = pytest.mark.django_db


def _refused_approval(claim: Claim, by: object) -> None:
    """The approval is refused and the claim is as it was."""
    status = claim.status
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, by=by)  # type: ignore[arg-type]
    claim.refresh_from_db()
    assert claim.status == status
    assert claim.approved_by_id is None


def test_a_person_not_signed_in_may_do_nothing_with_a_claim(cast: Cast) -> None:
    claim = make_claim(cast)
    access = claim_access(AnonymousUser(), claim)
    assert (access.is_claimant, access.is_finance, access.is_co_lead) == (False, False, False)
    assert not access.can_see_receipts
    assert not access.can_change
    assert not access.can_approve
    assert not access.can_pay
    with pytest.raises(Http404):
        get_claim_for(AnonymousUser(), claim.pk)


def test_a_co_lead_of_another_project_is_not_the_claims_co_lead(cast: Cast) -> None:
    claim = make_claim(cast)
    other_lead = make_person("Lee Otherlead")
    make_project(lead=other_lead, organisation=cast.organisation, title="Parks for all")
    with pytest.raises(Http404):
        get_claim_for(other_lead, claim.pk)
    _refused_approval(claim, other_lead)
    # The claim's own co-lead may.
    assert get_claim_for(cast.lead, claim.pk).can_approve


def test_a_co_lead_who_has_left_the_project_no_longer_sees_its_claims(cast: Cast) -> None:
    claim = make_claim(cast)
    Membership.objects.filter(project=cast.project, person=cast.lead).update(left_at=timezone.now())
    with pytest.raises(Http404):
        get_claim_for(cast.lead, claim.pk)
    _refused_approval(claim, cast.lead)


def test_each_person_sees_the_claims_they_may_in_the_list(cast: Cast) -> None:
    """Finance officers see all the organisation's claims; a co-lead sees their
    projects' claims and their own; anyone else only their own."""
    mine = make_claim(cast)
    carers = make_claim(cast, person=cast.carer)
    leads_own = make_claim(cast, person=cast.lead)
    # A claim on another project of the same organisation, led by someone else.
    other_project = make_project(
        lead=make_person("Lee Otherlead"), organisation=cast.organisation, title="Parks for all"
    )
    add_member(other_project, cast.observer)
    elsewhere = make_claim(dataclasses.replace(cast, project=other_project), person=cast.observer)
    # A claim in another organisation.
    other = make_cast()
    set_policy(other)
    make_claim(other)

    def seen(person: object) -> set[int]:
        return set(
            claims_visible_to(person, cast.organisation).values_list("pk", flat=True)  # type: ignore[arg-type]
        )

    everything = {mine.pk, carers.pk, leads_own.pk, elsewhere.pk}
    assert seen(cast.finance) == everything
    assert seen(cast.lead) == {mine.pk, carers.pk, leads_own.pk}
    assert seen(cast.member) == {mine.pk}
    assert seen(cast.observer) == {elsewhere.pk}
    assert seen(cast.outsider) == set()
    # A co-lead who has left sees only their own.
    Membership.objects.filter(project=cast.project, person=cast.lead).update(left_at=timezone.now())
    assert seen(cast.lead) == {leads_own.pk}
