"""Writes about people and organisations. Each one is atomic and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.core.email import send_email, site_url
from ustogether.core.limits import count_invitation
from ustogether.core.vocabulary import AccessFeature, CommunicationFormat
from ustogether.people.models import (
    AccessNeed,
    CommunicationNeed,
    NeedsProfile,
    Organisation,
    OrganisationMembership,
    Person,
    StaffInvitation,
    in_thirty_days,
    new_token,
)

PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "contact_by",
    "phone",
    "postal_address",
    "supporter_name",
    "supporter_contact",
)


@transaction.atomic
def person_update_profile(*, person: Person, by: Person, **fields: str) -> Person:
    if by.pk != person.pk:
        raise PermissionDenied("People can only change their own profile.")
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    if person.contact_by == Person.ContactBy.PHONE and not person.phone.strip():
        raise ValidationError(
            {"phone": _("Give a phone number, or choose another way to contact you.")}
        )
    if person.contact_by == Person.ContactBy.POST and not person.postal_address.strip():
        raise ValidationError(
            {"postal_address": _("Give your address, or choose another way to contact you.")}
        )
    if person.contact_by == Person.ContactBy.SUPPORTER and not person.supporter_contact.strip():
        raise ValidationError(
            {"supporter_contact": _("Say how to contact your supporter, or choose another way.")}
        )
    person.full_clean(exclude=["password"])
    person.save()
    # Which fields changed is recorded, never their values.
    record_event(
        person, "person.profile_updated", actor=by, subject=person, data={"fields": sorted(fields)}
    )
    return person


@transaction.atomic
def person_save_needs(
    *,
    person: Person,
    by: Person,
    consent: bool,
    access_features: Iterable[str],
    communication_formats: Iterable[str],
    interpreter_language: str = "",
    dietary_needs: str = "",
    other_needs: str = "",
) -> NeedsProfile:
    """Store a person's needs. Only the person can do this, and only with consent."""
    if by.pk != person.pk:
        raise PermissionDenied("People can only change their own needs.")
    if not consent:
        raise ValidationError(
            {"consent": _("Tick the box to say we may keep this, or leave this page.")}
        )
    features = sorted(set(access_features))
    formats = sorted(set(communication_formats))
    if not set(features) <= set(AccessFeature.values):
        raise ValidationError("Unknown access feature.")
    if not set(formats) <= set(CommunicationFormat.values):
        raise ValidationError("Unknown communication format.")
    if CommunicationFormat.INTERPRETER in formats and not interpreter_language.strip():
        raise ValidationError(
            {"interpreter_language": _("Say which language you need an interpreter for.")}
        )
    profile, created = NeedsProfile.objects.get_or_create(
        person=person, defaults={"consent_given_at": timezone.now()}
    )
    profile.interpreter_language = interpreter_language.strip()
    profile.dietary_needs = dietary_needs.strip()
    profile.other_needs = other_needs.strip()
    profile.save()
    profile.access_needs.exclude(feature__in=features).delete()
    profile.communication_needs.exclude(format__in=formats).delete()
    AccessNeed.objects.bulk_create(
        [AccessNeed(profile=profile, feature=f) for f in features], ignore_conflicts=True
    )
    CommunicationNeed.objects.bulk_create(
        [CommunicationNeed(profile=profile, format=f) for f in formats], ignore_conflicts=True
    )
    # The log says that needs changed, never what they are.
    record_event(
        person,
        "person.needs_saved" if not created else "person.needs_consented",
        actor=by,
        subject=person,
    )
    return profile


@transaction.atomic
def person_remove_needs(*, person: Person, by: Person) -> None:
    """Remove every stored need and the consent with it. A person's own data, so really gone."""
    if by.pk != person.pk:
        raise PermissionDenied("People can only remove their own needs.")
    NeedsProfile.objects.filter(person=person).delete()
    record_event(person, "person.needs_removed", actor=by, subject=person)


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(*, name: str, kind: str, by: Person, website: str = "") -> Organisation:
    """Add an organisation; the person who adds it becomes its first admin."""
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("An organisation with this name is already here. Ask its admin to add you.")}
        )
    organisation = Organisation(name=name, kind=kind, website=website, slug=unique_slug(name))
    organisation.full_clean()
    organisation.save()
    OrganisationMembership.objects.create(
        organisation=organisation, person=by, role=OrganisationMembership.Role.ADMIN
    )
    record_event(organisation, "organisation.created", actor=by, subject=organisation)
    return organisation


def organisation_role(person: Person, organisation: Organisation) -> str | None:
    if not person.is_authenticated:
        return None
    role = (
        OrganisationMembership.objects.in_force()
        .filter(organisation=organisation, person=person)
        .values_list("role", flat=True)
        .first()
    )
    return role


def owns_verified_email(person: Person, email: str) -> bool:
    """Whether this signed-in person has proved they own `email`."""
    from allauth.account.models import EmailAddress

    return (
        bool(email)
        and EmailAddress.objects.filter(user=person, email__iexact=email, verified=True).exists()
    )


def _admin_count(organisation: Organisation) -> int:
    return organisation.staff.filter(role=OrganisationMembership.Role.ADMIN).count()


@transaction.atomic
def organisation_add_staff(
    *, organisation: Organisation, email: str, role: str, by: Person
) -> OrganisationMembership | StaffInvitation:
    """Offer someone a staff role, or change the role of someone already on the staff.

    Whether or not the address has an account, the answer is the same: we email
    an invitation, and the role is given only when the owner of the address
    accepts it, signed in. Nobody learns who has an account, and nobody is added
    to an organisation without saying yes."""
    if organisation_role(by, organisation) != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied("Only an organisation's admins can add staff.")
    if role not in OrganisationMembership.Role.values:
        raise ValidationError({"role": _("Choose their role.")})
    email = email.strip().lower()
    current = (
        OrganisationMembership.objects.select_for_update()
        .filter(organisation=organisation, person__email__iexact=email)
        .first()
    )
    if current is None:
        return _invite_staff(organisation=organisation, email=email, role=role, by=by)
    if (
        current.role == OrganisationMembership.Role.ADMIN
        and role != OrganisationMembership.Role.ADMIN
        and _admin_count(organisation) == 1
    ):
        raise ValidationError(
            {
                "role": _(
                    "An organisation needs at least one admin. Make someone else an admin first."
                )
            }
        )
    current.role = role
    current.save(update_fields=["role"])
    record_event(
        organisation,
        "organisation.staff_role_set",
        actor=by,
        subject=current.person,
        data={"role": role},
    )
    return current


def _invite_staff(
    *, organisation: Organisation, email: str, role: str, by: Person
) -> StaffInvitation:
    count_invitation(by=by, organisation_id=organisation.pk, email=email)
    # Asking again replaces the waiting invitation: a new link, and a new 30 days.
    invitation, _created = StaffInvitation.objects.update_or_create(
        organisation=organisation,
        email=email,
        status=StaffInvitation.Status.PENDING,
        defaults={
            "role": role,
            "invited_by": by,
            "token": new_token(),
            "sent_at": timezone.now(),
            "expires_at": in_thirty_days(),
        },
    )
    link = site_url(reverse("people:staff_invitation", args=[invitation.token]))
    send_email(
        subject=_("%(name)s asks you to join %(organisation)s on Us Together")
        % {"name": by.display_name, "organisation": organisation.name},
        body=render_to_string(
            "people/email/staff_invitation.txt",
            {"invitation": invitation, "organisation": organisation, "by": by, "link": link},
        ),
        to=email,
        scope=organisation,
        about=invitation,
    )
    record_event(
        organisation,
        "organisation.staff_invited",
        actor=by,
        subject=invitation,
        data={"role": role},
    )
    return invitation


def _open_staff_invitation(invitation: StaffInvitation) -> StaffInvitation:
    # Lock the row, so two answers at once cannot both get through.
    current = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != StaffInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or was cancelled."))
    if current.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has run out. Ask the organisation's admin to send it again.")
        )
    return current


@transaction.atomic
def staff_invitation_accept(
    *, invitation: StaffInvitation, person: Person
) -> OrganisationMembership:
    """The owner of the address says yes, signed in: now they have the role."""
    current = _open_staff_invitation(invitation)
    if not owns_verified_email(person, current.email):
        raise PermissionDenied(
            "This invitation was sent to another email address. Ask the organisation's "
            "admin to invite you with your own address."
        )
    membership, _created = OrganisationMembership.objects.update_or_create(
        organisation=current.organisation, person=person, defaults={"role": current.role}
    )
    current.status = StaffInvitation.Status.ACCEPTED
    current.answered_at, current.answered_by = timezone.now(), person
    current.save(update_fields=["status", "answered_at", "answered_by"])
    record_event(
        current.organisation,
        "organisation.staff_role_set",
        actor=person,
        subject=person,
        data={"role": current.role, "from_invitation": True},
    )
    return membership


@transaction.atomic
def staff_invitation_decline(
    *, invitation: StaffInvitation, person: Person | None
) -> StaffInvitation:
    """Say no. The link is enough: nobody needs an account to say no."""
    current = _open_staff_invitation(invitation)
    if person is not None and not owns_verified_email(person, current.email):
        raise PermissionDenied("This invitation was sent to another email address.")
    current.status = StaffInvitation.Status.DECLINED
    current.answered_at, current.answered_by = timezone.now(), person
    current.save(update_fields=["status", "answered_at", "answered_by"])
    record_event(current.organisation, "organisation.staff_declined", actor=person, subject=current)
    return current


@transaction.atomic
def staff_invitation_cancel(*, invitation: StaffInvitation, by: Person) -> StaffInvitation:
    if organisation_role(by, invitation.organisation) != OrganisationMembership.Role.ADMIN:
        raise PermissionDenied("Only an organisation's admins can cancel staff invitations.")
    current = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status == StaffInvitation.Status.PENDING:
        current.status = StaffInvitation.Status.CANCELLED
        current.answered_at = timezone.now()
        current.save(update_fields=["status", "answered_at"])
        record_event(
            current.organisation,
            "organisation.staff_invitation_cancelled",
            actor=by,
            subject=current,
        )
    return current


def person_data_export(*, person: Person) -> dict[str, object]:
    """Everything Us Together holds about a person, for them to download: each app's
    sections, from its personal_data.py (see core.personal_data)."""
    from ustogether.core.personal_data import export

    return dict(export(person))


@transaction.atomic
def person_erase(*, person: Person, by: Person) -> None:
    """Close an account and remove what identifies the person.

    What they took part in stays true (memberships, and later contributions and
    decisions keep their place in the record), but shown as "A former member".
    """
    from allauth.account.models import EmailAddress

    from ustogether.people.erasure import erase_copies, identity_of

    if by.pk != person.pk:
        raise PermissionDenied("People can only close their own account.")
    identity = identity_of(
        person, EmailAddress.objects.filter(user=person).values_list("email", flat=True)
    )
    from allauth.mfa.models import Authenticator

    NeedsProfile.objects.filter(person=person).delete()
    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    OrganisationMembership.objects.filter(person=person).delete()
    person.groups.clear()
    person.user_permissions.clear()
    person.is_staff = person.is_superuser = False
    person.email = f"erased-{person.pk}@invalid"
    person.full_name = ""
    person.preferred_name = _("A former member")
    for name in ("pronouns", "phone", "postal_address", "supporter_name", "supporter_contact"):
        setattr(person, name, "")
    person.contact_by = Person.ContactBy.EMAIL
    person.is_active = False
    person.set_unusable_password()
    person.save()
    person.memberships.filter(left_at__isnull=True).update(left_at=timezone.now())
    erase_copies(identity)
    record_event(None, "person.erased", actor=None, subject=person)
