"""Reads about projects: lists, and the power-sharing checks members see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ustogether.people.models import Person
from ustogether.projects.models import (
    AgreementVersion,
    Invitation,
    Membership,
    Perspective,
    Project,
    Stage,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def public_projects() -> QuerySet[Project]:
    return (
        Project.objects.filter(visibility=Project.Visibility.PUBLIC)
        .select_related("organisation", "current_stage")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("title")
    )


def projects_for_person(person: Person) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person, left_at__isnull=True)
        .select_related("project__organisation", "project__current_stage")
        .order_by("project__title")
    )


def active_members(project: Project) -> QuerySet[Membership]:
    return project.memberships.filter(left_at__isnull=True).select_related("person", "stage_joined")


def current_agreement(project: Project) -> AgreementVersion | None:
    return project.agreement_versions.order_by("-number").first()


PERSPECTIVE_NOUNS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    Perspective.LIVED_EXPERIENCE: (
        gettext_lazy("person with lived experience"),
        gettext_lazy("people with lived experience"),
    ),
    Perspective.CARER: (gettext_lazy("carer"), gettext_lazy("carers")),
    Perspective.PROFESSIONAL: (gettext_lazy("professional"), gettext_lazy("professionals")),
    Perspective.COMMISSIONER: (gettext_lazy("commissioner"), gettext_lazy("commissioners")),
    Perspective.RESEARCHER: (gettext_lazy("researcher"), gettext_lazy("researchers")),
    Perspective.OTHER: (
        gettext_lazy("person with another view"),
        gettext_lazy("people with another view"),
    ),
}


@dataclass(frozen=True)
class Flag:
    """Something about how power is shared that members should see plainly."""

    code: str
    title: str
    detail: str


def _stage_order(stage: Stage | None) -> int | None:
    return None if stage is None else stage.order


def power_sharing_flags(project: Project) -> list[Flag]:
    memberships = list(project.memberships.select_related("stage_joined"))
    active = [m for m in memberships if m.left_at is None]
    flags: list[Flag] = []

    for need in project.needed_perspectives.all():
        have = sum(1 for m in active if m.perspective == need.perspective)
        if have < need.count:
            singular, plural = PERSPECTIVE_NOUNS[need.perspective]
            noun = str(singular if need.count == 1 else plural)
            joined = (
                _("Nobody has joined yet.")
                if have == 0
                else ngettext("%(have)d has joined so far.", "%(have)d have joined so far.", have)
                % {"have": have}
            )
            flags.append(
                Flag(
                    code=f"missing_{need.perspective}",
                    title=_("Missing: %(label)s") % {"label": str(plural)},
                    detail=_("The project needs %(need)d %(noun)s.")
                    % {"need": need.count, "noun": noun}
                    + " "
                    + joined,
                )
            )

    if not any(
        m.role == Membership.Role.CO_LEAD and m.perspective == Perspective.LIVED_EXPERIENCE
        for m in active
    ):
        flags.append(
            Flag(
                code="no_lived_experience_co_lead",
                title=_("No co-lead with lived experience"),
                detail=_(
                    "Nobody with lived experience is a co-lead. Co-production means sharing "
                    "the lead. Ask a member with lived experience to be a co-lead."
                ),
            )
        )

    design = project.stages.filter(kind=Stage.Kind.DESIGN).order_by("order").first()
    current = _stage_order(project.current_stage)
    if design is not None and current is not None and current >= design.order:
        lived = [m for m in memberships if m.perspective == Perspective.LIVED_EXPERIENCE]
        joined_orders = [_stage_order(m.stage_joined) for m in lived]
        earliest = min((o for o in joined_orders if o is not None), default=None)
        if not lived or earliest is None or earliest >= design.order:
            flags.append(
                Flag(
                    code="lived_experience_joined_late",
                    title=_("People with lived experience joined late"),
                    detail=_(
                        "The project reached “%(stage)s” before anyone with lived "
                        "experience joined. Involve people from the start."
                    )
                    % {"stage": design.name},
                )
            )
    return flags


def joined_late(membership: Membership, first_stage: Stage | None) -> bool:
    return (
        first_stage is not None
        and membership.stage_joined is not None
        and membership.stage_joined.order > first_stage.order
    )


EVENT_LABELS = {
    "project.created": gettext_lazy("Started the project"),
    "project.updated": gettext_lazy("Changed the project"),
    "project.stage_changed": gettext_lazy("Moved the project to a new stage"),
    "project.stage_renamed": gettext_lazy("Renamed a stage"),
    "project.stage_added": gettext_lazy("Added a stage"),
    "membership.joined": gettext_lazy("Joined the project"),
    "membership.left": gettext_lazy("Left the project"),
    "membership.role_changed": gettext_lazy("Changed someone's role"),
    "invitation.sent": gettext_lazy("Sent an invitation"),
    "invitation.accepted": gettext_lazy("Accepted an invitation"),
    "invitation.declined": gettext_lazy("Said no to an invitation"),
    "invitation.withdrawn": gettext_lazy("Withdrew an invitation"),
    "agreement.changed": gettext_lazy("Changed the project agreement"),
    "agreement.signed": gettext_lazy("Signed the project agreement"),
}


def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb))


def failed_invitation_emails(invitations: list[Invitation]) -> dict[int, str]:
    """For each invitation whose latest email could not be sent: what went wrong.

    A failure counts only if it came after the invitation was last sent."""
    from django.contrib.contenttypes.models import ContentType

    from ustogether.core.models import AuditEvent

    if not invitations:
        return {}
    sent = {inv.pk: inv.sent_at for inv in invitations}
    events = AuditEvent.objects.filter(
        verb="email.failed",
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id__in=list(sent),
    ).order_by("created_at")
    return {
        e.subject_id: str(e.data.get("error", ""))
        for e in events
        if e.subject_id is not None and e.created_at >= sent[e.subject_id]
    }
