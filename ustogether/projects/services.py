"""Writes about projects. Each checks permission first, then works, then audits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ustogether.core.audit import record_event
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.access import project_access
from ustogether.projects.models import (
    AgreementSignature,
    AgreementVersion,
    Invitation,
    Membership,
    NeededPerspective,
    Perspective,
    Project,
    Stage,
)

DEFAULT_STAGES: tuple[tuple[str, str], ...] = (
    (Stage.Kind.UNDERSTAND, "Understand the problem"),
    (Stage.Kind.DESIGN, "Design"),
    (Stage.Kind.DELIVER, "Deliver"),
    (Stage.Kind.REVIEW, "Review"),
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
    if project.invitations.filter(email__iexact=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError(
            {"email": _("This person already has an invitation. They can use the link in it.")}
        )
    invitation = Invitation.objects.create(
        project=project,
        email=email,
        role=role,
        perspective=perspective,
        message=message.strip(),
        invited_by=by,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("projects:invitation", args=[invitation.token])
    context = {"invitation": invitation, "project": project, "link": link, "by": by}
    send_mail(
        subject=_("%(name)s invites you to join “%(title)s”")
        % {"name": by.display_name, "title": project.title},
        message=render_to_string("projects/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    record_event(project, "invitation.sent", actor=by, subject=invitation, data={"role": role})
    return invitation


def _answer(invitation: Invitation, person: Person, status: str) -> None:
    # Lock the row, so two clicks on "Yes" cannot both get through.
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or was withdrawn."))
    invitation.status = status
    invitation.answered_at, invitation.answered_by = timezone.now(), person
    invitation.save(update_fields=["status", "answered_at", "answered_by"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: Person, perspective: str) -> Membership:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or was withdrawn."))
    membership = _add_member(invitation.project, person, invitation.role, perspective)
    _answer(invitation, person, Invitation.Status.ACCEPTED)
    record_event(invitation.project, "invitation.accepted", actor=person, subject=membership)
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, person: Person) -> Invitation:
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
    link = settings.SITE_URL.rstrip("/") + reverse("projects:agreement", args=[project.pk])
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
            subject=_("Please read the agreement for “%(title)s”") % {"title": project.title},
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
