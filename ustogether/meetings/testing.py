"""Small helpers for tests of meetings (and of the apps that link to them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from ustogether.core.testing import Cast
from ustogether.people.models import Organisation, Person
from ustogether.projects.models import Project

from . import services
from .models import DatePoll, Meeting, Venue


def make_venue(
    organisation: Organisation, by: Person, *, features: Sequence[str] = (), name: str = ""
) -> Venue:
    return services.venue_create(
        organisation=organisation,
        by=by,
        name=name or "Riverside Community Centre",
        address="1 River Street, Riverside",
        postcode="RV1 2AB",
        features=features,
    )


def make_meeting(project: Project, by: Person, **fields: object) -> Meeting:
    fields.setdefault("title", "Short breaks: what works")
    fields.setdefault("purpose", "Hear what makes a short break work for carers.")
    fields.setdefault("can_change", "Which breaks we offer, and how people book them.")
    return services.meeting_create(project=project, by=by, **fields)  # type: ignore[arg-type]


def in_days(days: int, hour: int = 11, minute: int = 0) -> dt.datetime:
    """A time `days` from now at `hour`:`minute` London time, in UTC."""
    local = timezone.localtime() + dt.timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(dt.UTC)


def make_poll(meeting: Meeting, by: Person, days: Sequence[int] = (20, 21, 22)) -> DatePoll:
    return services.poll_open(
        meeting=meeting,
        by=by,
        times=[(in_days(d, 10, 30), in_days(d, 14, 30)) for d in days],
    )


def cast_meeting(cast: Cast, **fields: object) -> Meeting:
    """A meeting of the cast's project, organised by its lead, every member invited."""
    return make_meeting(cast.project, cast.lead, **fields)
