"""Reads about projects: lists, and the power-sharing checks members see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ustogether.people.models import Person
from ustogether.projects.models import (
    AgreementVersion,
    Membership,
    Perspective,
    Project,
    Stage,
)


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
    labels = dict(Perspective.choices)

    for need in project.needed_perspectives.all():
        have = sum(1 for m in active if m.perspective == need.perspective)
        if have < need.count:
            label = str(labels[need.perspective]).lower()
            flags.append(
                Flag(
                    code=f"missing_{need.perspective}",
                    title=_("Missing: %(label)s") % {"label": label},
                    detail=ngettext(
                        "The project needs %(need)d person with %(label)s. %(have)d has joined.",
                        "The project needs %(need)d people with %(label)s. %(have)d have joined.",
                        need.count,
                    )
                    % {"need": need.count, "label": label, "have": have},
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
