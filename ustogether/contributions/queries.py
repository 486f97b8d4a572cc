"""Reads about contributions: who sees which, the project's figures, the public page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Now

from ustogether.contributions.models import Contribution, ContributionQuerySet, Response
from ustogether.core.prepared import Prepared
from ustogether.meetings.models import AgendaItem, Meeting
from ustogether.people.models import Person
from ustogether.projects.access import ProjectAccess
from ustogether.projects.models import Project


def visible_to(access: ProjectAccess) -> ContributionQuerySet:
    """The contributions of a project this person may see (rules.can_see, as a query)."""
    project = access.project
    base: ContributionQuerySet = Contribution.objects.filter(project=project)
    own = Q()
    if access.person is not None:
        own = Q(author=access.person) | Q(recorded_by=access.person)
    if access.can_manage:
        return base
    if access.can_see_members_area:
        return base.filter(Q(hidden_at__isnull=True) | own) if own else base.shown()
    shared = Q(hidden_at__isnull=True, sharing=Contribution.Sharing.PUBLIC)
    if not project.is_public:
        return base.filter(own) if own else base.none()
    return base.filter(shared | own) if own else base.filter(shared)


def for_list(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    # The author's name is shown; who recorded it is compared by id only.
    return queryset.select_related("author")


@dataclass(frozen=True)
class Figures:
    total: int
    answered: int
    waiting: int
    overdue: int
    hidden: int

    @property
    def answered_share(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


# Counts by state (a few rows); the sums are made in figures(). Building the SQL
# for five filtered counts cost more than running it, on every co-lead's project
# page: it is built once per process (core.prepared). "Late" is against the
# database's clock (Now()), so the SQL stays the same from one page to the next.
_FIGURES = Prepared(
    lambda project_id: (
        Contribution.objects.filter(project_id=project_id)
        .values_list("state")
        .annotate(
            shown=Count("pk", filter=Q(hidden_at__isnull=True)),
            overdue=Count("pk", filter=Q(hidden_at__isnull=True, due_at__lt=Now())),
            hidden=Count("hidden_at"),  # counts the rows where it is set
        )
        .order_by()
    )
)


def figures(project: Project) -> Figures:
    """The project's honest counts, in one query."""
    rows = _FIGURES.rows(project_id=project.pk)
    total = answered = waiting = overdue = hidden = 0
    for state, shown_count, overdue_count, hidden_count in rows:
        total += shown_count
        hidden += hidden_count
        if state == Contribution.State.ANSWERED:
            answered += shown_count
        elif state in Contribution.WAITING_STATES:
            waiting += shown_count
            overdue += overdue_count
    return Figures(total=total, answered=answered, waiting=waiting, overdue=overdue, hidden=hidden)


def with_responses(queryset: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Each contribution with its answers and the decisions it informed (three queries in all)."""
    from ustogether.decisions.models import Decision  # decisions sits above contributions

    return queryset.prefetch_related(
        Prefetch("responses", queryset=Response.objects.order_by("created_at", "id")),
        Prefetch(
            "decisions",
            queryset=Decision.objects.filter(published_at__isnull=False).only(
                "pk", "title", "project_id", "status"
            ),
        ),
    )


# How many contributions page_answers() asks about in one query: a page of them.
ANSWERS_BATCH = 25
_SLOTS = [f"c{n:02}" for n in range(ANSWERS_BATCH)]


def _answers_query(**ids: int) -> QuerySet[Response]:
    return Response.objects.filter(contribution_id__in=list(ids.values())).order_by(
        "contribution_id", "created_at", "id"
    )


def _decisions_query(**ids: int) -> QuerySet[Any]:
    from ustogether.decisions.models import DecisionContribution  # decisions sits above us

    # Each link with the decision's few columns shown, in the decisions' own order.
    return (
        DecisionContribution.objects.filter(
            contribution_id__in=list(ids.values()), decision__published_at__isnull=False
        )
        .select_related("decision")
        .only(
            "contribution_id",
            "decision__id",
            "decision__title",
            "decision__project_id",
            "decision__status",
        )
        .order_by("-decision__decided_on", "-decision__id")
    )


_ANSWERS = Prepared(_answers_query)
_DECISIONS = Prepared(_decisions_query)


@dataclass(frozen=True)
class PageAnswers:
    responses: dict[int, list[Response]]  # each contribution's answers, oldest first
    decisions: dict[int, list[Any]]  # the published decisions each one informed


def page_answers(contributions: list[Contribution]) -> PageAnswers:
    """The answers to a page of contributions and the decisions they informed: two
    queries for a page (with_responses() does the same for any queryset).

    The ids are asked for in batches of a page, padded with 0 (no contribution's
    id) to a full batch, so the SQL is the same for every page and is built once
    per process (core.prepared)."""
    responses: dict[int, list[Response]] = {c.pk: [] for c in contributions}
    decisions: dict[int, list[Any]] = {c.pk: [] for c in contributions}
    ids = list(responses)
    for start in range(0, len(ids), ANSWERS_BATCH):
        batch = ids[start : start + ANSWERS_BATCH]
        padded = dict(zip(_SLOTS, batch + [0] * (ANSWERS_BATCH - len(batch)), strict=True))
        for response in _ANSWERS.objects(**padded):
            responses[response.contribution_id].append(response)
        for link in _DECISIONS.objects(**padded):
            decisions[link.contribution_id].append(link.decision)
    return PageAnswers(responses=responses, decisions=decisions)


def public_page(access: ProjectAccess) -> QuerySet[Contribution]:
    """What the "You said, we did" page lists: shared publicly, shown, in topic order.

    Members see what is shared with the team too."""
    base = Contribution.objects.filter(project=access.project, hidden_at__isnull=True)
    if not access.can_see_members_area:
        base = base.filter(sharing=Contribution.Sharing.PUBLIC)
    return base


def _page_count_query(project_id: int, *, public_only: bool) -> QuerySet[Any]:
    shown = Contribution.objects.filter(project_id=project_id, hidden_at__isnull=True)
    if public_only:
        shown = shown.filter(sharing=Contribution.Sharing.PUBLIC)
    return shown.values("project_id").annotate(count=Count("id")).values_list("count").order_by()


# How many public_page() lists, for its page numbers: built once per process
# (core.prepared), one query for members and one for everyone else.
_PAGE_COUNT = Prepared(lambda project_id: _page_count_query(project_id, public_only=False))
_PUBLIC_PAGE_COUNT = Prepared(lambda project_id: _page_count_query(project_id, public_only=True))


def public_page_count(access: ProjectAccess) -> int:
    """How many contributions public_page(access) lists (one query)."""
    query = _PAGE_COUNT if access.can_see_members_area else _PUBLIC_PAGE_COUNT
    rows = query.rows(project_id=access.project.pk)
    return rows[0][0] if rows else 0


def mine(person: Person) -> QuerySet[Contribution]:
    """Everything a person said, or recorded for someone else, in every project."""
    return (
        Contribution.objects.filter(Q(author=person) | Q(recorded_by=person))
        .select_related("project", "author", "recorded_by")
        .order_by("-created_at", "-id")
    )


def to_tell(project: Project) -> QuerySet[Response]:
    """Answers someone still has to pass on by post, phone or a supporter."""
    # The list names no one (it links to each contribution), so nothing is joined.
    return Response.objects.filter(contribution__project=project, told_at__isnull=True).order_by(
        "created_at"
    )


# How many meetings the contribute form offers: the most recent, which is where
# things are said and written down after.
MEETINGS_OFFERED = 20


def meetings_to_choose(project: Project) -> list[Meeting]:
    """The project's meetings something can be said at: with a date, not cancelled, the
    most recent first, each with its agenda (two queries)."""
    return list(
        Meeting.objects.filter(project=project, status=Meeting.Status.FIXED)
        .only("pk", "title", "starts_at", "project_id", "status")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.only("pk", "title", "meeting_id"))
        )
        .order_by("-starts_at", "-id")[:MEETINGS_OFFERED]
    )


def said_at(access: ProjectAccess, meeting: Meeting) -> int:
    """How many things people said at a meeting that this person may see on the
    "You said, we did" page (one query)."""
    return public_page(access).filter(meeting=meeting).count()
