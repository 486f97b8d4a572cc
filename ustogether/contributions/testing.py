"""Small helpers for tests of contributions and decisions: files made in memory."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ustogether.contributions import services
from ustogether.contributions.models import Contribution
from ustogether.core import uploads
from ustogether.core.testing import Cast
from ustogether.core.tests.files import photo_bytes
from ustogether.meetings import services as meeting_services
from ustogether.meetings import services_papers
from ustogether.meetings.models import Meeting
from ustogether.meetings.testing import cast_meeting, in_days
from ustogether.people.models import Person
from ustogether.projects.models import Project


def photo_upload(name: str = "garden.jpg", **kwargs: object) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(**kwargs), content_type="image/jpeg")  # type: ignore[arg-type]


def say(
    project: Project,
    by: Person,
    text: str = "The bus stops too far from the centre.",
    **extra: object,
) -> Contribution:
    return services.contribution_create(
        project=project,
        by=by,
        kind=Contribution.Kind.TEXT,
        text=text,
        **extra,  # type: ignore[arg-type]
    )


def checked_photo() -> uploads.CheckedFile:
    return uploads.check_image(photo_upload())


def held_meeting(cast: Cast, days_ago: int = 3, title: str = "Short breaks: what works") -> Meeting:
    """A meeting of the cast's project held some days ago, with two agenda items."""
    meeting = cast_meeting(cast, title=title)
    services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Booking a break")
    services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Weekend breaks")
    meeting_services.meeting_fix_date(
        meeting=meeting,
        by=cast.lead,
        starts_at=in_days(-days_ago, 11),
        ends_at=in_days(-days_ago, 13),
        now=timezone.now() - dt.timedelta(days=days_ago + 30),
    )
    meeting.refresh_from_db()
    return meeting
