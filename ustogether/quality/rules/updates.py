"""Red flag from "You said, we did" after meetings (rule 5, second half): people came to
a meeting, and nothing about it was shared within the organisation's limit (28 days)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.lookups import LessThan
from django.utils.translation import gettext_lazy

from ustogether.contributions.models import Contribution
from ustogether.decisions.models import Decision
from ustogether.meetings.models import TOOK_PART, Invitee, Meeting
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RedFlag, rule
from ustogether.quality.lookups import AnyOf
from ustogether.quality.rules.meetings import (
    ALL,
    Found,
    MeetingRecord,
    _names,
    decisions_of,
    few_meetings,
    found_by_project,
    found_in_python,
    invitees_of,
    per_project,
    records,
)
from ustogether.quality.thresholds import LIMITS_BY_NAME, Thresholds
from ustogether.quality.words import _

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
    said_there = Contribution.objects.filter(meeting=OuterRef("pk"), hidden_at__isnull=True)
    came = Invitee.objects.filter(meeting=OuterRef("pk"), attended__in=TOOK_PART)
    decided_there = Decision.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(
            AnyOf("project_id", facts.ids),
            status=Meeting.Status.FIXED,
            starts_at__isnull=False,
            ends_at__lte=facts.now - SOONEST_UPDATE,
        )
        # Only a meeting the records show people at: someone written down as taking
        # part, something said there, or a decision made there. One with no record at
        # all is the notes rule's to flag.
        .filter(Exists(came) | Exists(said_there) | Exists(decided_there))
        .annotate(
            # An answer to something a moderator hid is not shared with anyone.
            answered=Min(
                "contributions__responses__created_at",
                filter=Q(contributions__hidden_at__isnull=True),
            ),
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


def _answered(facts: ProjectFacts) -> dict[int, list[dt.datetime | None]]:
    """For each meeting where something was said (and not hidden): when each answer
    to it came (None for something not answered). One query."""
    ids = [m.pk for group in records(facts).values() for m in group]
    answered: dict[int, list[dt.datetime | None]] = defaultdict(list)
    for meeting_id, at in Contribution.objects.filter(
        AnyOf("meeting_id", ids), hidden_at__isnull=True
    ).values_list("meeting_id", "responses__created_at"):
        answered[meeting_id].append(at)
    return answered


def update_is_late(
    meeting: MeetingRecord,
    limits: Thresholds,
    *,
    now: dt.datetime,
    took_part: bool,
    answers: Sequence[dt.datetime | None] | None,
    shown: Sequence[dt.datetime | None] | None,
) -> bool:
    """As `late_update_meetings`, for one meeting: whether anyone `took_part`, when
    things said there were answered (None: nothing was said), and when decisions
    made there were shown (None: none was made)."""
    if meeting.ends_at > now - SOONEST_UPDATE or not (took_part or answers or shown):
        return False
    due = meeting.ends_at + dt.timedelta(days=limits.update_days)
    first = [
        min((at for at in times if at is not None), default=None)
        for times in (answers or [], shown or [])
    ]
    if any(at is not None and at <= due for at in first):
        return False
    return any(at is not None for at in first) or due < now


def late_update_found(facts: ProjectFacts) -> dict[int, Found]:
    """Meetings with nothing shared in time, by the day they ended."""
    if few_meetings(facts):
        answered = facts.load("meeting_answers", _answered)
        invitees, decided = invitees_of(facts), decisions_of(facts)
        return found_in_python(
            facts,
            lambda m, limits: update_is_late(
                m,
                limits,
                now=facts.now,
                took_part=any(i.attended in TOOK_PART for i in invitees.get(m.pk, [])),
                answers=answered.get(m.pk),
                shown=decided.shown.get(m.pk),
            ),
            order=lambda m: (m.ends_at, m.pk),
        )
    return found_by_project(late_update_meetings(facts), order_by=("ends_at", "id"))[ALL]


@rule("no_update_after_meeting", title=gettext_lazy("Nothing shared after a meeting"))
def no_update_after_meeting(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no answer to anything said there, and no decision made there,
    within the limit after it ended (or only later): people were heard and not told."""
    found = late_update_found(facts)
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
                    "Nothing was shared on “You said, we did” within %(days)d days of "
                    "%(names)s: no answer to what people said there, and no decision made "
                    "there."
                )
                % {"names": _names(late), "days": days},
                "contributions:list",
                _("Answer what people said at the meeting"),
            )
