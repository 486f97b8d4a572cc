"""Writes about projects. Each checks permission first, then works, then audits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.core.email import send_email, site_url
from ustogether.core.limits import count_invitation
from ustogether.core.validators import EMAIL_MAX_LENGTH_MESSAGE, single_line
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.people.services import owns_verified_email
from ustogether.projects.access import project_access
from ustogether.projects.models import (
    INVITATION_MESSAGE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    AgreementSignature,
    AgreementVersion,
    Invitation,
    Membership,
    NeededPerspective,
    Perspective,
    Project,
    Stage,
    new_invitation_token,
)

DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    (Stage.Kind.UNDERSTAND, "Understand the problem"),
    (Stage.Kind.DESIGN, "Design"),
    (Stage.Kind.DELIVER, "Deliver"),
    (Stage.Kind.REVIEW, "Review"),
)


def _check_purpose(purpose: str) -> None:
    # A text field's max_length is not checked by full_clean, so it is checked here.
    if len(purpose.strip()) > PURPOSE_MAX_LENGTH:
        raise ValidationError(
            {
                "purpose": _("Use %(limit)d characters or fewer. You have used %(count)d.")
                % {"limit": PURPOSE_MAX_LENGTH, "count": len(purpose.strip())}
            }
        )


def _require_manager(project: Project, by: Person) -> None:
    if not project_access(by, project).can_manage:
        raise PermissionDenied("Only the project's co-leads can do this.")


def _set_needed_perspectives(project: Project, needed: Mapping[str, int]) -> None:
    unknown = set(needed) - set(Perspective.values)
    if unknown:
        raise ValidationError(f"Unknown perspectives: {sorted(unknown)}")
    project.needed_perspectives.exclude(
        perspective__in=[p for p, n in needed.items() if n > 0]
    ).delete()
    for perspective, count in needed.items():
        if count > 0:
            NeededPerspective.objects.update_or_create(
                project=project, perspective=perspective, defaults={"count": count}
            )


@transaction.atomic
def project_create(
    *,
    organisation: Organisation,
    by: Person,
    title: str,
    purpose: str,
    perspective: str,
    visibility: str = Project.Visibility.PUBLIC,
    joining: str = Project.Joining.INVITATION,
    needed_perspectives: Mapping[str, int] | None = None,
    stage_names: Sequence[tuple[str, str]] = DEFAULT_STAGES,
) -> Project:
    """Start a project. The person who starts it is its first co-lead."""
    is_staff = OrganisationMembership.objects.filter(
        organisation=organisation,
        person=by,
        role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
    ).exists()
    if not is_staff:
        raise PermissionDenied(
            "Only an organisation's admins and co-production leads can start its projects."
        )
    _check_purpose(purpose)
    project = Project(
        organisation=organisation,
        title=title.strip(),
        purpose=purpose.strip(),
        visibility=visibility,
        joining=joining,
        created_by=by,
    )
    project.full_clean(exclude=["current_stage", "created_by"])
    project.save()
    stages = Stage.objects.bulk_create(
        [
            Stage(project=project, kind=kind, name=name, order=i)
            for i, (kind, name) in enumerate(stage_names)
        ]
    )
    project.current_stage = stages[0]
    project.save(update_fields=["current_stage"])
    stages[0].started_at = timezone.now()
    stages[0].save(update_fields=["started_at"])
    Membership.objects.create(
        project=project,
        person=by,
        role=Membership.Role.CO_LEAD,
        perspective=perspective,
        stage_joined=stages[0],
    )
    _set_needed_perspectives(project, needed_perspectives or {})
    record_event(project, "project.created", actor=by, subject=project)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    by: Person,
    title: str,
    purpose: str,
    visibility: str,
    joining: str,
    current_stage: Stage,
    needed_perspectives: Mapping[str, int],
    invitation_days: int | None = None,
) -> Project:
    _require_manager(project, by)
    if current_stage.project_id != project.pk:
        raise ValidationError("That stage belongs to another project.")
    changed = [
        name
        for name, value in (
            ("title", title),
            ("purpose", purpose),
            ("visibility", visibility),
            ("joining", joining),
        )
        if getattr(project, name) != value
    ]
    project.title, project.purpose = title.strip(), purpose.strip()
    project.visibility, project.joining = visibility, joining
    if invitation_days is not None:
        project.invitation_days = invitation_days
    _check_purpose(purpose)
    stage_moved = project.current_stage_id != current_stage.pk
    project.current_stage = current_stage
    project.full_clean(exclude=["created_by"])
    project.save()
    if stage_moved:
        if current_stage.started_at is None:
            current_stage.started_at = timezone.now()
            current_stage.save(update_fields=["started_at"])
        record_event(
            project,
            "project.stage_changed",
            actor=by,
            subject=current_stage,
            data={"stage": current_stage.name},
        )
    _set_needed_perspectives(project, needed_perspectives)
    record_event(project, "project.updated", actor=by, subject=project, data={"fields": changed})
    return project


@transaction.atomic
def membership_join(*, project: Project, person: Person, perspective: str) -> Membership:
    """Join a project that is open to anyone."""
    if project.joining != Project.Joining.OPEN:
        raise PermissionDenied("This project is by invitation only.")
    membership = _add_member(project, person, Membership.Role.MEMBER, perspective)
    record_event(project, "membership.joined", actor=person, subject=membership)
    return membership


def _add_member(project: Project, person: Person, role: str, perspective: str) -> Membership:
    if perspective not in Perspective.values:
        raise ValidationError({"perspective": _("Choose the perspective you bring.")})
    membership, created = Membership.objects.get_or_create(
        project=project,
        person=person,
        defaults={"role": role, "perspective": perspective, "stage_joined": project.current_stage},
    )
    if not created:
        if membership.left_at is None:
            raise ValidationError(_("You are already a member of this project."))
        # Coming back: a new stage joined, and the earlier history stays in the log.
        membership.left_at = None
        membership.role, membership.perspective = role, perspective
        membership.stage_joined = project.current_stage
        membership.save()
    return membership


@transaction.atomic
def membership_leave(*, membership: Membership, by: Person) -> Membership:
    if membership.person_id != by.pk:
        raise PermissionDenied("People can only leave projects for themselves.")
    if membership.left_at is not None:
        return membership
    if membership.role == Membership.Role.CO_LEAD:
        others = membership.project.memberships.filter(
            role=Membership.Role.CO_LEAD, left_at__isnull=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(
                _("You are the only co-lead. Make someone else a co-lead before you leave.")
            )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    record_event(membership.project, "membership.left", actor=by, subject=membership)
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, by: Person, role: str) -> Membership:
    project = membership.project
    _require_manager(project, by)
    if role not in Membership.Role.values:
        raise ValidationError("Unknown role.")
    if membership.role == Membership.Role.CO_LEAD and role != Membership.Role.CO_LEAD:
        others = project.memberships.filter(
            role=Membership.Role.CO_LEAD, left_at__isnull=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError(_("A project needs at least one co-lead."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        project,
        "membership.role_changed",
        actor=by,
        subject=membership,
        data={"from": old, "to": role},
    )
    return membership


# Links in an invitation message could send people anywhere, in an email that
# comes from us; the invitation carries its own link to the project.
WEB_ADDRESS = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)


@transaction.atomic
def invitation_create(
    *,
    project: Project,
    by: Person,
    email: str,
    role: str = Membership.Role.MEMBER,
    perspective: str = "",
    message: str = "",
) -> Invitation:
    _require_manager(project, by)
    email = email.strip().lower()
    if project.memberships.filter(person__email__iexact=email, left_at__isnull=True).exists():
        raise ValidationError({"email": _("This person is already a member of the project.")})
    if project.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise ValidationError(
            {"email": _("This person already has an invitation. They can use the link in it.")}
        )
    if len(message.strip()) > INVITATION_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "message": _("Use %(limit)d characters or fewer. You have used %(count)d.")
                % {"limit": INVITATION_MESSAGE_MAX_LENGTH, "count": len(message.strip())}
            }
        )
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        raise ValidationError({"email": EMAIL_MAX_LENGTH_MESSAGE}) from None
    if WEB_ADDRESS.search(message):
        raise ValidationError(
            {
                "message": _(
                    "Take out the web address. The invitation has its own link to the "
                    "project; you can share other links once they have joined."
                )
            }
        )
    count_invitation(by=by, organisation_id=project.organisation_id, email=email)
    invitation = Invitation.objects.create(
        project=project,
        email=email,
        role=role,
        perspective=perspective,
        message=message.strip(),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=project.invitation_days),
    )
    _email_invitation(invitation, by)
    record_event(project, "invitation.sent", actor=by, subject=invitation, data={"role": role})
    return invitation


def _email_invitation(invitation: Invitation, by: Person) -> None:
    project = invitation.project
    link = site_url(reverse("projects:invitation", args=[invitation.token]))
    context = {"invitation": invitation, "project": project, "link": link, "by": by}
    send_email(
        subject=_("%(name)s invites you to join “%(title)s”")
        % {"name": by.display_name, "title": project.title},
        body=render_to_string("projects/email/invitation.txt", context),
        to=invitation.email,
        scope=project,
        about=invitation,
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: Person) -> Invitation:
    """Send a waiting or run-out invitation again: a new link, working for the project's days."""
    project = invitation.project
    _require_manager(project, by)
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != Invitation.Status.PENDING or not current.email:
        raise ValidationError(
            _("Only an invitation still waiting for an answer can be sent again.")
        )
    count_invitation(by=by, organisation_id=project.organisation_id, email=current.email)
    current.token = new_invitation_token()
    current.sent_at = timezone.now()
    current.expires_at = current.sent_at + dt.timedelta(days=project.invitation_days)
    current.save(update_fields=["token", "sent_at", "expires_at"])
    _email_invitation(current, by)
    record_event(project, "invitation.sent_again", actor=by, subject=current)
    return current


def _answer(invitation: Invitation, person: Person | None, status: str) -> None:
    # Lock the row, so two clicks on "Yes" cannot both get through.
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or was withdrawn."))
    if current.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has run out. Ask a co-lead of the project to send it again.")
        )
    if person is not None and not owns_verified_email(person, current.email):
        raise PermissionDenied(
            "This invitation was sent to another email address. Ask a co-lead of the "
            "project to invite you with your own address."
        )
    invitation.status = status
    invitation.answered_at, invitation.answered_by = timezone.now(), person
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: Person, perspective: str) -> Membership:
    """Only the owner of the address it was sent to, signed in with it verified, can say yes."""
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or was withdrawn."))
    _answer(invitation, person, Invitation.Status.ACCEPTED)
    membership = _add_member(invitation.project, person, invitation.role, perspective)
    record_event(invitation.project, "invitation.accepted", actor=person, subject=membership)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, person: Person | None) -> Invitation:
    """Say no. The link is enough: nobody needs an account to say no."""
    _answer(invitation, person, Invitation.Status.DECLINED)
    record_event(invitation.project, "invitation.declined", actor=person, subject=invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by: Person) -> Invitation:
    _require_manager(invitation.project, by)
    if invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.WITHDRAWN
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        record_event(invitation.project, "invitation.withdrawn", actor=by, subject=invitation)
    return invitation


AGREEMENT_SECTIONS = (
    "purpose",
    "decisions",
    "payment_and_support",
    "disagreements",
    "ground_rules",
)


@transaction.atomic
def agreement_write(*, project: Project, by: Person, **sections: str) -> AgreementVersion:
    """Save a new version of the agreement. Everyone is asked to sign it again."""
    if not project_access(by, project).can_write_agreement:
        raise PermissionDenied("Observers can read the agreement but not change it.")
    if set(sections) != set(AGREEMENT_SECTIONS):
        raise ValueError("Every section of the agreement must be given.")
    # Lock the project row so two people saving at once get numbers in turn.
    Project.objects.select_for_update().get(pk=project.pk)
    last = project.agreement_versions.order_by("-number").first()
    if last is not None and all(getattr(last, k) == v.strip() for k, v in sections.items()):
        raise ValidationError(_("Nothing has changed. Change the words, then save."))
    version = AgreementVersion(
        project=project,
        number=(last.number + 1) if last else 1,
        written_by=by,
        **{k: v.strip() for k, v in sections.items()},
    )
    version.full_clean(exclude=["project", "written_by"])
    version.save()
    # The person who wrote it agrees with it.
    AgreementSignature.objects.create(version=version, person=by)
    record_event(
        project, "agreement.changed", actor=by, subject=version, data={"version": version.number}
    )
    _ask_members_to_sign(project, version, by)
    return version


def _ask_members_to_sign(project: Project, version: AgreementVersion, by: Person) -> None:
    """Email every other member: the agreement is new or changed, please read and sign."""
    link = site_url(reverse("projects:agreement", args=[project.pk]))
    members = (
        project.memberships.filter(left_at__isnull=True).exclude(person=by).select_related("person")
    )
    for membership in members:
        context = {
            "project": project,
            "version": version,
            "by": by,
            "link": link,
            "person": membership.person,
        }
        send_mail(
            # One line, even if an old title has a line break in it.
            subject=" ".join(
                (_("Please read the agreement for “%(title)s”") % {"title": project.title}).split()
            ),
            message=render_to_string("projects/email/agreement_changed.txt", context),
            from_email=None,
            recipient_list=[membership.person.email],
        )


@transaction.atomic
def agreement_sign(*, version: AgreementVersion, person: Person) -> AgreementSignature:
    project = version.project
    if not project_access(person, project).is_member:
        raise PermissionDenied("Only members can sign the agreement.")
    latest = project.agreement_versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("The agreement has changed since you opened it. Read the new version.")
        )
    signature, created = AgreementSignature.objects.get_or_create(version=version, person=person)
    if created:
        record_event(
            project,
            "agreement.signed",
            actor=person,
            subject=version,
            data={"version": version.number},
        )
    return signature


@transaction.atomic
def stages_update(
    *,
    project: Project,
    by: Person,
    names: Mapping[int, str],
    new_name: str = "",
    new_kind: str = "",
) -> list[Stage]:
    """Rename a project's stages, and add one at the end if `new_name` is given."""
    _require_manager(project, by)
    stages = {stage.pk: stage for stage in project.stages.select_for_update()}
    errors = {}
    for pk, name in names.items():
        if pk not in stages:
            raise ValidationError("That stage belongs to another project.")
        if not name.strip():
            errors[f"stage_{pk}"] = _("Give the stage a name, or leave its old name.")
        else:
            try:
                single_line(name)
            except ValidationError as error:
                errors[f"stage_{pk}"] = error.messages[0]
    try:
        single_line(new_name)
    except ValidationError as error:
        errors["new_name"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    for pk, name in names.items():
        stage = stages[pk]
        if stage.name != name.strip():
            old = stage.name
            stage.name = name.strip()
            stage.save(update_fields=["name"])
            record_event(
                project,
                "project.stage_renamed",
                actor=by,
                subject=stage,
                data={"from": old, "to": stage.name},
            )
    if new_name.strip():
        kind = new_kind if new_kind in Stage.Kind.values else Stage.Kind.OTHER
        order = max((s.order for s in stages.values()), default=-1) + 1
        stage = Stage.objects.create(project=project, name=new_name.strip(), kind=kind, order=order)
        record_event(
            project, "project.stage_added", actor=by, subject=stage, data={"stage": stage.name}
        )
    return list(project.stages.all())
