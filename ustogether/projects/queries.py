"""Reads about projects: lists, and the power-sharing checks members see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ustogether.core.prepared import Prepared
from ustogether.people.models import Person
from ustogether.projects.clauses import find_power_clauses
from ustogether.projects.models import (
    AGREEMENT_SECTIONS,
    AgreementProposal,
    AgreementSignature,
    AgreementVersion,
    Invitation,
    Membership,
    NeededPerspective,
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


@dataclass(frozen=True)
class Waiting:
    """What waits for a person: agreements to sign, proposals to answer, invitations."""

    to_sign: list[AgreementVersion]
    to_answer: list[AgreementProposal]
    invitations: list[Invitation]

    def __bool__(self) -> bool:
        return bool(self.to_sign or self.to_answer or self.invitations)


def waiting_for(person: Person) -> Waiting:
    """Three queries, however many projects the person is in."""
    mine = Membership.objects.filter(person=person, left_at__isnull=True)
    latest = (
        AgreementVersion.objects.filter(project=OuterRef("project"))
        .order_by("-number")
        .values("number")[:1]
    )
    to_sign = (
        AgreementVersion.objects.filter(
            project__in=mine.values("project"), project__closed_at__isnull=True
        )
        .filter(number=Subquery(latest))
        .exclude(signatures__person=person)
        .select_related("project")
        .order_by("project__title")
    )
    to_answer = (
        AgreementProposal.objects.filter(
            status=AgreementProposal.Status.OPEN,
            project__in=mine.exclude(role=Membership.Role.OBSERVER).values("project"),
        )
        .exclude(answers__person=person)
        .select_related("project", "proposed_by")
        .order_by("created_at")
    )
    emails = EmailAddress.objects.filter(user=person, verified=True).values("email")
    invitations = (
        Invitation.objects.filter(status=Invitation.Status.PENDING, email__in=emails)
        .select_related("project", "invited_by")
        .order_by("-created_at")
    )
    return Waiting(list(to_sign), list(to_answer), list(invitations))


def active_members(project: Project) -> QuerySet[Membership]:
    return project.memberships.filter(left_at__isnull=True).select_related("person", "stage_joined")


@dataclass(frozen=True)
class ProjectPeople:
    """A project's stages, everyone who has ever been a member, and the perspectives
    it needs: what the power-sharing check and the members' pages read, loaded once."""

    stages: list[Stage]
    memberships: list[Membership]  # in the order people joined, those who left too
    needed: list[NeededPerspective]

    @property
    def active(self) -> list[Membership]:
        return [m for m in self.memberships if m.left_at is None]

    @property
    def first_stage(self) -> Stage | None:
        return self.stages[0] if self.stages else None


# The reads below run on the project pages people open most: their SQL is built
# once per process (core.prepared), not again for every page.
_STAGES = Prepared(lambda project_id: Stage.objects.filter(project_id=project_id).order_by("order"))
_MEMBERSHIPS = Prepared(
    lambda project_id: Membership.objects.filter(project_id=project_id).order_by("joined_at", "id")
)
_MEMBERSHIPS_WITH_PERSON = Prepared(
    # Each member's name, and nothing else of their account: not their password
    # hash, phone or address, which no page that lists members shows (and fewer
    # columns are quicker to ask for).
    lambda project_id: (
        Membership.objects.filter(project_id=project_id)
        .order_by("joined_at", "id")
        .select_related("person")
        .only(
            *(field.name for field in Membership._meta.concrete_fields),
            "person__preferred_name",
            "person__full_name",
            "person__email",
        )
    )
)
_NEEDED = Prepared(
    lambda project_id: NeededPerspective.objects.filter(project_id=project_id).order_by("id")
)
_MEMBER_COUNT = Prepared(
    lambda project_id: (
        Membership.objects.filter(project_id=project_id, left_at__isnull=True)
        .values("project_id")
        .annotate(count=Count("id"))
        .values_list("count")
        .order_by()
    )
)
_AGREEMENT = Prepared(
    lambda project_id: AgreementVersion.objects.filter(project_id=project_id).order_by("-number")[
        :1
    ]
)
_AGREEMENT_SIGNED_BY = Prepared(
    lambda project_id, person_id: (
        AgreementVersion.objects.filter(project_id=project_id)
        .annotate(
            viewer_signed=Exists(
                AgreementSignature.objects.filter(version=OuterRef("pk"), person_id=person_id)
            )
        )
        .order_by("-number")[:1]
    )
)


def project_stages(project: Project) -> list[Stage]:
    """The project's stages, in order (one query)."""
    stages = _STAGES.objects(project_id=project.pk)
    for stage in stages:
        stage.project = project  # as project.stages.all() would: no query to find it
    return stages


def member_count(project: Project) -> int:
    """How many people are members now (one query)."""
    rows = _MEMBER_COUNT.rows(project_id=project.pk)
    return rows[0][0] if rows else 0


def project_people(project: Project, *, with_person: bool = False) -> ProjectPeople:
    """Three queries, however many members. `with_person` loads each member's name too."""
    stages = project_stages(project)
    query = _MEMBERSHIPS_WITH_PERSON if with_person else _MEMBERSHIPS
    members = query.objects(project_id=project.pk)
    # Each member's stage comes from the stages already loaded, not from a join.
    stage_by_id = {stage.pk: stage for stage in stages}
    for membership in members:
        membership.project = project
        if membership.stage_joined_id is not None:
            membership.stage_joined = stage_by_id.get(membership.stage_joined_id)
    needed = _NEEDED.objects(project_id=project.pk)
    for need in needed:
        need.project = project
    return ProjectPeople(stages=stages, memberships=members, needed=needed)


def current_agreement(
    project: Project, *, signed_by: Person | None = None
) -> AgreementVersion | None:
    """The agreement in force. With `signed_by`, it carries `viewer_signed`: whether
    that person has signed it (asked in the same query)."""
    found: list[AgreementVersion]
    if signed_by is None:
        found = _AGREEMENT.objects(project_id=project.pk)
    else:
        found = list(_AGREEMENT_SIGNED_BY.objects(project_id=project.pk, person_id=signed_by.pk))
    if not found:
        return None
    found[0].project = project
    return found[0]


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


_NOT_LOADED = object()


def power_sharing_flags(
    project: Project,
    people: ProjectPeople | None = None,
    *,
    agreement: AgreementVersion | object | None = _NOT_LOADED,
) -> list[Flag]:
    """The flags, from `people` and `agreement` if the page has loaded them already."""
    if people is None:
        people = project_people(project)
    if agreement is _NOT_LOADED:
        agreement = current_agreement(project)
    memberships = people.memberships
    active = people.active
    flags: list[Flag] = []

    for need in people.needed:
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

    design = next((stage for stage in people.stages if stage.kind == Stage.Kind.DESIGN), None)
    # From the stages loaded already, not project.current_stage (a query of its own).
    current = next(
        (stage.order for stage in people.stages if stage.pk == project.current_stage_id), None
    )
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
                        "The project was at “%(stage)s” before anyone with lived "
                        "experience joined. Bring people in from the start."
                    )
                    % {"stage": design.name},
                )
            )
    assert agreement is None or isinstance(agreement, AgreementVersion)
    flags.extend(agreement_flags(agreement))
    return flags


def agreement_flags(agreement: AgreementVersion | None) -> list[Flag]:
    """A clause in the agreement that gives one side the final say or a veto."""
    if agreement is None:
        return []
    flags = []
    for name in AGREEMENT_SECTIONS:
        for clause in find_power_clauses(getattr(agreement, name)):
            title = (
                _("The agreement gives one side a veto")
                if clause.kind == "veto"
                else _("The agreement gives one side the final say")
            )
            flags.append(
                Flag(
                    code=f"agreement_{clause.kind}",
                    title=title,
                    detail=_(
                        "The agreement says: “%(sentence)s” In co-production, people decide "
                        "as equals. Talk about this together, and propose a change if you want one."
                    )
                    % {"sentence": clause.sentence},
                )
            )
    return flags


def joined_late(membership: Membership, first_stage: Stage | None) -> bool:
    return (
        first_stage is not None
        and membership.stage_joined is not None
        and membership.stage_joined.order > first_stage.order
    )


# Events only co-leads see on "What has happened": who was invited, who said no,
# and email that could not be sent (it names the address).
CO_LEAD_ONLY_EVENTS = (
    "invitation.sent",
    "invitation.sent_again",
    "invitation.declined",
    "invitation.withdrawn",
    "email.failed",
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
    "membership.removed": gettext_lazy("Removed someone from the project"),
    "project.closed": gettext_lazy("Closed the project"),
    "project.reopened": gettext_lazy("Opened the project again"),
    "project.stage_planned": gettext_lazy("Planned the dates of a stage"),
    "invitation.sent": gettext_lazy("Sent an invitation"),
    "invitation.accepted": gettext_lazy("Accepted an invitation"),
    "invitation.declined": gettext_lazy("Said no to an invitation"),
    "invitation.withdrawn": gettext_lazy("Withdrew an invitation"),
    "invitation.sent_again": gettext_lazy("Sent an invitation again"),
    "email.failed": gettext_lazy("An email could not be sent"),
    "agreement.proposed": gettext_lazy("Proposed a change to the agreement"),
    "agreement.answered": gettext_lazy("Answered a proposed change to the agreement"),
    "agreement.commented": gettext_lazy("Commented on a proposed change to the agreement"),
    "agreement.withdrawn": gettext_lazy("Withdrew a proposed change to the agreement"),
    "agreement.out_of_date": gettext_lazy("A proposed change went out of date"),
    "agreement.changed": gettext_lazy("The members agreed a new version of the agreement"),
    "agreement.signed": gettext_lazy("Signed the project agreement"),
    "glossary.suggested": gettext_lazy("Suggested a word for the glossary"),
    "glossary.asked": gettext_lazy("Asked what a word means"),
    "glossary.accepted": gettext_lazy("Added a word to the glossary"),
    "glossary.answered": gettext_lazy("Answered what a word means"),
    "glossary.turned_down": gettext_lazy("Said why a word was not added to the glossary"),
    "easy_read.created": gettext_lazy("Wrote an Easy Read version"),
    "easy_read.written": gettext_lazy("Changed the Easy Read version"),
    "easy_read.picture_chosen": gettext_lazy("Chose a picture for the Easy Read version"),
    "easy_read.picture_uploaded": gettext_lazy("Uploaded a picture for the Easy Read version"),
    "meeting.created": gettext_lazy("Planned a meeting"),
    "meeting.updated": gettext_lazy("Changed a meeting"),
    "meeting.date_fixed": gettext_lazy("Fixed the date of a meeting"),
    "meeting.date_moved": gettext_lazy("Moved the date of a meeting"),
    "meeting.cancelled": gettext_lazy("Cancelled a meeting"),
    "meeting.notes_written": gettext_lazy("Wrote the notes of a meeting"),
    "meeting.notes_changed": gettext_lazy("Changed the notes of a meeting"),
    "meeting.invited": gettext_lazy("Invited people to a meeting"),
    "meeting.way_chosen": gettext_lazy("Said how they will take part in a meeting"),
    "meeting.attendance_recorded": gettext_lazy("Wrote down who took part in a meeting"),
    "meeting.need_arranged": gettext_lazy("Arranged for a need at a meeting"),
    "meeting.paper_added": gettext_lazy("Added a paper for a meeting"),
    "meeting.papers_sent": gettext_lazy("Sent the papers for a meeting"),
    "meeting.easy_read_sent": gettext_lazy("Told people an Easy Read paper is ready"),
    "meeting.paper_withdrawn": gettext_lazy("Took a paper off a meeting page"),
    "meeting.agenda_added": gettext_lazy("Added to the agenda of a meeting"),
    "meeting.agenda_removed": gettext_lazy("Took an item off the agenda of a meeting"),
    "meeting.told_by_hand": gettext_lazy("Sent a letter or made a call about a meeting"),
    "poll.opened": gettext_lazy("Asked which times suit people"),
    "poll.reopened": gettext_lazy("Added times to a date poll"),
    "poll.answered": gettext_lazy("Said which times suit them"),
    "poll.closed": gettext_lazy("Closed a date poll"),
    "poll.time_withdrawn": gettext_lazy("Took a time off a date poll"),
    "venue.created": gettext_lazy("Added a venue"),
    "venue.updated": gettext_lazy("Changed a venue"),
    "venue.archived": gettext_lazy("Put a venue away"),
    "venue.photo_added": gettext_lazy("Added a photo of a venue"),
    "calendar_feed.reset": gettext_lazy("Got a new calendar address"),
    "quality.check_opened": gettext_lazy("Asked members how an activity went"),
    # No name is shown: the log says that someone answered, never who.
    "quality.check_answered": gettext_lazy("Someone answered how an activity went"),
    "quality.check_closed": gettext_lazy("Stopped taking answers about an activity"),
    "quality.statement_added": gettext_lazy("Added a question to the checklist"),
    "quality.statement_retired": gettext_lazy("Stopped asking a question of the checklist"),
    "quality.policy_changed": gettext_lazy("Made the red flags stricter"),
    "quality.scorecard_published": gettext_lazy("Published the scorecard"),
    "access.refused": gettext_lazy("Was told no when they tried to open a page"),
    "sensitive.viewed": gettext_lazy("Looked at private details"),
    "audit.redacted": gettext_lazy("A name was taken out of the history"),
}


def register_event_labels(labels: dict[str, Any]) -> None:
    """Apps above projects name their own events here, from an `event_labels` module
    that projects' AppConfig.ready() finds in every app (like the admin's autodiscovery)."""
    EVENT_LABELS.update(labels)


def event_label(verb: str) -> str:
    return str(EVENT_LABELS.get(verb, verb))


def failed_invitation_emails(invitations: list[Invitation]) -> dict[int, str]:
    """For each invitation whose latest email could not be sent: what went wrong."""
    from ustogether.core.audit import failed_emails

    return failed_emails(invitations, sent_at="sent_at")
