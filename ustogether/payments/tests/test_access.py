"""The rules in payments/access.py, called directly: who counts as a claim's co-lead,
and what a person who is not signed in may do.

The pages check some of these first (they send people who are not signed in away
to sign in), so these tests call the rules themselves."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from ustogether.core.testing import Cast, make_person, make_project
from ustogether.payments import services
from ustogether.payments.access import claim_access, get_claim_for
from ustogether.payments.models import Claim
from ustogether.payments.testing import make_claim
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


def test_roles_in_another_organisation_count_for_nothing_here(cast: Cast) -> None:
    """A finance officer or admin of another organisation is a stranger to this one's
    claims, queue and policy, while this organisation's own finance officer is not."""
    from ustogether.core.testing import make_cast
    from ustogether.payments.access import (
        can_set_policy,
        get_organisation_for_claims,
        is_finance,
        organisation_roles,
    )

    claim = make_claim(cast)
    other = make_cast()
    here = cast.organisation
    for stranger in (other.finance, other.org_admin):
        assert organisation_roles(stranger, here.pk) == set()
        assert not is_finance(stranger, here.pk)
        assert not can_set_policy(stranger, here.pk)
        with pytest.raises(Http404):
            get_claim_for(stranger, claim.pk)
        with pytest.raises(Http404):
            get_organisation_for_claims(stranger, here.slug)
    with pytest.raises(Http404):
        get_organisation_for_claims(AnonymousUser(), here.slug)
    # Their own organisation's roles still count there, and this one's here.
    assert is_finance(other.finance, other.organisation.pk)
    assert is_finance(cast.finance, here.pk)
    assert get_organisation_for_claims(cast.finance, here.slug) == here
    assert get_claim_for(cast.finance, claim.pk).is_finance
