"""What the people app, sign-in and the logs hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry

from ustogether.core.models import AuditEvent
from ustogether.core.personal_data import example, exporter, kept_after_closing
from ustogether.people import services
from ustogether.people.models import (
    NeedsProfile,
    OrganisationMembership,
    Person,
    StaffInvitation,
)

PersonGroups = Person.groups.through
PersonPermissions = Person.user_permissions.through


@exporter(
    "profile",
    "Your profile",
    Person,
    PersonGroups,
    PersonPermissions,
    leaves_out={
        "password": "Only a scrambled form of your password is kept, which cannot be turned "
        "back into your password, so there is nothing to show."
    },
)
def profile(person: Person) -> dict[str, Any]:
    return {
        **{name: getattr(person, name) for name in ("email", *services.PROFILE_FIELDS)},
        "joined": person.date_joined,
        "last_signed_in": person.last_login,
        "system_administrator": person.is_staff,
        "permission_groups": [g.name for g in person.groups.all()],
        "permissions": [p.codename for p in person.user_permissions.all()],
    }


@exporter("email_addresses", "Your email addresses", EmailAddress)
def email_addresses(person: Person) -> list[dict[str, Any]]:
    return list(EmailAddress.objects.filter(user=person).values("email", "verified", "primary"))


@exporter("two_step_sign_in", "Your two-step sign-in", Authenticator)
def two_step(person: Person) -> list[dict[str, Any]]:
    # The kind and the dates only: the secret keys and codes stay secret.
    return [
        {"kind": a.get_type_display(), "added": a.created_at, "last_used": a.last_used_at}
        for a in Authenticator.objects.filter(user=person).order_by("created_at")
    ]


@exporter("needs", "Your access and communication needs", NeedsProfile)
def needs(person: Person) -> dict[str, Any] | None:
    profile = NeedsProfile.objects.filter(person=person).first()
    if profile is None:
        return None
    return {
        "consent_given_at": profile.consent_given_at,
        "access": profile.access_features,
        "communication": profile.communication_formats,
        "interpreter_language": profile.interpreter_language,
        "dietary_needs": profile.dietary_needs,
        "other_needs": profile.other_needs,
    }


@exporter("organisations", "Your roles in organisations", OrganisationMembership)
def organisations(person: Person) -> list[dict[str, Any]]:
    return [
        {"organisation": r.organisation.name, "role": r.get_role_display(), "since": r.created_at}
        for r in person.organisation_roles.select_related("organisation")
    ]


@exporter(
    "staff_invitations_you_sent",
    "People you asked to join an organisation's staff",
    StaffInvitation,
    leaves_out={"token": "The secret code in the invitation link, which only works once."},
)
def staff_invitations(person: Person) -> list[dict[str, Any]]:
    rows = StaffInvitation.objects.filter(invited_by=person) | StaffInvitation.objects.filter(
        answered_by=person
    )
    return [
        {
            "organisation": i.organisation.name,
            "email": i.email,
            "role": i.get_role_display(),
            "status": i.get_status_display(),
            "you_sent_it": i.invited_by_id == person.pk,
            "sent": i.sent_at,
            "answered": i.answered_at,
        }
        for i in rows.select_related("organisation").distinct()
    ]


@exporter("things_you_did", "Things you did on Us Together", AuditEvent)
def things_you_did(person: Person) -> list[dict[str, Any]]:
    return [
        {"when": e.created_at, "what": e.verb, "on": e.subject_label}
        for e in AuditEvent.objects.filter(actor=person).order_by("created_at", "id")
    ]


@exporter("admin_changes", "Changes you made as a system administrator", LogEntry)
def admin_changes(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "when": e.action_time,
            "what": e.object_repr,
            "record": e.object_id,
            "change": e.change_message,
        }
        for e in LogEntry.objects.filter(user=person).order_by("action_time")
    ]


kept_after_closing(
    Person,
    reason="The row stays so that what the person took part in stays true; every detail "
    "in it is blanked and the name shows as 'A former member'.",
)
kept_after_closing(
    StaffInvitation,
    reason="The organisation's record of who it asked to join its staff.",
    keeps_text={
        "email": "The address of the person invited, not of the person who sent it; "
        "it goes when its own owner closes their account.",
        "token": "A random code that says nothing about anyone.",
    },
)
kept_after_closing(
    AuditEvent,
    reason="The audit log cannot be changed, only redacted: it keeps what happened, "
    "and the person's name is taken out of it.",
    keeps_text={
        "verb": "What happened, such as 'project.created': words of the site, not the person.",
        "subject_label": "Names what was changed, with the person's name taken out.",
    },
)
kept_after_closing(
    LogEntry,
    reason="The admin site's own record of what a system administrator changed.",
    keeps_text={
        "object_id": "The number of the record that was changed.",
        "object_repr": "Names what was changed, with the person's name taken out.",
        "change_message": "Which fields changed, with the person's name taken out.",
    },
)


@example(Person, NeedsProfile, EmailAddress, Authenticator, PersonGroups, PersonPermissions)
def _a_full_profile(person: Person, cast: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    from ustogether.core.testing import give_two_step

    services.person_update_profile(
        person=person,
        by=person,
        full_name=person.full_name,
        preferred_name="Tee",
        pronouns="they/them",
        contact_by="phone",
        phone="07700 900123",
        postal_address="1 Quillon Street",
        supporter_name="Sally Helper",
        supporter_contact="sally@example.net",
    )
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["step_free"],
        communication_formats=["interpreter"],
        interpreter_language="Polish",
        dietary_needs="No nuts",
        other_needs="A quiet room",
    )
    give_two_step(person)
    person.groups.add(Group.objects.get_or_create(name="Helpers")[0])
    person.user_permissions.add(Permission.objects.first())  # type: ignore[arg-type]


@example(OrganisationMembership, StaffInvitation)
def _staff_roles(person: Person, cast: Any) -> None:
    from ustogether.core.testing import give_two_step

    OrganisationMembership.objects.update_or_create(
        organisation=cast.organisation,
        person=person,
        defaults={"role": OrganisationMembership.Role.ADMIN},
    )
    give_two_step(person)
    services.organisation_add_staff(
        organisation=cast.organisation, email="new.staff@example.org", role="staff", by=person
    )


@example(AuditEvent)
def _an_event(person: Person, cast: Any) -> None:
    from ustogether.core.audit import record_event

    record_event(person, "person.example", actor=person, subject=cast.project)


@example(LogEntry)
def _an_admin_change(person: Person, cast: Any) -> None:
    from django.contrib.admin.models import CHANGE
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(cast.project),
        object_id=str(cast.project.pk),
        object_repr=str(cast.project),
        action_flag=CHANGE,
        change_message="Changed the title.",
    )
