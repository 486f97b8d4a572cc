"""What the people app, sign-in and the logs hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry

from ustogether.core.models import AuditEvent
from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
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
    kinds = {
        Authenticator.Type.TOTP: "An app on your phone that shows 6 numbers",
        Authenticator.Type.RECOVERY_CODES: "Codes to use if you lose your phone",
        Authenticator.Type.WEBAUTHN: "A security key or passkey",
    }
    return [
        {"kind": kinds.get(a.type, a.type), "added": a.created_at, "last_used": a.last_used_at}
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


data_kind(
    name="Accounts and contact details",
    models=("people.Person", "account.EmailAddress", "account.EmailConfirmation"),
    what="Name and email. If the person gives them: pronouns, phone, address, and a "
    "supporter's name and contact. How they like us to get in touch. A scrambled password.",
    why="So people can sign in. So others in their projects know who they are. So "
    "they can reach them the way they asked.",
    how_long="Until the person closes their account. Then every detail is blanked. The row"
    " stays only so the record says 'A former member'.",
    who_sees="The person. People in the same projects see the name. System "
    "administrators can see accounts in the admin site.",
    protection="Passwords are scrambled one way and never shown. Sign-in is limited "
    "against guessing. On a real site, pages only travel in a locked form (HTTPS).",
    get_or_erase="On the profile page, a person can change it. They can 'Get a copy of all we "
    "keep about you'. They can 'Close your account'.",
)
data_kind(
    name="Access and communication needs",
    models=("people.NeedsProfile", "people.AccessNeed", "people.CommunicationNeed"),
    what="What helps a person take part. It may be step-free access, breaks or large "
    "print. It may be an interpreter, and for which language. Food and drink. "
    "Anything else they write.",
    why="So meetings and papers suit everyone. Kept only if the person says yes.",
    how_long="Until the person removes them or closes their account. Then they are deleted.",
    who_sees="Only the person sees all of it. Organisers of a meeting see what to get "
    "ready, never why. Each time someone looks, the history records who and when."
    " It never records the needs themselves.",
    protection="Kept in their own tables, apart from the account. Never written to the "
    "history or the logs. Tests check this.",
    get_or_erase="On the profile page, a person can change or remove them. They are in the "
    "copy of all we keep.",
    sensitive=True,
)
data_kind(
    name="Two-step sign-in",
    models=("mfa.Authenticator",),
    what="The secret key of an authenticator app. Recovery codes. Security keys.",
    why="Admins and finance officers must sign in with a second step. Anyone may.",
    how_long="Until the person turns it off or closes their account. Then it is deleted.",
    who_sees="Nobody. The site only checks codes against it.",
    protection="Never shown again after it is set up. Never in the logs.",
    get_or_erase="In account settings, the person can turn it off. The copy lists what kind it"
    " is, not the key.",
)
data_kind(
    name="Organisations and their staff",
    models=("people.Organisation", "people.OrganisationMembership", "people.StaffInvitation"),
    what="Each organisation's name and website. Who is on its staff, and their role. "
    "Invitations to join the staff, by email address.",
    why="Roles decide who may start projects, approve payments and manage staff.",
    how_long="As long as the organisation uses the site. A person's roles go when they "
    "close their account.",
    who_sees="The organisation's staff. Its admins manage it.",
    protection="Admin and finance roles work only with two-step sign-in. An invitation "
    "gives a role only to the owner of the email address. They must be signed in.",
    get_or_erase="The copy of all we keep lists a person's roles. An admin removes them.",
)
data_kind(
    name="The history of what happened",
    models=("core.AuditEvent", "admin.LogEntry"),
    what="Who did what, when, to what. Changes, sign-ins and failed sign-ins. Pages "
    "refused. Who looked at private details. Never the private details "
    "themselves.",
    why="So projects can see their history. So misuse can be found and shown.",
    how_long="Kept. It cannot be changed or deleted. The database refuses it. If a person "
    "closes their account, their name is taken out. That is recorded too.",
    who_sees="A project's co-leads see its history. System administrators see all.",
    protection="Nobody can change it or delete it. The database itself says no. The one "
    "change allowed is taking out a name. That is kept in the history too.",
    get_or_erase="The copy of all we keep lists what the person did.",
)
data_kind(
    name="Sign-in sessions and email waiting to be sent",
    models=("sessions.Session", "django_tasks_database.DBTaskResult"),
    what="A random key for each signed-in browser. Emails waiting to go, and sent.",
    why="To keep people signed in. To send email without making pages slow.",
    how_long="Sessions end after two weeks or at sign-out. While a session lasts, the "
    "site's cache keeps a copy too. That makes pages quicker. Email to or about a"
    " person is deleted when they close their account.",
    who_sees="Nobody reads them. The site uses them.",
    protection="Session cookies are secure. Scripts cannot read them.",
    get_or_erase="Signing out ends a session. Closing the account removes the email.",
)
data_kind(
    name="How the site works",
    models=("contenttypes.ContentType", "auth.Permission", "auth.Group"),
    what="Lists of the site's own kinds of record and admin permissions. They say "
    "nothing about any person. They only say what each system administrator may do.",
    why="The site and its admin need them to work.",
    how_long="As long as the site runs.",
    who_sees="System administrators.",
    protection="Only system administrators can change them.",
    get_or_erase="A system administrator's permissions are in their copy. They go when they "
    "close their account.",
)
