"""Writes about projects. Each checks permission first, then works, then audits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
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
    AgreementProposal,
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


def email_person(
    email: str,
    subject: str,
    template: str,
    context: dict[str, object],
    *,
    scope: Project,
    about: models.Model,
) -> None:
    """Send one plain-text email from a template; a failure is recorded against `about`."""
    send_email(
        subject=subject,
        body=render_to_string(template, context),
        to=email,
        scope=scope,
        about=about,
    )


def _is_only_co_lead(membership: Membership) -> bool:
    if membership.role != Membership.Role.CO_LEAD:
        return False
    others = membership.project.memberships.filter(
        role=Membership.Role.CO_LEAD, left_at__isnull=True
    ).exclude(pk=membership.pk)
    return not others.exists()


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
    time_needed: str = "",
    meetings: str = "",
) -> Project:
    """Start a project. The person who starts it is its first co-lead."""
    is_staff = (
        OrganisationMembership.objects.in_force()
        .filter(
            organisation=organisation,
            person=by,
            role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
        )
        .exists()
    )
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
        time_needed=time_needed.strip(),
        meetings=meetings.strip(),
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
    time_needed: str | None = None,
    meetings: str | None = None,
    invitation_days: int | None = None,
) -> Project:
    _require_manager(project, by)
    # None leaves what joining means as it was.
    time_needed = project.time_needed if time_needed is None else time_needed.strip()
    meetings = project.meetings if meetings is None else meetings.strip()
    if current_stage.project_id != project.pk:
        raise ValidationError("That stage belongs to another project.")
    changed = [
        name
        for name, value in (
            ("title", title),
            ("purpose", purpose),
            ("visibility", visibility),
            ("joining", joining),
            ("time_needed", time_needed),
            ("meetings", meetings),
        )
        if getattr(project, name) != value
    ]
    project.title, project.purpose = title.strip(), purpose.strip()
    project.time_needed, project.meetings = time_needed, meetings
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
    _require_open(project)
    if project.memberships.filter(
        person=person, left_at__isnull=False, removed_by__isnull=False
    ).exists():
        raise ValidationError(
            _("A co-lead removed you from this project. Ask a co-lead if you want to come back.")
        )
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
    if _is_only_co_lead(membership):
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
    if role != Membership.Role.CO_LEAD and _is_only_co_lead(membership):
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
    _require_open(project)
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
    _require_open(invitation.project)
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


@transaction.atomic
def stages_update(
    *,
    project: Project,
    by: Person,
    names: Mapping[int, str],
    new_name: str = "",
    new_kind: str = "",
    dates: Mapping[int, tuple[date | None, date | None]] | None = None,
) -> list[Stage]:
    """Rename a project's stages, plan their dates, and add one at the end if `new_name` is given."""
    _require_manager(project, by)
    stages = {stage.pk: stage for stage in project.stages.select_for_update()}
    dates = dates or {}
    errors = {}
    for pk in {*names, *dates}:
        if pk not in stages:
            raise ValidationError("That stage belongs to another project.")
    for pk, name in names.items():
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
    for pk, (start, end) in dates.items():
        if start is not None and end is not None and end < start:
            errors[f"end_{pk}"] = _("The planned end must be on or after the planned start.")
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
    for pk, (start, end) in dates.items():
        stage = stages[pk]
        if (stage.planned_start, stage.planned_end) != (start, end):
            stage.planned_start, stage.planned_end = start, end
            stage.save(update_fields=["planned_start", "planned_end"])
            record_event(
                project,
                "project.stage_planned",
                actor=by,
                subject=stage,
                data={
                    "start": start.isoformat() if start else None,
                    "end": end.isoformat() if end else None,
                },
            )
    if new_name.strip():
        kind = new_kind if new_kind in Stage.Kind.values else Stage.Kind.OTHER
        order = max((s.order for s in stages.values()), default=-1) + 1
        stage = Stage.objects.create(project=project, name=new_name.strip(), kind=kind, order=order)
        record_event(
            project, "project.stage_added", actor=by, subject=stage, data={"stage": stage.name}
        )
    return list(project.stages.all())


MAX_REASON_CHARS = 1000


def _require_open(project: Project) -> None:
    if project.is_closed:
        raise ValidationError(_("This project is closed. A co-lead can open it again."))


@transaction.atomic
def membership_remove(*, membership: Membership, by: Person, reason: str) -> Membership:
    """A co-lead removes a member, saying why. The person is told; the record stays."""
    project = membership.project
    _require_manager(project, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the person knows.")})
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(
            {
                "reason": _("Make the reason %(max)d characters or fewer.")
                % {"max": MAX_REASON_CHARS}
            }
        )
    if membership.person_id == by.pk:
        raise ValidationError(_("To stop being a member yourself, leave the project instead."))
    current = Membership.objects.select_for_update().get(pk=membership.pk)
    if current.left_at is not None:
        raise ValidationError(_("This person is no longer a member."))
    if _is_only_co_lead(current):
        raise ValidationError(_("A project needs at least one co-lead."))
    membership.left_at = timezone.now()
    membership.removed_by, membership.removal_reason = by, reason
    membership.save(update_fields=["left_at", "removed_by", "removal_reason"])
    # The reason is for the person and the co-leads, so it is not in the audit data.
    record_event(project, "membership.removed", actor=by, subject=membership)
    email_person(
        membership.person.email,
        _("You are no longer a member of “%(title)s”") % {"title": project.title},
        "projects/email/removed.txt",
        {"project": project, "membership": membership, "by": by, "reason": reason},
        scope=project,
        about=membership,
    )
    return membership


@transaction.atomic
def project_close(*, project: Project, by: Person, summary: str) -> Project:
    """Close a finished project with a summary of what it did. Everything stays readable."""
    _require_manager(project, by)
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": _("Say what the project did and what happens next.")})
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_open(project)
    project.closed_at, project.closed_by, project.closing_summary = timezone.now(), by, summary
    project.save(update_fields=["closed_at", "closed_by", "closing_summary", "updated_at"])
    for invitation in project.invitations.filter(status=Invitation.Status.PENDING):
        invitation_withdraw(invitation=invitation, by=by)
    for proposal in project.agreement_proposals.filter(status=AgreementProposal.Status.OPEN):
        proposal.status, proposal.closed_at = AgreementProposal.Status.WITHDRAWN, project.closed_at
        proposal.save(update_fields=["status", "closed_at"])
        record_event(project, "agreement.withdrawn", actor=by, subject=proposal)
    record_event(project, "project.closed", actor=by, subject=project)
    link = site_url(reverse("projects:detail", args=[project.pk]))
    members = project.memberships.filter(left_at__isnull=True).exclude(person=by)
    for membership in members.select_related("person"):
        email_person(
            membership.person.email,
            _("“%(title)s” has finished") % {"title": project.title},
            "projects/email/closed.txt",
            {"project": project, "person": membership.person, "by": by, "link": link},
            scope=project,
            about=project,
        )
    return project


@transaction.atomic
def project_reopen(*, project: Project, by: Person) -> Project:
    """Open a closed project again, for example if it was closed by mistake."""
    _require_manager(project, by)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.is_closed:
        return project
    project.closed_at, project.closed_by = None, None
    project.save(update_fields=["closed_at", "closed_by", "updated_at"])
    record_event(project, "project.reopened", actor=by, subject=project)
    return project
