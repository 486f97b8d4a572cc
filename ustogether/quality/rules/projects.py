"""Red flags from who is in a project, and when they joined."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy

from ustogether.projects.models import (
    AgreementVersion,
    Invitation,
    Membership,
    Perspective,
    Stage,
)
from ustogether.projects.queries import PERSPECTIVE_NOUNS, agreement_flags
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.lookups import AnyOf
from ustogether.quality.words import _, ngettext

LIVED = Perspective.LIVED_EXPERIENCE
# People who use services or care for someone who does: who "usual suspects" means.
EXPERTS_BY_EXPERIENCE = (Perspective.LIVED_EXPERIENCE, Perspective.CARER)


@rule(
    "lived_experience_joined_late", title=gettext_lazy("People with lived experience joined late")
)
def lived_experience_joined_late(facts: ProjectFacts) -> Iterator[RedFlag]:
    for project in facts.projects:
        design = facts.stage_of_kind(project, Stage.Kind.DESIGN)
        current = facts.current_order(project)
        if design is None or current is None or current < design.order:
            continue
        orders = [
            m.stage_joined.order
            for m in facts.memberships[project.pk]
            if m.perspective == LIVED and m.stage_joined is not None
        ]
        if orders and min(orders) < design.order:
            continue
        if orders:
            joined = next(s for s in facts.stages[project.pk] if s.order == min(orders))
            evidence = _(
                "The first person with lived experience joined at “%(joined)s”. "
                "The “%(design)s” stage had already started."
            ) % {"joined": joined.name, "design": design.name}
        else:
            evidence = _(
                "The project is at “%(design)s” or later, and nobody with lived experience "
                "has joined."
            ) % {"design": design.name}
        yield RedFlag(
            "lived_experience_joined_late",
            RED,
            project.pk,
            _("People with lived experience joined late"),
            evidence,
            "projects:invite",
            _("Invite people with lived experience"),
        )


@rule("no_lived_experience_co_lead", title=gettext_lazy("No co-lead with lived experience"))
def no_lived_experience_co_lead(facts: ProjectFacts) -> Iterator[RedFlag]:
    for project in facts.projects:
        if any(
            m.role == Membership.Role.CO_LEAD and m.perspective == LIVED
            for m in facts.active(project)
        ):
            continue
        yield RedFlag(
            "no_lived_experience_co_lead",
            AMBER,
            project.pk,
            _("No co-lead with lived experience"),
            _("None of the co-leads has lived experience. The lead is not shared."),
            "projects:members",
            _("Ask a member with lived experience to be a co-lead"),
        )


def _invited(facts: ProjectFacts) -> dict[tuple[int, str], int]:
    rows = (
        Invitation.objects.filter(AnyOf("project_id", facts.ids), status=Invitation.Status.PENDING)
        .values("project_id", "perspective")
        .annotate(n=Count("id"))
    )
    return {(r["project_id"], r["perspective"]): r["n"] for r in rows}


@rule("perspective_missing", title=gettext_lazy("A view the project needs is missing"))
def perspective_missing(facts: ProjectFacts) -> Iterator[RedFlag]:
    invited = facts.load("pending_invitations", _invited)
    for project in facts.projects:
        for need in facts.needed[project.pk]:
            have = sum(1 for m in facts.active(project) if m.perspective == need.perspective)
            asked = invited.get((project.pk, need.perspective), 0)
            if have + asked >= need.count:
                continue
            singular, plural = PERSPECTIVE_NOUNS[need.perspective]
            yield RedFlag(
                "perspective_missing",
                RED if have == 0 and asked == 0 else AMBER,
                project.pk,
                _("Missing: %(people)s") % {"people": plural},
                _("The project needs %(need)d. %(have)d have joined.")
                % {"need": need.count, "have": have}
                + " "
                + ngettext("%(asked)d more is invited.", "%(asked)d more are invited.", asked)
                % {"asked": asked},
                "projects:invite",
                _("Invite a %(person)s") % {"person": singular},
            )


def _busy_people(facts: ProjectFacts) -> dict[int, int]:
    """For each expert by experience in these projects: how many open projects they are in."""
    members = Membership.objects.filter(
        AnyOf("project_id", facts.ids), left_at__isnull=True, perspective__in=EXPERTS_BY_EXPERIENCE
    ).values("person_id")
    rows = (
        Membership.objects.filter(
            person_id__in=members, left_at__isnull=True, project__closed_at__isnull=True
        )
        .values("person_id")
        .annotate(n=Count("id"))
    )
    return {r["person_id"]: r["n"] for r in rows}


@rule("usual_suspects", title=gettext_lazy("The same few people on many projects"))
def usual_suspects(facts: ProjectFacts) -> Iterator[RedFlag]:
    busy = facts.load("busy_people", _busy_people)
    for project in facts.projects:
        limit = facts.limits(project).usual_suspects_projects
        count = sum(
            1
            for m in facts.active(project)
            if m.perspective in EXPERTS_BY_EXPERIENCE and busy.get(m.person_id, 0) > limit
        )
        if count == 0:
            continue
        yield RedFlag(
            "usual_suspects",
            AMBER,
            project.pk,
            _("The same few people on many projects"),
            ngettext(
                "%(count)d member who uses services is on more than %(limit)d projects at once.",
                "%(count)d members who use services are on more than %(limit)d projects at once.",
                count,
            )
            % {"count": count, "limit": limit},
            "projects:invite",
            _("Invite people who are new to this"),
        )


def _agreements(facts: ProjectFacts) -> dict[int, AgreementVersion]:
    latest = (
        AgreementVersion.objects.filter(project=OuterRef("project"))
        .order_by("-number")
        .values("number")[:1]
    )
    versions = AgreementVersion.objects.filter(
        AnyOf("project_id", facts.ids), number=Subquery(latest)
    )
    return {v.project_id: v for v in versions}


@rule("one_side_decides", title=gettext_lazy("One side has the final say"))
def one_side_decides(facts: ProjectFacts) -> Iterator[RedFlag]:
    agreements = facts.load("agreements", _agreements)
    for project in facts.projects:
        found = agreement_flags(agreements.get(project.pk))
        seen: set[str] = set()
        for flag in found:
            if flag.code in seen:
                continue
            seen.add(flag.code)
            yield RedFlag(
                "one_side_decides",
                AMBER,
                project.pk,
                flag.title,
                flag.detail,
                "projects:agreement_propose",
                _("Propose a change to the agreement"),
            )


def pending_by_project(facts: ProjectFacts) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for (project_id, _perspective), n in facts.load("pending_invitations", _invited).items():
        counts[project_id] += n
    return counts
