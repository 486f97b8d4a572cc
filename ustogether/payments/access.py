"""Who may see and do what with claims: the one guarded way to load one.

- a person sees their own claims, receipts included;
- finance officers of the organisation see all its claims, approve, query and pay;
- co-leads of the claim's project see its claims without receipts, and approve or query;
- the organisation's admins and finance officers set its involvement policy;
- nobody else sees any claim: for them it does not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from ustogether.payments.models import Claim
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.models import Membership

Role = OrganisationMembership.Role


def organisation_roles(person: Person | AnonymousUser, organisation_id: int) -> set[str]:
    """The person's roles in force in the organisation (finance needs two-step sign-in)."""
    if not person.is_authenticated:
        return set()
    return set(
        OrganisationMembership.objects.in_force()
        .filter(organisation_id=organisation_id, person=person)
        .values_list("role", flat=True)
    )


def is_finance(person: Person | AnonymousUser, organisation_id: int) -> bool:
    return Role.FINANCE in organisation_roles(person, organisation_id)


def can_set_policy(person: Person | AnonymousUser, organisation_id: int) -> bool:
    return bool(organisation_roles(person, organisation_id) & {Role.ADMIN, Role.FINANCE})


def is_co_lead(person: Person | AnonymousUser, project_id: int) -> bool:
    return (
        person.is_authenticated
        and Membership.objects.filter(
            project_id=project_id,
            person=person,
            role=Membership.Role.CO_LEAD,
            left_at__isnull=True,
        ).exists()
    )


@dataclass(frozen=True)
class ClaimAccess:
    claim: Claim
    is_claimant: bool
    is_finance: bool
    is_co_lead: bool
    viewer_id: int | None = None

    @property
    def can_see_receipts(self) -> bool:
        return self.is_claimant or self.is_finance

    @property
    def can_change(self) -> bool:
        """Add or remove lines, send, take back: the person, or a co-lead helping them."""
        return self.is_claimant or (
            self.is_co_lead and self.claim.made_by_id != self.claim.person_id
        )

    @property
    def can_approve(self) -> bool:
        # Nobody approves their own claim, nor one they made for someone else.
        return (
            (self.is_finance or self.is_co_lead)
            and not self.is_claimant
            and not (self.is_co_lead and self.claim.made_by_id == self.viewer_id)
        )

    @property
    def can_pay(self) -> bool:
        return self.is_finance and not self.is_claimant


def claim_access(person: Person | AnonymousUser, claim: Claim) -> ClaimAccess:
    if not person.is_authenticated:
        return ClaimAccess(claim, is_claimant=False, is_finance=False, is_co_lead=False)
    return ClaimAccess(
        claim,
        is_claimant=claim.person_id == person.pk,
        is_finance=is_finance(person, claim.organisation_id),
        is_co_lead=is_co_lead(person, claim.project_id),
        viewer_id=person.pk,
    )


def get_claim_for(person: Person | AnonymousUser, claim_id: int) -> ClaimAccess:
    claim = get_object_or_404(
        Claim.objects.select_related("organisation", "project", "person", "made_by", "meeting"),
        pk=claim_id,
    )
    access = claim_access(person, claim)
    if not (access.is_claimant or access.is_finance or access.is_co_lead):
        raise Http404("No such claim.")
    return access


def get_organisation_for_claims(person: Person | AnonymousUser, slug: str) -> Organisation:
    """The claims queue: for finance officers of the organisation, else 404."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_finance(person, organisation.pk):
        raise Http404("No such page.")
    return organisation
