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
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from ustogether.core.prepared import Prepared
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


def _claim_with_roles(claim_id: int, person_id: int) -> QuerySet[Claim]:
    """The claim with the person's roles (the rules of is_finance and is_co_lead),
    its payout and its organisation's policy, in one query."""
    finance = OrganisationMembership.objects.in_force().filter(
        organisation_id=OuterRef("organisation_id"), person_id=person_id, role=Role.FINANCE
    )
    co_lead = Membership.objects.filter(
        project_id=OuterRef("project_id"),
        person_id=person_id,
        role=Membership.Role.CO_LEAD,
        left_at__isnull=True,
    )
    return (
        Claim.objects.select_related(
            "organisation__involvement_policy",
            "project",
            "person",
            "made_by",
            "meeting",
            "payout",
        )
        .annotate(viewer_is_finance=Exists(finance), viewer_is_co_lead=Exists(co_lead))
        .filter(pk=claim_id)
    )


# Its SQL (six joins, two subqueries) is built once per process (core.prepared):
# building it cost more than running it, on every claim page and action.
_CLAIM_WITH_ROLES = Prepared(_claim_with_roles)


def get_claim_for(person: Person | AnonymousUser, claim_id: int) -> ClaimAccess:
    """The claim, if this person may see it (else a 404), with what they may do.

    The person's roles come in the same query as the claim, its payout and its
    organisation's policy: one query where there were five."""
    if not person.is_authenticated:
        raise Http404("No such claim.")
    found = _CLAIM_WITH_ROLES.objects(claim_id=claim_id, person_id=person.pk)
    if not found:
        raise Http404("No such claim.")
    claim = found[0]
    access = ClaimAccess(
        claim,
        is_claimant=claim.person_id == person.pk,
        is_finance=claim.viewer_is_finance,  # type: ignore[attr-defined]
        is_co_lead=claim.viewer_is_co_lead,  # type: ignore[attr-defined]
        viewer_id=person.pk,
    )
    if not (access.is_claimant or access.is_finance or access.is_co_lead):
        raise Http404("No such claim.")
    return access


def get_organisation_for_claims(person: Person | AnonymousUser, slug: str) -> Organisation:
    """The claims queue: for finance officers of the organisation, else 404."""
    if not person.is_authenticated:
        raise Http404("No such page.")
    found = _ORGANISATION_WITH_ROLE.objects(slug=slug, person_id=person.pk)
    if not found or not found[0].viewer_is_finance:  # type: ignore[attr-defined]
        raise Http404("No such page.")
    return found[0]


def _organisation_with_role(slug: str, person_id: int) -> QuerySet[Organisation]:
    """The organisation, with whether the person is its finance officer (the rule of
    is_finance) asked in the same query."""
    finance = OrganisationMembership.objects.in_force().filter(
        organisation_id=OuterRef("pk"), person_id=person_id, role=Role.FINANCE
    )
    return Organisation.objects.annotate(viewer_is_finance=Exists(finance)).filter(slug=slug)


# Its SQL is built once per process (core.prepared), as for a claim.
_ORGANISATION_WITH_ROLE = Prepared(_organisation_with_role)
