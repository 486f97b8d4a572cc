"""Red flag from "You said, we did" after meetings (rule 5, second half): people came to
a meeting, and nothing about it was shared within the organisation's limit (28 days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
)
from django.db.models.lookups import LessThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ustogether.meetings.models import Meeting
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RedFlag, rule
from ustogether.quality.rules.meetings import ALL, AnyOf, _names, found_by_project, per_project
from ustogether.quality.thresholds import LIMITS_BY_NAME

# No organisation may ask for an update sooner than this, so younger meetings are never late.
SOONEST_UPDATE = dt.timedelta(days=LIMITS_BY_NAME["update_days"].furthest)


def late_update_meetings(facts: ProjectFacts) -> QuerySet[Meeting]:
    """Meetings that ended at least a week ago about which nothing was shared on "You
    said, we did" within the limit after they ended: the first answer to something
    said there, or the first decision made there and shown, came later than that, or
    nothing came and the limit has passed. Worked out in the database (the first of
    each is a Min over a join), so no meeting is read here one by one."""
    limit = per_project(facts, lambda t: dt.timedelta(days=t.update_days), DurationField())
    due = ExpressionWrapper(F("ends_at") + limit, output_field=DateTimeField())
    return (
        Meeting.objects.filter(
            AnyOf("project_id", facts.ids),
            status=Meeting.Status.FIXED,
            ends_at__lte=facts.now - SOONEST_UPDATE,
        )
        .annotate(
            answered=Min("contributions__responses__created_at"),
            decided=Min("decisions__published_at"),
        )
        # The first of the two is later than the limit: each one there is, is later;
        # and if there is neither, the limit has passed.
        .filter(
            Q(answered__isnull=True) | Q(answered__gt=due),
            Q(decided__isnull=True) | Q(decided__gt=due),
            Q(answered__isnull=False) | Q(decided__isnull=False) | Q(LessThan(due, facts.now)),
        )
    )


@rule("no_update_after_meeting", title=gettext_lazy("Nothing shared after a meeting"))
def no_update_after_meeting(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no answer to anything said there, and no decision made there,
    within the limit after it ended (or only later): people were heard and not told."""
    found = found_by_project(late_update_meetings(facts), order_by=("ends_at", "id"))[ALL]
    for project in facts.projects:
        days = facts.limits(project).update_days
        late = found.get(project.pk)
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
                % {"names": _names(late), "days": days},
                "contributions:list",
                _("Answer what people said at the meeting"),
            )
