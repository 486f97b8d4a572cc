"""Who gets the meeting pages the first table (test_permissions.py) left out: taking
part, closing a poll, papers, letters, venue photos, a person's own meetings and
calendar feed. In the shared form (core/gates/permission_table.py), so each also
gets the checks on headers, no changes on GET and other projects' objects."""

from __future__ import annotations

import pytest

# The meetings app lands on main beside these rows; until then there is nothing to try.
pytest.importorskip(
    "ustogether.meetings.testing", reason="the meetings app has not landed here yet"
)

from django.core.files.uploadedfile import SimpleUploadedFile

import ustogether.meetings.services as services
import ustogether.meetings.services_papers as services_papers
from ustogether.core.gates.permission_table import (
    ANYONE,
    POST_ONLY,
    READERS,
    SIGNED_IN,
    Case,
    Row,
    cases,
    expect,
    posted,
)
from ustogether.core.testing import Cast
from ustogether.core.tests.files import PDF_BYTES, photo_bytes
from ustogether.meetings.models import Notification, Paper
from ustogether.meetings.testing import cast_meeting, make_poll, make_venue
from ustogether.plainlanguage import easyread

# Organisers: the project's co-leads and the organisation's admins.
ORGANISERS = expect(READERS, observer=403, member=403)
# The organisation's staff see its venues; everyone else finds no such venue.
STAFF = expect(404, anonymous=302, finance=200, lead=200, org_admin=200, neighbour=200)
KEEPERS = expect(STAFF, finance=403)


def _meeting(cast: Cast) -> list[int]:
    return [cast.project.pk, cast_meeting(cast).pk]


def _poll_time(cast: Cast) -> list[int]:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    return [cast.project.pk, meeting.pk, poll.times.order_by("pk")[0].pk]


def _agenda_item(cast: Cast) -> list[int]:
    meeting = cast_meeting(cast)
    item = services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Welcome")
    return [cast.project.pk, meeting.pk, item.pk]


def _paper(cast: Cast) -> list[int]:
    meeting = cast_meeting(cast)
    paper = services_papers.paper_add(
        meeting=meeting,
        by=cast.lead,
        title="Agenda",
        upload=SimpleUploadedFile("agenda.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return [cast.project.pk, meeting.pk, paper.pk]


EASY_READ_POINTS = "What the plan is\n\nWe want to make short breaks better.\n\nWe talk about it."


def _easy_read_paper(cast: Cast) -> list[int]:
    """A paper with an Easy Read version written with the Easy Read tools."""
    args = _paper(cast)
    easyread.easy_read_write(
        subject=Paper.objects.get(pk=args[2]), by=cast.lead, title="Plan", text=EASY_READ_POINTS
    )
    return args


def _easy_read_point(cast: Cast) -> list[int]:
    args = _paper(cast)
    version = easyread.easy_read_write(
        subject=Paper.objects.get(pk=args[2]), by=cast.lead, title="Plan", text=EASY_READ_POINTS
    )
    return [*args, version.active_points()[1].pk]


def _letter(cast: Cast) -> list[int]:
    meeting = cast_meeting(cast)
    letter = Notification.objects.create(
        meeting=meeting,
        person=cast.carer,
        what=Notification.What.INVITED,
        channel=Notification.Channel.POST,
    )
    return [cast.project.pk, meeting.pk, letter.pk]


def _venue(cast: Cast) -> list[object]:
    return [cast.organisation.slug, make_venue(cast.organisation, cast.org_admin).pk]


def _venue_photo(cast: Cast) -> list[object]:
    venue = make_venue(cast.organisation, cast.org_admin)
    photo = services_papers.venue_photo_add(
        venue=venue,
        by=cast.org_admin,
        upload=SimpleUploadedFile("door.jpg", photo_bytes(), content_type="image/jpeg"),
        description="The step-free door.",
    )
    return [cast.organisation.slug, venue.pk, photo.pk]


def _meeting_venue_photo(cast: Cast) -> list[object]:
    venue = make_venue(cast.organisation, cast.org_admin)
    photo = services_papers.venue_photo_add(
        venue=venue,
        by=cast.org_admin,
        upload=SimpleUploadedFile("door.jpg", photo_bytes(), content_type="image/jpeg"),
        description="The step-free door.",
    )
    meeting = cast_meeting(cast, venue=venue)
    return [cast.project.pk, meeting.pk, photo.pk]


def _feed(cast: Cast) -> list[str]:
    return [services.calendar_feed_for(cast.carer).token]


ROWS = [
    Row("meetings:way", args=_meeting, get=POST_ONLY),
    Row("meetings:poll_close", args=_meeting, get=POST_ONLY),
    Row("meetings:poll_withdraw_time", args=_poll_time, get=POST_ONLY),
    Row("meetings:agenda_remove", args=_agenda_item, get=POST_ONLY),
    Row("meetings:papers_send", args=_meeting, get=POST_ONLY),
    Row("meetings:paper_file", args=_paper, get=READERS),
    Row("meetings:paper_withdraw", args=_paper, get=POST_ONLY),
    # A paper's Easy Read version: members read it; those who add papers write it.
    Row("meetings:paper_easy_read", args=_easy_read_paper, get=READERS),
    Row(
        "meetings:paper_easy_read_write",
        args=_paper,
        get=ORGANISERS,
        post=posted(ORGANISERS),
        data={"title": "Plan", "points": EASY_READ_POINTS},
    ),
    Row("meetings:paper_easy_read_pictures", args=_easy_read_paper, get=ORGANISERS),
    Row("meetings:paper_easy_read_choose", args=_easy_read_point, get=ORGANISERS),
    Row("meetings:letter", args=_letter, get=ORGANISERS),
    Row("meetings:letter_done", args=_letter, get=POST_ONLY),
    Row("meetings:venue_photo_for_meeting", args=_meeting_venue_photo, get=READERS),
    Row("meetings:mine", get=SIGNED_IN),
    Row("meetings:feed_reset", get=POST_ONLY, post=posted(SIGNED_IN)),
    # The private calendar feed: its secret address is the key, no signing in.
    Row("meetings:feed", args=_feed, get=ANYONE),
    Row("meetings:venue_archive", args=_venue, get=POST_ONLY),
    Row("meetings:venue_photo", args=_venue_photo, get=STAFF),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_the_other_meeting_pages(case: Case) -> None:
    case.run()
