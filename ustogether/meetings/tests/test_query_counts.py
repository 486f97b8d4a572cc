"""Query budgets: the meeting page, the poll page and the list cost the same as people,
answers, papers and needs grow."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import add_member, make_cast, make_person
from ustogether.meetings import services, services_papers
from ustogether.meetings.models import Meeting
from ustogether.meetings.testing import cast_meeting, make_poll, make_venue
from ustogether.people.services import person_save_needs
from ustogether.plainlanguage import easyread
from ustogether.projects.models import Perspective

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(meeting: Meeting, lead, n: int) -> None:
    """Add n people to the project and the meeting, each with needs, answers and a paper."""
    poll = meeting.poll
    times = list(poll.times.all())
    people = []
    for i in range(n):
        person = make_person()
        add_member(
            meeting.project,
            person,
            perspective=Perspective.CARER if i % 2 else Perspective.LIVED_EXPERIENCE,
        )
        person_save_needs(
            person=person,
            by=person,
            consent=True,
            access_features=["step_free", "hearing_loop"][: 1 + i % 2],
            communication_formats=["easy_read"],
        )
        people.append(person)
    services.invitees_add(meeting=meeting, by=lead, people=people)
    for i, person in enumerate(people):
        services.poll_answer(
            poll=poll,
            person=person,
            answers={
                t.pk: (["yes", "no", "if_need_be"][(i + j) % 3], f"note {i}")
                for j, t in enumerate(times)
            },
        )
    paper = services_papers.paper_add(
        meeting=meeting,
        by=lead,
        title=f"Paper {n}",
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
    )
    # Each paper with an Easy Read version, and one without, as the list grows.
    easyread.easy_read_write(subject=paper, by=lead, title=f"Paper {n}", text="We meet.")
    services_papers.paper_add(
        meeting=meeting,
        by=lead,
        title=f"Paper {n} notes",
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
    )
    services_papers.agenda_item_add(meeting=meeting, by=lead, title=f"Item {n}")


@pytest.mark.parametrize("viewer", ["lead", "carer"])
def test_meeting_and_poll_pages_cost_the_same_for_many_people(viewer: str) -> None:
    cast = make_cast()
    venue = make_venue(cast.organisation, cast.lead, features=["step_free"])
    meeting = cast_meeting(cast, venue=venue)
    make_poll(meeting, cast.lead)
    client = Client()
    client.force_login(getattr(cast, viewer))
    pages = [
        reverse("meetings:detail", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:poll", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:list", args=[cast.project.pk]),
    ]
    _grow(meeting, cast.lead, 2)
    few = [_count(client, page) for page in pages]
    _grow(meeting, cast.lead, 12)
    many = [_count(client, page) for page in pages]
    assert many == few
    # The meeting page, the poll page, the list. A co-lead sees what people need (the
    # meeting page); a member's right to organise is looked up (one query more).
    assert few == {"lead": [12, 7, 4], "carer": [11, 8, 5]}[viewer]


def test_fix_date_needs_and_papers_pages_cost_the_same_for_many_people() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast, venue=make_venue(cast.organisation, cast.lead))
    make_poll(meeting, cast.lead)
    client = Client()
    client.force_login(cast.lead)
    pages = [
        reverse("meetings:fix_date", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:needs", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:attendance", args=[cast.project.pk, meeting.pk]),
        reverse("meetings:papers", args=[cast.project.pk, meeting.pk]),
    ]
    _grow(meeting, cast.lead, 2)
    few = [_count(client, page) for page in pages]
    _grow(meeting, cast.lead, 10)
    assert [_count(client, page) for page in pages] == few
