"""Red flag from "You said, we did" after meetings (rule 5, second half): people came to
a meeting, and nothing about it was shared within the organisation's limit (28 days)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ustogether.contributions.models import Response
from ustogether.decisions.models import Decision
from ustogether.meetings.models import Meeting
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RedFlag, quoted_names, rule
from ustogether.quality.thresholds import LIMITS_BY_NAME

# No organisation may ask for an update sooner than this, so younger meetings are never late.
SOONEST_UPDATE = dt.timedelta(days=LIMITS_BY_NAME["update_days"].furthest)


@dataclass(frozen=True, slots=True)
class AfterMeeting:
    title: str
    ended: dt.datetime
    first_shared: dt.datetime | None  # the first answer or decision, whichever came first


def _after_meetings(facts: ProjectFacts) -> dict[int, list[AfterMeeting]]:
    """For each project, its meetings that ended at least a week ago, each with when
    something about it was first shared on "You said, we did": an answer to something
    said there, or a decision made there and shown. One query, the first of each worked
    out in the database."""
    first_answer = (
        Response.objects.filter(contribution__meeting=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    first_decision = (
        Decision.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False)
        .order_by("published_at")
        .values("published_at")[:1]
    )
    rows = (
        Meeting.objects.filter(
            project_id__in=facts.ids,
            status=Meeting.Status.FIXED,
            ends_at__lte=facts.now - SOONEST_UPDATE,
        )
        .annotate(answered=Subquery(first_answer), decided=Subquery(first_decision))
        .order_by("ends_at", "pk")
        .values_list("project_id", "title", "ends_at", "answered", "decided")
    )
    found: dict[int, list[AfterMeeting]] = defaultdict(list)
    for project_id, title, ended, answered, decided in rows:
        assert ended is not None  # filtered above: it ended at least a week ago
        first = min((t for t in (answered, decided) if t is not None), default=None)
        found[project_id].append(AfterMeeting(title, ended, first))
    return found


@rule("no_update_after_meeting", title=gettext_lazy("Nothing shared after a meeting"))
def no_update_after_meeting(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no answer to anything said there, and no decision made there,
    within the limit after it ended (or only later): people were heard and not told."""
    for project in facts.projects:
        days = facts.limits(project).update_days
        limit = dt.timedelta(days=days)
        late = [
            m
            for m in facts.load("after_meetings", _after_meetings).get(project.pk, [])
            if (m.first_shared is None and facts.now - m.ended > limit)
            or (m.first_shared is not None and m.first_shared - m.ended > limit)
        ]
        if late:
            yield RedFlag(
                "no_update_after_meeting",
                AMBER,
                project.pk,
                _("Nothing shared after a meeting"),
                _(
                    "Nothing people said at %(names)s was answered on “You said, we did” "
                    "within %(days)d days, and no decision made there was shared."
                )
                % {"names": quoted_names([m.title for m in late]), "days": days},
                "contributions:list",
                _("Answer what people said at the meeting"),
            )
